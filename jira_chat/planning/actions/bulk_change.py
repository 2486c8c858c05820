"""bulk_change: one change to every issue a JQL query selects, or to a list of keys."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, TypeAdapter, ValidationError, field_validator, model_validator

from jira_chat.planning.actions._base import ActionDeclaration, ActionModel, Strict, issue_key


class BulkChangeSpec(Strict):
    """The change applied to every selected issue: a single-issue write action and its own
    parameters, without `key`."""

    action: str = Field(
        description="A write action that takes a key: transition_issue, assign_issue, "
        "update_issue (labels_add/labels_remove for labels), add_comment, ..."
    )
    parameters: dict[str, Any] = Field(default_factory=dict, description="Without key.")


class BulkChangeParams(Strict):
    jql: str | None = Field(default=None, min_length=1, description="The issues to change.")
    keys: list[str] | None = Field(default=None, description="Or these keys (issues shown).")
    change: BulkChangeSpec

    @field_validator("keys")
    @classmethod
    def _keys(cls, keys: list[str] | None) -> list[str] | None:
        return None if keys is None else [issue_key(key) for key in keys]

    @model_validator(mode="after")
    def _one_selection_and_a_valid_change(self) -> BulkChangeParams:
        if (self.jql is None) == (self.keys is None):
            raise ValueError("bulk_change takes either jql or keys (exactly one)")
        if self.keys is not None and not self.keys:
            raise ValueError("bulk_change needs at least one key")
        single_change_action(self.change, "BULK-1")  # validated as the single action would be
        return self


class BulkChange(ActionModel):
    action: Literal["bulk_change"]
    parameters: BulkChangeParams


# Deleting is confirmed issue by issue, by typing the key: never fifty at once on one "y".
_NOT_IN_BULK = frozenset({"bulk_change", "delete_issue"})


def bulk_change_targets() -> tuple[str, ...]:
    """The actions a bulk change can apply: single-issue writes whose parameters have `key`."""
    from jira_chat.planning import catalog

    return tuple(
        d.name
        for d in catalog.declarations()
        if d.writes and d.name not in _NOT_IN_BULK and "key" in d.parameter_names()
    )


def single_change_action(change: BulkChangeSpec, key: str) -> ActionModel:
    """The single action a bulk change applies to `key` (ValueError when it is not valid)."""
    from jira_chat.planning import catalog

    if change.action not in bulk_change_targets():
        raise ValueError(
            f"a bulk change cannot apply {change.action!r} "
            f"(it can apply: {', '.join(bulk_change_targets())})"
        )
    if "key" in change.parameters:
        raise ValueError("change.parameters must not have a key: the selection gives the keys")
    model = catalog.declaration(change.action).model
    data = {"action": change.action, "parameters": {**change.parameters, "key": key}}
    try:
        single = TypeAdapter(model).validate_python(data)
    except ValidationError as exc:
        from jira_chat.planning.schema import describe_validation_error

        raise ValueError(f"change: {describe_validation_error(exc)}") from None
    assert isinstance(single, ActionModel)  # every bulk target is a write, and writes are models
    return single


DECLARATION = ActionDeclaration(
    model=BulkChange,
    writes=True,
    verb="Changed",
    description="one change to many issues (jql, or keys shown); change={action,parameters}",
    example="close those",
    example_parameters={
        "keys": ["WEB-3", "WEB-7"],
        "change": {"action": "transition_issue", "parameters": {"status": "Done"}},
    },
    rank=210,
)


def fold_into_bulk(actions: list[dict[str, Any]], shown: list[str]) -> list[dict[str, Any]]:
    """ "close those": the same change to every issue last shown is one bulk_change (one
    table, one count, no-ops skipped), not one action per issue. Keys typed one by one
    ("close WEB-5 and WEB-6") stay separate actions."""
    keys = [a.get("parameters", {}).get("key") for a in actions]
    if len(actions) < 2 or keys != list(shown):
        return actions
    name = actions[0]["action"]
    rest = [{k: v for k, v in a["parameters"].items() if k != "key"} for a in actions]
    if name not in bulk_change_targets() or any(a["action"] != name for a in actions):
        return actions
    if any(r != rest[0] for r in rest):
        return actions
    change = {"action": name, "parameters": rest[0]}
    return [{"action": "bulk_change", "parameters": {"keys": keys, "change": change}}]

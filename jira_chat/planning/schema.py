"""The plan: the one public JSON schema shared by Gemini, `--plan` and `apply`.

A plan is a list of actions plus an optional reply. It is defined once here; the model is
asked for it as structured output, `ask --plan` prints it, and `apply` reads it back.
Unknown actions and unknown parameters are rejected with a message that names them.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationError,
    field_validator,
    model_validator,
)

from jira_chat.errors import PlanError

ISSUE_KEY_RE = re.compile(r"^[A-Z][A-Z0-9_]*-[1-9][0-9]*$")

WRITE_ACTIONS = frozenset(
    {"create_issue", "update_issue", "transition_issue", "assign_issue", "add_comment", "bulk_change"}
)
# `"key": "$1"`: the issue that action 1 of the same plan (1-based) created or changed.
RESULT_REF_RE = re.compile(r"^\$([1-9][0-9]*)$")


# Control characters but tab and newline: an escape sequence in a plan could hide part of
# the preview on the terminal while the whole text is written to Jira.
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @field_validator("*", mode="after")
    @classmethod
    def _no_control_characters(cls, value: Any) -> Any:
        texts = value if isinstance(value, list) else [value]
        if any(isinstance(t, str) and _CONTROL_CHARS.search(t) for t in texts):
            raise ValueError("contains control characters (such as terminal escape codes)")
        return value


def _issue_key(value: str) -> str:
    if RESULT_REF_RE.match(value.strip()):
        return value.strip()  # checked against the plan's earlier actions by Plan
    key = value.strip().upper()
    if not ISSUE_KEY_RE.match(key):
        raise ValueError(f"{value!r} is not an issue key like WEB-12")
    return key


class SearchIssuesParams(_Strict):
    jql: str = Field(min_length=1, description="A JQL query, with ORDER BY where useful.")
    limit: int | None = Field(
        default=None, ge=1, le=1000, description="How many issues to show (default 20)."
    )


class GetIssueParams(_Strict):
    key: str = Field(description="Issue key, e.g. WEB-12.")

    _key = field_validator("key")(_issue_key)


class CreateIssueParams(_Strict):
    project: str = Field(min_length=1, description="Project key or name.")
    issue_type: str = Field(min_length=1, description="Issue type name, e.g. Bug or Task.")
    summary: str = Field(min_length=1, max_length=255, pattern=r"^[^\r\n]*$")
    description: str | None = Field(default=None, description="Markdown.")
    priority: str | None = None
    labels: list[str] | None = None
    assignee: str | None = Field(
        default=None, description="'me', 'none', or a user's name, display name or email."
    )


class UpdateIssueParams(_Strict):
    key: str
    summary: str | None = Field(default=None, min_length=1, max_length=255, pattern=r"^[^\r\n]*$")
    description: str | None = Field(default=None, description="Markdown.")
    priority: str | None = None
    labels_add: list[str] | None = None
    labels_remove: list[str] | None = None
    due_date: dt.date | None = Field(default=None, description="YYYY-MM-DD.")

    _key = field_validator("key")(_issue_key)

    @model_validator(mode="after")
    def _changes_something(self) -> UpdateIssueParams:
        fields = ("summary", "description", "priority", "labels_add", "labels_remove", "due_date")
        if all(getattr(self, name) in (None, []) for name in fields):
            raise ValueError("update_issue must change at least one field")
        return self


class TransitionIssueParams(_Strict):
    key: str
    status: str = Field(min_length=1, description="The target status name, not a transition.")
    comment: str | None = None

    _key = field_validator("key")(_issue_key)


class AssignIssueParams(_Strict):
    key: str
    assignee: str = Field(
        min_length=1, description="'me', 'none', or a user's name, display name or email."
    )

    _key = field_validator("key")(_issue_key)


class AddCommentParams(_Strict):
    key: str
    body: str = Field(min_length=1, description="Markdown.")

    _key = field_validator("key")(_issue_key)


class BulkChangeSpec(_Strict):
    """The change applied to every selected issue: a single-issue write action's own
    parameters, without `key`."""

    action: str = Field(description="transition_issue, assign_issue, update_issue or add_comment.")
    parameters: dict[str, Any] = Field(default_factory=dict)


class BulkChangeParams(_Strict):
    jql: str | None = Field(default=None, min_length=1, description="The issues to change.")
    keys: list[str] | None = Field(default=None, description="Or these issue keys.")
    change: BulkChangeSpec

    @field_validator("keys")
    @classmethod
    def _keys(cls, keys: list[str] | None) -> list[str] | None:
        return None if keys is None else [_issue_key(key) for key in keys]

    @model_validator(mode="after")
    def _one_selection_and_a_valid_change(self) -> BulkChangeParams:
        if (self.jql is None) == (self.keys is None):
            raise ValueError("bulk_change takes either jql or keys (exactly one)")
        if self.keys is not None and not self.keys:
            raise ValueError("bulk_change needs at least one key")
        single_change_action(self.change, "BULK-1")  # validated as the single action would be
        return self


def bulk_change_targets() -> tuple[str, ...]:
    """The actions a bulk change can apply: single-issue writes that take a `key`."""
    return tuple(
        name
        for name in ACTION_NAMES
        if name in WRITE_ACTIONS and name != "bulk_change" and "key" in _PARAMS[name].model_fields
    )


def single_change_action(change: BulkChangeSpec, key: str) -> Action:
    """The single action a bulk change applies to `key` (raises ValueError if invalid)."""
    if change.action not in bulk_change_targets():
        raise ValueError(
            f"a bulk change cannot apply {change.action!r} "
            f"(it can apply: {', '.join(bulk_change_targets())})"
        )
    if "key" in change.parameters:
        raise ValueError("change.parameters must not have a key: the selection gives the keys")
    data = {"action": change.action, "parameters": {**change.parameters, "key": key}}
    try:
        return _ACTION_ADAPTER.validate_python(data)
    except ValidationError as exc:
        raise ValueError(f"change: {describe_validation_error(exc)}") from None


class SearchIssues(_Strict):
    action: Literal["search_issues"]
    parameters: SearchIssuesParams


class GetIssue(_Strict):
    action: Literal["get_issue"]
    parameters: GetIssueParams


class CreateIssue(_Strict):
    action: Literal["create_issue"]
    parameters: CreateIssueParams


class UpdateIssue(_Strict):
    action: Literal["update_issue"]
    parameters: UpdateIssueParams


class TransitionIssue(_Strict):
    action: Literal["transition_issue"]
    parameters: TransitionIssueParams


class AssignIssue(_Strict):
    action: Literal["assign_issue"]
    parameters: AssignIssueParams


class AddComment(_Strict):
    action: Literal["add_comment"]
    parameters: AddCommentParams


class BulkChange(_Strict):
    action: Literal["bulk_change"]
    parameters: BulkChangeParams


Action = Annotated[
    SearchIssues
    | GetIssue
    | CreateIssue
    | UpdateIssue
    | TransitionIssue
    | AssignIssue
    | AddComment
    | BulkChange,
    Field(discriminator="action"),
]
_ACTION_ADAPTER: TypeAdapter[Action] = TypeAdapter(Action)
_PARAMS: dict[str, type[BaseModel]] = {
    "search_issues": SearchIssuesParams,
    "get_issue": GetIssueParams,
    "create_issue": CreateIssueParams,
    "update_issue": UpdateIssueParams,
    "transition_issue": TransitionIssueParams,
    "assign_issue": AssignIssueParams,
    "add_comment": AddCommentParams,
    "bulk_change": BulkChangeParams,
}

ACTION_NAMES: tuple[str, ...] = (
    "search_issues",
    "get_issue",
    "create_issue",
    "update_issue",
    "transition_issue",
    "assign_issue",
    "add_comment",
    "bulk_change",
)


class Plan(_Strict):
    """What to do, in order, and an optional reply for the person.

    No actions plus a reply is how the model answers a question or asks for clarification.
    """

    actions: list[Action] = Field(default_factory=list)
    reply: str | None = None

    @model_validator(mode="after")
    def _references_point_back(self) -> Plan:
        """`$N` must name an earlier action that leaves an issue key behind (a write)."""
        for index, action in enumerate(self.actions, start=1):
            key = getattr(action.parameters, "key", None)
            match = RESULT_REF_RE.match(key) if isinstance(key, str) else None
            if match is None:
                continue
            target = int(match.group(1))
            if target >= index:
                raise ValueError(f"actions[{index - 1}]: {key} must refer to an earlier action")
            earlier = self.actions[target - 1]
            if earlier.action not in WRITE_ACTIONS or earlier.action == "bulk_change":
                raise ValueError(
                    f"actions[{index - 1}]: {key} refers to {earlier.action}, which leaves no "
                    "single issue behind (use a create or a write to one issue)"
                )
        return self

    @property
    def writes(self) -> list[Action]:
        return [a for a in self.actions if a.action in WRITE_ACTIONS]

    def to_json(self) -> str:
        return json.dumps(self.model_dump(mode="json", exclude_none=True), indent=2)


def describe_validation_error(error: ValidationError) -> str:
    """Render pydantic's errors as one line naming the offending action/parameter."""
    parts: list[str] = []
    for item in error.errors():
        loc = _format_loc(item.get("loc", ()))
        kind = item.get("type", "")
        if kind == "extra_forbidden":
            parts.append(f"{loc}: unknown parameter")
        elif kind == "union_tag_invalid":
            tag = (item.get("ctx") or {}).get("tag", "?")
            parts.append(f"{loc}: unknown action {tag!r} (known: {', '.join(ACTION_NAMES)})")
        elif kind == "union_tag_not_found":
            parts.append(f"{loc}: missing 'action'")
        else:
            parts.append(f"{loc}: {item.get('msg', 'invalid')}")
    return "; ".join(parts)


def _format_loc(loc: tuple[Any, ...] | list[Any]) -> str:
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        elif part in ACTION_NAMES:
            continue  # pydantic inserts the union tag; it adds nothing for a reader
        else:
            text += f".{part}" if text else str(part)
    return text or "plan"


def parse_plan(data: str | bytes | dict[str, Any]) -> Plan:
    """Validate JSON text or a decoded object as a Plan, or raise `PlanError`."""
    if isinstance(data, str | bytes):
        try:
            data = json.loads(data)
        except json.JSONDecodeError as exc:
            raise PlanError(f"the plan is not valid JSON: {exc.msg} at line {exc.lineno}") from None
    if not isinstance(data, dict):
        raise PlanError("the plan must be a JSON object with 'actions' and optional 'reply'")
    try:
        return Plan.model_validate(data)
    except ValidationError as exc:
        raise PlanError(f"invalid plan: {describe_validation_error(exc)}") from None

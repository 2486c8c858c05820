"""`"key": "$1"`: a later action of a plan acts on the issue an earlier one created or changed.

"create a bug in WEB: checkout fails, and assign it to Alice" is one plan: the assign cannot
be resolved against an issue that does not exist yet, so it is previewed as acting on
"(new issue)" and prepared for real (names resolved, current values read) right after the
action it refers to has run, just before it runs itself.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from jira_chat.errors import PlanError
from jira_chat.execution.prepared import PreparedAction
from jira_chat.execution.records import ActionPreview, FieldChange
from jira_chat.planning.actions._base import (
    RESULT_REF_RE,
    PlanAction,
    dump_parameters,
    replace_parameters,
)
from jira_chat.record import Record

NEW_ISSUE = "(new issue)"
_VERBS = {
    "get_issue": "Show",
    "update_issue": "Update",
    "transition_issue": "Transition",
    "assign_issue": "Assign",
    "add_comment": "Comment on",
}


class Deferred(Record):
    """The payload of an action whose key is `$ref` until that action has run."""

    ref: int


def deferred_reference(action: PlanAction) -> int | None:
    key = getattr(action.parameters, "key", None)
    match = RESULT_REF_RE.match(key) if isinstance(key, str) else None
    return int(match.group(1)) if match else None


def prepare_deferred(action: PlanAction) -> PreparedAction[Any, Any]:
    ref = deferred_reference(action)
    assert ref is not None
    values: dict[str, Any] = dump_parameters(action.parameters)
    changes = tuple(
        FieldChange(name, None, value) for name, value in values.items() if name != "key"
    )
    verb = _VERBS.get(action.action, action.action)
    preview = ActionPreview(
        action.action, None, f"{verb} {NEW_ISSUE} (the issue of action {ref})", changes
    )
    return PreparedAction(
        action,
        preview if action.declaration.writes else None,
        f"{verb.lower()} {NEW_ISSUE}",
        Deferred(ref),
    )


class ResultKeys:
    """Which issue each action of the running plan produced, by its 1-based position."""

    def __init__(self) -> None:
        self._positions: dict[int, int] = {}
        self._keys: dict[int, str] = {}

    def number(self, actions: Sequence[PreparedAction[Any, Any]]) -> None:
        self._positions = {id(action): n for n, action in enumerate(actions, start=1)}

    def record(self, action: PreparedAction[Any, Any], outcome: object) -> None:
        position = self._positions.get(id(action))
        key = getattr(outcome, "key", None)
        if position is not None and isinstance(key, str):
            self._keys[position] = key

    def resolve(
        self,
        action: PreparedAction[Any, Any],
        prepare: Callable[[PlanAction], PreparedAction[Any, Any]],
    ) -> PreparedAction[Any, Any]:
        """The deferred action with its real key, prepared now that the issue exists."""
        deferred: Deferred = action.payload
        key = self._keys.get(deferred.ref)
        if key is None:
            raise PlanError(f"action {deferred.ref} left no issue for ${deferred.ref} to refer to")
        real = prepare(replace_parameters(action.action, key=key))
        position = self._positions.get(id(action))
        if position is not None:
            self._positions[id(real)] = position
        return real

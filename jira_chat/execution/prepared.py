"""What `Executor.prepare` hands the pipeline: resolved actions and their previews."""

from __future__ import annotations

from dataclasses import field
from typing import Any, Generic, TypeVar

from jira_chat.execution.records import ActionPreview
from jira_chat.planning.actions._base import PlanAction
from jira_chat.record import Record

A = TypeVar("A", bound=PlanAction)
P = TypeVar("P")


class PreparedAction(Record, Generic[A, P]):
    """One plan action with every name already resolved against Jira.

    `payload` is the action's own resolved data, typed by its implementation (e.g. the
    transition to take); only that implementation reads it. Whether it writes comes from the
    action's declaration, never from the prepare function.
    """

    action: A
    preview: ActionPreview | None
    summary: str  # one line, e.g. "transition WEB-12 to In Progress"
    payload: P = field(repr=False, compare=False)
    # Set when Jira already has what the action asks for: skipped, reported as "already: ...".
    already: str | None = None

    @property
    def is_write(self) -> bool:
        return self.action.declaration.writes

    def describe(self) -> str:
        return self.summary


class PreparedPlan(Record):
    actions: list[PreparedAction[Any, Any]]
    previews: list[ActionPreview]  # one per write, in plan order

    @property
    def has_writes(self) -> bool:
        """Whether anything would be sent: actions that are already true send nothing."""
        return any(action.is_write and action.already is None for action in self.actions)

    @property
    def already(self) -> list[str]:
        return [action.already for action in self.actions if action.already is not None]

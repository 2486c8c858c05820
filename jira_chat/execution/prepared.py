"""What `Executor.prepare` hands the pipeline: resolved actions and their previews."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from jira_chat.jira_access.records import ActionPreview
from jira_chat.planning.schema import Action


@dataclass(frozen=True)
class PreparedAction:
    """One plan action with every name already resolved against Jira.

    `payload` is the action's own resolved data (ids, REST fields); only its handler reads it.
    """

    action: Action
    is_write: bool
    preview: ActionPreview | None
    summary: str  # one line, e.g. "transition WEB-12 to In Progress"
    payload: Any = field(default=None, repr=False, compare=False)
    # Set when Jira already has what the action asks for: skipped, reported as "already: ...".
    already: str | None = None

    def describe(self) -> str:
        return self.summary


@dataclass(frozen=True)
class PreparedPlan:
    actions: list[PreparedAction]
    previews: list[ActionPreview]  # one per write, in plan order

    @property
    def has_writes(self) -> bool:
        """Whether anything would be sent: actions that are already true send nothing."""
        return any(action.is_write and action.already is None for action in self.actions)

    @property
    def already(self) -> list[str]:
        return [action.already for action in self.actions if action.already is not None]

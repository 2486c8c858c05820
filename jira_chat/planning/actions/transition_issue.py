"""transition_issue: move an issue to another status."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from jira_chat.planning.actions._base import ActionDeclaration, ActionModel, Strict, issue_key


class TransitionIssueParams(Strict):
    key: str
    status: str = Field(min_length=1, description="The target status name, not a transition.")
    comment: str | None = None

    _key = field_validator("key")(issue_key)


class TransitionIssue(ActionModel):
    action: Literal["transition_issue"]
    parameters: TransitionIssueParams


DECLARATION = ActionDeclaration(
    model=TransitionIssue,
    writes=True,
    verb="Transitioned",
    description="move to a status",
    example="move WEB-4 to In Progress",
    example_parameters={"key": "WEB-4", "status": "In Progress"},
    rank=120,
)

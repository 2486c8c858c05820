"""assign_issue: give an issue to someone, or to nobody."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from jira_chat.planning.actions._base import ActionDeclaration, ActionModel, Strict, issue_key


class AssignIssueParams(Strict):
    key: str
    assignee: str = Field(
        min_length=1, description="'me', 'none', or a user's name, display name or email."
    )

    _key = field_validator("key")(issue_key)


class AssignIssue(ActionModel):
    action: Literal["assign_issue"]
    parameters: AssignIssueParams


DECLARATION = ActionDeclaration(
    model=AssignIssue,
    writes=True,
    verb="Assigned",
    description="assign, or unassign (none)",
    example="assign WEB-10 to me",
    example_parameters={"key": "WEB-10", "assignee": "me"},
    rank=130,
)

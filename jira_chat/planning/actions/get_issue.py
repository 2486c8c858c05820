"""get_issue: one issue's detail view."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from jira_chat.planning.actions._base import ActionDeclaration, ActionModel, Strict, issue_key


class GetIssueParams(Strict):
    key: str = Field(description="Issue key, e.g. WEB-12.")

    _key = field_validator("key")(issue_key)


class GetIssue(ActionModel):
    action: Literal["get_issue"]
    parameters: GetIssueParams


DECLARATION = ActionDeclaration(
    model=GetIssue,
    writes=False,
    verb="Showed",
    description="one issue in detail",
    example="WEB-3",
    example_parameters={"key": "WEB-3"},
    rank=20,
)

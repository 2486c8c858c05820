"""delete_issue: delete one issue (at most one per plan; the REPL asks for the typed key)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from jira_chat.planning.actions._base import ActionDeclaration, ActionModel, Strict, issue_key


class DeleteIssueParams(Strict):
    key: str
    delete_subtasks: bool | None = Field(
        default=None, description="Must be true to delete an issue that has sub-tasks."
    )

    _key = field_validator("key")(issue_key)


class DeleteIssue(ActionModel):
    action: Literal["delete_issue"]
    parameters: DeleteIssueParams


DECLARATION = ActionDeclaration(
    model=DeleteIssue,
    writes=True,
    verb="Deleted",
    description="delete an issue (one per plan)",
    example="delete WEB-9",
    example_parameters={"key": "WEB-9"},
    rank=200,
)

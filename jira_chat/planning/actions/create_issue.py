"""create_issue: a new issue in a project."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from jira_chat.planning.actions._base import ActionDeclaration, ActionModel, Strict, issue_key
from jira_chat.planning.actions._fields import (
    FieldValue,
    check_custom_fields,
    custom_fields_parameter,
)


class CreateIssueParams(Strict):
    project: str = Field(min_length=1, description="Project key or name.")
    issue_type: str = Field(min_length=1, description="Issue type name, e.g. Bug or Task.")
    summary: str = Field(min_length=1, max_length=255, pattern=r"^[^\r\n]*$")
    description: str | None = Field(default=None, description="Markdown.")
    priority: str | None = None
    labels: list[str] | None = None
    assignee: str | None = Field(
        default=None, description="'me', 'none', or a user's name, display name or email."
    )
    components: list[str] | None = None
    fix_versions: list[str] | None = None
    parent: str | None = Field(
        default=None, description="A sub-task's parent, or the epic, as an issue key."
    )
    sprint: str | None = Field(default=None, description="A sprint name, or 'active'.")
    fields: dict[str, FieldValue] | None = custom_fields_parameter()

    _fields = field_validator("fields")(check_custom_fields)
    _parent = field_validator("parent")(lambda value: None if value is None else issue_key(value))


class CreateIssue(ActionModel):
    action: Literal["create_issue"]
    parameters: CreateIssueParams


DECLARATION = ActionDeclaration(
    model=CreateIssue,
    writes=True,
    verb="Created",
    description="create an issue (a Sub-task needs parent)",
    example="create a bug in WEB: Login fails",
    example_parameters={
        "project": "WEB",
        "issue_type": "Bug",
        "summary": "Login fails",
        "priority": "High",
        "labels": ["auth"],
        "assignee": "me",
    },
    rank=100,
)

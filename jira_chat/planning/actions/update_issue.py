"""update_issue: change fields of an existing issue."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, field_validator, model_validator

from jira_chat.planning.actions._base import ActionDeclaration, ActionModel, Strict, issue_key
from jira_chat.planning.actions._fields import (
    FieldValue,
    check_custom_fields,
    custom_fields_parameter,
)


class UpdateIssueParams(Strict):
    key: str
    summary: str | None = Field(default=None, min_length=1, max_length=255, pattern=r"^[^\r\n]*$")
    description: str | None = Field(default=None, description="Markdown.")
    priority: str | None = None
    labels_add: list[str] | None = None
    labels_remove: list[str] | None = None
    due_date: dt.date | None = Field(default=None, description="YYYY-MM-DD.")
    components_add: list[str] | None = None
    components_remove: list[str] | None = None
    fix_versions_add: list[str] | None = None
    fix_versions_remove: list[str] | None = None
    parent: str | None = Field(default=None, description="The new parent or epic, a key.")
    sprint: str | None = Field(default=None, description="A sprint name, or 'active'.")
    fields: dict[str, FieldValue] | None = custom_fields_parameter()

    _key = field_validator("key")(issue_key)
    _fields = field_validator("fields")(check_custom_fields)
    _parent = field_validator("parent")(lambda value: None if value is None else issue_key(value))

    @model_validator(mode="after")
    def _changes_something(self) -> UpdateIssueParams:
        changing = [name for name in type(self).model_fields if name != "key"]
        if all(getattr(self, name) in (None, [], {}) for name in changing):
            raise ValueError("update_issue must change at least one field")
        return self


class UpdateIssue(ActionModel):
    action: Literal["update_issue"]
    parameters: UpdateIssueParams


DECLARATION = ActionDeclaration(
    model=UpdateIssue,
    writes=True,
    verb="Updated",
    description="change only the given fields",
    example="set story points of WEB-3 to 5",
    example_parameters={
        "key": "WEB-3",
        "priority": "High",
        "labels_add": ["ux"],
        "fields": {"Story Points": 5, "Team": "Payments"},
    },
    rank=110,
)

"""unwatch_issue: remove a watcher (default: me)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from jira_chat.planning.actions._base import ActionDeclaration, ActionModel, Strict, issue_key


class UnwatchIssueParams(Strict):
    key: str
    user: str | None = Field(default=None, description="Default: me.")

    _key = field_validator("key")(issue_key)


class UnwatchIssue(ActionModel):
    action: Literal["unwatch_issue"]
    parameters: UnwatchIssueParams


DECLARATION = ActionDeclaration(
    model=UnwatchIssue,
    writes=True,
    verb="Removed a watcher from",
    description="remove a watcher (default me)",
    example="stop watching WEB-5",
    example_parameters={"key": "WEB-5"},
    rank=190,
)

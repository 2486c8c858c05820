"""watch_issue: add a watcher (default: me)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from jira_chat.planning.actions._base import ActionDeclaration, ActionModel, Strict, issue_key


class WatchIssueParams(Strict):
    key: str
    user: str | None = Field(default=None, description="Default: me.")

    _key = field_validator("key")(issue_key)


class WatchIssue(ActionModel):
    action: Literal["watch_issue"]
    parameters: WatchIssueParams


DECLARATION = ActionDeclaration(
    model=WatchIssue,
    writes=True,
    verb="Added a watcher to",
    description="add a watcher (default me)",
    example="watch WEB-5",
    example_parameters={"key": "WEB-5"},
    rank=180,
)

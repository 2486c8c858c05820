"""unlink_issues: remove the link(s) between two issues, of one type when given."""

from __future__ import annotations

from typing import Literal

from pydantic import field_validator

from jira_chat.planning.actions._base import ActionDeclaration, ActionModel, Strict, issue_key


class UnlinkIssuesParams(Strict):
    key: str
    other: str
    type: str | None = None

    _key = field_validator("key", "other")(issue_key)


class UnlinkIssues(ActionModel):
    action: Literal["unlink_issues"]
    parameters: UnlinkIssuesParams


DECLARATION = ActionDeclaration(
    model=UnlinkIssues,
    writes=True,
    verb="Unlinked",
    description="remove a link",
    example="unlink WEB-1 from WEB-2",
    example_parameters={"key": "WEB-1", "other": "WEB-2"},
    rank=160,
)

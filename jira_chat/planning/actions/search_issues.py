"""search_issues: run a JQL query and list the issues."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from jira_chat.planning.actions._base import ActionDeclaration, ActionModel, Strict


class SearchIssuesParams(Strict):
    jql: str = Field(min_length=1, description="A JQL query, with ORDER BY where useful.")
    limit: int | None = Field(
        default=None, ge=1, le=1000, description="How many issues to show (default 20)."
    )


class SearchIssues(ActionModel):
    action: Literal["search_issues"]
    parameters: SearchIssuesParams


DECLARATION = ActionDeclaration(
    model=SearchIssues,
    writes=False,
    verb="Searched",
    description="issues a JQL query finds",
    example="open bugs in WEB",
    example_parameters={
        "jql": "project = WEB AND issuetype = Bug AND statusCategory != Done ORDER BY updated DESC"
    },
    rank=10,
)

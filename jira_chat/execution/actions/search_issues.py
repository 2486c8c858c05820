"""search_issues: one search request; no resolution, no preview."""

from __future__ import annotations

from jira_chat.execution.prepared import PreparedAction
from jira_chat.execution.records import Outcome
from jira_chat.execution.spec import ActionImpl, ExecContext
from jira_chat.jira_access.service import DEFAULT_LIMIT
from jira_chat.planning.actions._base import replace_parameters
from jira_chat.planning.actions.search_issues import SearchIssues

Prepared = PreparedAction[SearchIssues, None]


def _prepare(ctx: ExecContext, action: SearchIssues) -> Prepared:
    return PreparedAction(action, None, f"search {action.parameters.jql}", None)


def _run(ctx: ExecContext, prepared: Prepared) -> Outcome:
    params = prepared.action.parameters
    return ctx.service.search(params.jql, limit=params.limit or DEFAULT_LIMIT)


def with_jql(prepared: Prepared, jql: str) -> Prepared:
    """The same search with repaired JQL (the planner's one repair after a 400)."""
    action = replace_parameters(prepared.action, jql=jql)
    return PreparedAction(action, None, f"search {jql}", None)


IMPLEMENTATION = ActionImpl(SearchIssues, _prepare, _run)

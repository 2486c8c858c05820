"""The two read actions. They need no resolution and no preview: one request each."""

from __future__ import annotations

from jira_chat.execution.prepared import PreparedAction
from jira_chat.execution.spec import ActionSpec, ExecContext
from jira_chat.jira_access.records import Outcome
from jira_chat.jira_access.service import DEFAULT_LIMIT
from jira_chat.planning.schema import GetIssue, SearchIssues


def _prepare_search(ctx: ExecContext, action: SearchIssues) -> PreparedAction:
    return _prepare_search_action(action)


def _run_search(ctx: ExecContext, prepared: PreparedAction) -> Outcome:
    assert isinstance(prepared.action, SearchIssues)
    params = prepared.action.parameters
    return ctx.service.search(params.jql, limit=params.limit or DEFAULT_LIMIT)


def with_jql(prepared: PreparedAction, jql: str) -> PreparedAction:
    """The same search with repaired JQL (the planner's one repair after a 400)."""
    assert isinstance(prepared.action, SearchIssues)
    params = prepared.action.parameters.model_copy(update={"jql": jql})
    action = prepared.action.model_copy(update={"parameters": params})
    return _prepare_search_action(action)


def _prepare_search_action(action: SearchIssues) -> PreparedAction:
    return PreparedAction(
        action=action, is_write=False, preview=None, summary=f"search {action.parameters.jql}"
    )


def _prepare_get(ctx: ExecContext, action: GetIssue) -> PreparedAction:
    return PreparedAction(
        action=action, is_write=False, preview=None, summary=f"show {action.parameters.key}"
    )


def _run_get(ctx: ExecContext, prepared: PreparedAction) -> Outcome:
    assert isinstance(prepared.action, GetIssue)
    return ctx.service.get_issue(prepared.action.parameters.key)


SEARCH_ISSUES = ActionSpec("search_issues", False, _prepare_search, _run_search)
GET_ISSUE = ActionSpec("get_issue", False, _prepare_get, _run_get)

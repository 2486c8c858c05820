"""get_issue: one detail request; no resolution, no preview."""

from __future__ import annotations

from jira_chat.execution.prepared import PreparedAction
from jira_chat.execution.records import Outcome
from jira_chat.execution.spec import ActionImpl, ExecContext
from jira_chat.planning.actions.get_issue import GetIssue

Prepared = PreparedAction[GetIssue, None]


def _prepare(ctx: ExecContext, action: GetIssue) -> Prepared:
    return PreparedAction(action, None, f"show {action.parameters.key}", None)


def _run(ctx: ExecContext, prepared: Prepared) -> Outcome:
    return ctx.service.get_issue(prepared.action.parameters.key, epic_children=True)


IMPLEMENTATION = ActionImpl(GetIssue, _prepare, _run)

"""list_boards: one agile request (the project resolved first when named)."""

from __future__ import annotations

from jira_chat.execution.prepared import PreparedAction
from jira_chat.execution.records import BoardList, Outcome
from jira_chat.execution.spec import ActionImpl, ExecContext
from jira_chat.planning.actions.list_boards import ListBoards

Prepared = PreparedAction[ListBoards, str | None]  # the project key


def _prepare(ctx: ExecContext, action: ListBoards) -> Prepared:
    named = action.parameters.project
    project = ctx.resolver.project(named).key if named else None
    return PreparedAction(
        action, None, f"list boards{' in ' + project if project else ''}", project
    )


def _run(ctx: ExecContext, prepared: Prepared) -> Outcome:
    return BoardList(prepared.payload, ctx.service.boards(prepared.payload))


IMPLEMENTATION = ActionImpl(ListBoards, _prepare, _run)

"""list_sprints: the boards of a project (or one board by name), then their sprints."""

from __future__ import annotations

from dataclasses import dataclass

from jira_chat.errors import ResolutionError
from jira_chat.execution.prepared import PreparedAction
from jira_chat.execution.records import Outcome, SprintList
from jira_chat.execution.spec import ActionImpl, ExecContext
from jira_chat.jira_access.names import normalized
from jira_chat.jira_access.records import BoardRecord
from jira_chat.planning.actions.list_sprints import ListSprints


@dataclass(frozen=True)
class SprintScope:
    label: str | None
    boards: tuple[BoardRecord, ...]


Prepared = PreparedAction[ListSprints, SprintScope]


def _prepare(ctx: ExecContext, action: ListSprints) -> Prepared:
    p = action.parameters
    project = ctx.resolver.project(p.project).key if p.project else None
    boards = ctx.service.boards(project)
    if p.board:
        wanted = normalized(p.board)
        named = [b for b in boards if normalized(b.name) == wanted]
        named = named or [b for b in boards if wanted in normalized(b.name)]
        if not named:
            raise ResolutionError(
                f"no board '{p.board}'; boards: {', '.join(b.name for b in boards) or 'none'}",
                choices=[b.name for b in boards],
            )
        if len(named) > 1:
            named = [ctx.resolver.pick("board", p.board, named, lambda b: b.name)]
        boards = (named[0],)
    scope = boards[0].name if p.board else project
    return PreparedAction(
        action, None, f"list sprints{' of ' + scope if scope else ''}", SprintScope(scope, boards)
    )


def _run(ctx: ExecContext, prepared: Prepared) -> Outcome:
    sprints = tuple(s for board in prepared.payload.boards for s in ctx.service.sprints(board))
    return SprintList(prepared.payload.label, sprints)


IMPLEMENTATION = ActionImpl(ListSprints, _prepare, _run)

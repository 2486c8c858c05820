"""`jira-chat log`: list the journal of writes (newest first), for `undo --plan ID`."""

from __future__ import annotations

import typer

from jira_chat.cli.options import FormatOption, JsonOption, make_output
from jira_chat.cli.state import get_state, run_guarded


def log(
    ctx: typer.Context,
    limit: int = typer.Option(
        50, "--limit", "-n", min=1, metavar="N", help="Show the N most recent writes."
    ),
    plan: str | None = typer.Option(None, "--plan", metavar="ID", help="Only this plan's writes."),
    fmt: str | None = FormatOption,
    json_flag: bool = JsonOption,
) -> None:
    """List every write jira-chat made (time, plan, issue, action, before → after)."""
    state = get_state(ctx)

    def body() -> int:
        from jira_chat.execution.journal import Journal
        from jira_chat.rendering.journal_view import show_journal

        output = make_output(state, fmt, json_flag)
        entries = list(Journal.in_home(state.settings.home).entries())
        if plan:
            entries = [e for e in entries if e.plan.startswith(plan)]
        show_journal(output, entries[-limit:])
        return 0

    raise typer.Exit(run_guarded(state, state.output(), body))

"""`jira-chat undo`: preview and apply the inverse of the last plan (or `--plan ID`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from jira_chat.cli.options import (
    DryRunOption,
    FormatOption,
    JsonOption,
    YesOption,
    run_with_assistant,
)

if TYPE_CHECKING:
    from jira_chat.conversation.assistant import Assistant
    from jira_chat.errors import ExitCode


def undo(
    ctx: typer.Context,
    plan: str | None = typer.Option(
        None, "--plan", metavar="ID", help="Undo this plan (see `jira-chat log`), not the last."
    ),
    overwrite: bool = typer.Option(
        False, "--overwrite", help="Undo even where the issue changed since (scripts)."
    ),
    delete: list[str] = typer.Option(
        [], "--delete", metavar="KEY", help="Delete this issue the plan created (scripts)."
    ),
    fmt: str | None = FormatOption,
    json_flag: bool = JsonOption,
    yes: bool = YesOption,
    dry_run: bool = DryRunOption,
) -> None:
    """Undo the last plan jira-chat ran: preview, confirm, restore (journaled like any write)."""

    def work(assistant: Assistant, _: None) -> ExitCode:
        from jira_chat.conversation.undo_flow import run_undo

        return run_undo(assistant, plan, overwrite=overwrite, delete=delete)

    run_with_assistant(
        ctx,
        fmt=fmt,
        json_flag=json_flag,
        yes=yes,
        dry_run=dry_run,
        load=lambda state: None,
        work=work,
    )

"""What `ask` and `apply` share: their output and write options, and how they run a request."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, NoReturn, TypeVar

import typer

from jira_chat.cli.state import AppState, get_state, run_guarded
from jira_chat.errors import ExitCode, UsageError

if TYPE_CHECKING:
    from jira_chat.conversation.assistant import Assistant
    from jira_chat.rendering.output import Output

T = TypeVar("T")

FORMAT_NAMES = ("table", "plain", "json", "csv", "keys")

FormatOption = typer.Option(
    None,
    "--format",
    "-f",
    metavar="FORMAT",
    help="table (default on a terminal), plain (default in pipes), json, csv or keys.",
)
JsonOption = typer.Option(False, "--json", help="Same as --format json.")
YesOption = typer.Option(False, "--yes", "-y", help="Apply writes without asking (for scripts).")
DryRunOption = typer.Option(False, "--dry-run", help="Preview writes, change nothing, exit 0.")
MaxOption = typer.Option(
    None, "--max", min=1, metavar="N", help="Let a bulk change touch up to N issues (default 50)."
)


def make_output(state: AppState, fmt: str | None, json_flag: bool) -> Output:
    """The Output for a command; a format typo is a usage error naming the choices."""
    from jira_chat.rendering.output import OutputFormat

    name = "json" if json_flag else fmt
    if name is not None and name.lower() not in FORMAT_NAMES:
        raise UsageError(
            f"unknown format {name!r}", hint=f"choose one of: {', '.join(FORMAT_NAMES)}"
        )
    return state.output(OutputFormat(name.lower()) if name else None)


def run_with_assistant(
    ctx: typer.Context,
    *,
    fmt: str | None,
    json_flag: bool,
    yes: bool,
    dry_run: bool,
    load: Callable[[AppState], T],
    work: Callable[[Assistant, T], ExitCode],
    bulk_max: int | None = None,
) -> NoReturn:
    """Check the options, `load` the input (before contacting Jira, so bad input fails fast;
    it reads stdin through the state's Environment),
    then let `work` drive an Assistant; errors become a line on stderr and an exit code."""
    state = get_state(ctx)

    def body() -> int:
        from jira_chat.conversation.assistant import Assistant
        from jira_chat.conversation.prompter import terminal_prompter
        from jira_chat.planning.context import SessionContext

        output = make_output(state, fmt, json_flag)
        loaded = load(state)
        settings = state.settings_for_jira(output)
        context = SessionContext(default_project=settings.default_project)
        # Ctrl-C at a one-shot question is an answer of No.
        prompter = terminal_prompter(output, interrupt_cancels=False)
        assistant = Assistant(
            settings,
            output,
            context,
            prompter=prompter,
            yes=yes,
            dry_run=dry_run,
            bulk_max=bulk_max,
        )
        return int(work(assistant, loaded))

    raise typer.Exit(run_guarded(state, state.output(), body))

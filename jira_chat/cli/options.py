"""Options shared by `ask` and `apply`, and turning them into an Output."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from jira_chat.errors import UsageError

if TYPE_CHECKING:
    from jira_chat.cli.state import AppState
    from jira_chat.rendering.output import Output

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


def make_output(state: AppState, fmt: str | None, json_flag: bool) -> Output:
    """The Output for a command; a format typo is a usage error naming the choices."""
    from jira_chat.rendering.output import OutputFormat

    name = "json" if json_flag else fmt
    if name is not None and name.lower() not in FORMAT_NAMES:
        raise UsageError(
            f"unknown format {name!r}", hint=f"choose one of: {', '.join(FORMAT_NAMES)}"
        )
    return state.output(OutputFormat(name.lower()) if name else None)

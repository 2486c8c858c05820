"""Small reports owned by the CLI: doctor's rows and the sandbox's export lines.

Both are data, so they go to stdout: a Rich table on a terminal, tab-separated otherwise.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jira_chat.diagnostics import Check
    from jira_chat.rendering.output import Output

_VERDICT_STYLE = {"ok": "green", "warn": "yellow", "fail": "bold red", "skip": "dim"}


def show_checks(output: Output, checks: Sequence[Check]) -> None:
    """One row per check with a clear verdict."""
    if output.stdout_isatty and not output.no_color:
        from rich.console import Console
        from rich.table import Table

        table = Table(box=None, show_header=False, pad_edge=False)
        table.add_column("check", style="bold")
        table.add_column("verdict")
        table.add_column("detail", overflow="fold")
        for check in checks:
            style = _VERDICT_STYLE[check.verdict]
            table.add_row(check.name, f"[{style}]{check.verdict.upper()}[/]", check.detail)
        Console(file=output.stdout, highlight=False).print(table)
        return
    for check in checks:
        output.stdout.write(f"{check.verdict.upper()}\t{check.name}\t{check.detail}\n")
    output.stdout.flush()


def show_exports(output: Output, env: Mapping[str, str]) -> None:
    """Export-ready lines (`JIRA_URL=...`) that point any client at the sandbox."""
    for name, value in env.items():
        output.stdout.write(f"{name}={value}\n")
    output.stdout.flush()

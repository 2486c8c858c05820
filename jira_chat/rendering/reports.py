"""Small reports owned by the CLI: doctor's rows and the sandbox's export lines.

Both are data, so they go to stdout: a Rich table on a colour terminal, tab-separated
otherwise. They draw on the Output's own stdout console (no markup: a check's detail may
hold brackets from a URL or an error message).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from jira_chat.rendering.formatters import write_exact

if TYPE_CHECKING:
    from jira_chat.diagnostics import Check
    from jira_chat.rendering.output import Output

_VERDICT_STYLE = {"ok": "green", "warn": "yellow", "fail": "bold red", "skip": "dim"}


def show_checks(output: Output, checks: Sequence[Check]) -> None:
    """One row per check with a clear verdict."""
    env = output.env
    if env.stdout_isatty and not env.no_color:
        from rich.table import Table
        from rich.text import Text

        table = Table(box=None, show_header=False, pad_edge=False)
        table.add_column("check", style="bold")
        table.add_column("verdict")
        table.add_column("detail", overflow="fold")
        table.add_column("source", style="dim", overflow="fold")
        for check in checks:
            verdict = Text(check.verdict.upper(), style=_VERDICT_STYLE[check.verdict])
            table.add_row(check.name, verdict, check.detail, check.source)
        env.out_console.print(table)
        return
    # Four tab-separated columns: verdict, check, detail, and where its values came from.
    write_exact(
        env,
        "".join(f"{c.verdict.upper()}\t{c.name}\t{c.detail}\t{c.source}\n" for c in checks),
    )


def show_exports(output: Output, env: Mapping[str, str]) -> None:
    """Export-ready lines (`JIRA_URL=...`) that point any client at the sandbox."""
    write_exact(output.env, "".join(f"{name}={value}\n" for name, value in env.items()))

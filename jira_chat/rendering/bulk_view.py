"""A bulk change on screen: the preview table, the progress bar, and the per-issue report.

The preview and the progress bar go to stderr (they are not data); the report is data: a
table on a terminal, one record per issue in json, csv and plain (the formatters call the
report functions here).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from jira_chat.execution.bulk_records import BulkPreview, BulkResult, BulkRow
from jira_chat.execution.records import FieldChange

if TYPE_CHECKING:
    from rich.console import RenderableType

    from jira_chat.rendering.formatters import Notes
    from jira_chat.rendering.output import Output

PROGRESS_ABOVE = 10  # issues; a shorter bulk change is over before a bar would help
REPORT_COLUMNS = ("key", "result", "reason", "summary", "url")  # csv and plain, in this order
_RESULT_STYLE = {
    "done": "green",
    "already": "dim",
    "impossible": "yellow",
    "failed": "bold red",
    "not done": "yellow",
}


def _change_text(changes: tuple[FieldChange, ...]) -> str:
    from jira_chat.rendering.humanize import format_value

    def clip(value: object) -> str:
        text = " ".join(format_value(value).splitlines())
        return text if len(text) <= 40 else text[:39] + "…"

    return "; ".join(
        f"{c.field}: {clip(c.old)} → {clip(c.new)}"
        if c.old is not None or c.field != "comment"
        else f"{c.field}: + {clip(c.new)}"
        for c in changes
    )


def preview_renderables(preview: BulkPreview) -> list[RenderableType]:
    """Title, selection, one row per issue (key, summary, current → new), then the counts,
    each count on its own line (they name issues: copyable, never wrapped)."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    from jira_chat.rendering.humanize import plural

    table = Table(box=box.SIMPLE_HEAD, header_style="bold", pad_edge=False)
    table.add_column("Key", no_wrap=True, style="bold")
    table.add_column("Summary", overflow="fold", ratio=2)
    table.add_column("Change", overflow="fold", ratio=3)
    for item in preview.items:
        if item.state == "change":
            table.add_row(item.key, item.summary, Text(_change_text(item.changes), style="green"))
        else:
            table.add_row(
                item.key,
                item.summary,
                Text(f"{item.state}: {item.reason or ''}", style=_RESULT_STYLE[item.state]),
            )
    changing = len(preview.to_change)
    header = Text(f"{preview.title} — {plural(len(preview.items), 'issue')} selected", style="bold")
    parts: list[RenderableType] = [header, Text(f"  {preview.selection}", style="dim")]
    if preview.items:
        parts.append(table)
    parts.append(Text(f"{plural(changing, 'issue')} to change", style="bold"))
    for state in ("already", "impossible"):
        items = preview.of_state(state)
        if items:
            keys = ", ".join(item.key for item in items)
            label = "already done" if state == "already" else "impossible"
            parts.append(Text(f"{len(items)} {label}: {keys}", style=_RESULT_STYLE[state]))
    return parts


@contextmanager
def progress(output: Output, total: int, title: str) -> Iterator[Callable[[], None]]:
    """A Rich progress bar on stderr for more than PROGRESS_ABOVE issues on a terminal;
    yields `advance()`. Elsewhere (a log, NO_COLOR, TERM=dumb) nothing is drawn."""
    env = output.env
    if total <= PROGRESS_ABOVE or not env.stderr_isatty or env.dumb_terminal:
        yield lambda: None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=env.err_console,
        transient=True,
    ) as bar:
        task = bar.add_task(title, total=total)
        yield lambda: bar.advance(task)


def report_json(result: BulkResult) -> list[dict[str, object]]:
    return [row.as_json() for row in result.rows]


def _cells(row: BulkRow) -> list[str]:
    values = {
        "key": row.key,
        "result": row.result,
        "reason": row.reason or "",
        "summary": row.summary,
        "url": row.url,
    }
    return [values[column] for column in REPORT_COLUMNS]


def report_rows(result: BulkResult) -> list[list[str]]:
    return [_cells(row) for row in result.rows]


def report_csv(result: BulkResult) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(REPORT_COLUMNS)
    writer.writerows(report_rows(result))
    return buffer.getvalue()


def report_plain(result: BulkResult) -> str:
    lines = []
    for row in result.rows:
        cells = [" ".join(c.replace("\t", " ").splitlines()) or "-" for c in _cells(row)]
        lines.append("\t".join(cells))
    return "\n".join(lines)


def report_table(result: BulkResult) -> RenderableType:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(box=box.SIMPLE_HEAD, header_style="bold", pad_edge=False)
    table.add_column("Key", no_wrap=True, style="bold")
    table.add_column("Result", no_wrap=True)
    table.add_column("Summary", overflow="fold", ratio=2)
    table.add_column("Detail", overflow="fold", ratio=3)
    for row in result.rows:
        detail = row.reason if row.result != "done" else _change_text(row.changes)
        table.add_row(
            row.key, Text(row.result, style=_RESULT_STYLE[row.result]), row.summary, detail or ""
        )
    return table


def show_summary(notes: Notes, result: BulkResult) -> None:
    """One line on stderr: the counts, and the keys that failed."""
    line = result.summary_line()
    if result.interrupted:
        line += " — stopped by Ctrl-C"
    if result.failed or result.interrupted:
        notes.warn(line)
    else:
        notes.info(line)

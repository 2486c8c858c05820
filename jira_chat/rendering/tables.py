"""The search table: what people see for a list of issues on a terminal."""

from __future__ import annotations

import datetime as dt
from typing import Any

from rich import box
from rich.table import Table
from rich.text import Text

from jira_chat.jira_access.records import IssueRecord, SearchResult
from jira_chat.rendering.humanize import relative_time, status_style

TABLE_COLUMNS: tuple[str, ...] = (
    "Key",
    "Type",
    "Status",
    "Priority",
    "Assignee",
    "Summary",
    "Updated",
)


def issue_key_text(issue: IssueRecord) -> Text:
    """The key as a terminal hyperlink to the issue (Rich drops the link without colour).

    The style is a span over the key, not the Text's base style, so that the padding a table
    cell adds after the key is not part of the link (nor underlined with it)."""
    text = Text(issue.key)
    text.stylize(f"bold link {issue.url}" if issue.url else "bold")
    return text


# Below NARROW_WIDTH the table tightens (one space between columns, a shorter assignee) so
# that the summary keeps a readable width and no fixed column (the relative time) is cut.
# On very narrow terminals the least useful columns go, in this order, rather than squeezing
# every column into an unreadable sliver.
NARROW_WIDTH = 110
SUMMARY_MIN_WIDTH = 20  # 14 below 80 columns
DROPPED_WHEN_NARROWER: tuple[tuple[str, int], ...] = (("Priority", 76), ("Type", 66))


def table_columns(width: int | None) -> tuple[str, ...]:
    """The columns shown at this terminal width (all of them when the width is unknown)."""
    dropped = {name for name, below in DROPPED_WHEN_NARROWER if width is not None and width < below}
    return tuple(name for name in TABLE_COLUMNS if name not in dropped)


def search_table(
    result: SearchResult, now: dt.datetime | None = None, *, width: int | None = None
) -> Table:
    """The table of a search. `width` is the terminal's; the summary wraps to fit it."""
    narrow = width is not None and width < NARROW_WIDTH
    shown = table_columns(width)
    summary_min = SUMMARY_MIN_WIDTH if width is None or width >= 80 else 14
    table = Table(
        box=box.SIMPLE_HEAD,
        header_style="bold",
        show_edge=False,
        pad_edge=False,
        padding=(0, 0) if narrow else (0, 1),
        collapse_padding=True,
        expand=False,
    )
    settings: dict[str, dict[str, Any]] = {
        "Assignee": {"max_width": 12 if narrow else 18, "overflow": "ellipsis"},
        "Summary": {"ratio": 1, "min_width": summary_min, "overflow": "fold"},
        "Updated": {"justify": "right", "min_width": 8},
    }
    for name in shown:
        options = settings.get(name, {})
        table.add_column(name, no_wrap=name != "Summary", **options)
    for issue in result.issues:
        cells = {
            "Key": issue_key_text(issue),
            "Type": Text(issue.issue_type or "-"),
            "Status": Text(issue.status, style=status_style(issue.status_category)),
            "Priority": Text(issue.priority or "-"),
            "Assignee": Text(issue.assignee or "Unassigned", style="" if issue.assignee else "dim"),
            "Summary": Text(" ".join(issue.summary.split())),
            "Updated": Text(relative_time(issue.updated, now), style="dim"),
        }
        table.add_row(*(cells[name] for name in shown))
    return table


def listing_table(columns: tuple[str, ...], rows: list[dict[str, Any]]) -> Table:
    """Boards or sprints: one row each, columns as in the machine formats; dates as days."""
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    for column in columns:
        table.add_column(column.capitalize(), overflow="fold", no_wrap=column in {"id", "name"})
    for row in rows:
        cells = []
        for column in columns:
            value = row[column]
            if column in {"start", "end"} and isinstance(value, str):
                value = value[:10]
            cells.append("" if value is None else str(value))
        table.add_row(*cells)
    return table

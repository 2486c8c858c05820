"""The search table: what people see for a list of issues on a terminal."""

from __future__ import annotations

import datetime as dt

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
    """The key as a terminal hyperlink to the issue (Rich drops the link without colour)."""
    return Text(issue.key, style=f"bold link {issue.url}" if issue.url else "bold")


def search_table(result: SearchResult, now: dt.datetime | None = None) -> Table:
    table = Table(
        box=box.SIMPLE_HEAD,
        header_style="bold",
        show_edge=False,
        pad_edge=False,
        collapse_padding=True,
        expand=False,
    )
    table.add_column("Key", no_wrap=True)
    table.add_column("Type", no_wrap=True)
    table.add_column("Status", no_wrap=True)
    table.add_column("Priority", no_wrap=True)
    table.add_column("Assignee", no_wrap=True, max_width=18, overflow="ellipsis")
    table.add_column("Summary", ratio=1, min_width=12)
    table.add_column("Updated", no_wrap=True, justify="right", min_width=8)
    for issue in result.issues:
        table.add_row(
            issue_key_text(issue),
            Text(issue.issue_type),
            Text(issue.status, style=status_style(issue.status_category)),
            Text(issue.priority or "-"),
            Text(issue.assignee or "Unassigned", style="" if issue.assignee else "dim"),
            Text(" ".join(issue.summary.split())),
            Text(relative_time(issue.updated, now), style="dim"),
        )
    return table

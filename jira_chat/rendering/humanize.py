"""Small words for people: relative times, field values, status colours, result counts.

Pure functions without Rich, so that both the pretty views and tests can use them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from jira_chat.jira_access.records import SearchResult

STATUS_STYLES: dict[str, str] = {"new": "blue", "indeterminate": "yellow", "done": "green"}
NONE_TEXT = "(none)"


def status_style(category: str) -> str:
    """Colour by status category, as Jira's own lozenges do (To Do blue-grey, etc.)."""
    return STATUS_STYLES.get(category, "")


def relative_time(when: dt.datetime | dt.date | None, now: dt.datetime | None = None) -> str:
    """'3d ago', 'in 2h': a table column people read at a glance."""
    if when is None:
        return "-"
    if not isinstance(when, dt.datetime):
        when = dt.datetime.combine(when, dt.time(), tzinfo=dt.UTC)
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    now = now or dt.datetime.now(dt.UTC)
    seconds = int((now - when).total_seconds())
    future = seconds < 0
    seconds = abs(seconds)
    if seconds < 60:
        return "just now"
    for unit_seconds, suffix in ((31536000, "y"), (2592000, "mo"), (86400, "d"), (3600, "h")):
        if seconds >= unit_seconds:
            amount = f"{seconds // unit_seconds}{suffix}"
            break
    else:
        amount = f"{seconds // 60}m"
    return f"in {amount}" if future else f"{amount} ago"


def format_value(value: Any) -> str:
    """A field value in a preview: lists joined, dates ISO, nothing shown as '(none)'."""
    if value is None or value == "" or value == [] or value == ():
        return NONE_TEXT
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="minutes")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple | set | frozenset):
        return ", ".join(str(v) for v in value) or NONE_TEXT
    return str(value)


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def count_line(result: SearchResult) -> str:
    """'5 of 5 issues', '20 of ≈143 issues', '20 issues (total unknown)'."""
    shown = len(result.issues)
    if result.total is None:
        return f"{plural(shown, 'issue')} (total unknown)"
    approx = "≈" if result.total_is_approximate else ""
    noun = "issue" if result.total == 1 else "issues"
    return f"{shown} of {approx}{result.total} {noun}"


def truncation_warning(result: SearchResult) -> str | None:
    """Never cut a result short silently: say so and say what to do."""
    if not result.truncated:
        return None
    shown = len(result.issues)
    if result.total is None:
        return f"showing the first {shown}; there may be more"
    approx = "≈" if result.total_is_approximate else ""
    return f"showing {shown} of {approx}{result.total}"


TRUNCATION_HINT = "end the request with 'limit 100' for more rows, or narrow the query"


def change_totals(keys: Sequence[str | None]) -> str:
    """'3 changes to 2 issues' for a multi-action plan (a create counts as its own issue)."""
    existing = {key for key in keys if key}
    created = sum(1 for key in keys if not key)
    return f"{plural(len(keys), 'change')} to {plural(len(existing) + created, 'issue')}"

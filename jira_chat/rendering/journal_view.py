"""`jira-chat log`: the journal as a table, plain lines, CSV or JSON, computed from entries.

Newest first, since the question is usually "what did I just do?". Each row is one write to
one issue; its plan id is what `jira-chat undo --plan ID` takes.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from jira_chat.execution.journal import JournalEntry
from jira_chat.text_utils import one_line

if TYPE_CHECKING:
    from jira_chat.rendering.output import Output

LOG_COLUMNS = ("time", "plan", "issue", "action", "change", "request")


_SHOWN = 40  # characters of a value in the log's before → after column


def change_text(before: Mapping[str, Any], after: Mapping[str, Any]) -> str:
    """`status: To Do → Done; assignee: (none) → Sam Rivera`; ids (`*_id`) are left out."""
    from jira_chat.rendering.humanize import format_value

    parts = []
    for name in dict.fromkeys([*before, *after]):
        if name.endswith("_id"):
            continue
        old, new = before.get(name), after.get(name)
        text = (
            f"{name}: {one_line(format_value(old), _SHOWN)} → {one_line(format_value(new), _SHOWN)}"
        )
        parts.append(text if name in before else f"{name}: {one_line(format_value(new), _SHOWN)}")
    return "; ".join(parts)


def entry_row(entry: JournalEntry) -> dict[str, str]:
    action = entry.action if entry.undoes is None else f"{entry.action} (undo of {entry.undoes})"
    if not entry.verified:
        action += " (sent, not verified)"
    return {
        "time": entry.time.astimezone().strftime("%Y-%m-%d %H:%M:%S"),
        "plan": entry.plan,
        "issue": entry.issue,
        "action": action,
        "change": change_text(entry.before, entry.after),
        "request": " ".join(entry.request.splitlines()),
    }


def show_journal(output: Output, entries: Sequence[JournalEntry]) -> None:
    from jira_chat.rendering.output import OutputFormat

    newest_first = list(reversed(entries))
    fmt = output.format
    if not entries and fmt is not OutputFormat.JSON:
        output.info("The journal is empty: jira-chat has not changed anything yet.")
        return
    if fmt is OutputFormat.JSON:
        data = [entry.to_json() for entry in newest_first]
        output.env.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    elif fmt is OutputFormat.CSV:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(LOG_COLUMNS)
        writer.writerows([entry_row(e)[c] for c in LOG_COLUMNS] for e in newest_first)
        output.env.stdout.write(buffer.getvalue())
    elif fmt is OutputFormat.KEYS:
        output.env.stdout.write("".join(f"{e.issue}\n" for e in newest_first))
    elif fmt is OutputFormat.PLAIN:
        for entry in newest_first:
            row = entry_row(entry)
            cells = (row[c].replace("\t", " ") or "-" for c in LOG_COLUMNS)
            output.env.stdout.write("\t".join(cells) + "\n")
    else:
        _table(output, newest_first)
    output.env.stdout.flush()


def _table(output: Output, entries: Sequence[JournalEntry]) -> None:
    from rich.table import Table

    table = Table(box=None, pad_edge=False, header_style="bold")
    for column in LOG_COLUMNS:
        table.add_column(column, overflow="fold", no_wrap=column in {"time", "plan", "issue"})
    for entry in entries:
        row = entry_row(entry)
        table.add_row(*(row[c] for c in LOG_COLUMNS))
    output.env.out_console.print(table)

"""The issue detail view: fields, description, last comments, where it can go next."""

from __future__ import annotations

import datetime as dt
import re

from rich.console import Group, RenderableType
from rich.markdown import Markdown
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from jira_chat.jira_access.records import IssueBrief, IssueRecord
from jira_chat.planning.actions.add_worklog import format_seconds
from jira_chat.planning.actions.attach_file import format_size
from jira_chat.rendering.humanize import relative_time, status_style
from jira_chat.rendering.tables import issue_key_text

LAST_COMMENTS = 3


def _when(value: dt.datetime | dt.date | None, now: dt.datetime | None) -> str:
    if value is None:
        return "-"
    if isinstance(value, dt.datetime):
        return f"{value.date().isoformat()} ({relative_time(value, now)})"
    return value.isoformat()


def _body(text: str, markdown: bool) -> RenderableType:
    """Markdown on a terminal; the text as it is elsewhere, so nothing is lost or restyled."""
    return Markdown(keep_line_structure(text)) if markdown else Text(text)


_FENCE = re.compile(r"^\s*(```|~~~)")
# Lines that say "this block is a log or a stack trace": Java/JS frames, Python frames.
_TRACE_LINE = re.compile(
    r"^\s+at \S+|^\s*File \".*\", line \d+|^Traceback \(most recent call last\)"
    r"|^\s*Caused by: |^\s*\.\.\. \d+ more$"
)


def keep_line_structure(markdown: str) -> str:
    """Markdown whose single line breaks stay line breaks when Rich renders it.

    Jira text is written for Jira's renderer, where a newline is a line break; Markdown
    would join the lines ("1 - asd 2 - asdf"). A paragraph that looks like a stack trace
    becomes a code block so its indentation and symbols survive as well.
    """
    out: list[str] = []
    paragraph: list[str] = []
    fenced = False

    def flush() -> None:
        if any(_TRACE_LINE.search(line) for line in paragraph):
            out.extend(["```", *paragraph, "```"])
        else:
            out.extend(line + "  " for line in paragraph[:-1])
            out.extend(paragraph[-1:])
        paragraph.clear()

    for line in markdown.split("\n"):
        if _FENCE.match(line):
            flush()
            fenced = not fenced
            out.append(line)
        elif fenced:
            out.append(line)
        elif line.strip():
            paragraph.append(line)
        else:
            flush()
            out.append(line)
    flush()
    return "\n".join(out)


def _brief_line(brief: IssueBrief, indent: int) -> RenderableType:
    return Padding(
        Text.assemble((brief.key, "bold"), "  ", (brief.status, "dim"), "  ", brief.summary),
        (0, 0, 0, indent),
    )


def issue_detail(
    issue: IssueRecord, *, markdown: bool, now: dt.datetime | None = None
) -> RenderableType:
    title = Text.assemble(issue_key_text(issue), "  ", (issue.summary, "bold"))
    fields = Table.grid(padding=(0, 2))
    fields.add_column(style="dim", no_wrap=True)
    fields.add_column()
    rows: list[tuple[str, Text]] = [
        ("Type", Text(issue.issue_type or "-")),
        ("Status", Text(issue.status, style=status_style(issue.status_category))),
        ("Priority", Text(issue.priority or "-")),
        ("Assignee", Text(issue.assignee or "Unassigned")),
        ("Reporter", Text(issue.reporter or "-")),
        ("Labels", Text(", ".join(issue.labels) or "-")),
        ("Created", Text(_when(issue.created, now))),
        ("Updated", Text(_when(issue.updated, now))),
        ("Due", Text(_when(issue.due_date, now))),
    ]
    if issue.parent is not None:
        rows.append(("Parent", Text(f"{issue.parent.key}  {issue.parent.summary}")))
    if issue.components:
        rows.append(("Components", Text(", ".join(issue.components))))
    if issue.fix_versions:
        rows.append(("Fix versions", Text(", ".join(issue.fix_versions))))
    if issue.sprints:
        rows.append(("Sprint", Text(", ".join(issue.sprints))))
    # Every non-empty custom field by display name (Story Points, Team, ...), as Jira names it.
    rows.extend((custom.name, Text(custom.shown)) for custom in issue.custom_fields)
    if issue.time_spent_seconds:
        rows.append(("Time logged", Text(format_seconds(issue.time_spent_seconds))))
    if issue.watch_count is not None:
        you = " (including you)" if issue.watching else ""
        rows.append(("Watchers", Text(f"{issue.watch_count}{you}")))
    rows.append(("URL", Text(issue.url, style=f"link {issue.url}" if issue.url else "")))
    for name, value in rows:
        fields.add_row(name, value)

    parts: list[RenderableType] = [title, Padding(fields, (1, 0, 0, 2), expand=False)]
    parts.append(Text("\nDescription", style="bold"))
    if issue.description and issue.description.strip():
        parts.append(Padding(_body(issue.description, markdown), (0, 0, 0, 2), expand=False))
    else:
        parts.append(Padding(Text("(no description)", style="dim"), (0, 0, 0, 2), expand=False))

    if issue.subtasks:
        parts.append(Text(f"\nSub-tasks ({len(issue.subtasks)})", style="bold"))
        parts.extend(_brief_line(task, 2) for task in issue.subtasks)
    if issue.epic_children:
        parts.append(Text(f"\nIssues in this epic ({len(issue.epic_children)})", style="bold"))
        parts.extend(_brief_line(child, 2) for child in issue.epic_children)
    if issue.links:
        parts.append(Text("\nLinks", style="bold"))
        by_wording: dict[str, list[IssueBrief]] = {}
        for link in issue.links:
            by_wording.setdefault(link.wording, []).append(link.other)
        for wording, others in by_wording.items():
            parts.append(Padding(Text(wording, style="italic"), (0, 0, 0, 2)))
            parts.extend(_brief_line(other, 4) for other in others)

    if issue.attachments:
        parts.append(Text(f"\nAttachments ({len(issue.attachments)})", style="bold"))
        for attachment in issue.attachments:
            line = Text.assemble(attachment.filename, "  ", (format_size(attachment.size), "dim"))
            parts.append(Padding(line, (0, 0, 0, 2)))

    if issue.comments:
        shown = issue.comments[-LAST_COMMENTS:]
        heading = f"\nComments (last {len(shown)} of {len(issue.comments)})"
        parts.append(Text(heading, style="bold"))
        for comment in shown:
            parts.append(
                Padding(
                    Text.assemble(
                        (comment.author, "bold"), "  ", (relative_time(comment.created, now), "dim")
                    ),
                    (0, 0, 0, 2),
                )
            )
            parts.append(Padding(_body(comment.body, markdown), (0, 0, 0, 4), expand=False))

    if issue.transitions:
        parts.append(Text("\nTransitions", style="bold"))
        for transition in issue.transitions:
            target: tuple[str, str] = (
                (transition.to_status, status_style(transition.to_category))
                if transition.to_status
                else ("target status unknown", "dim")
            )
            parts.append(Padding(Text.assemble(transition.name, " → ", target), (0, 0, 0, 2)))
    return Group(*parts)

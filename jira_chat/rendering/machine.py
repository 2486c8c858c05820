"""Machine formats (plain, csv, json, keys), computed from records and never from rendered text.

These are contracts for scripts, documented in the README ("Output formats"). Change a column
order or a key name here and somebody's `cut -f3` breaks: add columns at the end instead.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Sequence
from typing import Any

from jira_chat.execution.bulk_records import BulkResult
from jira_chat.execution.noop import AlreadyResult
from jira_chat.execution.records import BoardList, Outcome, SprintList, WriteResult
from jira_chat.jira_access.records import (
    Comment,
    IssueBrief,
    IssueRecord,
    SearchResult,
    TransitionInfo,
)

# `plain`: one issue per line, tab-separated, no header.
PLAIN_COLUMNS: tuple[str, ...] = (
    "key",
    "status",
    "issue_type",
    "priority",
    "assignee",
    "updated",
    "summary",
)
# `plain` for a write: key, action, url, result (done, or already when nothing was needed).
PLAIN_WRITE_COLUMNS: tuple[str, ...] = ("key", "action", "url", "result")
# `csv` and `json`: the same fields, in this order.
RECORD_COLUMNS: tuple[str, ...] = (
    "key",
    "summary",
    "status",
    "status_category",
    "issue_type",
    "priority",
    "assignee",
    "reporter",
    "labels",
    "created",
    "updated",
    "url",
)
CSV_WRITE_COLUMNS: tuple[str, ...] = ("key", "action", "url", "result")
# list_boards and list_sprints: the same columns in plain, csv and json; `keys` prints the id.
BOARD_COLUMNS: tuple[str, ...] = ("id", "name", "type", "project")
SPRINT_COLUMNS: tuple[str, ...] = ("id", "name", "state", "board", "start", "end", "goal")
EMPTY_PLAIN = "-"


def iso_utc(value: dt.datetime | None) -> str | None:
    """ISO 8601 in UTC with a 'Z', so that scripts can sort and compare the text."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _plain_cell(value: str | None) -> str:
    """Tabs and newlines would break the columns; empty would collapse them."""
    if value is None:
        return EMPTY_PLAIN
    text = " ".join(value.replace("\t", " ").splitlines()).strip()
    return text or EMPTY_PLAIN


# --- plain -------------------------------------------------------------------------------


def plain_issue_line(issue: IssueRecord) -> str:
    cells = (
        issue.key,
        issue.status,
        issue.issue_type,
        issue.priority,
        issue.assignee,
        iso_utc(issue.updated),
        issue.summary,
    )
    return "\t".join(_plain_cell(cell) for cell in cells)


def _write_cells(result: WriteResult | AlreadyResult) -> tuple[str, str, str, str]:
    done = "already" if isinstance(result, AlreadyResult) else "done"
    return (result.key, result.action, result.url, done)


def plain_write_line(result: WriteResult | AlreadyResult) -> str:
    return "\t".join(_plain_cell(cell) for cell in _write_cells(result))


def listing_rows(outcome: BoardList | SprintList) -> tuple[tuple[str, ...], list[dict[str, Any]]]:
    """Boards or sprints as (columns, one dict per row): every format is computed from these."""
    if isinstance(outcome, BoardList):
        return BOARD_COLUMNS, [
            {"id": b.id, "name": b.name, "type": b.type, "project": b.project}
            for b in outcome.boards
        ]
    return SPRINT_COLUMNS, [
        {
            "id": s.id,
            "name": s.name,
            "state": s.state,
            "board": s.board,
            "start": iso_utc(s.start),
            "end": iso_utc(s.end),
            "goal": s.goal,
        }
        for s in outcome.sprints
    ]


def _listing_plain(outcome: BoardList | SprintList) -> list[str]:
    columns, rows = listing_rows(outcome)
    return [
        "\t".join(_plain_cell(None if r[c] is None else str(r[c])) for c in columns) for r in rows
    ]


def plain_lines(outcome: Outcome) -> list[str]:
    if isinstance(outcome, SearchResult):
        return [plain_issue_line(issue) for issue in outcome.issues]
    if isinstance(outcome, IssueRecord):
        return [plain_issue_line(outcome)]
    if isinstance(outcome, BulkResult):
        from jira_chat.rendering.bulk_view import report_plain

        return report_plain(outcome).splitlines()
    if isinstance(outcome, BoardList | SprintList):
        return _listing_plain(outcome)
    return [plain_write_line(outcome)]


# --- keys --------------------------------------------------------------------------------


def key_lines(outcome: Outcome) -> list[str]:
    if isinstance(outcome, SearchResult):
        return [issue.key for issue in outcome.issues]
    if isinstance(outcome, BulkResult):
        return [row.key for row in outcome.of_result("done")]
    if isinstance(outcome, BoardList | SprintList):
        return [str(row["id"]) for row in listing_rows(outcome)[1]]
    return [outcome.key]


# --- json --------------------------------------------------------------------------------


def issue_summary_json(issue: IssueRecord) -> dict[str, Any]:
    """The object for one issue in a search: exactly RECORD_COLUMNS."""
    return {
        "key": issue.key,
        "summary": issue.summary,
        "status": issue.status,
        "status_category": issue.status_category,
        "issue_type": issue.issue_type,
        "priority": issue.priority,
        "assignee": issue.assignee,
        "reporter": issue.reporter,
        "labels": list(issue.labels),
        "created": iso_utc(issue.created),
        "updated": iso_utc(issue.updated),
        "url": issue.url,
    }


def _comment_json(comment: Comment) -> dict[str, Any]:
    return {"author": comment.author, "created": iso_utc(comment.created), "body": comment.body}


def _transition_json(transition: TransitionInfo) -> dict[str, Any]:
    return {
        "id": transition.id,
        "name": transition.name,
        "to_status": transition.to_status,
        "to_category": transition.to_category,
    }


def issue_detail_json(issue: IssueRecord) -> dict[str, Any]:
    """`get`: the search object plus description, comments and transitions."""
    data = issue_summary_json(issue)
    data["description"] = issue.description
    data["comments"] = [_comment_json(c) for c in issue.comments]
    data["transitions"] = [_transition_json(t) for t in issue.transitions]
    data["parent"] = _brief_json(issue.parent) if issue.parent else None
    data["subtasks"] = [_brief_json(t) for t in issue.subtasks]
    data["epic_children"] = [_brief_json(t) for t in issue.epic_children]
    data["links"] = [
        {"type": link.type_name, "wording": link.wording, **_brief_json(link.other)}
        for link in issue.links
    ]
    data["components"] = list(issue.components)
    data["fix_versions"] = list(issue.fix_versions)
    data["time_spent_seconds"] = issue.time_spent_seconds
    data["watch_count"] = issue.watch_count
    data["sprints"] = list(issue.sprints)
    data["story_points"] = issue.story_points
    data["custom_fields"] = {c.name: c.value for c in issue.custom_fields}
    data["attachments"] = [
        {"id": a.id, "filename": a.filename, "size": a.size, "mime_type": a.mime_type}
        for a in issue.attachments
    ]
    return data


def _brief_json(brief: IssueBrief) -> dict[str, Any]:
    return {"key": brief.key, "summary": brief.summary, "status": brief.status}


def _json_safe(value: Any) -> Any:
    """Write changes may carry dates and tuples; JSON wants strings and lists."""
    if isinstance(value, dt.datetime):
        return iso_utc(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple | list | set | frozenset):
        return [_json_safe(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _json_safe(v) for k, v in value.items()}
    return value


def outcome_json(outcome: Outcome) -> Any:
    if isinstance(outcome, SearchResult):
        return [issue_summary_json(issue) for issue in outcome.issues]
    if isinstance(outcome, IssueRecord):
        return issue_detail_json(outcome)
    if isinstance(outcome, BulkResult):
        from jira_chat.rendering.bulk_view import report_json

        return _json_safe(report_json(outcome))
    if isinstance(outcome, BoardList | SprintList):
        return listing_rows(outcome)[1]
    return _json_safe(outcome.as_json())


def outcomes_json(outcomes: Sequence[Outcome]) -> Any:
    """One action → its own value; several → an array with one element per action, in order."""
    if len(outcomes) == 1:
        return outcome_json(outcomes[0])
    return [outcome_json(outcome) for outcome in outcomes]


def dump_json(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False)


# --- csv ---------------------------------------------------------------------------------


def _csv_issue_row(issue: IssueRecord) -> list[str]:
    data = issue_summary_json(issue)
    data["labels"] = ";".join(issue.labels)
    return ["" if data[column] is None else str(data[column]) for column in RECORD_COLUMNS]


def _csv_header(outcome: Outcome) -> tuple[str, ...]:
    if isinstance(outcome, BulkResult):
        from jira_chat.rendering.bulk_view import REPORT_COLUMNS

        return REPORT_COLUMNS
    if isinstance(outcome, BoardList | SprintList):
        return listing_rows(outcome)[0]
    return CSV_WRITE_COLUMNS if isinstance(outcome, WriteResult | AlreadyResult) else RECORD_COLUMNS


def _csv_rows(outcome: Outcome) -> list[list[str]]:
    if isinstance(outcome, WriteResult | AlreadyResult):
        return [list(_write_cells(outcome))]
    if isinstance(outcome, BulkResult):
        from jira_chat.rendering.bulk_view import report_rows

        return report_rows(outcome)
    if isinstance(outcome, BoardList | SprintList):
        columns, rows = listing_rows(outcome)
        return [["" if r[c] is None else str(r[c]) for c in columns] for r in rows]
    issues = outcome.issues if isinstance(outcome, SearchResult) else (outcome,)
    return [_csv_issue_row(issue) for issue in issues]


def csv_text(outcome: Outcome) -> str:
    """Header row + rows (RFC 4180 quoting, '\\n' line ends). Writes: key,action,url."""
    return csv_document([outcome])


def csv_document(outcomes: Sequence[Outcome]) -> str:
    """Several outcomes as CSV: outcomes of the same kind in a row share one header, so that
    a plan of three writes is one table of three rows, not three one-row tables."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    previous: tuple[str, ...] | None = None
    for outcome in outcomes:
        header = _csv_header(outcome)
        if header != previous:
            writer.writerow(header)
            previous = header
        writer.writerows(_csv_rows(outcome))
    return buffer.getvalue()

"""Change history: every write through the API records what changed, per field, in Jira's
changelog shape, and keeps the value timelines (`field_spans`) that JQL's WAS reads.

Writers wrap their change in `tracked(ctx, issue_ids)`: the issue is snapshotted before and
after, and the difference becomes one history group (author, time) with one item per field.
Diffing snapshots, instead of logging inside each writer, means no write path can forget to
record, and a write that changes nothing records nothing.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from jira_chat.sandbox.seed_data import (
    EPIC_LINK_FIELD,
    SPRINT_CUSTOM_FIELD,
    STORY_POINTS_FIELD,
    TEAM_FIELD,
)

if TYPE_CHECKING:
    from jira_chat.sandbox.context import Ctx

# (field, field_type, field_id, from, fromString, to, toString)
Item = tuple[str, str, str, str | None, str | None, str | None, str | None]
# JQL's WAS fields -> the snapshot key whose value the span holds.
SPAN_FIELDS = ("status", "assignee", "priority", "reporter", "resolution")
USER_FIELDS = frozenset({"assignee", "reporter"})


@dataclass(frozen=True)
class Scalar:
    """One single-valued field: its changelog name, type, id, raw value and display text."""

    field: str
    field_type: str
    field_id: str
    value: str | None
    text: str | None


Snapshot = dict[str, object]


def _one(conn: sqlite3.Connection, sql: str, params: Sequence[object]) -> sqlite3.Row | None:
    row: sqlite3.Row | None = conn.execute(sql, tuple(params)).fetchone()
    return row


def snapshot(conn: sqlite3.Connection, issue_id: int, *, cloud: bool) -> Snapshot | None:
    """The tracked fields of one issue, or None when it does not exist."""
    row = _one(
        conn,
        "SELECT i.*, s.name AS status_name, p.name AS priority_name, r.name AS resolution_name,"
        " t.name AS type_name, a.display_name AS assignee_name, rp.display_name AS reporter_name,"
        " par.key AS parent_key, pt.hierarchy_level AS parent_level FROM issues i"
        " JOIN statuses s ON s.id = i.status_id JOIN issue_types t ON t.id = i.issue_type_id"
        " LEFT JOIN priorities p ON p.id = i.priority_id"
        " LEFT JOIN resolutions r ON r.id = i.resolution_id"
        " LEFT JOIN users a ON a.id = i.assignee_id LEFT JOIN users rp ON rp.id = i.reporter_id"
        " LEFT JOIN issues par ON par.id = i.parent_id"
        " LEFT JOIN issue_types pt ON pt.id = par.issue_type_id WHERE i.id = ?",
        [issue_id],
    )
    if row is None:
        return None

    def text(value: object) -> str | None:
        return None if value is None else str(value)

    epic_link = not cloud and row["parent_level"] == 1
    parent_field = (
        ("Epic Link", "custom", EPIC_LINK_FIELD) if epic_link else ("Parent", "jira", "parent")
    )
    snap: Snapshot = {
        "status": Scalar("status", "jira", "status", text(row["status_id"]), row["status_name"]),
        "resolution": Scalar("resolution", "jira", "resolution", text(row["resolution_id"]),
                             row["resolution_name"]),
        "assignee": Scalar("assignee", "jira", "assignee", text(row["assignee_id"]),
                           row["assignee_name"]),
        "reporter": Scalar("reporter", "jira", "reporter", text(row["reporter_id"]),
                           row["reporter_name"]),
        "priority": Scalar("priority", "jira", "priority", text(row["priority_id"]),
                           row["priority_name"]),
        "issuetype": Scalar("issuetype", "jira", "issuetype", text(row["issue_type_id"]),
                            row["type_name"]),
        "summary": Scalar("summary", "jira", "summary", None, row["summary"]),
        "description": Scalar("description", "jira", "description", None, row["description"]),
        "duedate": Scalar("duedate", "jira", "duedate", row["due_date"], row["due_date"]),
        "parent": Scalar(*parent_field, text(row["parent_id"]), row["parent_key"]),
    }  # fmt: skip
    labels = [r[0] for r in conn.execute(
        "SELECT label FROM issue_labels WHERE issue_id = ? ORDER BY label", (issue_id,))]  # fmt: skip
    snap["labels"] = Scalar("labels", "jira", "labels", None, " ".join(labels) or None)
    sprints = conn.execute(
        "SELECT s.id, s.name FROM issue_sprints x JOIN sprints s ON s.id = x.sprint_id"
        " WHERE x.issue_id = ? ORDER BY s.id", (issue_id,)).fetchall()  # fmt: skip
    snap["sprint"] = Scalar(
        "Sprint", "custom", SPRINT_CUSTOM_FIELD,
        ", ".join(str(s[0]) for s in sprints) or None, ", ".join(s[1] for s in sprints) or None,
    )  # fmt: skip
    for field_id, name in ((STORY_POINTS_FIELD, "Story Points"), (TEAM_FIELD, "Team")):
        value = _one(conn,
            "SELECT v.number, v.option_id, o.value FROM issue_field_values v LEFT JOIN field_options o"
            " ON o.id = v.option_id WHERE v.issue_id = ? AND v.field_id = ?", [issue_id, field_id])  # fmt: skip
        if value is None:
            snap[field_id] = Scalar(name, "custom", field_id, None, None)
        elif value["option_id"] is not None:
            snap[field_id] = Scalar(
                name, "custom", field_id, str(value["option_id"]), value["value"]
            )
        else:
            number = value["number"]
            shown = str(int(number)) if float(number).is_integer() else str(number)
            snap[field_id] = Scalar(name, "custom", field_id, None, shown)
    for key, table, name, fid in (
        ("fix", "issue_fix_versions", "Fix Version", "fixVersions"),
        ("affects", "issue_affects_versions", "Version", "versions"),
    ):
        snap[key] = (name, fid, {r[0]: r[1] for r in conn.execute(
            f"SELECT v.id, v.name FROM {table} x JOIN versions v ON v.id = x.version_id"
            " WHERE x.issue_id = ?", (issue_id,))})  # fmt: skip
    snap["components"] = ("Component", "components", {r[0]: r[1] for r in conn.execute(
        "SELECT c.id, c.name FROM issue_components x JOIN components c ON c.id = x.component_id"
        " WHERE x.issue_id = ?", (issue_id,))})  # fmt: skip
    return snap


def diff(before: Snapshot, after: Snapshot) -> list[Item]:
    items: list[Item] = []
    for key, old in before.items():
        new = after[key]
        if isinstance(old, Scalar) and isinstance(new, Scalar):
            if (old.value, old.text) != (new.value, new.text) or old.field != new.field:
                items.append((new.field, new.field_type, new.field_id, old.value, old.text,
                              new.value, new.text))  # fmt: skip
        elif isinstance(old, tuple) and isinstance(new, tuple):
            name, fid, old_set = old
            new_set = new[2]
            for vid in sorted(set(old_set) - set(new_set)):
                items.append((name, "jira", fid, str(vid), old_set[vid], None, None))
            for vid in sorted(set(new_set) - set(old_set)):
                items.append((name, "jira", fid, None, None, str(vid), new_set[vid]))
    return items


def record_items(ctx: Ctx, issue_id: int, items: Iterable[Item]) -> None:
    """Write one history group (the current user, now) holding `items`, and move the spans."""
    items = list(items)
    if not items:
        return
    conn = ctx.conn
    cursor = conn.execute(
        "INSERT INTO history_groups(issue_id, author_id, created) VALUES (?, ?, ?)",
        (issue_id, ctx.user_id, ctx.now_ms),
    )
    group_id = cursor.lastrowid
    conn.executemany(
        "INSERT INTO history_items(group_id, issue_id, author_id, created, field, field_type,"
        " field_id, from_value, from_string, to_value, to_string) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        [(group_id, issue_id, ctx.user_id, ctx.now_ms, *item) for item in items],
    )
    for field, _type, field_id, old, _old_text, new, _new_text in items:
        span_field = (
            field if field in SPAN_FIELDS else "fixVersion" if field_id == "fixVersions" else None
        )
        if span_field is None:
            continue
        if span_field != "fixVersion" or old is not None:
            close_spans(conn, issue_id, span_field, ctx.now_ms,
                        None if span_field != "fixVersion" else old)  # fmt: skip
        if span_field != "fixVersion" or new is not None:
            open_span(conn, issue_id, span_field, new, ctx.now_ms, ctx.user_id)


def close_spans(
    conn: sqlite3.Connection, issue_id: int, field: str, now_ms: int, value: str | None
) -> None:
    sql = "UPDATE field_spans SET end_ms = ? WHERE issue_id = ? AND field = ? AND end_ms IS NULL"
    params: list[object] = [now_ms, issue_id, field]
    if value is not None:
        sql += " AND value = ?"
        params.append(int(value))
    conn.execute(sql, params)


def open_span(
    conn: sqlite3.Connection, issue_id: int, field: str, value: str | None, now_ms: int,
    author: int | None,
) -> None:  # fmt: skip
    conn.execute(
        "INSERT INTO field_spans(issue_id, field, value, start_ms, end_ms, author_id)"
        " VALUES (?, ?, ?, ?, NULL, ?)",
        (issue_id, field, None if value is None else int(value), now_ms, author),
    )


def record_created(ctx: Ctx, issue_id: int) -> None:
    """A new issue has no changelog items, but its first values start their timelines."""
    snap = snapshot(ctx.conn, issue_id, cloud=ctx.cloud)
    assert snap is not None
    for field in SPAN_FIELDS:
        scalar = snap[field]
        assert isinstance(scalar, Scalar)
        open_span(ctx.conn, issue_id, field, scalar.value, ctx.now_ms, ctx.user_id)
    fix = snap["fix"]
    assert isinstance(fix, tuple)
    for vid in fix[2]:
        open_span(ctx.conn, issue_id, "fixVersion", str(vid), ctx.now_ms, ctx.user_id)


@contextmanager
def tracked(ctx: Ctx, issue_ids: Sequence[int]) -> Iterator[None]:
    """Record whatever the block changes on `issue_ids` as one history group per issue."""
    before = {i: snapshot(ctx.conn, i, cloud=ctx.cloud) for i in issue_ids}
    yield
    for issue_id, old in before.items():
        new = snapshot(ctx.conn, issue_id, cloud=ctx.cloud)
        if old is not None and new is not None:
            record_items(ctx, issue_id, diff(old, new))

"""Validating and applying issue writes (`fields` and `update`), with Jira's field errors.

Everything is validated before anything is written, and all field errors are reported
together, as Jira does; the caller's transaction makes the write all-or-nothing anyway.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from jira_chat.sandbox import custom_fields as cf
from jira_chat.sandbox import richtext
from jira_chat.sandbox.context import Ctx, db_id, update_row
from jira_chat.sandbox.errors import ApiError, not_found
from jira_chat.sandbox.seed_data import (
    EPIC_LINK_FIELD,
    SPRINT_CUSTOM_FIELD,
    STORY_POINTS_FIELD,
    TEAM_FIELD,
)

CANNOT_SET = "Field '{0}' cannot be set. It is not on the appropriate screen, or unknown."
SUMMARY_REQUIRED = "You must specify a summary of the issue."
_DURATION = re.compile(r"^\s*(?:(\d+(?:\.\d+)?)\s*([wdhm])\s*)+$", re.IGNORECASE)
_DURATION_PART = re.compile(r"(\d+(?:\.\d+)?)\s*([wdhm])", re.IGNORECASE)
_UNIT_SECONDS = {"w": 5 * 8 * 3600, "d": 8 * 3600, "h": 3600, "m": 60}
_SETTABLE = {
    "summary", "description", "issuetype", "priority", "assignee", "reporter", "labels",
    "components", "duedate", "parent", "environment", SPRINT_CUSTOM_FIELD, STORY_POINTS_FIELD,
    TEAM_FIELD, "fixVersions", "versions",
}  # fmt: skip


def find_issue(conn: sqlite3.Connection, id_or_key: str) -> sqlite3.Row:
    """By numeric id or key (case-insensitive), else Jira's 404."""
    if id_or_key.isdigit():
        row = conn.execute("SELECT * FROM issues WHERE id = ?", (db_id(id_or_key),)).fetchone()
    else:
        row = conn.execute("SELECT * FROM issues WHERE key = ?", (id_or_key,)).fetchone()
    if row is None:
        raise not_found()
    return row


def parse_duration(value: object) -> int | None:
    """'1h 30m' -> 5400 (Jira's 8-hour day, 5-day week); None when unparseable."""
    if not isinstance(value, str) or not _DURATION.match(value):
        return None
    total = sum(float(n) * _UNIT_SECONDS[u.lower()] for n, u in _DURATION_PART.findall(value))
    return int(total) if total > 0 else None


def parse_jira_time(value: object) -> int | None:
    """'2026-01-31T10:00:00.000+0000' -> epoch ms."""
    if not isinstance(value, str):
        return None
    for pattern in ("%Y-%m-%dT%H:%M:%S.%f%z", "%Y-%m-%dT%H:%M:%S%z"):
        try:
            return int(datetime.strptime(value, pattern).timestamp() * 1000)
        except ValueError:
            continue
    return None


@dataclass
class Changes:
    """A validated edit, ready to apply."""

    columns: dict[str, object] = field(default_factory=dict)
    labels_set: list[str] | None = None
    labels_add: list[str] = field(default_factory=list)
    labels_remove: list[str] = field(default_factory=list)
    components_set: list[int] | None = None
    components_add: list[int] = field(default_factory=list)
    components_remove: list[int] = field(default_factory=list)
    sprint_set: list[int] | None = None
    comments: list[str] = field(default_factory=list)
    worklogs: list[int] = field(default_factory=list)
    custom: cf.CustomChanges = field(default_factory=cf.CustomChanges)
    errors: dict[str, str] = field(default_factory=dict)


class FieldParser:
    """Turns request values into column values or records an error for that field."""

    def __init__(self, ctx: Ctx, project_id: int | None) -> None:
        self.ctx = ctx
        self.conn = ctx.conn
        self.project_id = project_id

    def user(self, value: object, name: str, changes: Changes) -> int | None:
        if value is None:
            return None
        ref: object = value
        if isinstance(value, dict):
            keys = ("accountId", "id") if self.ctx.cloud else ("name", "key", "accountId")
            present = [k for k in keys if k in value]
            if not present:
                changes.errors[name] = f"Specify a valid value for {name}"
                return None
            ref = value[present[0]]
        if ref is None or ref == "-1":
            return None
        if not isinstance(ref, str):
            changes.errors[name] = f"Specify a valid value for {name}"
            return None
        row = self.conn.execute(
            "SELECT id FROM users WHERE account_id = ? OR name = ? OR ? = 'JIRAUSER' || (10000 + id)",
            (ref, ref, ref),
        ).fetchone()
        if row is None:
            changes.errors[name] = f"User '{ref}' does not exist."
            return None
        return int(row[0])

    def named(
        self, value: object, table: str, name: str, message: str, changes: Changes
    ) -> int | None:
        """An {"id": ...} or {"name": ...} reference into a lookup table."""
        row = None
        if isinstance(value, dict):
            if value.get("id") is not None and db_id(value["id"]) >= 0:
                row = self.conn.execute(
                    f"SELECT id FROM {table} WHERE id = ?", (db_id(value["id"]),)
                ).fetchone()
            elif isinstance(value.get("name"), str):
                row = self.conn.execute(
                    f"SELECT id FROM {table} WHERE name = ?", (value["name"],)
                ).fetchone()
        if row is None:
            changes.errors[name] = message
            return None
        return int(row[0])

    def component_ids(self, values: object, changes: Changes) -> list[int]:
        items = values if isinstance(values, list) else [values]
        ids = []
        for item in items:
            row = None
            if isinstance(item, dict) and self.project_id is not None:
                if item.get("id") is not None and db_id(item["id"]) >= 0:
                    row = self.conn.execute(
                        "SELECT id FROM components WHERE id = ? AND project_id = ?",
                        (db_id(item["id"]), self.project_id),
                    ).fetchone()
                elif isinstance(item.get("name"), str):
                    row = self.conn.execute(
                        "SELECT id FROM components WHERE name = ? AND project_id = ?",
                        (item["name"], self.project_id),
                    ).fetchone()
            if row is None:
                label = item.get("name", item.get("id")) if isinstance(item, dict) else item
                changes.errors["components"] = f"Component name '{label}' is not valid"
            else:
                ids.append(int(row[0]))
        return ids

    def labels(self, values: object, changes: Changes) -> list[str]:
        items = values if isinstance(values, list) else [values]
        good = []
        for item in items:
            if not isinstance(item, str) or not item:
                changes.errors["labels"] = "Labels must be non-empty strings."
            elif any(c.isspace() for c in item):
                changes.errors["labels"] = f"The label '{item}' contains spaces which is invalid."
            elif len(item) > 255:
                changes.errors["labels"] = "The label must not exceed 255 characters."
            else:
                good.append(item)
        return good

    def sprint_ids(self, value: object, changes: Changes) -> list[int]:
        items = value if isinstance(value, list) else ([] if value is None else [value])
        ids = []
        for item in items:
            sprint_id = item.get("id") if isinstance(item, dict) else item
            row = None
            if (
                isinstance(sprint_id, int)
                and not isinstance(sprint_id, bool)
                and db_id(sprint_id) >= 0
            ):
                row = self.conn.execute(
                    "SELECT id FROM sprints WHERE id = ?", (sprint_id,)
                ).fetchone()
            if row is None:
                changes.errors[SPRINT_CUSTOM_FIELD] = (
                    f"Sprint with id '{sprint_id}' does not exist."
                )
            else:
                ids.append(int(row[0]))
        return ids

    def set_field(self, name: str, value: Any, changes: Changes) -> None:
        """One `fields` entry (or an update `set` operation)."""
        ctx, cols = self.ctx, changes.columns
        if name == "summary":
            if not isinstance(value, str) or not value.strip():
                changes.errors["summary"] = SUMMARY_REQUIRED
            elif len(value) > 255:
                changes.errors["summary"] = "Summary must be less than 255 characters."
            else:
                cols["summary"] = value.strip()
        elif name in ("description", "environment"):
            try:
                markdown = richtext.wire_to_markdown(value, adf=ctx.adf, field=name)
            except ApiError as exc:
                changes.errors.update(exc.errors)
                return
            if name == "description":
                cols["description"] = markdown
        elif name == "issuetype":
            type_id = self.named(
                value, "issue_types", name, "The issue type selected is invalid.", changes
            )
            if type_id is not None:
                cols["issue_type_id"] = type_id
        elif name == "priority":
            message = "Specify a valid 'id' or 'name' for Priority"
            if value is None:
                cols["priority_id"] = None
            elif (pid := self.named(value, "priorities", name, message, changes)) is not None:
                cols["priority_id"] = pid
        elif name in ("assignee", "reporter"):
            before = len(changes.errors)
            user_id = self.user(value, name, changes)
            if len(changes.errors) == before:
                cols[f"{name}_id"] = user_id
        elif name == "labels":
            if value is not None and not isinstance(value, list):
                changes.errors["labels"] = "Labels must be a list of strings."
            else:
                changes.labels_set = self.labels(value or [], changes)
        elif name == "components":
            if value is not None and not isinstance(value, list):
                changes.errors["components"] = "Components must be a list."
            else:
                changes.components_set = self.component_ids(value or [], changes)
        elif name == "duedate":
            if value is None or value == "":
                cols["due_date"] = None
            elif (
                isinstance(value, str)
                and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value)
                and _valid_date(value)
            ):
                cols["due_date"] = value
            else:
                changes.errors["duedate"] = f"Error parsing date string: {value}"
        elif name == "parent":
            if value is None:
                cols["parent_id"] = None
                return
            ref = value.get("key") or value.get("id") if isinstance(value, dict) else None
            row = None
            if isinstance(ref, str | int) and not isinstance(ref, bool):
                row = self.conn.execute(
                    "SELECT id FROM issues WHERE key = ? OR id = ?", (str(ref), str(ref))
                ).fetchone()
            if row is None:
                changes.errors["parent"] = "Could not find issue by id or key."
            else:
                cols["parent_id"] = int(row[0])
        elif name == SPRINT_CUSTOM_FIELD:
            changes.sprint_set = self.sprint_ids(value, changes)
        elif name in (STORY_POINTS_FIELD, TEAM_FIELD):
            cf.set_custom(ctx, name, value, changes.custom, changes.errors)
        elif name == EPIC_LINK_FIELD and not ctx.cloud:
            if value is None or value == "":
                cols["parent_id"] = None
            elif not isinstance(value, str):
                changes.errors[name] = "Epic Link must be an issue key."
            elif (epic := cf.epic_parent_id(self.conn, value, changes.errors)) is not None:
                cols["parent_id"] = epic
        elif name in cf.VERSION_TABLES:
            if value is not None and not isinstance(value, list):
                changes.errors[name] = "Versions must be a list."
            else:
                changes.custom.versions_set[name] = cf.version_ids(
                    self.conn, self.project_id, name, value or [], changes.errors
                )
        else:
            changes.errors[name] = CANNOT_SET.format(name)


def _valid_date(text: str) -> bool:
    try:
        datetime.strptime(text, "%Y-%m-%d")
    except ValueError:
        return False
    return True


def parse_edit(
    ctx: Ctx, project_id: int, fields: object, update: object, *, allow: set[str] | None = None
) -> Changes:
    """Validate a `fields` + `update` pair against one project; errors land in `.errors`."""
    changes = Changes()
    parser = FieldParser(ctx, project_id)
    allowed = _SETTABLE | (allow or set()) | (set() if ctx.cloud else {EPIC_LINK_FIELD})
    if fields is not None and not isinstance(fields, dict):
        raise ApiError(400, ["Can not deserialize 'fields': expected an object."])
    if update is not None and not isinstance(update, dict):
        raise ApiError(400, ["Can not deserialize 'update': expected an object."])
    for name, value in (fields or {}).items():
        if name in allowed:
            parser.set_field(name, value, changes)
        else:
            changes.errors[name] = CANNOT_SET.format(name)
    for name, operations in (update or {}).items():
        if not isinstance(operations, list):
            changes.errors[name] = "Field operations must be a list."
            continue
        for operation in operations:
            _parse_operation(ctx, parser, name, operation, changes, allowed)
    return changes


def _parse_operation(
    ctx: Ctx, parser: FieldParser, name: str, operation: object, changes: Changes, allowed: set[str]
) -> None:
    if not isinstance(operation, dict) or len(operation) != 1:
        changes.errors[name] = (
            "Each operation must be an object with one verb (set, add, remove, edit)."
        )
        return
    verb, value = next(iter(operation.items()))
    if name == "comment" and verb == "add":
        body = value.get("body") if isinstance(value, dict) else None
        try:
            markdown = richtext.wire_to_markdown(body, adf=ctx.adf, field="comment")
        except ApiError:
            markdown = None
        if markdown is None:
            changes.errors["comment"] = "Comment body can not be empty!"
        else:
            changes.comments.append(markdown)
    elif name == "worklog" and verb == "add":
        spent = value.get("timeSpent") if isinstance(value, dict) else None
        seconds = parse_duration(spent)
        if seconds is None:
            changes.errors["worklog"] = "Invalid time duration entered."
        else:
            changes.worklogs.append(seconds)
    elif name == "labels" and verb in ("add", "remove"):
        good = parser.labels(value, changes)
        (changes.labels_add if verb == "add" else changes.labels_remove).extend(good)
    elif name == "components" and verb in ("add", "remove"):
        ids = parser.component_ids(value, changes)
        (changes.components_add if verb == "add" else changes.components_remove).extend(ids)
    elif name in cf.VERSION_TABLES and verb in ("add", "remove"):
        ids = cf.version_ids(parser.conn, parser.project_id, name, value, changes.errors)
        target = changes.custom.versions_add if verb == "add" else changes.custom.versions_remove
        target[name].extend(ids)
    elif verb == "set" and name in allowed:
        parser.set_field(name, value, changes)
    elif name in allowed or name in ("comment", "worklog"):
        changes.errors[name] = f"Operation '{verb}' is not supported for field '{name}'."
    else:
        changes.errors[name] = CANNOT_SET.format(name)


def apply_changes(ctx: Ctx, issue_id: int, changes: Changes) -> None:
    """Write a validated edit and bump `updated` (caller holds the write transaction)."""
    conn, now = ctx.conn, ctx.now_ms
    columns = dict(changes.columns)
    columns["updated"] = now
    update_row(conn, "issues", columns, issue_id)
    _apply_set_ops(
        conn,
        "issue_labels",
        "label",
        issue_id,
        changes.labels_set,
        changes.labels_add,
        changes.labels_remove,
    )
    _apply_set_ops(
        conn,
        "issue_components",
        "component_id",
        issue_id,
        changes.components_set,
        changes.components_add,
        changes.components_remove,
    )
    _apply_set_ops(conn, "issue_sprints", "sprint_id", issue_id, changes.sprint_set, (), ())
    cf.apply_custom(conn, issue_id, changes.custom)
    author = ctx.user_id
    if author is not None:
        conn.executemany(
            "INSERT INTO comments(issue_id, author_id, body, created, updated) VALUES (?,?,?,?,?)",
            [(issue_id, author, body, now, now) for body in changes.comments],
        )
        conn.executemany(
            "INSERT INTO worklogs(issue_id, author_id, time_spent_seconds, started, comment, created)"
            " VALUES (?,?,?,?,?,?)",
            [(issue_id, author, seconds, now, None, now) for seconds in changes.worklogs],
        )


def _apply_set_ops(
    conn: sqlite3.Connection,
    table: str,
    column: str,
    issue_id: int,
    replace: Iterable[object] | None,
    add: Iterable[object],
    remove: Iterable[object],
) -> None:
    """Jira's `set` / `add` / `remove` operations on a multi-valued field kept in `table`."""
    if replace is not None:
        conn.execute(f"DELETE FROM {table} WHERE issue_id = ?", (issue_id,))
        add = [*replace, *add]
    conn.executemany(f"INSERT OR IGNORE INTO {table} VALUES (?, ?)", [(issue_id, v) for v in add])
    conn.executemany(
        f"DELETE FROM {table} WHERE issue_id = ? AND {column} = ?", [(issue_id, v) for v in remove]
    )

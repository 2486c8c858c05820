"""Custom fields (Story Points, Team, Epic Link on Server), versions and attachments: their
JSON shapes, how a page of issues loads them, and how writes to them are validated.

Story Points and Team live in `issue_field_values`; Epic Link is the issue's parent when that
parent is an Epic (Server names the link a custom field, Cloud calls it `parent`); fix and
affects versions are side tables like labels.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from jira_chat.sandbox.seed_data import EPIC_LINK_FIELD, STORY_POINTS_FIELD, TEAM_FIELD

if TYPE_CHECKING:
    from jira_chat.sandbox.context import Ctx

Json = dict[str, Any]
VALUE_FIELDS = (STORY_POINTS_FIELD, TEAM_FIELD)
VERSION_TABLES = {"fixVersions": "issue_fix_versions", "versions": "issue_affects_versions"}


def option_json(ctx: Ctx, option_id: int, value: str) -> Json:
    return {"self": ctx.api_url(f"customFieldOption/{option_id}"), "value": value,
            "id": str(option_id)}  # fmt: skip


def version_json(ctx: Ctx, row: sqlite3.Row, *, full: bool = True) -> Json:
    data: Json = {
        "self": ctx.api_url(f"version/{row['id']}"),
        "id": str(row["id"]),
        "name": row["name"],
        "archived": bool(row["archived"]),
        "released": bool(row["released"]),
    }
    if row["description"]:
        data["description"] = row["description"]
    if row["release_date"]:
        data["releaseDate"] = row["release_date"]
    if full:
        if row["start_date"]:
            data["startDate"] = row["start_date"]
        data["projectId"] = row["project_id"]
        if not ctx.cloud:
            data["project"] = ctx.conn.execute(
                "SELECT key FROM projects WHERE id = ?", (row["project_id"],)
            ).fetchone()[0]
    return data


def attachment_json(ctx: Ctx, author: Json | None, row: sqlite3.Row) -> Json:
    from jira_chat.sandbox.render import jira_time

    return {
        "self": ctx.api_url(f"attachment/{row['id']}"),
        "id": str(row["id"]),
        "filename": row["filename"],
        "author": author,
        "created": jira_time(row["created"]),
        "size": row["size"],
        "mimeType": row["mime_type"],
        "content": ctx.api_url(f"attachment/content/{row['id']}"),
    }


def _in(ids: Sequence[int]) -> str:
    return ",".join("?" * len(ids))


@dataclass
class Extras:
    """Per issue: custom field values, versions and attachments, loaded once per page."""

    values: dict[int, Json] = field(default_factory=lambda: defaultdict(dict))
    fix: dict[int, list[Json]] = field(default_factory=lambda: defaultdict(list))
    affects: dict[int, list[Json]] = field(default_factory=lambda: defaultdict(list))
    attachments: dict[int, list[sqlite3.Row]] = field(default_factory=lambda: defaultdict(list))


def load_extras(ctx: Ctx, ids: Sequence[int], fields: frozenset[str]) -> Extras:
    conn, marks, out = ctx.conn, _in(ids), Extras()
    if fields & set(VALUE_FIELDS):
        rows = conn.execute(
            "SELECT v.*, o.value AS option_value FROM issue_field_values v LEFT JOIN field_options"
            f" o ON o.id = v.option_id WHERE v.issue_id IN ({marks})", list(ids))  # fmt: skip
        for r in rows:
            if r["option_id"] is not None:
                out.values[r["issue_id"]][r["field_id"]] = option_json(
                    ctx, r["option_id"], r["option_value"]
                )
            elif r["number"] is not None:
                number = r["number"]
                out.values[r["issue_id"]][r["field_id"]] = (
                    int(number) if float(number).is_integer() else number
                )
    for name, target in (("fixVersions", out.fix), ("versions", out.affects)):
        if name in fields:
            rows = conn.execute(
                f"SELECT x.issue_id, v.* FROM {VERSION_TABLES[name]} x JOIN versions v ON v.id ="
                f" x.version_id WHERE x.issue_id IN ({marks}) ORDER BY v.position, v.id", list(ids))  # fmt: skip
            for r in rows:
                target[r["issue_id"]].append(version_json(ctx, r, full=False))
    if "attachment" in fields:
        rows = conn.execute(
            "SELECT id, issue_id, author_id, filename, mime_type, size, created FROM attachments"
            f" WHERE issue_id IN ({marks}) ORDER BY id", list(ids))  # fmt: skip
        for r in rows:
            out.attachments[r["issue_id"]].append(r)
    return out


# --- writes --------------------------------------------------------------------------------


@dataclass
class CustomChanges:
    """Validated writes to custom fields and versions (part of issue_write.Changes)."""

    values: dict[str, tuple[float | None, int | None] | None] = field(default_factory=dict)
    epic_key: str | None = None  # Server's Epic Link, resolved by the caller to parent_id
    versions_set: dict[str, list[int]] = field(default_factory=dict)
    versions_add: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    versions_remove: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))


def parse_number(value: object, name: str, errors: dict[str, str]) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        errors[name] = "Operation value must be a number"
        return None
    try:
        number = float(value)
    except ValueError:
        errors[name] = "Operation value must be a number"
        return None
    if number != number or abs(number) > 1e15:
        errors[name] = "Operation value must be a number"
        return None
    return number


def parse_option(
    conn: sqlite3.Connection, field_id: str, value: object, name: str, errors: dict[str, str]
) -> int | None:
    """A select option given as {"value": ...}, {"id": ...} or a bare string."""
    if isinstance(value, str):
        value = {"value": value}
    row = None
    if isinstance(value, dict):
        if value.get("id") is not None:
            row = conn.execute(
                "SELECT id FROM field_options WHERE field_id = ? AND CAST(id AS TEXT) = ?",
                (field_id, str(value["id"])),
            ).fetchone()
            shown = value["id"]
        else:
            shown = value.get("value")
            if isinstance(shown, str):
                row = conn.execute(
                    "SELECT id FROM field_options WHERE field_id = ? AND value = ?",
                    (field_id, shown),
                ).fetchone()
        if row is None:
            errors[name] = f"Option value '{shown}' is not valid"
            return None
        return int(row[0])
    errors[name] = f"Specify a valid value for {name}"
    return None


def set_custom(
    ctx: Ctx, name: str, value: object, changes: CustomChanges, errors: dict[str, str]
) -> None:
    """One `fields` entry for Story Points, Team or Epic Link."""
    if name == STORY_POINTS_FIELD:
        before = len(errors)
        number = parse_number(value, name, errors)
        if len(errors) == before:
            changes.values[name] = None if number is None else (number, None)
    elif name == TEAM_FIELD:
        if value is None:
            changes.values[name] = None
        elif (option := parse_option(ctx.conn, name, value, name, errors)) is not None:
            changes.values[name] = (None, option)
    elif name == EPIC_LINK_FIELD:
        if value is None or value == "":
            changes.epic_key = ""
        elif isinstance(value, str):
            changes.epic_key = value
        else:
            errors[name] = "Epic Link must be an issue key."


def version_ids(
    conn: sqlite3.Connection, project_id: int | None, name: str, values: object,
    errors: dict[str, str],
) -> list[int]:  # fmt: skip
    items = values if isinstance(values, list) else [values]
    ids = []
    for item in items:
        row = None
        if isinstance(item, dict) and project_id is not None:
            if item.get("id") is not None:
                row = conn.execute(
                    "SELECT id FROM versions WHERE CAST(id AS TEXT) = ? AND project_id = ?",
                    (str(item["id"]), project_id),
                ).fetchone()
                if row is None:
                    errors[name] = f"Version id '{item['id']}' is not valid"
            elif isinstance(item.get("name"), str):
                row = conn.execute(
                    "SELECT id FROM versions WHERE name = ? AND project_id = ?",
                    (item["name"], project_id),
                ).fetchone()
                if row is None:
                    errors[name] = f"Version name '{item['name']}' is not valid"
        if row is None:
            errors.setdefault(name, 'Versions must be given as {"id": ...} or {"name": ...}.')
        else:
            ids.append(int(row[0]))
    return ids


def apply_custom(conn: sqlite3.Connection, issue_id: int, changes: CustomChanges) -> None:
    for field_id, value in changes.values.items():
        conn.execute(
            "DELETE FROM issue_field_values WHERE issue_id = ? AND field_id = ?",
            (issue_id, field_id),
        )
        if value is not None:
            conn.execute(
                "INSERT INTO issue_field_values(issue_id, field_id, number, option_id)"
                " VALUES (?, ?, ?, ?)",
                (issue_id, field_id, value[0], value[1]),
            )
    for name, table in VERSION_TABLES.items():
        if name in changes.versions_set:
            conn.execute(f"DELETE FROM {table} WHERE issue_id = ?", (issue_id,))
        add = [*changes.versions_set.get(name, []), *changes.versions_add.get(name, [])]
        conn.executemany(
            f"INSERT OR IGNORE INTO {table} VALUES (?, ?)", [(issue_id, v) for v in add]
        )
        conn.executemany(
            f"DELETE FROM {table} WHERE issue_id = ? AND version_id = ?",
            [(issue_id, v) for v in changes.versions_remove.get(name, [])],
        )


def epic_parent_id(conn: sqlite3.Connection, key: str, errors: dict[str, str]) -> int | None:
    """Epic Link's value (an issue key) as the parent id; it must name an Epic."""
    row = conn.execute(
        "SELECT i.id, t.hierarchy_level FROM issues i JOIN issue_types t ON t.id ="
        " i.issue_type_id WHERE i.key = ?",
        (key,),
    ).fetchone()
    if row is None:
        errors[EPIC_LINK_FIELD] = f"The issue '{key}' does not exist."
        return None
    if row["hierarchy_level"] != 1:
        errors[EPIC_LINK_FIELD] = f"The issue '{key}' is not an epic."
        return None
    return int(row["id"])

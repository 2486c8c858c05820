"""Name -> id resolution for JQL values, done once at compile time.

Resolving names in Python first (rather than joining inside the search SQL) lets the search
compare an indexed column with bound ids, and lets unknown values fail the way Jira does:
"The value 'XYZ' does not exist for the field 'project'."

Rules shared by every lookup: names compare case-insensitively; an unquoted number is tried
as an id first and then as a name, anything else as a name first and then (if numeric) an id.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Sequence

from .nodes import Value

ISSUE_KEY = re.compile(r"^([A-Za-z][A-Za-z0-9_]*)-(\d{1,18})$")


def as_id(text: str) -> int | None:
    """`text` as a numeric id SQLite can bind, or None (not ASCII digits, or too large)."""
    stripped = text.strip()
    if not (stripped.isascii() and stripped.isdigit()) or len(stripped) > 18:
        return None
    return int(stripped)


def _ids(conn: sqlite3.Connection, sql: str, params: Sequence[object]) -> list[int]:
    return [int(row[0]) for row in conn.execute(sql, tuple(params))]


def _by_name_or_id(
    conn: sqlite3.Connection, value: Value, name_sql: str, id_sql: str, name_arity: int = 1
) -> list[int]:
    text = value.text.strip()
    by_name = _ids(conn, name_sql, [text] * name_arity)
    numeric = as_id(text)
    if numeric is None:
        return by_name
    by_id = _ids(conn, id_sql, [numeric])
    if value.quoted:
        return by_name or by_id
    return by_id or by_name


def projects(conn: sqlite3.Connection, value: Value) -> list[int]:
    """By key, then name (or by id)."""
    return _by_name_or_id(
        conn,
        value,
        "SELECT id FROM projects WHERE key = ? OR name = ?",
        "SELECT id FROM projects WHERE id = ?",
        name_arity=2,
    )


def issue_types(conn: sqlite3.Connection, value: Value) -> list[int]:
    return _by_name_or_id(
        conn,
        value,
        "SELECT id FROM issue_types WHERE name = ?",
        "SELECT id FROM issue_types WHERE id = ?",
    )


def statuses(conn: sqlite3.Connection, value: Value) -> list[int]:
    return _by_name_or_id(
        conn,
        value,
        "SELECT id FROM statuses WHERE name = ?",
        "SELECT id FROM statuses WHERE id = ?",
    )


def status_category_statuses(conn: sqlite3.Connection, value: Value) -> list[int] | None:
    """The statuses in a category named by name ("To Do"), key ("new") or id; None if unknown."""
    categories = _by_name_or_id(
        conn,
        value,
        "SELECT id FROM status_categories WHERE name = ? OR key = ? COLLATE NOCASE",
        "SELECT id FROM status_categories WHERE id = ?",
        name_arity=2,
    )
    if not categories:
        return None
    marks = ", ".join("?" for _ in categories)
    return _ids(conn, f"SELECT id FROM statuses WHERE category_id IN ({marks})", categories)


def priorities(conn: sqlite3.Connection, value: Value) -> list[int]:
    return _by_name_or_id(
        conn,
        value,
        "SELECT id FROM priorities WHERE name = ?",
        "SELECT id FROM priorities WHERE id = ?",
    )


def priority_rank(conn: sqlite3.Connection, priority_id: int) -> int:
    row = conn.execute("SELECT rank FROM priorities WHERE id = ?", (priority_id,)).fetchone()
    return int(row[0])


def priorities_by_rank(conn: sqlite3.Connection, operator: str, rank: int) -> list[int]:
    """`priority > Medium` means *more* urgent, i.e. a smaller rank number."""
    flipped = {">": "<", ">=": "<=", "<": ">", "<=": ">="}[operator]
    return _ids(conn, f"SELECT id FROM priorities WHERE rank {flipped} ?", [rank])


def resolutions(conn: sqlite3.Connection, value: Value) -> list[int]:
    return _by_name_or_id(
        conn,
        value,
        "SELECT id FROM resolutions WHERE name = ?",
        "SELECT id FROM resolutions WHERE id = ?",
    )


def users(conn: sqlite3.Connection, value: Value) -> list[int]:
    """By accountId, username, display name or email, all case-insensitive."""
    text = value.text.strip()
    return _ids(
        conn,
        "SELECT id FROM users WHERE account_id = ? COLLATE NOCASE OR name = ? "
        "OR display_name = ? COLLATE NOCASE OR email = ? ORDER BY id",
        [text] * 4,
    )


def components(conn: sqlite3.Connection, value: Value) -> list[int]:
    """Component names repeat across projects; a name matches all of them."""
    return _by_name_or_id(
        conn,
        value,
        "SELECT id FROM components WHERE name = ?",
        "SELECT id FROM components WHERE id = ?",
    )


def sprints(conn: sqlite3.Connection, value: Value) -> list[int]:
    """`sprint = 12` is sprint id 12; `sprint = "WEB Sprint 3"` every sprint of that name."""
    return _by_name_or_id(
        conn,
        value,
        "SELECT id FROM sprints WHERE name = ? COLLATE NOCASE",
        "SELECT id FROM sprints WHERE id = ?",
    )


def issues(conn: sqlite3.Connection, value: Value) -> list[int] | None:
    """By key (`WEB-5`) or numeric id; None when the text is not a key or an id at all."""
    text = value.text.strip()
    if ISSUE_KEY.match(text):
        return _ids(conn, "SELECT id FROM issues WHERE key = ?", [text])
    numeric = as_id(text)
    if numeric is not None:
        return _ids(conn, "SELECT id FROM issues WHERE id = ?", [numeric])
    return None


def project_by_key(conn: sqlite3.Connection, key: str) -> int | None:
    row = conn.execute("SELECT id FROM projects WHERE key = ?", (key,)).fetchone()
    return None if row is None else int(row[0])


def versions(conn: sqlite3.Connection, value: Value) -> list[int]:
    """Version names repeat across projects (every project has a 1.0); a name matches all."""
    return _by_name_or_id(
        conn,
        value,
        "SELECT id FROM versions WHERE name = ?",
        "SELECT id FROM versions WHERE id = ?",
    )


def options(conn: sqlite3.Connection, field_id: str, value: Value) -> list[int]:
    """A select option of `field_id` by its value or id."""
    return _by_name_or_id(
        conn,
        value,
        f"SELECT id FROM field_options WHERE field_id = '{field_id}' AND value = ?",
        f"SELECT id FROM field_options WHERE field_id = '{field_id}' AND id = ?",
    )

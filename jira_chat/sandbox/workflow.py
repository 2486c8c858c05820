"""The one workflow every project uses: transitions, and what moving to/from Done implies."""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING, Any

from jira_chat.sandbox.seed_data import DONE_RESOLUTION_ID

if TYPE_CHECKING:
    from jira_chat.sandbox.context import Ctx
    from jira_chat.sandbox.render import Catalog


def available_transitions(conn: sqlite3.Connection, status_id: int) -> list[sqlite3.Row]:
    return conn.execute(
        "SELECT * FROM transitions WHERE (from_status_id = ? OR from_status_id IS NULL)"
        " AND to_status_id != ? ORDER BY id",
        (status_id, status_id),
    ).fetchall()


def transitions_json(ctx: Ctx, catalog: Catalog, status_id: int) -> list[dict[str, Any]]:
    return [
        {
            "id": str(t["id"]),
            "name": t["name"],
            "to": catalog.status(t["to_status_id"]),
            "hasScreen": False,
            "isGlobal": t["from_status_id"] is None,
            "isInitial": False,
            "isAvailable": True,
            "isConditional": False,
            "isLooped": False,
        }
        for t in available_transitions(ctx.conn, status_id)
    ]


def is_done(conn: sqlite3.Connection, status_id: int) -> bool:
    row = conn.execute(
        "SELECT c.key FROM statuses s JOIN status_categories c ON c.id = s.category_id WHERE s.id = ?",
        (status_id,),
    ).fetchone()
    return row is not None and row[0] == "done"


def move_issue(
    conn: sqlite3.Connection,
    issue_id: int,
    to_status_id: int,
    now_ms: int,
    resolution_id: int | None,
) -> None:
    """Set the status; entering Done sets resolution and resolved, leaving Done clears them."""
    if is_done(conn, to_status_id):
        conn.execute(
            "UPDATE issues SET status_id = ?, resolution_id = ?, resolved = ?, updated = ? WHERE id = ?",
            (to_status_id, resolution_id or DONE_RESOLUTION_ID, now_ms, now_ms, issue_id),
        )
    else:
        conn.execute(
            "UPDATE issues SET status_id = ?, resolution_id = NULL, resolved = NULL, updated = ?"
            " WHERE id = ?",
            (to_status_id, now_ms, issue_id),
        )

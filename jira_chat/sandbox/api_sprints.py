"""Agile writes and board views: create / update / delete sprints (with Jira's state rules),
board epics and their issues, the backlog, and the board configuration."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from typing import Any

from jira_chat.sandbox.api_agile import _board, _board_json, _issue_page, _paged, _sprint
from jira_chat.sandbox.context import Ctx, update_row
from jira_chat.sandbox.errors import ApiError
from jira_chat.sandbox.issue_write import find_issue
from jira_chat.sandbox.render import sprint_json
from jira_chat.sandbox.routing import Reply, Route, route
from jira_chat.sandbox.seed_data import STORY_POINTS_FIELD

# Jira's state machine for a sprint: future -> active -> closed, never back.
_ALLOWED = {("future", "active"), ("active", "closed")}


def _instant(value: object, name: str, errors: dict[str, str]) -> int | None:
    """Agile dates: ISO 8601 with 'Z', an offset, or a bare date."""
    if not isinstance(value, str) or not value.strip():
        errors[name] = f"The {name} must be a date such as 2026-01-31T10:00:00.000Z."
        return None
    text = value.strip().replace("Z", "+00:00")
    if len(text) == 10:
        text += "T00:00:00+00:00"
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        errors[name] = f"The {name} must be a date such as 2026-01-31T10:00:00.000Z."
        return None
    if moment.tzinfo is None:
        errors[name] = f"The {name} must include a time zone (e.g. Z)."
        return None
    return int(moment.timestamp() * 1000)


def _sprint_columns(body: dict[str, Any], errors: dict[str, str]) -> dict[str, object]:
    columns: dict[str, object] = {}
    if "name" in body:
        name = body["name"]
        if not isinstance(name, str) or not name.strip():
            errors["name"] = "The sprint name must not be empty."
        elif len(name) > 255:
            errors["name"] = "The sprint name must not exceed 255 characters."
        else:
            columns["name"] = name.strip()
    if "goal" in body:
        if not isinstance(body["goal"], str | None):
            errors["goal"] = "The sprint goal must be text."
        else:
            columns["goal"] = body["goal"] or ""
    for key, column in (("startDate", "start_date"), ("endDate", "end_date")):
        if key in body:
            columns[column] = None if body[key] is None else _instant(body[key], key, errors)
    return columns


def create_sprint(ctx: Ctx) -> Reply:
    body = ctx.json_object()
    errors: dict[str, str] = {}
    if "name" not in body:
        errors["name"] = "The sprint name must not be empty."
    columns = _sprint_columns(body, errors)
    board_id = body.get("originBoardId")
    board = None
    if (
        isinstance(board_id, int | str)
        and not isinstance(board_id, bool)
        and str(board_id).isdigit()
    ):
        board = ctx.conn.execute("SELECT * FROM boards WHERE id = ?", (int(board_id),)).fetchone()
    if board is None:
        errors["originBoardId"] = f"Board with id {board_id} does not exist."
    _check_dates(columns, None, errors)
    if errors:
        raise ApiError(400, errors=errors)
    assert board is not None
    names = ", ".join(["board_id", "state", *columns])
    cursor = ctx.conn.execute(
        f"INSERT INTO sprints({names}) VALUES ({', '.join('?' * (2 + len(columns)))})",
        [board["id"], "future", *columns.values()],
    )
    row = ctx.conn.execute("SELECT * FROM sprints WHERE id = ?", (cursor.lastrowid,)).fetchone()
    return Reply(201, sprint_json(ctx, row))


def _check_dates(
    columns: dict[str, object], row: sqlite3.Row | None, errors: dict[str, str]
) -> None:
    start = columns.get("start_date", row["start_date"] if row is not None else None)
    end = columns.get("end_date", row["end_date"] if row is not None else None)
    if isinstance(start, int) and isinstance(end, int) and end < start:
        errors["endDate"] = "The sprint end date must be after its start date."


def update_sprint(ctx: Ctx) -> dict[str, Any]:
    """POST (partial) and PUT: name, goal, dates and state, with Jira's transition rules."""
    row = _sprint(ctx)
    body = ctx.json_object()
    errors: dict[str, str] = {}
    columns = _sprint_columns(body, errors)
    state = body.get("state", row["state"])
    if state not in ("future", "active", "closed"):
        errors["state"] = f"The sprint state '{state}' is not valid: use future, active or closed."
    elif state != row["state"]:
        if (row["state"], state) not in _ALLOWED:
            raise ApiError(400, [_transition_refusal(row["state"], state)])
        if state == "active":
            start = columns.get("start_date", row["start_date"])
            end = columns.get("end_date", row["end_date"])
            if start is None or end is None:
                raise ApiError(
                    400, ["A sprint must have a start date and an end date to be started."]
                )
            active = ctx.conn.execute(
                "SELECT name FROM sprints WHERE board_id = ? AND state = 'active' AND id != ?",
                (row["board_id"], row["id"]),
            ).fetchone()
            if active is not None:
                raise ApiError(400, [f"Sprint '{active['name']}' is already active on this board."])
        if state == "closed":
            columns["complete_date"] = ctx.now_ms
        columns["state"] = state
    elif row["state"] == "closed" and ({"start_date", "end_date"} & set(columns)):
        errors["startDate"] = "The dates of a closed sprint cannot be changed."
    _check_dates(columns, row, errors)
    if errors:
        raise ApiError(400, errors=errors)
    update_row(ctx.conn, "sprints", columns, row["id"])
    return sprint_json(ctx, _sprint(ctx))


def _transition_refusal(old: str, new: str) -> str:
    if old == "closed":
        return "A closed sprint cannot be reopened or restarted."
    if old == "future" and new == "closed":
        return "A sprint that has not been started cannot be closed."
    return "An active sprint cannot be moved back to future."


def delete_sprint(ctx: Ctx) -> Reply:
    """Open issues of a deleted sprint go back to the backlog, as in Jira."""
    row = _sprint(ctx)
    from jira_chat.sandbox.history import tracked

    members = [r[0] for r in ctx.conn.execute(
        "SELECT issue_id FROM issue_sprints WHERE sprint_id = ?", (row["id"],))]  # fmt: skip
    with tracked(ctx, members):
        ctx.conn.execute("DELETE FROM issue_sprints WHERE sprint_id = ?", (row["id"],))
    ctx.conn.execute("DELETE FROM sprints WHERE id = ?", (row["id"],))
    return Reply(204)


# --- board views ---------------------------------------------------------------------------


def _epic_json(ctx: Ctx, row: sqlite3.Row) -> dict[str, Any]:
    return {
        "id": row["id"], "key": row["key"], "self": ctx.agile_url(f"epic/{row['id']}"),
        "name": row["summary"], "summary": row["summary"],
        "color": {"key": f"color_{row['id'] % 14 + 1}"}, "done": row["category"] == "done",
    }  # fmt: skip


_EPICS = (
    "SELECT i.*, c.key AS category FROM issues i JOIN issue_types t ON t.id = i.issue_type_id"
    " JOIN statuses s ON s.id = i.status_id JOIN status_categories c ON c.id = s.category_id"
    " WHERE t.hierarchy_level = 1"
)


def board_epics(ctx: Ctx) -> dict[str, Any]:
    board = _board(ctx)
    rows = ctx.conn.execute(f"{_EPICS} AND i.project_id = ? ORDER BY i.id", (board["project_id"],))
    done = ctx.arg("done")
    epics = [_epic_json(ctx, r) for r in rows]
    if done is not None:
        epics = [e for e in epics if e["done"] == (done.lower() == "true")]
    return _paged(ctx, epics)


def _epic(ctx: Ctx, ref: str) -> sqlite3.Row:
    issue = find_issue(ctx.conn, ref) if ref else None
    row = ctx.conn.execute(f"{_EPICS} AND i.id = ?", (issue["id"],)).fetchone() if issue else None
    if row is None:
        raise ApiError(404, [f"Issue {ref} is not an epic or does not exist."])
    return row


def board_epic_issues(ctx: Ctx) -> dict[str, Any]:
    board = _board(ctx)
    if ctx.match["epic"].lower() == "none":
        return _issue_page(ctx, "i.project_id = ? AND i.parent_id IS NULL AND i.issue_type_id IN"
                           " (SELECT id FROM issue_types WHERE hierarchy_level = 0)",
                           [board["project_id"]])  # fmt: skip
    epic = _epic(ctx, ctx.match["epic"])
    return _issue_page(
        ctx, "i.project_id = ? AND i.parent_id = ?", [board["project_id"], epic["id"]]
    )


def epic(ctx: Ctx) -> dict[str, Any]:
    return _epic_json(ctx, _epic(ctx, ctx.match["epic"]))


def epic_issues(ctx: Ctx) -> dict[str, Any]:
    row = _epic(ctx, ctx.match["epic"])
    return _issue_page(ctx, "i.parent_id = ?", [row["id"]])


def backlog(ctx: Ctx) -> dict[str, Any]:
    """Unfinished issues of the board in no active or future sprint (epics have their panel)."""
    board = _board(ctx)
    return _issue_page(
        ctx,
        "i.project_id = ? AND i.id NOT IN (SELECT x.issue_id FROM issue_sprints x JOIN sprints s"
        " ON s.id = x.sprint_id WHERE s.state IN ('active', 'future')) AND i.status_id IN"
        " (SELECT s.id FROM statuses s JOIN status_categories c ON c.id = s.category_id WHERE"
        " c.key != 'done') AND i.issue_type_id IN (SELECT id FROM issue_types WHERE"
        " hierarchy_level <= 0)",
        [board["project_id"]],
    )


def board_configuration(ctx: Ctx) -> dict[str, Any]:
    board = _board(ctx)
    statuses = ctx.conn.execute("SELECT * FROM statuses ORDER BY position").fetchall()
    data = _board_json(ctx, board)
    return {
        "id": board["id"], "name": board["name"], "type": board["type"],
        "self": ctx.agile_url(f"board/{board['id']}/configuration"),
        "location": {"type": "project", "key": board["pkey"], "id": str(board["project_id"]),
                     "self": ctx.api_url(f"project/{board['project_id']}"), "name": board["pname"]},
        "filter": {"id": str(board["id"]), "self": ctx.api_url(f"filter/{board['id']}")},
        "columnConfig": {
            "columns": [{"name": s["name"], "statuses": [
                {"id": str(s["id"]), "self": ctx.api_url(f"status/{s['id']}")}]} for s in statuses],
            "constraintType": "none",
        },
        "estimation": {"type": "field", "field": {"fieldId": STORY_POINTS_FIELD,
                                                   "displayName": "Story Points"}},
        "ranking": {"rankCustomFieldId": 10019},
        "subQuery": {"query": "resolution = EMPTY OR resolution changed after -2w"},
        "canEdit": True, "isPrivate": False, "favourite": data.get("favourite", False),
    }  # fmt: skip


ROUTES: list[Route] = [
    route("agile", "POST", "sprint", create_sprint, write=True),
    route("agile", "POST PUT", "sprint/{id}", update_sprint, write=True),
    route("agile", "DELETE", "sprint/{id}", delete_sprint, write=True),
    route("agile", "GET", "board/{id}/epic", board_epics),
    route("agile", "GET", "board/{id}/epic/{epic}/issue", board_epic_issues),
    route("agile", "GET", "board/{id}/backlog", backlog),
    route("agile", "GET", "board/{id}/configuration", board_configuration),
    route("agile", "GET", "epic/{epic}", epic),
    route("agile", "GET", "epic/{epic}/issue", epic_issues),
]

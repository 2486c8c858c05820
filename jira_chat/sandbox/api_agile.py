"""Agile (/rest/agile/1.0): boards, their sprints, and the issues in a sprint or board."""

from __future__ import annotations

import sqlite3
from typing import Any

from jira_chat.sandbox.api_search import compile_query
from jira_chat.sandbox.context import Ctx
from jira_chat.sandbox.errors import ApiError
from jira_chat.sandbox.fielddefs import select_fields
from jira_chat.sandbox.render import IssueRenderer, sprint_json
from jira_chat.sandbox.routing import Route, route


def _paged(ctx: Ctx, items: list[Any], default_limit: int = 50) -> dict[str, Any]:
    start = ctx.arg_int("startAt", 0)
    limit = min(ctx.arg_int("maxResults", default_limit, minimum=1), 50)
    page = items[start : start + limit]
    return {"maxResults": limit, "startAt": start, "total": len(items),
            "isLast": start + len(page) >= len(items), "values": page}  # fmt: skip


def _board_json(ctx: Ctx, row: sqlite3.Row) -> dict[str, Any]:
    return {
        "id": row["id"],
        "self": ctx.agile_url(f"board/{row['id']}"),
        "name": row["name"],
        "type": row["type"],
        "location": {
            "projectId": row["project_id"], "projectKey": row["pkey"], "projectName": row["pname"],
            "displayName": f"{row['pname']} ({row['pkey']})", "projectTypeKey": "software",
            "name": row["pname"],
        },
    }  # fmt: skip


_BOARDS = "SELECT b.*, p.key AS pkey, p.name AS pname FROM boards b JOIN projects p ON p.id = b.project_id"


def boards(ctx: Ctx) -> dict[str, Any]:
    rows = ctx.conn.execute(f"{_BOARDS} ORDER BY b.id").fetchall()
    project = (ctx.arg("projectKeyOrId") or "").lower()
    board_type = ctx.arg("type")
    name = (ctx.arg("name") or "").lower()
    rows = [
        r for r in rows
        if (not project or project in (r["pkey"].lower(), str(r["project_id"])))
        and (not board_type or r["type"] in board_type.split(","))
        and name in r["name"].lower()
    ]  # fmt: skip
    return _paged(ctx, [_board_json(ctx, r) for r in rows])


def _board(ctx: Ctx) -> sqlite3.Row:
    ident = ctx.match["id"]
    row = (
        ctx.conn.execute(f"{_BOARDS} WHERE b.id = ?", (ident,)).fetchone()
        if ident.isdigit()
        else None
    )
    if row is None:
        raise ApiError(404, [f"Board with id {ident} does not exist."])
    return row


def board(ctx: Ctx) -> dict[str, Any]:
    return _board_json(ctx, _board(ctx))


def board_sprints(ctx: Ctx) -> dict[str, Any]:
    row = _board(ctx)
    states = [s.strip() for s in (ctx.arg("state") or "").split(",") if s.strip()]
    sprints = ctx.conn.execute(
        "SELECT * FROM sprints WHERE board_id = ? ORDER BY id", (row["id"],)
    ).fetchall()
    return _paged(ctx, [sprint_json(ctx, s) for s in sprints if not states or s["state"] in states])


def _sprint(ctx: Ctx) -> sqlite3.Row:
    ident = ctx.match["id"]
    row = (
        ctx.conn.execute("SELECT * FROM sprints WHERE id = ?", (ident,)).fetchone()
        if ident.isdigit()
        else None
    )
    if row is None:
        raise ApiError(404, [f"Sprint with id {ident} does not exist."])
    return row


def sprint(ctx: Ctx) -> dict[str, Any]:
    return sprint_json(ctx, _sprint(ctx))


def _issue_page(ctx: Ctx, where: str, params: list[object]) -> dict[str, Any]:
    start = ctx.arg_int("startAt", 0)
    limit = min(ctx.arg_int("maxResults", 50, minimum=1), 100)
    jql = ctx.arg("jql")
    order = "i.id ASC"
    if jql:
        query = compile_query(ctx, jql)
        where, params, order = (
            f"({where}) AND ({query.where})",
            [*params, *query.params],
            query.order_by,
        )
    total = ctx.conn.execute(f"SELECT COUNT(*) FROM issues AS i WHERE {where}", params).fetchone()[
        0
    ]
    ids = [r[0] for r in ctx.conn.execute(
        f"SELECT i.id FROM issues AS i WHERE {where} ORDER BY {order} LIMIT ? OFFSET ?", [*params, limit, start])]  # fmt: skip
    issues = IssueRenderer(ctx).render(ids, select_fields(ctx.arg_list("fields"), "*navigable"))
    return {
        "expand": "schema,names",
        "startAt": start,
        "maxResults": limit,
        "total": total,
        "issues": issues,
    }


def sprint_issues(ctx: Ctx) -> dict[str, Any]:
    row = _sprint(ctx)
    return _issue_page(
        ctx, "i.id IN (SELECT issue_id FROM issue_sprints WHERE sprint_id = ?)", [row["id"]]
    )


def board_issues(ctx: Ctx) -> dict[str, Any]:
    row = _board(ctx)
    return _issue_page(ctx, "i.project_id = ?", [row["project_id"]])


ROUTES: list[Route] = [
    route("agile", "GET", "board", boards),
    route("agile", "GET", "board/{id}", board),
    route("agile", "GET", "board/{id}/sprint", board_sprints),
    route("agile", "GET", "board/{id}/issue", board_issues),
    route("agile", "GET", "sprint/{id}", sprint),
    route("agile", "GET", "sprint/{id}/issue", sprint_issues),
]

"""Read-only metadata: serverInfo, myself, fields, projects, types, statuses, users."""

from __future__ import annotations

import sqlite3
from typing import Any

from jira_chat.sandbox.context import Ctx
from jira_chat.sandbox.custom_fields import version_json
from jira_chat.sandbox.errors import ApiError
from jira_chat.sandbox.fielddefs import fields_for
from jira_chat.sandbox.render import Catalog, component_json, jira_time, project_json, user_json
from jira_chat.sandbox.routing import Route, route

VERSION = {"cloud": ("1001.0.0-SNAPSHOT", [1001, 0, 0]), "server": ("9.12.2", [9, 12, 2])}


def server_info(ctx: Ctx) -> dict[str, Any]:
    version, numbers = VERSION[ctx.flavor]
    info: dict[str, Any] = {
        "baseUrl": ctx.base_url,
        "version": version,
        "versionNumbers": numbers,
        "deploymentType": "Cloud" if ctx.cloud else "Server",
        "buildNumber": 100250 if ctx.cloud else 9120002,
        "buildDate": "2026-01-01T00:00:00.000+0000",
        "serverTime": jira_time(ctx.now_ms),
        "scmInfo": "0000000000000000000000000000000000000000",
        "serverTitle": "jira-chat sandbox",
        "serverTimeZone": "UTC",
    }
    if ctx.cloud:
        info["displayUrl"] = ctx.base_url
    return info


def _user_row(ctx: Ctx, user_id: int | None) -> sqlite3.Row | None:
    if user_id is None:
        return None
    return ctx.conn.execute("SELECT * FROM users WHERE id = ?", (user_id,)).fetchone()


def myself(ctx: Ctx) -> Any:
    data = user_json(ctx, _user_row(ctx, ctx.user_id))
    if data is not None:
        data["groups"] = {"size": 1, "items": []}
        data["applicationRoles"] = {"size": 1, "items": []}
    return data


def fields(ctx: Ctx) -> list[dict[str, object]]:
    return [f.as_json() for f in fields_for(ctx.flavor)]


def _find_project(ctx: Ctx, key_or_id: str) -> sqlite3.Row:
    column = "id" if key_or_id.isdigit() else "key"
    row = ctx.conn.execute(f"SELECT * FROM projects WHERE {column} = ?", (key_or_id,)).fetchone()
    if row is None:
        raise ApiError(404, [f"No project could be found with key '{key_or_id}'."])
    return row


def _full_project(ctx: Ctx, row: sqlite3.Row, catalog: Catalog) -> dict[str, Any]:
    data = project_json(ctx, row)
    lead = catalog.user(row["lead_id"])
    components = ctx.conn.execute(
        "SELECT * FROM components WHERE project_id = ? ORDER BY name", (row["id"],)
    ).fetchall()
    data.update(
        {
            "description": row["description"],
            "lead": lead,
            "components": [component_json(ctx, c) for c in components],
            "issueTypes": [catalog.issue_type(t) for t in sorted(catalog.types)],
            "assigneeType": "UNASSIGNED",
            "versions": [
                version_json(ctx, v)
                for v in ctx.conn.execute(
                    "SELECT * FROM versions WHERE project_id = ? ORDER BY position, id",
                    (row["id"],),
                )
            ],
            "roles": {},
            "isPrivate": False,
            "style": "classic",
        }
    )
    return data


def projects(ctx: Ctx) -> list[dict[str, Any]]:
    catalog = Catalog(ctx)
    rows = ctx.conn.execute("SELECT * FROM projects ORDER BY key").fetchall()
    return [
        _full_project(ctx, r, catalog)
        if "issueTypes" in (ctx.arg("expand") or "")
        else project_json(ctx, r)
        for r in rows
    ]


def project_search(ctx: Ctx) -> dict[str, Any]:
    start = ctx.arg_int("startAt", 0)
    limit = ctx.arg_int("maxResults", 50, minimum=1)
    query = (ctx.arg("query") or "").lower()
    rows = [
        r for r in ctx.conn.execute("SELECT * FROM projects ORDER BY key")
        if query in r["key"].lower() or query in r["name"].lower()
    ]  # fmt: skip
    page = rows[start : start + limit]
    return {
        "self": ctx.api_url("project/search"),
        "maxResults": limit,
        "startAt": start,
        "total": len(rows),
        "isLast": start + limit >= len(rows),
        "values": [project_json(ctx, r) for r in page],
    }


def project(ctx: Ctx) -> dict[str, Any]:
    return _full_project(ctx, _find_project(ctx, ctx.match["key"]), Catalog(ctx))


def project_components(ctx: Ctx) -> list[dict[str, Any]]:
    row = _find_project(ctx, ctx.match["key"])
    rows = ctx.conn.execute(
        "SELECT * FROM components WHERE project_id = ? ORDER BY name", (row["id"],)
    )
    return [{**component_json(ctx, c), "project": row["key"], "projectId": row["id"]} for c in rows]


def project_statuses(ctx: Ctx) -> list[dict[str, Any]]:
    _find_project(ctx, ctx.match["key"])
    catalog = Catalog(ctx)
    statuses = [
        catalog.status(s)
        for s in sorted(catalog.statuses, key=lambda s: catalog.statuses[s]["position"])
    ]
    return [
        {"self": ctx.api_url(f"issuetype/{t}"), "id": str(t), "name": catalog.types[t]["name"],
         "subtask": bool(catalog.types[t]["subtask"]), "statuses": statuses}
        for t in sorted(catalog.types)
    ]  # fmt: skip


def issue_types(ctx: Ctx) -> list[dict[str, Any]]:
    catalog = Catalog(ctx)
    return [catalog.issue_type(t) for t in sorted(catalog.types)]


def issue_type(ctx: Ctx) -> dict[str, Any]:
    catalog = Catalog(ctx)
    type_id = ctx.match["id"]
    if not type_id.isdigit() or int(type_id) not in catalog.types:
        raise ApiError(404, [f"The issue type with id '{type_id}' does not exist"])
    return catalog.issue_type(int(type_id))


def priorities(ctx: Ctx) -> list[Any]:
    catalog = Catalog(ctx)
    ordered = sorted(catalog.priorities, key=lambda p: catalog.priorities[p]["rank"])
    return [catalog.priority(p) for p in ordered]


def statuses(ctx: Ctx) -> list[Any]:
    catalog = Catalog(ctx)
    return [
        catalog.status(s)
        for s in sorted(catalog.statuses, key=lambda s: catalog.statuses[s]["position"])
    ]


def status_one(ctx: Ctx) -> Any:
    catalog = Catalog(ctx)
    ident = ctx.match["id"]
    for status_id, row in catalog.statuses.items():
        if str(status_id) == ident or row["name"].lower() == ident.lower():
            return catalog.status(status_id)
    raise ApiError(404, [f"The status with id '{ident}' does not exist"])


def status_categories(ctx: Ctx) -> list[Any]:
    catalog = Catalog(ctx)
    return [catalog.category(c) for c in sorted(catalog.categories)]


def resolutions(ctx: Ctx) -> list[Any]:
    catalog = Catalog(ctx)
    return [catalog.resolution(r) for r in sorted(catalog.resolutions)]


def link_types(ctx: Ctx) -> dict[str, Any]:
    rows = ctx.conn.execute("SELECT * FROM link_types ORDER BY id").fetchall()
    return {
        "issueLinkTypes": [
            {"id": str(r["id"]), "name": r["name"], "inward": r["inward"], "outward": r["outward"],
             "self": ctx.api_url(f"issueLinkType/{r['id']}")}
            for r in rows
        ]
    }  # fmt: skip


def _matches(row: sqlite3.Row, needle: str) -> bool:
    needle = needle.lower().strip()
    if not needle:
        return False
    if needle in (row["account_id"].lower(), row["name"].lower(), row["email"].lower()):
        return True
    words = [*row["display_name"].lower().split(), row["display_name"].lower()]
    return (
        any(w.startswith(needle) for w in words)
        or row["email"].lower().startswith(needle)
        or row["name"].lower().startswith(needle)
    )


def _user_query(ctx: Ctx) -> str:
    needle = ctx.arg("query") or ctx.arg("username") or ctx.arg("accountId")
    if needle is None:
        if ctx.cloud:
            raise ApiError(400, ["The query parameter 'query' is required."])
        raise ApiError(400, ["The username query parameter was not provided"])
    return needle


def _user_page(ctx: Ctx, rows: list[sqlite3.Row]) -> list[Any]:
    start = ctx.arg_int("startAt", 0)
    limit = ctx.arg_int("maxResults", 50, minimum=1)
    return [user_json(ctx, r) for r in rows[start : start + limit]]


def user_search(ctx: Ctx) -> list[Any]:
    needle = _user_query(ctx)
    rows = ctx.conn.execute("SELECT * FROM users WHERE active = 1 ORDER BY display_name").fetchall()
    everyone = needle.strip() in ("", ".", "%")
    return _user_page(ctx, [r for r in rows if everyone or _matches(r, needle)])


def assignable_search(ctx: Ctx) -> list[Any]:
    if not (ctx.arg("project") or ctx.arg("issueKey") or ctx.arg("projectKeys")):
        raise ApiError(400, ["One of 'project', 'issueKey' or 'projectKeys' must be given."])
    needle = ctx.arg("query") or ctx.arg("username") or ""
    rows = ctx.conn.execute("SELECT * FROM users WHERE active = 1 ORDER BY display_name").fetchall()
    return _user_page(ctx, [r for r in rows if not needle or _matches(r, needle)])


def user_get(ctx: Ctx) -> Any:
    ident = ctx.arg("accountId") or ctx.arg("username") or ctx.arg("key")
    row = None
    if ident:
        row = ctx.conn.execute(
            "SELECT * FROM users WHERE account_id = ? OR name = ? OR ? = 'JIRAUSER' || (10000 + id)",
            (ident, ident, ident),
        ).fetchone()
    if row is None:
        raise ApiError(404, [f"The user with the key '{ident}' does not exist"])
    return user_json(ctx, row)


ROUTES: list[Route] = [
    route("api", "GET", "serverInfo", server_info),
    route("api", "GET", "myself", myself),
    route("auth", "GET", "session", myself),  # JIRA(validate=True) checks the login here
    route("api", "GET", "field", fields),
    route("api", "GET", "project", projects),
    route("api", "GET", "project/search", project_search),
    route("api", "GET", "project/{key}", project),
    route("api", "GET", "project/{key}/components", project_components),
    route("api", "GET", "project/{key}/statuses", project_statuses),
    route("api", "GET", "issuetype", issue_types),
    route("api", "GET", "issuetype/{id}", issue_type),
    route("api", "GET", "priority", priorities),
    route("api", "GET", "status", statuses),
    route("api", "GET", "status/{id}", status_one),
    route("api", "GET", "statuscategory", status_categories),
    route("api", "GET", "resolution", resolutions),
    route("api", "GET", "issueLinkType", link_types),
    route("api", "GET", "user", user_get),
    route("api", "GET", "user/search", user_search),
    route("api", "GET", "user/assignable/search", assignable_search),
]

"""The rest of what other Jira clients call: remote links, bulk create, filters (and
favourites), Cloud's `priority/search` and `label`, Server's `projects/picker`."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from jira_chat.sandbox.context import Ctx, db_id, parse_bool, update_row
from jira_chat.sandbox.errors import ApiError
from jira_chat.sandbox.issue_write import find_issue
from jira_chat.sandbox.render import Catalog, project_json
from jira_chat.sandbox.routing import Reply, Route, route

Json = dict[str, Any]


def _paged(ctx: Ctx, values: list[Any], path: str, default: int = 50) -> Json:
    start = ctx.arg_int("startAt", 0)
    limit = ctx.arg_int("maxResults", default, minimum=1)
    page = values[start : start + limit]
    return {"self": ctx.api_url(path), "maxResults": limit, "startAt": start,
            "total": len(values), "isLast": start + len(page) >= len(values), "values": page}  # fmt: skip


# --- remote links --------------------------------------------------------------------------


def _remote_json(ctx: Ctx, issue: sqlite3.Row, row: sqlite3.Row) -> Json:
    data: Json = {
        "id": row["id"],
        "self": ctx.api_url(f"issue/{issue['key']}/remotelink/{row['id']}"),
        "object": {"url": row["url"], "title": row["title"], "icon": {}, "status": {}},
    }
    if row["summary"]:
        data["object"]["summary"] = row["summary"]
    if row["global_id"]:
        data["globalId"] = row["global_id"]
    if row["relationship"]:
        data["relationship"] = row["relationship"]
    data["application"] = json.loads(row["application"]) if row["application"] else {}
    return data


def _remote_values(body: Json) -> tuple[str | None, str, str, str | None, str | None, str | None]:
    obj = body.get("object")
    errors: dict[str, str] = {}
    if not isinstance(obj, dict):
        raise ApiError(
            400, errors={"object": "The remote link needs an 'object' with url and title."}
        )
    url, title = obj.get("url"), obj.get("title")
    if not isinstance(url, str) or not url.strip():
        errors["url"] = "'url' is required."
    if not isinstance(title, str) or not title.strip():
        errors["title"] = "'title' is required."
    if errors:
        raise ApiError(400, errors=errors)
    assert isinstance(url, str) and isinstance(title, str)
    summary = obj.get("summary") if isinstance(obj.get("summary"), str) else None
    global_id = body.get("globalId") if isinstance(body.get("globalId"), str) else None
    relationship = body.get("relationship") if isinstance(body.get("relationship"), str) else None
    app = body.get("application")
    return (
        global_id,
        url,
        title,
        summary,
        relationship,
        json.dumps(app) if isinstance(app, dict) else None,
    )


def list_remote_links(ctx: Ctx) -> list[Json]:
    issue = find_issue(ctx.conn, ctx.match["key"])
    rows = ctx.conn.execute(
        "SELECT * FROM remote_links WHERE issue_id = ? ORDER BY id", (issue["id"],)
    ).fetchall()
    wanted = ctx.arg("globalId")
    return [_remote_json(ctx, issue, r) for r in rows if wanted is None or r["global_id"] == wanted]


def add_remote_link(ctx: Ctx) -> Reply:
    """A link with a known globalId is updated in place (200), as Jira does; otherwise 201."""
    issue = find_issue(ctx.conn, ctx.match["key"])
    global_id, url, title, summary, relationship, app = _remote_values(ctx.json_object())
    existing = None
    if global_id:
        existing = ctx.conn.execute(
            "SELECT id FROM remote_links WHERE issue_id = ? AND global_id = ?",
            (issue["id"], global_id),
        ).fetchone()
    if existing is not None:
        ctx.conn.execute(
            "UPDATE remote_links SET url = ?, title = ?, summary = ?, relationship = ?,"
            " application = ? WHERE id = ?", (url, title, summary, relationship, app, existing[0]))  # fmt: skip
        link_id, status = int(existing[0]), 200
    else:
        cursor = ctx.conn.execute(
            "INSERT INTO remote_links(issue_id, global_id, url, title, summary, relationship,"
            " application) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (issue["id"], global_id, url, title, summary, relationship, app),
        )
        link_id, status = int(cursor.lastrowid or 0), 201
    ctx.conn.execute("UPDATE issues SET updated = ? WHERE id = ?", (ctx.now_ms, issue["id"]))
    return Reply(
        status, {"id": link_id, "self": ctx.api_url(f"issue/{issue['key']}/remotelink/{link_id}")}
    )


def _remote_row(ctx: Ctx) -> tuple[sqlite3.Row, sqlite3.Row]:
    issue = find_issue(ctx.conn, ctx.match["key"])
    row = ctx.conn.execute(
        "SELECT * FROM remote_links WHERE id = ? AND issue_id = ?",
        (db_id(ctx.match["id"]), issue["id"]),
    ).fetchone()
    if row is None:
        raise ApiError(404, [f"No remote link with id '{ctx.match['id']}' exists on this issue."])
    return issue, row


def get_remote_link(ctx: Ctx) -> Json:
    issue, row = _remote_row(ctx)
    return _remote_json(ctx, issue, row)


def update_remote_link(ctx: Ctx) -> Reply:
    _issue, row = _remote_row(ctx)
    global_id, url, title, summary, relationship, app = _remote_values(ctx.json_object())
    ctx.conn.execute(
        "UPDATE remote_links SET global_id = ?, url = ?, title = ?, summary = ?, relationship = ?,"
        " application = ? WHERE id = ?",
        (global_id, url, title, summary, relationship, app, row["id"]),
    )
    return Reply(204)


def delete_remote_link(ctx: Ctx) -> Reply:
    _issue, row = _remote_row(ctx)
    ctx.conn.execute("DELETE FROM remote_links WHERE id = ?", (row["id"],))
    return Reply(204)


def delete_remote_link_by_global_id(ctx: Ctx) -> Reply:
    issue = find_issue(ctx.conn, ctx.match["key"])
    global_id = ctx.arg("globalId")
    if not global_id:
        raise ApiError(400, ["The globalId parameter is required."])
    ctx.conn.execute(
        "DELETE FROM remote_links WHERE issue_id = ? AND global_id = ?", (issue["id"], global_id)
    )
    return Reply(204)


# --- bulk create ---------------------------------------------------------------------------


def bulk_create(ctx: Ctx) -> Reply:
    """Each element is created or fails on its own (Jira reports failedElementNumber)."""
    from jira_chat.sandbox.api_issues import create_from_body

    body = ctx.json_object()
    updates = body.get("issueUpdates")
    if not isinstance(updates, list) or not updates:
        raise ApiError(400, errors={"issueUpdates": "Provide at least one issue to create."})
    if len(updates) > 50:
        raise ApiError(400, ["You can create at most 50 issues in one request."])
    created: list[Json] = []
    failed: list[Json] = []
    for number, element in enumerate(updates):
        ctx.conn.execute("SAVEPOINT bulk_element")
        try:
            if not isinstance(element, dict):
                raise ApiError(400, ["Each issue must be an object with 'fields'."])
            created.append(create_from_body(ctx, element))
        except ApiError as exc:
            ctx.conn.execute("ROLLBACK TO bulk_element")
            failed.append({"status": exc.status, "failedElementNumber": number,
                           "elementErrors": exc.body()})  # fmt: skip
        ctx.conn.execute("RELEASE bulk_element")
    return Reply(201 if created else 400, {"issues": created, "errors": failed})


# --- filters -------------------------------------------------------------------------------


def _filter_json(ctx: Ctx, row: sqlite3.Row) -> Json:
    owner = Catalog(ctx).user(row["owner_id"])
    return {
        "self": ctx.api_url(f"filter/{row['id']}"), "id": str(row["id"]), "name": row["name"],
        "description": row["description"], "owner": owner, "jql": row["jql"],
        "viewUrl": f"{ctx.base_url}/issues/?filter={row['id']}",
        "searchUrl": ctx.api_url(f"search?jql={row['jql']}"),
        "favourite": bool(row["favourite"]), "favouritedCount": int(row["favourite"]),
        "sharePermissions": [], "subscriptions": {"size": 0, "items": []},
    }  # fmt: skip


def _filter_row(ctx: Ctx) -> sqlite3.Row:
    ident = ctx.match["id"]
    row = ctx.conn.execute("SELECT * FROM filters WHERE id = ?", (db_id(ident),)).fetchone()
    if row is None:
        raise ApiError(
            400,
            [
                "The selected filter is not available to you, perhaps it has been deleted or had its permissions changed."
            ],
        )
    return row


def _filter_columns(
    ctx: Ctx, body: Json, *, creating: bool, own_id: int | None = None
) -> dict[str, object]:
    from jira_chat.sandbox.api_search import compile_query

    errors: dict[str, str] = {}
    columns: dict[str, object] = {}
    if "name" in body or creating:
        name = body.get("name")
        if not isinstance(name, str) or not name.strip():
            errors["filterName"] = "You must specify a name for this filter."
        elif ctx.conn.execute(
            "SELECT 1 FROM filters WHERE name = ? AND owner_id IS ? AND id IS NOT ?",
            (name.strip(), ctx.user_id, own_id),
        ).fetchone():
            errors["filterName"] = "Filter with same name already exists."
        else:
            columns["name"] = name.strip()
    if "jql" in body or creating:
        jql = body.get("jql", "")
        if not isinstance(jql, str):
            errors["jql"] = "The JQL must be a string."
        else:
            try:
                compile_query(ctx, jql)
            except ApiError as exc:
                errors["jql"] = " ".join(exc.messages)
            columns["jql"] = jql
    if "description" in body:
        columns["description"] = body["description"] if isinstance(body["description"], str) else ""
    if "favourite" in body:
        columns["favourite"] = int(parse_bool(body["favourite"], "favourite", False))
    if errors:
        raise ApiError(400, errors=errors)
    return columns


def create_filter(ctx: Ctx) -> Json:
    columns = _filter_columns(ctx, ctx.json_object(), creating=True)
    columns["owner_id"] = ctx.user_id
    cursor = ctx.conn.execute(
        f"INSERT INTO filters({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
        list(columns.values()),
    )
    row = ctx.conn.execute("SELECT * FROM filters WHERE id = ?", (cursor.lastrowid,)).fetchone()
    return _filter_json(ctx, row)


def get_filter(ctx: Ctx) -> Json:
    return _filter_json(ctx, _filter_row(ctx))


def update_filter(ctx: Ctx) -> Json:
    row = _filter_row(ctx)
    columns = _filter_columns(ctx, ctx.json_object(), creating=False, own_id=row["id"])
    update_row(ctx.conn, "filters", columns, row["id"])
    return _filter_json(ctx, _filter_row(ctx))


def delete_filter(ctx: Ctx) -> Reply:
    ctx.conn.execute("DELETE FROM filters WHERE id = ?", (_filter_row(ctx)["id"],))
    return Reply(204)


def set_favourite(ctx: Ctx) -> Json:
    row = _filter_row(ctx)
    ctx.conn.execute(
        "UPDATE filters SET favourite = ? WHERE id = ?",
        (int(ctx.request.method == "PUT"), row["id"]),
    )
    return _filter_json(ctx, _filter_row(ctx))


def favourite_filters(ctx: Ctx) -> list[Json]:
    rows = ctx.conn.execute("SELECT * FROM filters WHERE favourite = 1 ORDER BY name").fetchall()
    return [_filter_json(ctx, r) for r in rows]


def my_filters(ctx: Ctx) -> list[Json]:
    rows = ctx.conn.execute(
        "SELECT * FROM filters WHERE owner_id IS ? ORDER BY name", (ctx.user_id,)
    ).fetchall()
    return [_filter_json(ctx, r) for r in rows]


def search_filters(ctx: Ctx) -> Json:
    needle = (ctx.arg("filterName") or "").lower()
    rows = ctx.conn.execute("SELECT * FROM filters ORDER BY name").fetchall()
    return _paged(ctx, [_filter_json(ctx, r) for r in rows if needle in r["name"].lower()],
                  "filter/search")  # fmt: skip


# --- small lists ---------------------------------------------------------------------------


def priority_search(ctx: Ctx) -> Json:
    catalog = Catalog(ctx)
    wanted = set(ctx.arg_list("id") or [])
    values = []
    for pid in sorted(catalog.priorities, key=lambda p: catalog.priorities[p]["rank"]):
        data = catalog.priority(pid)
        assert data is not None
        if wanted and data["id"] not in wanted:
            continue
        values.append({**data, "statusColor": "#cccccc", "description": f"{data['name']} priority",
                       "isDefault": pid == 3})  # fmt: skip
    return _paged(ctx, values, "priority/search")


def labels(ctx: Ctx) -> Json:
    rows = ctx.conn.execute("SELECT DISTINCT label FROM issue_labels ORDER BY label").fetchall()
    return _paged(ctx, [r[0] for r in rows], "label", default=1000)


def projects_picker(ctx: Ctx) -> Json:
    needle = (ctx.arg("query") or "").lower()
    limit = ctx.arg_int("maxResults", 100, minimum=1)
    rows = [r for r in ctx.conn.execute("SELECT * FROM projects ORDER BY name")
            if needle in r["key"].lower() or needle in r["name"].lower()]  # fmt: skip
    shown = rows[:limit]
    projects = []
    for r in shown:
        data = project_json(ctx, r)
        projects.append({"html": f"{r['name']} ({r['key']})", "key": r["key"], "name": r["name"],
                         "id": r["id"], "avatar": data["avatarUrls"]["16x16"]})  # fmt: skip
    return {"header": f"Showing {len(shown)} of {len(rows)} matching projects",
            "projects": projects, "total": len(rows)}  # fmt: skip


ROUTES: list[Route] = [
    route("api", "GET", "priority/search", priority_search, flavors="cloud"),
    route("api", "GET", "label", labels, flavors="cloud"),
    route("api", "GET", "projects/picker", projects_picker, flavors="server"),
    route("api", "GET", "issue/{key}/remotelink", list_remote_links),
    route("api", "POST", "issue/{key}/remotelink", add_remote_link, write=True),
    route("api", "DELETE", "issue/{key}/remotelink", delete_remote_link_by_global_id, write=True),
    route("api", "GET", "issue/{key}/remotelink/{id}", get_remote_link),
    route("api", "PUT", "issue/{key}/remotelink/{id}", update_remote_link, write=True),
    route("api", "DELETE", "issue/{key}/remotelink/{id}", delete_remote_link, write=True),
    route("api", "POST", "issue/bulk", bulk_create, write=True),
    route("api", "POST", "filter", create_filter, write=True),
    route("api", "GET", "filter/favourite", favourite_filters),
    route("api", "GET", "filter/my", my_filters),
    route("api", "GET", "filter/search", search_filters, flavors="cloud"),
    route("api", "GET", "filter/{id}", get_filter),
    route("api", "PUT", "filter/{id}", update_filter, write=True),
    route("api", "DELETE", "filter/{id}", delete_filter, write=True),
    route("api", "PUT DELETE", "filter/{id}/favourite", set_favourite, write=True),
]

"""Less-travelled endpoints python-jira exposes: edit/create metadata, single resources by id,
comment edit/delete, link get/delete, and moving issues into a sprint or the backlog."""

from __future__ import annotations

from typing import Any

from jira_chat.sandbox import richtext
from jira_chat.sandbox.api_issues import comment_row
from jira_chat.sandbox.api_meta import _find_project
from jira_chat.sandbox.context import Ctx, db_id
from jira_chat.sandbox.custom_fields import option_json, version_json
from jira_chat.sandbox.errors import ApiError, not_found
from jira_chat.sandbox.fielddefs import FieldDef, fields_for
from jira_chat.sandbox.history import tracked
from jira_chat.sandbox.issue_write import find_issue
from jira_chat.sandbox.render import Catalog, comment_json, worklog_json
from jira_chat.sandbox.routing import Reply, Route, route
from jira_chat.sandbox.seed_data import EPIC_LINK_FIELD, STORY_POINTS_FIELD, TEAM_FIELD

_EDITABLE = ("summary", "description", "issuetype", "priority", "assignee", "reporter", "labels",
             "components", "duedate", "parent", "customfield_10020", "fixVersions", "versions",
             STORY_POINTS_FIELD, TEAM_FIELD, EPIC_LINK_FIELD)  # fmt: skip
_MULTI = ["add", "set", "remove"]
_OPERATIONS = {"labels": _MULTI, "components": _MULTI, "fixVersions": _MULTI, "versions": _MULTI}


def _field_meta(field: FieldDef, *, required: bool) -> dict[str, Any]:
    described = field.as_json()
    return {
        "required": required,
        "schema": described["schema"],
        "name": field.name,
        "key": field.id,
        "fieldId": field.id,
        "hasDefaultValue": field.id == "priority",
        "operations": _OPERATIONS.get(field.id, ["set"]),
    }


def _fields_meta(ctx: Ctx, project_id: int, *, creating: bool) -> dict[str, dict[str, Any]]:
    wanted = (*_EDITABLE, "project") if creating else _EDITABLE
    required = {"summary", "issuetype", "project"} if creating else {"summary", "issuetype"}
    meta = {
        f.id: _field_meta(f, required=f.id in required)
        for f in fields_for(ctx.flavor) if f.id in wanted
    } | (
        {"project": _field_meta(FieldDef("project", "Project", "project"), required=True)}
        if creating
        else {}
    )  # fmt: skip
    options = ctx.conn.execute(
        "SELECT id, value FROM field_options WHERE field_id = ? ORDER BY id", (TEAM_FIELD,)
    ).fetchall()
    meta[TEAM_FIELD]["allowedValues"] = [option_json(ctx, o["id"], o["value"]) for o in options]
    versions = ctx.conn.execute(
        "SELECT * FROM versions WHERE project_id = ? ORDER BY position, id", (project_id,)
    ).fetchall()
    for name in ("fixVersions", "versions"):
        meta[name]["allowedValues"] = [version_json(ctx, v) for v in versions]
    return meta


def edit_meta(ctx: Ctx) -> dict[str, Any]:
    row = find_issue(ctx.conn, ctx.match["key"])
    return {"fields": _fields_meta(ctx, row["project_id"], creating=False)}


def createmeta_types(ctx: Ctx) -> dict[str, Any]:
    _find_project(ctx, ctx.match["key"])
    catalog = Catalog(ctx)
    values = [catalog.issue_type(t) for t in sorted(catalog.types)]
    return {"startAt": 0, "maxResults": 50, "total": len(values), "isLast": True, "values": values}


def createmeta_fields(ctx: Ctx) -> dict[str, Any]:
    project = _find_project(ctx, ctx.match["key"])
    if (
        not ctx.match["type"].isdigit()
        or not ctx.conn.execute(
            "SELECT 1 FROM issue_types WHERE id = ?", (db_id(ctx.match["type"]),)
        ).fetchone()
    ):
        raise ApiError(404, ["Issue type with id '" + ctx.match["type"] + "' does not exist."])
    values = list(_fields_meta(ctx, project["id"], creating=True).values())
    return {"startAt": 0, "maxResults": 50, "total": len(values), "isLast": True, "values": values}


def _one(ctx: Ctx, kind: str) -> Any:
    catalog = Catalog(ctx)
    ident = ctx.match["id"]
    table = {
        "priority": catalog.priorities,
        "resolution": catalog.resolutions,
        "statuscategory": catalog.categories,
    }[kind]
    key = int(ident) if ident.isdigit() else None
    if key not in table:
        raise ApiError(404, [f"The {kind} with id '{ident}' does not exist"])
    if kind == "priority":
        return catalog.priority(key)
    if kind == "resolution":
        return catalog.resolution(key)
    return catalog.category(int(ident))


def edit_comment(ctx: Ctx) -> dict[str, Any]:
    row = comment_row(ctx)
    body = ctx.json_object()
    markdown = richtext.wire_to_markdown(body.get("body"), adf=ctx.adf, field="comment")
    if markdown is None:
        raise ApiError(400, errors={"comment": "Comment body can not be empty!"})
    ctx.conn.execute(
        "UPDATE comments SET body = ?, updated = ? WHERE id = ?", (markdown, ctx.now_ms, row["id"])
    )
    fresh = ctx.conn.execute("SELECT * FROM comments WHERE id = ?", (row["id"],)).fetchone()
    return comment_json(ctx, Catalog(ctx), fresh)


def delete_comment(ctx: Ctx) -> Reply:
    row = comment_row(ctx)
    ctx.conn.execute("DELETE FROM comments WHERE id = ?", (row["id"],))
    return Reply(204)


def get_worklog(ctx: Ctx) -> dict[str, Any]:
    issue = find_issue(ctx.conn, ctx.match["key"])
    wid = ctx.match["wid"]
    row = ctx.conn.execute(
        "SELECT * FROM worklogs WHERE id = ? AND issue_id = ?",
        (db_id(wid), issue["id"]),
    ).fetchone()
    if row is None:
        raise not_found(f"Cannot find worklog with id: '{wid}'.")
    return worklog_json(ctx, Catalog(ctx), row)


def delete_worklog(ctx: Ctx) -> Reply:
    """DELETE issue/{key}/worklog/{id}: 204, as Jira (which also adjusts the estimate)."""
    issue = find_issue(ctx.conn, ctx.match["key"])
    wid = ctx.match["wid"]
    deleted = ctx.conn.execute(
        "DELETE FROM worklogs WHERE id = ? AND issue_id = ?", (db_id(wid), issue["id"])
    ).rowcount
    if not deleted:
        raise not_found(f"Cannot find worklog with id: '{wid}'.")
    return Reply(204)


def _link_row(ctx: Ctx) -> Any:
    ident = ctx.match["id"]
    row = ctx.conn.execute(
        "SELECT l.*, t.name AS type_name, t.inward, t.outward FROM issue_links l JOIN link_types t"
        " ON t.id = l.type_id WHERE l.id = ?",
        (db_id(ident),),
    ).fetchone()
    if row is None:
        raise ApiError(404, [f"No issue link with id '{ident}' exists."])
    return row


def get_link(ctx: Ctx) -> dict[str, Any]:
    row = _link_row(ctx)
    keys = dict(ctx.conn.execute(
        "SELECT id, key FROM issues WHERE id IN (?, ?)", (row["inward_issue_id"], row["outward_issue_id"])))  # fmt: skip
    return {
        "id": str(row["id"]),
        "self": ctx.api_url(f"issueLink/{row['id']}"),
        "type": {"id": str(row["type_id"]), "name": row["type_name"], "inward": row["inward"],
                 "outward": row["outward"], "self": ctx.api_url(f"issueLinkType/{row['type_id']}")},
        "inwardIssue": {"id": str(row["inward_issue_id"]), "key": keys.get(row["inward_issue_id"]),
                        "self": ctx.api_url(f"issue/{row['inward_issue_id']}")},
        "outwardIssue": {"id": str(row["outward_issue_id"]), "key": keys.get(row["outward_issue_id"]),
                         "self": ctx.api_url(f"issue/{row['outward_issue_id']}")},
    }  # fmt: skip


def delete_link(ctx: Ctx) -> Reply:
    row = _link_row(ctx)
    ctx.conn.execute("DELETE FROM issue_links WHERE id = ?", (row["id"],))
    return Reply(204)


def link_type(ctx: Ctx) -> dict[str, Any]:
    ident = ctx.match["id"]
    row = ctx.conn.execute("SELECT * FROM link_types WHERE id = ?", (db_id(ident),)).fetchone()
    if row is None:
        raise ApiError(404, [f"No issue link type with id '{ident}' exists."])
    return {"id": str(row["id"]), "name": row["name"], "inward": row["inward"], "outward": row["outward"],
            "self": ctx.api_url(f"issueLinkType/{row['id']}")}  # fmt: skip


def _issue_ids_from_body(ctx: Ctx) -> list[int]:
    body = ctx.json_object()
    refs = body.get("issues")
    if not isinstance(refs, list) or not refs or not all(isinstance(r, str) for r in refs):
        raise ApiError(
            400, errors={"issues": "The issues must be a non-empty list of issue keys or ids."}
        )
    ids = []
    for ref in refs:
        try:
            ids.append(int(find_issue(ctx.conn, ref)["id"]))
        except ApiError as exc:
            raise ApiError(
                400, [f"Issue '{ref}' does not exist or you do not have permission to see it."]
            ) from exc
    return ids


def move_to_sprint(ctx: Ctx) -> Reply:
    """An issue is in at most one open sprint: moving replaces its active/future membership."""
    ident = ctx.match["id"]
    sprint = ctx.conn.execute("SELECT * FROM sprints WHERE id = ?", (db_id(ident),)).fetchone()
    if sprint is None:
        raise ApiError(404, [f"Sprint with id {ident} does not exist."])
    if sprint["state"] == "closed":
        raise ApiError(400, ["Issues can't be moved to a closed sprint."])
    ids = _issue_ids_from_body(ctx)
    with tracked(ctx, ids):
        for issue_id in ids:
            _leave_open_sprints(ctx, issue_id)
            ctx.conn.execute(
                "INSERT OR IGNORE INTO issue_sprints VALUES (?, ?)", (issue_id, sprint["id"])
            )
            ctx.conn.execute("UPDATE issues SET updated = ? WHERE id = ?", (ctx.now_ms, issue_id))
    return Reply(204)


def move_to_backlog(ctx: Ctx) -> Reply:
    ids = _issue_ids_from_body(ctx)
    with tracked(ctx, ids):
        for issue_id in ids:
            _leave_open_sprints(ctx, issue_id)
            ctx.conn.execute("UPDATE issues SET updated = ? WHERE id = ?", (ctx.now_ms, issue_id))
    return Reply(204)


def _leave_open_sprints(ctx: Ctx, issue_id: int) -> None:
    ctx.conn.execute(
        "DELETE FROM issue_sprints WHERE issue_id = ? AND sprint_id IN"
        " (SELECT id FROM sprints WHERE state != 'closed')",
        (issue_id,),
    )


ROUTES: list[Route] = [
    route("api", "GET", "issue/{key}/editmeta", edit_meta),
    route("api", "GET", "issue/createmeta/{key}/issuetypes", createmeta_types),
    route("api", "GET", "issue/createmeta/{key}/issuetypes/{type}", createmeta_fields),
    route("api", "GET", "priority/{id}", lambda ctx: _one(ctx, "priority")),
    route("api", "GET", "resolution/{id}", lambda ctx: _one(ctx, "resolution")),
    route("api", "GET", "statuscategory/{id}", lambda ctx: _one(ctx, "statuscategory")),
    route("api", "PUT", "issue/{key}/comment/{cid}", edit_comment, write=True),
    route("api", "DELETE", "issue/{key}/comment/{cid}", delete_comment, write=True),
    route("api", "GET", "issue/{key}/worklog/{wid}", get_worklog),
    route("api", "DELETE", "issue/{key}/worklog/{wid}", delete_worklog, write=True),
    route("api", "GET", "issueLink/{id}", get_link),
    route("api", "DELETE", "issueLink/{id}", delete_link, write=True),
    route("api", "GET", "issueLinkType/{id}", link_type),
    route("agile", "POST", "sprint/{id}/issue", move_to_sprint, write=True),
    route("agile", "POST", "backlog/issue", move_to_backlog, write=True),
]

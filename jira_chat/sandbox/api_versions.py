"""Versions (create, read, update/release, delete, per project) and attachments (multipart
upload behind Jira's XSRF header, metadata, content, delete)."""

from __future__ import annotations

import mimetypes
import re
import sqlite3
from typing import Any

from jira_chat.sandbox.api_meta import _find_project
from jira_chat.sandbox.context import Ctx, db_id, update_row
from jira_chat.sandbox.custom_fields import attachment_json, version_json
from jira_chat.sandbox.errors import ApiError
from jira_chat.sandbox.issue_write import find_issue
from jira_chat.sandbox.render import Catalog
from jira_chat.sandbox.routing import Reply, Route, route

UPLOAD_LIMIT = 10 * 1024 * 1024  # Jira's default attachment size limit
XSRF_FAILED = "XSRF check failed"
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _version_row(ctx: Ctx) -> sqlite3.Row:
    ident = ctx.match["id"]
    row = ctx.conn.execute("SELECT * FROM versions WHERE id = ?", (db_id(ident),)).fetchone()
    if row is None:
        raise ApiError(404, [f"Could not find version for id '{ident}'"])
    return row


def _version_fields(body: dict[str, Any], errors: dict[str, str]) -> dict[str, object]:
    """The writable columns from a version body; wrong types are field errors. A null means
    "leave as is", as clients such as atlassian-python-api send every key."""
    body = {k: v for k, v in body.items() if v is not None}
    columns: dict[str, object] = {}
    for key, column in (("description", "description"),):
        if key in body:
            if not isinstance(body[key], str | None):
                errors[key] = f"The {key} must be a string."
            else:
                columns[column] = body[key] or ""
    for key, column in (("released", "released"), ("archived", "archived")):
        if key in body:
            if not isinstance(body[key], bool):
                errors[key] = f"The {key} flag must be true or false."
            else:
                columns[column] = int(body[key])
    for key, column in (("releaseDate", "release_date"), ("startDate", "start_date")):
        if key in body:
            value = body[key]
            if value is None or value == "":
                columns[column] = None
            elif isinstance(value, str) and _DATE.match(value[:10]):
                columns[column] = value[:10]
            else:
                errors[key] = "The date must be in the format yyyy-MM-dd."
    return columns


def create_version(ctx: Ctx) -> Reply:
    body = ctx.json_object()
    errors: dict[str, str] = {}
    project_ref = body.get("projectId", body.get("project"))
    project = None
    if isinstance(project_ref, str | int) and not isinstance(project_ref, bool):
        project = ctx.conn.execute(
            "SELECT * FROM projects WHERE CAST(id AS TEXT) = ? OR key = ?",
            (str(project_ref), str(project_ref)),
        ).fetchone()
    if project is None:
        errors["project"] = "Project must be specified to create a version."
    name = body.get("name")
    if not isinstance(name, str) or not name.strip():
        errors["name"] = "You must specify a valid version name"
    elif len(name) > 255:
        errors["name"] = "The version name must not exceed 255 characters."
    columns = _version_fields(body, errors)
    if not errors and project is not None and isinstance(name, str):
        clash = ctx.conn.execute(
            "SELECT 1 FROM versions WHERE project_id = ? AND name = ?",
            (project["id"], name.strip()),
        ).fetchone()
        if clash:
            errors["name"] = "A version with this name already exists in this project."
    if errors:
        raise ApiError(400, errors=errors)
    assert project is not None and isinstance(name, str)
    position = ctx.conn.execute(
        "SELECT COALESCE(MAX(position), 0) + 1 FROM versions WHERE project_id = ?", (project["id"],)
    ).fetchone()[0]
    names = ", ".join(["project_id", "name", "position", *columns])
    marks = ", ".join("?" * (3 + len(columns)))
    cursor = ctx.conn.execute(
        f"INSERT INTO versions({names}) VALUES ({marks})",
        [project["id"], name.strip(), position, *columns.values()],
    )
    row = ctx.conn.execute("SELECT * FROM versions WHERE id = ?", (cursor.lastrowid,)).fetchone()
    return Reply(201, version_json(ctx, row))


def get_version(ctx: Ctx) -> dict[str, Any]:
    return version_json(ctx, _version_row(ctx))


def update_version(ctx: Ctx) -> dict[str, Any]:
    row = _version_row(ctx)
    body = ctx.json_object()
    errors: dict[str, str] = {}
    columns = _version_fields(body, errors)
    if body.get("name") is not None:
        name = body["name"]
        if not isinstance(name, str) or not name.strip():
            errors["name"] = "You must specify a valid version name"
        elif ctx.conn.execute(
            "SELECT 1 FROM versions WHERE project_id = ? AND name = ? AND id != ?",
            (row["project_id"], name.strip(), row["id"]),
        ).fetchone():
            errors["name"] = "A version with this name already exists in this project."
        else:
            columns["name"] = name.strip()
    if errors:
        raise ApiError(400, errors=errors)
    update_row(ctx.conn, "versions", columns, row["id"])
    return version_json(ctx, _version_row(ctx))


def delete_version(ctx: Ctx) -> Reply:
    row = _version_row(ctx)
    for table in ("issue_fix_versions", "issue_affects_versions"):
        ctx.conn.execute(f"DELETE FROM {table} WHERE version_id = ?", (row["id"],))
    ctx.conn.execute("DELETE FROM versions WHERE id = ?", (row["id"],))
    return Reply(204)


def _project_version_rows(ctx: Ctx) -> list[sqlite3.Row]:
    project = _find_project(ctx, ctx.match["key"])
    return ctx.conn.execute(
        "SELECT * FROM versions WHERE project_id = ? ORDER BY position, id", (project["id"],)
    ).fetchall()


def project_versions(ctx: Ctx) -> list[Any]:
    return [version_json(ctx, r) for r in _project_version_rows(ctx)]


def project_versions_paged(ctx: Ctx) -> dict[str, Any]:
    rows = _project_version_rows(ctx)
    query = (ctx.arg("query") or "").lower()
    status = {s.strip() for s in (ctx.arg("status") or "").split(",") if s.strip()}

    def keep(r: sqlite3.Row) -> bool:
        state = "archived" if r["archived"] else "released" if r["released"] else "unreleased"
        return query in r["name"].lower() and (not status or state in status)

    rows = [r for r in rows if keep(r)]
    start = ctx.arg_int("startAt", 0)
    limit = ctx.arg_int("maxResults", 50, minimum=1)
    page = rows[start : start + limit]
    return {"self": ctx.api_url(f"project/{ctx.match['key']}/version"), "maxResults": limit,
            "startAt": start, "total": len(rows), "isLast": start + len(page) >= len(rows),
            "values": [version_json(ctx, r) for r in page]}  # fmt: skip


# --- attachments ---------------------------------------------------------------------------


def add_attachments(ctx: Ctx) -> Reply:
    """Jira refuses a multipart upload without `X-Atlassian-Token: no-check` (XSRF)."""
    row = find_issue(ctx.conn, ctx.match["key"])
    token = (ctx.request.headers.get("X-Atlassian-Token") or "").lower()
    if token not in ("no-check", "nocheck"):
        raise ApiError(403, [XSRF_FAILED])
    files = ctx.request.files.getlist("file")
    if not files:
        raise ApiError(400, ["No files were attached to the request (form field 'file')."])
    created = []
    catalog = Catalog(ctx)
    for upload in files:
        content = upload.read(UPLOAD_LIMIT + 1)
        if len(content) > UPLOAD_LIMIT:
            raise ApiError(
                413,
                [f"The file '{upload.filename}' is too large: the limit is {UPLOAD_LIMIT} bytes."],
            )
        name = (upload.filename or "attachment").replace("\\", "/").rsplit("/", 1)[-1]
        mime = (upload.mimetype or "application/octet-stream").split(";")[0]
        if mime == "application/octet-stream":  # Jira guesses from the name, as here
            mime = mimetypes.guess_type(name)[0] or mime
        cursor = ctx.conn.execute(
            "INSERT INTO attachments(issue_id, author_id, filename, mime_type, size, content,"
            " created) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (row["id"], ctx.user_id, name or "attachment", mime, len(content), content, ctx.now_ms),
        )
        stored = ctx.conn.execute(
            "SELECT * FROM attachments WHERE id = ?", (cursor.lastrowid,)
        ).fetchone()
        created.append(attachment_json(ctx, catalog.user(ctx.user_id), stored))
    ctx.conn.execute("UPDATE issues SET updated = ? WHERE id = ?", (ctx.now_ms, row["id"]))
    from jira_chat.sandbox.history import record_items

    record_items(ctx, row["id"], [("Attachment", "jira", "attachment", None, None,
                                   a["id"], a["filename"]) for a in created])  # fmt: skip
    return Reply(200, created)


def _attachment_row(ctx: Ctx) -> sqlite3.Row:
    ident = ctx.match["id"]
    row = ctx.conn.execute("SELECT * FROM attachments WHERE id = ?", (db_id(ident),)).fetchone()
    if row is None:
        raise ApiError(404, [f"The attachment with id '{ident}' does not exist"])
    return row


def get_attachment(ctx: Ctx) -> dict[str, Any]:
    row = _attachment_row(ctx)
    return attachment_json(ctx, Catalog(ctx).user(row["author_id"]), row)


def attachment_content(ctx: Ctx) -> Any:
    from werkzeug.wrappers import Response

    row = _attachment_row(ctx)
    response = Response(bytes(row["content"]), status=200, content_type=row["mime_type"])
    response.headers["Content-Disposition"] = f'attachment; filename="{row["filename"]}"'
    return response


def delete_attachment(ctx: Ctx) -> Reply:
    row = _attachment_row(ctx)
    ctx.conn.execute("DELETE FROM attachments WHERE id = ?", (row["id"],))
    from jira_chat.sandbox.history import record_items

    record_items(ctx, row["issue_id"], [("Attachment", "jira", "attachment", str(row["id"]),
                                         row["filename"], None, None)])  # fmt: skip
    return Reply(204)


def attachment_meta(ctx: Ctx) -> dict[str, Any]:
    return {"enabled": True, "uploadLimit": UPLOAD_LIMIT}


ROUTES: list[Route] = [
    route("api", "POST", "version", create_version, write=True),
    route("api", "GET", "version/{id}", get_version),
    route("api", "PUT", "version/{id}", update_version, write=True),
    route("api", "DELETE", "version/{id}", delete_version, write=True),
    route("api", "GET", "project/{key}/versions", project_versions),
    route("api", "GET", "project/{key}/version", project_versions_paged),
    route("api", "POST", "issue/{key}/attachments", add_attachments, write=True),
    route("api", "GET", "attachment/meta", attachment_meta),
    route("api", "GET", "attachment/content/{id}", attachment_content),
    route("api", "GET", "attachment/{id}", get_attachment),
    route("api", "DELETE", "attachment/{id}", delete_attachment, write=True),
]

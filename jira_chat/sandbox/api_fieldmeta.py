"""Which fields a create or an edit may set, with their allowed values: editmeta and the
paged createmeta (`createmeta/{project}/issuetypes[/{id}]`), in Jira's shapes.

Cloud pages createmeta as `issueTypes` / `fields`, Server/DC 8.4+ as `values`; editmeta is a
`fields` object keyed by field id on both. Select fields carry their `allowedValues`.
"""

from __future__ import annotations

from typing import Any

from jira_chat.sandbox.api_meta import _find_project
from jira_chat.sandbox.context import Ctx
from jira_chat.sandbox.custom_fields import option_json
from jira_chat.sandbox.errors import ApiError
from jira_chat.sandbox.fielddefs import FieldDef, fields_for
from jira_chat.sandbox.issue_write import find_issue
from jira_chat.sandbox.render import Catalog
from jira_chat.sandbox.routing import Route, route
from jira_chat.sandbox.seed_data import (
    EPIC_LINK_FIELD,
    SPRINT_CUSTOM_FIELD,
    STORY_POINTS_FIELD,
    TEAM_FIELD,
)

# What the create and edit screens hold (Jira's default screens plus the custom fields).
_ON_SCREENS = frozenset({
    "summary", "description", "issuetype", "priority", "assignee", "reporter", "labels",
    "components", "duedate", "fixVersions", "versions", "environment", "parent",
    SPRINT_CUSTOM_FIELD, STORY_POINTS_FIELD, TEAM_FIELD, EPIC_LINK_FIELD,
})  # fmt: skip


def _field_meta(ctx: Ctx, field: FieldDef, *, create: bool) -> dict[str, Any]:
    schema = field.as_json()["schema"]
    meta: dict[str, Any] = {
        "required": create and field.id in {"summary", "issuetype", "project"},
        "schema": schema,
        "name": field.name,
        "key": field.id,
        "operations": ["add", "set", "remove"] if field.schema_type == "array" else ["set"],
    }
    if create:
        meta["fieldId"] = field.id
        meta["hasDefaultValue"] = False
    if field.schema_type == "option":
        rows = ctx.conn.execute(
            "SELECT id, value FROM field_options WHERE field_id = ? ORDER BY id", (field.id,)
        ).fetchall()
        meta["allowedValues"] = [option_json(ctx, row["id"], row["value"]) for row in rows]
    return meta


def _screen(ctx: Ctx) -> list[FieldDef]:
    return [f for f in fields_for(ctx.flavor) if f.id in _ON_SCREENS]


def edit_meta(ctx: Ctx) -> dict[str, Any]:
    find_issue(ctx.conn, ctx.match["key"])
    fields = [f for f in _screen(ctx) if f.id != "issuetype"]
    return {"fields": {f.id: _field_meta(ctx, f, create=False) for f in fields}}


def _page(ctx: Ctx, items: list[dict[str, Any]], cloud_name: str) -> dict[str, Any]:
    start = ctx.arg_int("startAt", 0)
    size = ctx.arg_int("maxResults", 50, minimum=1)
    shown = items[start : start + size]
    page: dict[str, Any] = {"maxResults": size, "startAt": start, "total": len(items)}
    if ctx.cloud:
        page[cloud_name] = shown
    else:
        page["isLast"] = start + len(shown) >= len(items)
        page["values"] = shown
    return page


def create_meta_types(ctx: Ctx) -> dict[str, Any]:
    _find_project(ctx, ctx.match["key"])
    catalog = Catalog(ctx)
    types = [catalog.issue_type(t) for t in sorted(catalog.types)]
    return _page(ctx, types, "issueTypes")


def create_meta_fields(ctx: Ctx) -> dict[str, Any]:
    _find_project(ctx, ctx.match["key"])
    type_id = ctx.match["type"]
    if not type_id.isdigit() or int(type_id) not in Catalog(ctx).types:
        raise ApiError(404, [f"The issue type with id '{type_id}' does not exist"])
    fields = [_field_meta(ctx, f, create=True) for f in _screen(ctx)]
    return _page(ctx, fields, "fields")


ROUTES: list[Route] = [
    route("api", "GET", "issue/{key}/editmeta", edit_meta),
    route("api", "GET", "issue/createmeta/{key}/issuetypes/{type}", create_meta_fields),
    route("api", "GET", "issue/createmeta/{key}/issuetypes", create_meta_types),
]

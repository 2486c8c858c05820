"""Change history endpoints: `expand=changelog`, Cloud's paged `issue/{key}/changelog` and
`changelog/bulkfetch` (Server/DC has only `expand=changelog`, as Jira Data Center does)."""

from __future__ import annotations

import base64
import binascii
import json
import sqlite3
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from jira_chat.sandbox.context import Ctx, parse_int
from jira_chat.sandbox.errors import ApiError
from jira_chat.sandbox.history import USER_FIELDS
from jira_chat.sandbox.issue_write import find_issue
from jira_chat.sandbox.render import Catalog, jira_time
from jira_chat.sandbox.routing import Route, route

Json = dict[str, Any]


def _user_ref(catalog: Catalog, value: str | None) -> str | None:
    """History stores user ids; Cloud shows accountIds, Server usernames."""
    if value is None or not value.isdigit():
        return value
    row = catalog.users.get(int(value))
    if row is None:
        return value
    return str(row["account_id"] if catalog.ctx.cloud else row["name"])


def item_json(catalog: Catalog, item: sqlite3.Row) -> Json:
    data: Json = {"field": item["field"], "fieldtype": item["field_type"]}
    if catalog.ctx.cloud:
        data["fieldId"] = item["field_id"]
    old, new = item["from_value"], item["to_value"]
    if item["field"] in USER_FIELDS:
        old, new = _user_ref(catalog, old), _user_ref(catalog, new)
    values = {"from": old, "fromString": item["from_string"], "to": new,
              "toString": item["to_string"]}  # fmt: skip
    # The OpenAPI ChangeDetails has no nulls: an empty side is left out.
    data.update({k: v for k, v in values.items() if v is not None})
    return data


def histories(
    ctx: Ctx, catalog: Catalog, issue_ids: Sequence[int], fields: Sequence[str] = ()
) -> dict[int, list[Json]]:
    """Every issue's history groups, oldest first (optionally only items of `fields`)."""
    if not issue_ids:
        return {}
    marks = ",".join("?" * len(issue_ids))
    groups = ctx.conn.execute(
        f"SELECT * FROM history_groups WHERE issue_id IN ({marks}) ORDER BY created, id",
        list(issue_ids),
    ).fetchall()
    items: dict[int, list[sqlite3.Row]] = defaultdict(list)
    for item in ctx.conn.execute(
        f"SELECT * FROM history_items WHERE issue_id IN ({marks}) ORDER BY id", list(issue_ids)
    ):
        if not fields or item["field_id"] in fields or item["field"] in fields:
            items[item["group_id"]].append(item)
    out: dict[int, list[Json]] = defaultdict(list)
    for group in groups:
        if not items.get(group["id"]):
            continue
        author = catalog.user(group["author_id"])
        if author is not None:  # a changelog author is Jira's UserDetails: no locale
            author.pop("locale", None)
        out[group["issue_id"]].append({
            "id": str(group["id"]),
            "author": author,
            "created": jira_time(group["created"]),
            "items": [item_json(catalog, i) for i in items[group["id"]]],
        })  # fmt: skip
    return out


def expanded(ctx: Ctx, catalog: Catalog, issue_id: int) -> Json:
    """The `changelog` member of an issue fetched with expand=changelog."""
    values = histories(ctx, catalog, [issue_id]).get(issue_id, [])
    return {"startAt": 0, "maxResults": len(values), "total": len(values), "histories": values}


def issue_changelog(ctx: Ctx) -> Json:
    row = find_issue(ctx.conn, ctx.match["key"])
    catalog = Catalog(ctx)
    values = histories(ctx, catalog, [row["id"]]).get(row["id"], [])
    start = ctx.arg_int("startAt", 0)
    limit = min(ctx.arg_int("maxResults", 100, minimum=1), 100)
    page = values[start : start + limit]
    return {
        "self": ctx.api_url(f"issue/{row['key']}/changelog?maxResults={limit}&startAt={start}"),
        "maxResults": limit,
        "startAt": start,
        "total": len(values),
        "isLast": start + len(page) >= len(values),
        "values": page,
    }


def _token(offset: int) -> str:
    return base64.urlsafe_b64encode(json.dumps({"o": offset}).encode()).decode().rstrip("=")


def _offset(token: object) -> int:
    if token is None:
        return 0
    try:
        text = str(token)
        offset = int(json.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))["o"])
    except (binascii.Error, ValueError, KeyError, TypeError) as exc:
        raise ApiError(400, ["The provided next page token is invalid or expired."]) from exc
    return max(offset, 0)


def bulk_fetch(ctx: Ctx) -> Json:
    """Cloud's POST changelog/bulkfetch: histories of up to 1000 issues, paged by token."""
    body = ctx.json_object()
    refs = body.get("issueIdsOrKeys")
    if not isinstance(refs, list) or not refs or not all(isinstance(r, str) for r in refs):
        raise ApiError(
            400, errors={"issueIdsOrKeys": "Provide between 1 and 1000 issue ids or keys."}
        )
    if len(refs) > 1000:
        raise ApiError(
            400, errors={"issueIdsOrKeys": "Provide between 1 and 1000 issue ids or keys."}
        )
    fields = body.get("fieldIds") or []
    if not isinstance(fields, list) or not all(isinstance(f, str) for f in fields):
        raise ApiError(400, errors={"fieldIds": "The field ids must be a list of strings."})
    limit = min(parse_int(body.get("maxResults"), "maxResults", 1000, minimum=1), 10000)
    offset = _offset(body.get("nextPageToken"))
    ids: list[int] = []
    for ref in refs:
        try:
            ids.append(int(find_issue(ctx.conn, ref)["id"]))
        except ApiError:
            continue  # Jira leaves out issues that do not exist or cannot be seen
    catalog = Catalog(ctx)
    by_issue = histories(ctx, catalog, ids, fields)
    flat = [(i, h) for i in dict.fromkeys(ids) for h in by_issue.get(i, [])]
    page = flat[offset : offset + limit]
    grouped: dict[int, list[Json]] = defaultdict(list)
    for issue_id, history in page:
        grouped[issue_id].append(history)
    result: Json = {
        "issueChangeLogs": [
            {"issueId": str(i), "changeHistories": grouped[i]} for i in dict.fromkeys(ids)
            if i in grouped
        ]
    }  # fmt: skip
    if offset + limit < len(flat):
        result["nextPageToken"] = _token(offset + limit)
    return result


ROUTES: list[Route] = [
    route("api", "GET", "issue/{key}/changelog", issue_changelog, flavors="cloud"),
    route("api", "POST", "changelog/bulkfetch", bulk_fetch, flavors="cloud"),
]

"""Search: Cloud's enhanced `search/jql` (token paging), Server's `search` (startAt/total),
approximate counts and `jql/parse`. JQL itself is compiled by `jira_chat.sandbox.jql`."""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from jira_chat.sandbox.context import Ctx, parse_bool, parse_int
from jira_chat.sandbox.errors import ApiError
from jira_chat.sandbox.fielddefs import FIELD_NAMES, select_fields
from jira_chat.sandbox.render import IssueRenderer
from jira_chat.sandbox.routing import Reply, Route, route

SEARCH_REMOVED = (
    "The requested API has been removed. Please migrate to the /rest/api/3/search/jql API. "
    "A full migration guideline is available at https://developer.atlassian.com/changelog/#CHANGE-2046"
)
SYNTAX_PREFIX = "Error in the JQL Query"
# Jira Cloud's 400 on search/jql and approximate-count for a query without a restriction.
UNBOUNDED = (
    "Unbounded JQL queries are not allowed here. Please add a search restriction to your query."
)


@dataclass
class Compiled:
    where: str
    params: list[object]
    order_by: str  # ends with the JQL engine's tiebreaker (i.id), so pages are stable


def compile_query(ctx: Ctx, jql: str) -> Compiled:
    """Compile JQL with the JQL engine; its errors become Jira's 400."""
    from jira_chat.sandbox.jql import JqlError, compile_jql

    now = datetime.fromtimestamp(ctx.now_ms / 1000, tz=UTC)
    try:
        cq = compile_jql(jql, ctx.conn, current_user_id=ctx.user_id, now=now)
    except JqlError as exc:
        raise ApiError(400, exc.messages) from exc
    return Compiled(cq.where, list(cq.params), cq.order_by)


def require_bounded(jql: str) -> None:
    """Cloud refuses an unbounded query (no condition: empty, or only ORDER BY) on its
    enhanced search and count. A query that does not parse is left to the compiler, which
    reports the syntax error as Jira does."""
    from jira_chat.sandbox.jql import JqlError, parse_jql

    try:
        query = parse_jql(jql)
    except JqlError:
        return
    if query.where is None:
        raise ApiError(400, [UNBOUNDED])


def page_ids(ctx: Ctx, query: Compiled, limit: int, offset: int) -> list[int]:
    rows = ctx.conn.execute(
        f"SELECT i.id FROM issues AS i WHERE {query.where} ORDER BY {query.order_by} LIMIT ? OFFSET ?",
        [*query.params, limit, offset],
    )
    return [int(r[0]) for r in rows]


def count(ctx: Ctx, query: Compiled) -> int:
    row = ctx.conn.execute(
        f"SELECT COUNT(*) FROM issues AS i WHERE {query.where}", query.params
    ).fetchone()
    return int(row[0])


class SearchArgs:
    """Search parameters from the query string (GET) or the JSON body (POST)."""

    def __init__(self, ctx: Ctx) -> None:
        self.ctx = ctx
        self.body: dict[str, Any] = ctx.json_object() if ctx.request.method == "POST" else {}

    def raw(self, name: str) -> Any:
        return self.body.get(name) if self.ctx.request.method == "POST" else self.ctx.arg(name)

    def text(self, name: str) -> str | None:
        value = self.raw(name)
        if value is not None and not isinstance(value, str):
            raise ApiError(400, [f"The '{name}' parameter must be a string."])
        return value

    def items(self, name: str) -> list[str] | None:
        if self.ctx.request.method != "POST":
            return self.ctx.arg_list(name)
        value = self.body.get(name)
        if value is None:
            return None
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ApiError(400, [f"The '{name}' parameter must be a list of strings."])
        return [part.strip() for v in value for part in v.split(",") if part.strip()]

    def number(self, name: str, default: int) -> int:
        return parse_int(self.raw(name), name, default)


def _token(offset: int, jql: str) -> str:
    digest = hashlib.sha1(jql.encode()).hexdigest()[:8]
    return (
        base64.urlsafe_b64encode(json.dumps({"o": offset, "q": digest}).encode())
        .decode()
        .rstrip("=")
    )


def _offset_from_token(token: str | None, jql: str) -> int:
    if not token:
        return 0
    try:
        data = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
        offset = int(data["o"])
        same_query = data["q"] == hashlib.sha1(jql.encode()).hexdigest()[:8]
    except (binascii.Error, ValueError, KeyError, TypeError) as exc:
        raise ApiError(400, ["The provided next page token is invalid or expired."]) from exc
    if not same_query or offset < 0:
        raise ApiError(400, ["The provided next page token is invalid or expired."])
    return offset


def _names(fields: frozenset[str]) -> dict[str, str]:
    return {f: FIELD_NAMES[f] for f in sorted(fields) if f in FIELD_NAMES}


def search_jql(ctx: Ctx) -> dict[str, Any]:
    """Cloud's enhanced search: `fields` defaults to id only; pages by opaque token."""
    args = SearchArgs(ctx)
    jql = args.text("jql") or ""
    requested = args.items("fields")
    expand = args.items("expand") or []
    selection = select_fields(requested, "id") if requested else frozenset()
    cap = 5000 if not selection else 100
    limit = min(max(args.number("maxResults", 50), 1), cap)
    require_bounded(jql)
    offset = _offset_from_token(args.text("nextPageToken"), jql)
    query = compile_query(ctx, jql)
    ids = page_ids(ctx, query, limit + 1, offset)
    is_last = len(ids) <= limit
    ids = ids[:limit]
    if requested is None:
        issues: list[dict[str, Any]] = [{"id": str(i)} for i in ids]
    else:
        issues = IssueRenderer(ctx).render(ids, selection, expand)
        for issue in issues:
            issue.setdefault("fields", {})
    result: dict[str, Any] = {"issues": issues, "isLast": is_last}
    if not is_last:
        result["nextPageToken"] = _token(offset + limit, jql)
    if "names" in expand:
        result["names"] = _names(selection)
    return result


def approximate_count(ctx: Ctx) -> dict[str, int]:
    body = ctx.json_object()
    jql = body.get("jql")
    if not isinstance(jql, str):
        raise ApiError(400, ["The 'jql' field is required."])
    require_bounded(jql)
    return {"count": count(ctx, compile_query(ctx, jql))}


def search_removed(ctx: Ctx) -> Reply:
    return Reply(410, {"errorMessages": [SEARCH_REMOVED], "errors": {}})


def search_server(ctx: Ctx) -> dict[str, Any]:
    """Server/DC search: startAt, maxResults (≤1000), total, validateQuery."""
    args = SearchArgs(ctx)
    jql = args.text("jql") or ""
    start = args.number("startAt", 0)
    limit = min(args.number("maxResults", 50), 1000)
    validate = parse_bool_or_mode(args.raw("validateQuery"))
    expand = args.items("expand") or []
    selection = select_fields(args.items("fields"), "*navigable")
    try:
        query = compile_query(ctx, jql)
    except ApiError as exc:
        if validate or any(m.startswith(SYNTAX_PREFIX) for m in exc.messages):
            raise
        return {"startAt": start, "maxResults": limit, "total": 0, "issues": [],
                "warningMessages": exc.messages}  # fmt: skip
    ids = page_ids(ctx, query, limit, start) if limit > 0 else []
    result: dict[str, Any] = {
        "expand": "schema,names",
        "startAt": start,
        "maxResults": limit,
        "total": count(ctx, query),
        "issues": IssueRenderer(ctx).render(ids, selection, expand),
    }
    if "names" in expand:
        result["names"] = _names(selection)
    return result


def parse_bool_or_mode(value: object) -> bool:
    """validateQuery takes true/false or strict/warn/none."""
    if isinstance(value, str) and value.lower() in ("strict", "warn", "none"):
        return value.lower() == "strict"
    return parse_bool(value, "validateQuery", True)


def jql_parse(ctx: Ctx) -> dict[str, Any]:
    """Jira's validation endpoint: per query, its structure or its errors.

    `validation=strict` (default) also checks names against the data and, as Jira does,
    leaves out the structure of a query that fails; `warn` reports those problems as
    warnings next to the structure; `none` checks syntax only.
    """
    from jira_chat.sandbox.jql import JqlError, parse_jql

    body = ctx.json_object()
    queries = body.get("queries")
    if not isinstance(queries, list) or not all(isinstance(q, str) for q in queries):
        raise ApiError(400, errors={"queries": "The queries must be a list of strings."})
    mode = (ctx.arg("validation") or "strict").lower()
    if mode not in ("strict", "warn", "none"):
        raise ApiError(400, ["The 'validation' parameter must be one of strict, warn, none."])
    answers: list[dict[str, Any]] = []
    for text in queries:
        try:
            structure = parse_jql(text).to_structure()
        except JqlError as exc:
            answers.append({"query": text, "errors": exc.messages})
            continue
        answer: dict[str, Any] = {"query": text, "structure": structure}
        if mode != "none":
            try:
                compile_query(ctx, text)
            except ApiError as exc:
                if mode == "strict":  # as Jira: a query that fails validation has no structure
                    answer = {"query": text, "errors": exc.messages}
                else:
                    answer["warnings"] = exc.messages
        answers.append(answer)
    return {"queries": answers}


ROUTES: list[Route] = [
    route("api", "GET POST", "search", search_removed, flavors="cloud"),
    route("api", "GET POST", "search", search_server, flavors="server"),
    route("api", "GET POST", "search/jql", search_jql, flavors="cloud"),
    route("api", "POST", "search/approximate-count", approximate_count, flavors="cloud"),
    route("api", "POST", "jql/parse", jql_parse),
]

"""Issue endpoints: create, read, edit, delete, transitions, comments, people, worklogs, links."""

from __future__ import annotations

import sqlite3
from typing import Any

from jira_chat.sandbox import richtext
from jira_chat.sandbox.context import Ctx, db_id, parse_bool
from jira_chat.sandbox.errors import ApiError, not_found
from jira_chat.sandbox.fielddefs import select_fields
from jira_chat.sandbox.history import record_created, tracked
from jira_chat.sandbox.issue_write import (
    SUMMARY_REQUIRED,
    Changes,
    FieldParser,
    apply_changes,
    find_issue,
    parse_duration,
    parse_edit,
    parse_jira_time,
)
from jira_chat.sandbox.render import Catalog, IssueRenderer, comment_json, user_json, worklog_json
from jira_chat.sandbox.routing import Reply, Route, route
from jira_chat.sandbox.seed_data import MEDIUM_PRIORITY_ID
from jira_chat.sandbox.workflow import available_transitions, move_issue, transitions_json


def _raise_field_errors(changes: Changes) -> None:
    if changes.errors:
        raise ApiError(400, errors=changes.errors)


def _project_of(ctx: Ctx, value: object, errors: dict[str, str]) -> sqlite3.Row | None:
    ref: object = value
    if isinstance(value, dict):
        ref = value.get("id") if value.get("id") is not None else value.get("key")
    row = None
    if isinstance(ref, int | str) and not isinstance(ref, bool):
        row = ctx.conn.execute(
            "SELECT * FROM projects WHERE id = ? OR key = ?", (str(ref), str(ref))
        ).fetchone()
    if row is None:
        errors["project"] = "Specify a valid project ID or key"
    return row


def create_issue(ctx: Ctx) -> Reply:
    return Reply(201, create_from_body(ctx, ctx.json_object()))


def create_from_body(ctx: Ctx, body: dict[str, Any]) -> dict[str, Any]:
    """Validate and create one issue (POST issue, and each element of POST issue/bulk)."""
    fields = body.get("fields")
    if not isinstance(fields, dict):
        raise ApiError(400, ["Can not deserialize 'fields': expected an object."])
    errors: dict[str, str] = {}
    project_row = _project_of(ctx, fields.get("project"), errors)
    if "issuetype" not in fields:
        errors["issuetype"] = "Specify an issue type"
    if not isinstance(fields.get("summary"), str) or not fields["summary"].strip():
        errors["summary"] = SUMMARY_REQUIRED
    other = {k: v for k, v in fields.items() if k != "project"}
    changes = parse_edit(ctx, project_row["id"] if project_row else 0, other, body.get("update"))
    changes.errors = {**errors, **changes.errors}
    type_id = changes.columns.get("issue_type_id")
    if type_id is not None:
        subtask = ctx.conn.execute(
            "SELECT subtask FROM issue_types WHERE id = ?", (type_id,)
        ).fetchone()[0]
        if subtask and changes.columns.get("parent_id") is None:
            changes.errors["issuetype"] = (
                "Issue type is a sub-task but parent issue key or id not specified."
            )
    _raise_field_errors(changes)
    assert project_row is not None
    num = project_row["next_num"]
    key = f"{project_row['key']}-{num}"
    ctx.conn.execute("UPDATE projects SET next_num = ? WHERE id = ?", (num + 1, project_row["id"]))
    reporter = changes.columns.pop("reporter_id", ctx.user_id)
    cursor = ctx.conn.execute(
        "INSERT INTO issues(project_id, num, key, issue_type_id, status_id, priority_id, summary,"
        " reporter_id, created, updated) VALUES (?, ?, ?, ?, (SELECT id FROM statuses ORDER BY"
        " position LIMIT 1), ?, ?, ?, ?, ?)",
        (project_row["id"], num, key, type_id, MEDIUM_PRIORITY_ID, changes.columns["summary"],
         reporter, ctx.now_ms, ctx.now_ms),
    )  # fmt: skip
    issue_id = int(cursor.lastrowid or 0)
    apply_changes(ctx, issue_id, changes)
    record_created(ctx, issue_id)
    if ctx.user_id is not None:
        ctx.conn.execute("INSERT OR IGNORE INTO watchers VALUES (?, ?)", (issue_id, ctx.user_id))
    return {"id": str(issue_id), "key": key, "self": ctx.api_url(f"issue/{issue_id}")}


def _expand(ctx: Ctx) -> list[str]:
    return ctx.arg_list("expand") or []


def get_issue(ctx: Ctx) -> Any:
    row = find_issue(ctx.conn, ctx.match["key"])
    selection = select_fields(ctx.arg_list("fields"), "*all")
    return IssueRenderer(ctx).render([row["id"]], selection, _expand(ctx))[0]


def edit_issue(ctx: Ctx) -> Reply:
    row = find_issue(ctx.conn, ctx.match["key"])
    body = ctx.json_object()
    changes = parse_edit(ctx, row["project_id"], body.get("fields"), body.get("update"))
    _raise_field_errors(changes)
    with tracked(ctx, [row["id"]]):
        apply_changes(ctx, row["id"], changes)
    if parse_bool(ctx.arg("returnIssue"), "returnIssue", False):
        return Reply(200, IssueRenderer(ctx).render([row["id"]], select_fields(None, "*all"))[0])
    return Reply(204)


def delete_issue(ctx: Ctx) -> Reply:
    row = find_issue(ctx.conn, ctx.match["key"])
    with_subtasks = ctx.arg_bool("deleteSubtasks", False)
    children = [
        r[0] for r in ctx.conn.execute("SELECT id FROM issues WHERE parent_id = ?", (row["id"],))
    ]
    subtasks = [
        r[0] for r in ctx.conn.execute(
            "SELECT i.id FROM issues i JOIN issue_types t ON t.id = i.issue_type_id"
            " WHERE i.parent_id = ? AND t.subtask = 1", (row["id"],))
    ]  # fmt: skip
    if subtasks and not with_subtasks:
        raise ApiError(
            400, [f"The issue '{row['key']}' has subtasks. To delete it, set deleteSubtasks=true."]
        )
    for child in children:
        if child in subtasks:
            _delete_one(ctx.conn, child)
        else:
            ctx.conn.execute("UPDATE issues SET parent_id = NULL WHERE id = ?", (child,))
    _delete_one(ctx.conn, row["id"])
    return Reply(204)


def _delete_one(conn: sqlite3.Connection, issue_id: int) -> None:
    for table in (
        "issue_labels",
        "issue_components",
        "issue_sprints",
        "comments",
        "watchers",
        "worklogs",
    ):
        conn.execute(f"DELETE FROM {table} WHERE issue_id = ?", (issue_id,))
    conn.execute(
        "DELETE FROM issue_links WHERE inward_issue_id = ? OR outward_issue_id = ?",
        (issue_id, issue_id),
    )
    conn.execute("DELETE FROM issues WHERE id = ?", (issue_id,))


def get_transitions(ctx: Ctx) -> dict[str, Any]:
    row = find_issue(ctx.conn, ctx.match["key"])
    listed = transitions_json(ctx, Catalog(ctx), row["status_id"])
    wanted = ctx.arg("transitionId")
    if wanted:
        listed = [t for t in listed if t["id"] == wanted]
    if "transitions.fields" in _expand(ctx):
        for t in listed:
            t["fields"] = {}
    return {"expand": "transitions", "transitions": listed}


def do_transition(ctx: Ctx) -> Reply:
    row = find_issue(ctx.conn, ctx.match["key"])
    body = ctx.json_object()
    transition = body.get("transition")
    if not isinstance(transition, dict):
        raise ApiError(400, ["Missing 'transition' identifier"])
    wanted_id, wanted_name = transition.get("id"), transition.get("name")
    options = available_transitions(ctx.conn, row["status_id"])
    chosen = next(
        (t for t in options
         if (wanted_id is not None and str(t["id"]) == str(wanted_id))
         or (wanted_id is None and isinstance(wanted_name, str) and t["name"].lower() == wanted_name.lower())),
        None,
    )  # fmt: skip
    if chosen is None:
        ident = wanted_id if wanted_id is not None else wanted_name
        raise ApiError(
            400,
            [f"Transition id '{ident}' is not valid for this issue."]
            if wanted_id is not None
            else [f"Transition '{ident}' is not valid for this issue."],
        )
    fields = body.get("fields")
    resolution_id: int | None = None
    if isinstance(fields, dict) and "resolution" in fields:
        fields = dict(fields)
        probe = Changes()
        resolution_id = FieldParser(ctx, row["project_id"]).named(
            fields.pop("resolution"), "resolutions", "resolution", "Resolution is invalid.", probe
        )
        _raise_field_errors(probe)
    changes = parse_edit(ctx, row["project_id"], fields, body.get("update"))
    _raise_field_errors(changes)
    with tracked(ctx, [row["id"]]):
        apply_changes(ctx, row["id"], changes)
        move_issue(ctx.conn, row["id"], chosen["to_status_id"], ctx.now_ms, resolution_id)
    return Reply(204)


def list_comments(ctx: Ctx) -> dict[str, Any]:
    row = find_issue(ctx.conn, ctx.match["key"])
    start = ctx.arg_int("startAt", 0)
    limit = ctx.arg_int("maxResults", 5000, minimum=1)
    order = "DESC" if (ctx.arg("orderBy") or "").startswith("-") else "ASC"
    rows = ctx.conn.execute(
        f"SELECT * FROM comments WHERE issue_id = ? ORDER BY created {order}, id {order}",
        (row["id"],),
    ).fetchall()
    catalog = Catalog(ctx)
    page = rows[start : start + limit]
    return {"startAt": start, "maxResults": limit, "total": len(rows),
            "comments": [comment_json(ctx, catalog, c) for c in page]}  # fmt: skip


def add_comment(ctx: Ctx) -> Reply:
    row = find_issue(ctx.conn, ctx.match["key"])
    body = ctx.json_object()
    if "body" not in body:
        raise ApiError(400, errors={"comment": "Comment body can not be empty!"})
    markdown = richtext.wire_to_markdown(body["body"], adf=ctx.adf, field="comment")
    if markdown is None:
        raise ApiError(400, errors={"comment": "Comment body can not be empty!"})
    if ctx.user_id is None:
        raise ApiError(401, ["You are not authenticated."])
    cursor = ctx.conn.execute(
        "INSERT INTO comments(issue_id, author_id, body, created, updated) VALUES (?, ?, ?, ?, ?)",
        (row["id"], ctx.user_id, markdown, ctx.now_ms, ctx.now_ms),
    )
    ctx.conn.execute("UPDATE issues SET updated = ? WHERE id = ?", (ctx.now_ms, row["id"]))
    created = ctx.conn.execute(
        "SELECT * FROM comments WHERE id = ?", (cursor.lastrowid,)
    ).fetchone()
    return Reply(201, comment_json(ctx, Catalog(ctx), created))


def comment_row(ctx: Ctx) -> sqlite3.Row:
    """The comment `{cid}` of issue `{key}`, or Jira's 404."""
    issue = find_issue(ctx.conn, ctx.match["key"])
    cid = ctx.match["cid"]
    row = ctx.conn.execute(
        "SELECT * FROM comments WHERE id = ? AND issue_id = ?", (db_id(cid), issue["id"])
    ).fetchone()
    if row is None:
        raise not_found(f"Can not find a comment for the id: {cid}.")
    return row


def get_comment(ctx: Ctx) -> Any:
    return comment_json(ctx, Catalog(ctx), comment_row(ctx))


def assign(ctx: Ctx) -> Reply:
    row = find_issue(ctx.conn, ctx.match["key"])
    body = ctx.json_body()
    if body is not None and not isinstance(body, dict):
        raise ApiError(400, ["Can not deserialize the assignee: expected an object."])
    probe = Changes()
    user_id = FieldParser(ctx, row["project_id"]).user(body, "assignee", probe)
    _raise_field_errors(probe)
    with tracked(ctx, [row["id"]]):
        ctx.conn.execute(
            "UPDATE issues SET assignee_id = ?, updated = ? WHERE id = ?",
            (user_id, ctx.now_ms, row["id"]),
        )
    return Reply(204)


def get_watchers(ctx: Ctx) -> dict[str, Any]:
    row = find_issue(ctx.conn, ctx.match["key"])
    users = ctx.conn.execute(
        "SELECT u.* FROM watchers w JOIN users u ON u.id = w.user_id WHERE w.issue_id = ? ORDER BY u.display_name",
        (row["id"],),
    ).fetchall()
    return {
        "self": ctx.api_url(f"issue/{row['key']}/watchers"),
        "isWatching": any(u["id"] == ctx.user_id for u in users),
        "watchCount": len(users),
        "watchers": [user_json(ctx, u) for u in users],
    }


def _watcher_id(ctx: Ctx, ref: object) -> int:
    if not isinstance(ref, str) or not ref:
        raise ApiError(400, ["The user to add as a watcher must be given as a JSON string."])
    row = ctx.conn.execute(
        "SELECT id FROM users WHERE account_id = ? OR name = ?", (ref, ref)
    ).fetchone()
    if row is None:
        raise ApiError(404, [f'The user "{ref}" does not exist.'])
    return int(row[0])


def add_watcher(ctx: Ctx) -> Reply:
    row = find_issue(ctx.conn, ctx.match["key"])
    raw = ctx.request.get_data(cache=True)
    user_id = ctx.user_id if not raw.strip() else _watcher_id(ctx, ctx.json_body())
    ctx.conn.execute("INSERT OR IGNORE INTO watchers VALUES (?, ?)", (row["id"], user_id))
    return Reply(204)


def remove_watcher(ctx: Ctx) -> Reply:
    row = find_issue(ctx.conn, ctx.match["key"])
    user_id = _watcher_id(ctx, ctx.arg("accountId") or ctx.arg("username"))
    ctx.conn.execute(
        "DELETE FROM watchers WHERE issue_id = ? AND user_id = ?", (row["id"], user_id)
    )
    return Reply(204)


def list_worklogs(ctx: Ctx) -> dict[str, Any]:
    row = find_issue(ctx.conn, ctx.match["key"])
    rows = ctx.conn.execute(
        "SELECT * FROM worklogs WHERE issue_id = ? ORDER BY started, id", (row["id"],)
    ).fetchall()
    catalog = Catalog(ctx)
    return {"startAt": 0, "maxResults": len(rows), "total": len(rows),
            "worklogs": [worklog_json(ctx, catalog, w) for w in rows]}  # fmt: skip


def add_worklog(ctx: Ctx) -> Reply:
    row = find_issue(ctx.conn, ctx.match["key"])
    body = ctx.json_object()
    seconds: int | None = None
    raw_seconds = body.get("timeSpentSeconds")
    if raw_seconds is not None:
        text = str(raw_seconds)
        seconds = db_id(text) if 0 < db_id(text) <= 10**9 else None
    elif body.get("timeSpent") is not None:
        seconds = parse_duration(body.get("timeSpent"))
    if seconds is None:
        raise ApiError(400, errors={"timeLogged": "You must indicate the time spent working."})
    started = ctx.now_ms
    if body.get("started") is not None:
        parsed = parse_jira_time(body["started"])
        if parsed is None:
            raise ApiError(400, errors={"started": "You must specify a valid start date."})
        started = parsed
    comment = richtext.wire_to_markdown(body.get("comment"), adf=ctx.adf, field="comment")
    cursor = ctx.conn.execute(
        "INSERT INTO worklogs(issue_id, author_id, time_spent_seconds, started, comment, created)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (row["id"], ctx.user_id, seconds, started, comment, ctx.now_ms),
    )
    ctx.conn.execute("UPDATE issues SET updated = ? WHERE id = ?", (ctx.now_ms, row["id"]))
    created = ctx.conn.execute(
        "SELECT * FROM worklogs WHERE id = ?", (cursor.lastrowid,)
    ).fetchone()
    return Reply(201, worklog_json(ctx, Catalog(ctx), created))


def _issue_ref(ctx: Ctx, value: object, name: str) -> int:
    ref = value.get("key") or value.get("id") if isinstance(value, dict) else None
    if not isinstance(ref, str | int) or isinstance(ref, bool):
        raise ApiError(400, errors={name: f"You must specify {name}."})
    try:
        return int(find_issue(ctx.conn, str(ref))["id"])
    except ApiError as exc:
        raise ApiError(404, [f"Issue Does Not Exist: {ref}"]) from exc


def create_link(ctx: Ctx) -> Reply:
    body = ctx.json_object()
    link_type = body.get("type")
    type_row = None
    if isinstance(link_type, dict):
        if link_type.get("id") is not None:
            type_row = ctx.conn.execute(
                "SELECT * FROM link_types WHERE id = ?", (str(link_type["id"]),)
            ).fetchone()
        elif isinstance(link_type.get("name"), str):
            type_row = ctx.conn.execute(
                "SELECT * FROM link_types WHERE name = ?", (link_type["name"],)
            ).fetchone()
    if type_row is None:
        raise ApiError(
            404,
            [
                f"No issue link type with name '{(link_type or {}).get('name') if isinstance(link_type, dict) else link_type}' found."
            ],
        )
    inward = _issue_ref(ctx, body.get("inwardIssue"), "inwardIssue")
    outward = _issue_ref(ctx, body.get("outwardIssue"), "outwardIssue")
    ctx.conn.execute(
        "INSERT INTO issue_links(type_id, inward_issue_id, outward_issue_id) VALUES (?, ?, ?)",
        (type_row["id"], inward, outward),
    )
    comment = body.get("comment")
    if isinstance(comment, dict) and comment.get("body") is not None and ctx.user_id is not None:
        markdown = richtext.wire_to_markdown(comment["body"], adf=ctx.adf, field="comment")
        if markdown:
            ctx.conn.execute(
                "INSERT INTO comments(issue_id, author_id, body, created, updated) VALUES (?,?,?,?,?)",
                (outward, ctx.user_id, markdown, ctx.now_ms, ctx.now_ms),
            )
    ctx.conn.execute(
        "UPDATE issues SET updated = ? WHERE id IN (?, ?)", (ctx.now_ms, inward, outward)
    )
    return Reply(201)


ROUTES: list[Route] = [
    route("api", "POST", "issue", create_issue, write=True),
    route("api", "GET", "issue/{key}", get_issue),
    route("api", "PUT", "issue/{key}", edit_issue, write=True),
    route("api", "DELETE", "issue/{key}", delete_issue, write=True),
    route("api", "GET", "issue/{key}/transitions", get_transitions),
    route("api", "POST", "issue/{key}/transitions", do_transition, write=True),
    route("api", "GET", "issue/{key}/comment", list_comments),
    route("api", "POST", "issue/{key}/comment", add_comment, write=True),
    route("api", "GET", "issue/{key}/comment/{cid}", get_comment),
    route("api", "PUT", "issue/{key}/assignee", assign, write=True),
    route("api", "GET", "issue/{key}/watchers", get_watchers),
    route("api", "POST", "issue/{key}/watchers", add_watcher, write=True),
    route("api", "DELETE", "issue/{key}/watchers", remove_watcher, write=True),
    route("api", "GET", "issue/{key}/worklog", list_worklogs),
    route("api", "POST", "issue/{key}/worklog", add_worklog, write=True),
    route("api", "POST", "issueLink", create_link, write=True),
]

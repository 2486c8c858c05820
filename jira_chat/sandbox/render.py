"""Jira-shaped JSON for users, projects, statuses and issues (issues loaded in bulk per page)."""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from jira_chat.sandbox import richtext
from jira_chat.sandbox.context import Ctx
from jira_chat.sandbox.fielddefs import FIELD_NAMES
from jira_chat.sandbox.seed_data import (
    EPIC_LINK_FIELD,
    SPRINT_CUSTOM_FIELD,
    STORY_POINTS_FIELD,
    TEAM_FIELD,
)

Json = dict[str, Any]


def jira_time(epoch_ms: int | None) -> str | None:
    """Jira's timestamp format, always UTC: 2026-01-31T10:00:00.000+0000."""
    if epoch_ms is None:
        return None
    moment = datetime.fromtimestamp(epoch_ms / 1000, tz=UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{epoch_ms % 1000:03d}+0000"


def agile_time(epoch_ms: int | None) -> str | None:
    if epoch_ms is None:
        return None
    moment = datetime.fromtimestamp(epoch_ms / 1000, tz=UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{epoch_ms % 1000:03d}Z"


def _avatars(ctx: Ctx, kind: str, ident: object) -> Json:
    base = f"{ctx.base_url}/secure/{kind}avatar?id={ident}"
    return {size: f"{base}&size={px}" for size, px in
            (("48x48", 48), ("24x24", 24), ("16x16", 16), ("32x32", 32))}  # fmt: skip


def user_json(ctx: Ctx, row: sqlite3.Row | None) -> Json | None:
    """Cloud users carry accountId (no name); Server users carry name and key."""
    if row is None:
        return None
    if ctx.cloud:
        return {
            "self": ctx.api_url(f"user?accountId={row['account_id']}"),
            "accountId": row["account_id"],
            "accountType": "atlassian",
            "emailAddress": row["email"],
            "avatarUrls": _avatars(ctx, "user", row["id"]),
            "displayName": row["display_name"],
            "active": bool(row["active"]),
            "timeZone": row["time_zone"],
            "locale": "en_US",
        }
    return {
        "self": ctx.api_url(f"user?username={row['name']}"),
        "key": f"JIRAUSER{10000 + row['id']}",
        "name": row["name"],
        "emailAddress": row["email"],
        "avatarUrls": _avatars(ctx, "user", row["id"]),
        "displayName": row["display_name"],
        "active": bool(row["active"]),
        "timeZone": row["time_zone"],
    }


class Catalog:
    """The small lookup tables, loaded once per request."""

    def __init__(self, ctx: Ctx) -> None:
        conn = ctx.conn
        self.ctx = ctx
        self.users = {r["id"]: r for r in conn.execute("SELECT * FROM users")}
        self.statuses = {r["id"]: r for r in conn.execute("SELECT * FROM statuses")}
        self.categories = {r["id"]: r for r in conn.execute("SELECT * FROM status_categories")}
        self.priorities = {r["id"]: r for r in conn.execute("SELECT * FROM priorities")}
        self.types = {r["id"]: r for r in conn.execute("SELECT * FROM issue_types")}
        self.resolutions = {r["id"]: r for r in conn.execute("SELECT * FROM resolutions")}
        self.projects = {r["id"]: r for r in conn.execute("SELECT * FROM projects")}

    def user(self, user_id: int | None) -> Json | None:
        return None if user_id is None else user_json(self.ctx, self.users.get(user_id))

    def category(self, category_id: int) -> Json:
        row = self.categories[category_id]
        return {
            "self": self.ctx.api_url(f"statuscategory/{row['id']}"),
            "id": row["id"],
            "key": row["key"],
            "colorName": row["color"],
            "name": row["name"],
        }

    def status(self, status_id: int) -> Json:
        row = self.statuses[status_id]
        return {
            "self": self.ctx.api_url(f"status/{row['id']}"),
            "description": "",
            "iconUrl": f"{self.ctx.base_url}/images/icons/statuses/generic.png",
            "name": row["name"],
            "id": str(row["id"]),
            "statusCategory": self.category(row["category_id"]),
        }

    def priority(self, priority_id: int | None) -> Json | None:
        if priority_id is None:
            return None
        row = self.priorities[priority_id]
        return {
            "self": self.ctx.api_url(f"priority/{row['id']}"),
            "iconUrl": f"{self.ctx.base_url}/images/icons/priorities/{row['name'].lower()}.svg",
            "name": row["name"],
            "id": str(row["id"]),
        }

    def issue_type(self, type_id: int) -> Json:
        row = self.types[type_id]
        return {
            "self": self.ctx.api_url(f"issuetype/{row['id']}"),
            "id": str(row["id"]),
            "description": row["description"],
            "iconUrl": f"{self.ctx.base_url}/images/icons/issuetypes/{row['id']}.svg",
            "name": row["name"],
            "subtask": bool(row["subtask"]),
            "hierarchyLevel": row["hierarchy_level"],
        }

    def resolution(self, resolution_id: int | None) -> Json | None:
        if resolution_id is None:
            return None
        row = self.resolutions[resolution_id]
        return {
            "self": self.ctx.api_url(f"resolution/{row['id']}"),
            "id": str(row["id"]),
            "description": f"Work on this issue is complete ({row['name']}).",
            "name": row["name"],
        }

    def project(self, project_id: int) -> Json:
        return project_json(self.ctx, self.projects[project_id])


def project_json(ctx: Ctx, row: sqlite3.Row) -> Json:
    return {
        "self": ctx.api_url(f"project/{row['id']}"),
        "id": str(row["id"]),
        "key": row["key"],
        "name": row["name"],
        "projectTypeKey": "software",
        "simplified": False,
        "avatarUrls": _avatars(ctx, "project", row["id"]),
    }


def component_json(ctx: Ctx, row: sqlite3.Row) -> Json:
    return {
        "self": ctx.api_url(f"component/{row['id']}"),
        "id": str(row["id"]),
        "name": row["name"],
    }


def comment_json(ctx: Ctx, catalog: Catalog, row: sqlite3.Row) -> Json:
    return {
        "self": ctx.api_url(f"issue/{row['issue_id']}/comment/{row['id']}"),
        "id": str(row["id"]),
        "author": catalog.user(row["author_id"]),
        "body": richtext.markdown_to_wire(row["body"], adf=ctx.adf),
        "updateAuthor": catalog.user(row["author_id"]),
        "created": jira_time(row["created"]),
        "updated": jira_time(row["updated"]),
        "jsdPublic": True,
    }


def format_duration(seconds: int) -> str:
    """Jira's short duration: 1d 2h 30m (8-hour days, 5-day weeks)."""
    parts = []
    minutes = seconds // 60
    for unit, size in (("w", 5 * 8 * 60), ("d", 8 * 60), ("h", 60), ("m", 1)):
        if minutes >= size:
            parts.append(f"{minutes // size}{unit}")
            minutes %= size
    return " ".join(parts) or "0m"


def worklog_json(ctx: Ctx, catalog: Catalog, row: sqlite3.Row) -> Json:
    return {
        "self": ctx.api_url(f"issue/{row['issue_id']}/worklog/{row['id']}"),
        "author": catalog.user(row["author_id"]),
        "updateAuthor": catalog.user(row["author_id"]),
        "comment": richtext.markdown_to_wire(row["comment"], adf=ctx.adf),
        "created": jira_time(row["created"]),
        "updated": jira_time(row["created"]),
        "started": jira_time(row["started"]),
        "timeSpent": format_duration(row["time_spent_seconds"]),
        "timeSpentSeconds": row["time_spent_seconds"],
        "id": str(row["id"]),
        "issueId": str(row["issue_id"]),
    }


def sprint_json(ctx: Ctx, row: sqlite3.Row) -> Json:
    data: Json = {
        "id": row["id"],
        "self": ctx.agile_url(f"sprint/{row['id']}"),
        "state": row["state"],
        "name": row["name"],
        "originBoardId": row["board_id"],
        "goal": row["goal"],
    }
    if row["start_date"] is not None:
        data["startDate"] = agile_time(row["start_date"])
    if row["end_date"] is not None:
        data["endDate"] = agile_time(row["end_date"])
    if row["complete_date"] is not None:
        data["completeDate"] = agile_time(row["complete_date"])
    return data


def _in(ids: Sequence[int]) -> str:
    return ",".join("?" * len(ids))


def _grouped(rows: Iterable[sqlite3.Row], key: str) -> dict[int, list[sqlite3.Row]]:
    groups: dict[int, list[sqlite3.Row]] = defaultdict(list)
    for row in rows:
        groups[row[key]].append(row)
    return groups


class IssueRenderer:
    """Renders a page of issues with one query per related table, not per issue."""

    def __init__(self, ctx: Ctx, catalog: Catalog | None = None) -> None:
        self.ctx = ctx
        self.catalog = catalog or Catalog(ctx)

    def _brief(self, row: sqlite3.Row) -> Json:
        return {
            "id": str(row["id"]),
            "key": row["key"],
            "self": self.ctx.api_url(f"issue/{row['id']}"),
            "fields": {
                "summary": row["summary"],
                "status": self.catalog.status(row["status_id"]),
                "priority": self.catalog.priority(row["priority_id"]),
                "issuetype": self.catalog.issue_type(row["issue_type_id"]),
            },
        }

    def render(
        self, ids: Sequence[int], fields: frozenset[str], expand: Sequence[str] = ()
    ) -> list[Json]:
        if not ids:
            return []
        conn, ctx, cat = self.ctx.conn, self.ctx, self.catalog
        marks = _in(ids)
        rows = {
            r["id"]: r for r in conn.execute(f"SELECT * FROM issues WHERE id IN ({marks})", ids)
        }
        want = fields.__contains__

        def many(sql: str, key: str = "issue_id") -> dict[int, list[sqlite3.Row]]:
            return _grouped(conn.execute(sql.format(marks=marks), ids), key)

        labels = (
            many("SELECT * FROM issue_labels WHERE issue_id IN ({marks}) ORDER BY label")
            if want("labels")
            else {}
        )
        components = (
            many("SELECT ic.issue_id, c.* FROM issue_components ic JOIN components c ON c.id ="
                 " ic.component_id WHERE ic.issue_id IN ({marks}) ORDER BY c.name")
            if want("components") else {}
        )  # fmt: skip
        sprints = (
            many("SELECT s.*, x.issue_id FROM issue_sprints x JOIN sprints s ON s.id = x.sprint_id"
                 " WHERE x.issue_id IN ({marks}) ORDER BY s.id")
            if want(SPRINT_CUSTOM_FIELD) else {}
        )  # fmt: skip
        subtasks = (
            many("SELECT i.* FROM issues i JOIN issue_types t ON t.id = i.issue_type_id WHERE"
                 " t.subtask = 1 AND i.parent_id IN ({marks}) ORDER BY i.id", "parent_id")
            if want("subtasks") else {}
        )  # fmt: skip
        parent_ids = sorted({r["parent_id"] for r in rows.values() if r["parent_id"] is not None})
        parents = (
            {r["id"]: r for r in conn.execute(
                f"SELECT * FROM issues WHERE id IN ({_in(parent_ids)})", parent_ids)}
            if (want("parent") or want(EPIC_LINK_FIELD)) and parent_ids else {}
        )  # fmt: skip
        from jira_chat.sandbox.custom_fields import attachment_json, load_extras

        extras = load_extras(ctx, ids, fields)
        links = self._links(ids) if want("issuelinks") else {}
        comments = (
            many("SELECT * FROM comments WHERE issue_id IN ({marks}) ORDER BY created, id")
            if want("comment")
            else {}
        )
        worklogs = (
            many("SELECT * FROM worklogs WHERE issue_id IN ({marks}) ORDER BY started, id")
            if want("worklog")
            else {}
        )
        watchers = (
            many("SELECT * FROM watchers WHERE issue_id IN ({marks})") if want("watches") else {}
        )

        out = []
        for issue_id in ids:
            row = rows.get(issue_id)
            if row is None:
                continue
            values: Json = {
                "summary": row["summary"],
                "description": richtext.markdown_to_wire(row["description"], adf=ctx.adf)
                if want("description") else None,
                "issuetype": cat.issue_type(row["issue_type_id"]),
                "project": cat.project(row["project_id"]),
                "status": cat.status(row["status_id"]),
                "priority": cat.priority(row["priority_id"]),
                "resolution": cat.resolution(row["resolution_id"]),
                "resolutiondate": jira_time(row["resolved"]),
                "assignee": cat.user(row["assignee_id"]),
                "reporter": cat.user(row["reporter_id"]),
                "creator": cat.user(row["reporter_id"]),
                "created": jira_time(row["created"]),
                "updated": jira_time(row["updated"]),
                "statuscategorychangedate": jira_time(row["updated"]),
                "duedate": row["due_date"],
                "labels": [r["label"] for r in labels.get(issue_id, [])],
                "components": [component_json(ctx, r) for r in components.get(issue_id, [])],
                "fixVersions": extras.fix.get(issue_id, []),
                "versions": extras.affects.get(issue_id, []),
                "attachment": [attachment_json(ctx, cat.user(a["author_id"]), a)
                               for a in extras.attachments.get(issue_id, [])],
                STORY_POINTS_FIELD: extras.values.get(issue_id, {}).get(STORY_POINTS_FIELD),
                TEAM_FIELD: extras.values.get(issue_id, {}).get(TEAM_FIELD),
                "environment": None,
                "subtasks": [self._brief(r) for r in subtasks.get(issue_id, [])],
                "issuelinks": links.get(issue_id, []),
                "votes": {"self": ctx.api_url(f"issue/{row['key']}/votes"), "votes": 0, "hasVoted": False},
                "timetracking": {},
                SPRINT_CUSTOM_FIELD: [sprint_json(ctx, s) for s in sprints.get(issue_id, [])] or None,
            }  # fmt: skip
            if want("watches"):
                users = [w["user_id"] for w in watchers.get(issue_id, [])]
                values["watches"] = {
                    "self": ctx.api_url(f"issue/{row['key']}/watchers"),
                    "watchCount": len(users),
                    "isWatching": ctx.user_id in users,
                }
            if want("comment"):
                page = [comment_json(ctx, cat, c) for c in comments.get(issue_id, [])]
                values["comment"] = {
                    "comments": page, "self": ctx.api_url(f"issue/{issue_id}/comment"),
                    "maxResults": len(page), "total": len(page), "startAt": 0,
                }  # fmt: skip
            if want("worklog"):
                logs = [worklog_json(ctx, cat, w) for w in worklogs.get(issue_id, [])]
                values["worklog"] = {
                    "startAt": 0,
                    "maxResults": 20,
                    "total": len(logs),
                    "worklogs": logs,
                }
            if want("parent") and row["parent_id"] in parents:
                values["parent"] = self._brief(parents[row["parent_id"]])
            if not ctx.cloud:
                parent = parents.get(row["parent_id"])
                epic = (
                    parent is not None
                    and cat.types[parent["issue_type_id"]]["hierarchy_level"] == 1
                )
                values[EPIC_LINK_FIELD] = parent["key"] if epic and parent is not None else None
            selected = {k: v for k, v in values.items() if k in fields}
            issue: Json = {
                "expand": "renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations",
                "id": str(issue_id),
                "self": ctx.api_url(f"issue/{issue_id}"),
                "key": row["key"],
            }
            issue["fields"] = selected  # always present, as the OpenAPI IssueBean requires
            self._expand(issue, row, expand, fields)
            out.append(issue)
        return out

    def _expand(
        self, issue: Json, row: sqlite3.Row, expand: Sequence[str], fields: frozenset[str]
    ) -> None:
        if "renderedFields" in expand:
            issue["renderedFields"] = {
                "description": richtext.markdown_to_html(row["description"]) if "description" in fields else None,
                "created": jira_time(row["created"]),
                "updated": jira_time(row["updated"]),
            }  # fmt: skip
        if "names" in expand:
            issue["names"] = {f: FIELD_NAMES[f] for f in fields if f in FIELD_NAMES}
        if "transitions" in expand:
            from jira_chat.sandbox.workflow import transitions_json

            issue["transitions"] = transitions_json(self.ctx, self.catalog, row["status_id"])
        if "changelog" in expand:
            from jira_chat.sandbox.api_history import expanded

            issue["changelog"] = expanded(self.ctx, self.catalog, row["id"])

    def _links(self, ids: Sequence[int]) -> dict[int, list[Json]]:
        marks = _in(ids)
        conn = self.ctx.conn
        link_rows = conn.execute(
            f"SELECT l.*, t.name AS type_name, t.inward, t.outward FROM issue_links l JOIN link_types t"
            f" ON t.id = l.type_id WHERE l.inward_issue_id IN ({marks}) OR l.outward_issue_id IN ({marks})"
            " ORDER BY l.id",
            [*ids, *ids],
        ).fetchall()
        other_ids = sorted(
            {r["inward_issue_id"] for r in link_rows} | {r["outward_issue_id"] for r in link_rows}
        )
        others = {
            r["id"]: r
            for r in conn.execute(f"SELECT * FROM issues WHERE id IN ({_in(other_ids)})", other_ids)
        } if other_ids else {}  # fmt: skip
        wanted = set(ids)
        result: dict[int, list[Json]] = defaultdict(list)
        for link in link_rows:
            link_type = {
                "id": str(link["type_id"]), "name": link["type_name"], "inward": link["inward"],
                "outward": link["outward"], "self": self.ctx.api_url(f"issueLinkType/{link['type_id']}"),
            }  # fmt: skip
            base = {
                "id": str(link["id"]),
                "self": self.ctx.api_url(f"issueLink/{link['id']}"),
                "type": link_type,
            }
            # POST issueLink {inwardIssue: A, outwardIssue: B, type: Blocks} means "A blocks B":
            # A lists B as its outwardIssue and B lists A as its inwardIssue, as Jira shows them.
            if link["outward_issue_id"] in wanted and link["inward_issue_id"] in others:
                result[link["outward_issue_id"]].append(
                    {**base, "inwardIssue": self._brief(others[link["inward_issue_id"]])}
                )
            if link["inward_issue_id"] in wanted and link["outward_issue_id"] in others:
                result[link["inward_issue_id"]].append(
                    {**base, "outwardIssue": self._brief(others[link["outward_issue_id"]])}
                )
        return result

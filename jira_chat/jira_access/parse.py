"""Jira's REST v2 JSON → the records that cross layers (IssueRecord, Comment, UserRef...).

Kept apart from the service so the shapes Jira sends are decoded in exactly one place.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from jira_chat.errors import UnexpectedReplyError
from jira_chat.jira_access.records import (
    Comment,
    FieldMeta,
    Flavor,
    IssueBrief,
    IssueLinkRecord,
    IssueRecord,
    StatusCategory,
    TransitionInfo,
    UserRef,
)
from jira_chat.jira_access.text import rich_text_to_markdown
from jira_chat.planning.limits import reveal_hidden

# Lists ask for exactly these fields (never *all): what the table and --json show.
LIST_FIELDS: tuple[str, ...] = (
    "summary",
    "status",
    "issuetype",
    "priority",
    "assignee",
    "reporter",
    "labels",
    "created",
    "updated",
    "duedate",
    "project",
)
# A detail view adds the description and comments; transitions come from expand=transitions.
DETAIL_FIELDS: tuple[str, ...] = (
    *LIST_FIELDS,
    "description",
    "comment",
    "parent",
    "subtasks",
    "issuelinks",
    "components",
    "fixVersions",
    "watches",
    "worklog",
    "timespent",
    "attachment",
)
LAST_COMMENTS = 5

_CATEGORIES: frozenset[str] = frozenset({"new", "indeterminate", "done"})


def status_category(raw_status: dict[str, Any] | None) -> StatusCategory:
    key = ((raw_status or {}).get("statusCategory") or {}).get("key")
    if key in _CATEGORIES:
        return key
    return "undefined"


def parse_datetime(value: Any) -> dt.datetime | None:
    """Jira timestamps look like 2026-11-25T14:54:15.000+0000; missing or unreadable → None
    (shown as "-", never as a made-up 1970)."""
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def parse_date(value: Any) -> dt.date | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def user_ident(raw_user: dict[str, Any] | None, flavor: Flavor) -> str | None:
    """The id that writes need: accountId on Cloud, name (username) on Server/DC."""
    if not raw_user:
        return None
    if flavor == "cloud":
        return raw_user.get("accountId") or raw_user.get("name")
    return raw_user.get("name") or raw_user.get("key") or raw_user.get("accountId")


def user_ref(raw_user: dict[str, Any], flavor: Flavor) -> UserRef:
    if not isinstance(raw_user, dict):
        raise unexpected("a user that is not an object")
    raw_user = without_controls(raw_user)
    ident = user_ident(raw_user, flavor) or ""
    return UserRef(
        ident=ident,
        display_name=raw_user.get("displayName") or ident,
        email=raw_user.get("emailAddress") or None,
    )


def _name(raw: Any) -> str | None:
    return raw.get("name") if isinstance(raw, dict) else None


def _display(raw: Any) -> str | None:
    return raw.get("displayName") if isinstance(raw, dict) else None


# C0/C1 control characters but tab and newline: an escape sequence in a summary or comment
# must not recolour, hide or retitle anything on the terminal that shows it.
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def without_controls(value: Any) -> Any:
    """Jira's JSON with control characters removed from every string, at any depth, and
    hidden characters (bidi overrides, zero-width, TAG) shown as <U+202E>."""
    if isinstance(value, str):
        return reveal_hidden(_CONTROL_CHARS.sub("", value))
    if isinstance(value, dict):
        return {key: without_controls(item) for key, item in value.items()}
    if isinstance(value, list):
        return [without_controls(item) for item in value]
    return value


def transition_info(raw: dict[str, Any]) -> TransitionInfo:
    """One transition; its target may be missing (some proxies and old servers omit "to")."""
    target: dict[str, Any] = raw["to"] if isinstance(raw.get("to"), dict) else {}
    return TransitionInfo(
        id=str(raw.get("id", "")),
        name=str(raw.get("name") or f"transition {raw.get('id', '')}".strip()),
        to_status=str(target.get("name") or "") or None,
        to_category=status_category(target),
    )


def available_transitions(raw: Any) -> tuple[TransitionInfo, ...]:
    """The transitions the person may take now: Jira lists unavailable ones (a condition
    fails) with isAvailable false, and those are never offered."""
    if not isinstance(raw, list):
        return ()
    return tuple(
        transition_info(t)
        for t in raw
        if isinstance(t, dict) and t.get("isAvailable", True) is not False
    )


def comment_record(raw: dict[str, Any]) -> Comment:
    raw = without_controls(raw)
    author = raw.get("author") or {}
    return Comment(
        author=author.get("displayName") or author.get("name") or "unknown",
        created=parse_datetime(raw.get("created")),
        body=rich_text_to_markdown(raw.get("body")) or "",
        id=str(raw.get("id") or ""),
    )


UNEXPECTED = "Jira's answer was not what jira-chat expected"
_UNEXPECTED_HINT = (
    "try again; if it persists, a proxy or an app between you and Jira may be at fault"
)


def unexpected(what: str) -> UnexpectedReplyError:
    return UnexpectedReplyError(f"{UNEXPECTED} ({what})", hint=_UNEXPECTED_HINT)


def search_page(data: Any) -> list[dict[str, Any]]:
    """The issues of one search page, after checking the page is shaped like one."""
    if not isinstance(data, dict):
        raise unexpected("a search answered with no result object")
    issues = data.get("issues", [])
    if not isinstance(issues, list) or not all(isinstance(i, dict) for i in issues):
        raise unexpected("a search result whose 'issues' is not a list of issues")
    return issues


def _check_issue_shape(raw: Any) -> None:
    """An issue needs a key and the fields we asked for: `{"key": "WEB-1"}` alone is not one
    (it would show as an issue with no status and 1970 dates)."""
    if not isinstance(raw, dict):
        raise unexpected("an issue that is not an object")
    key, fields = raw.get("key"), raw.get("fields")
    if not isinstance(key, str) or not key:
        raise unexpected("an issue without a key")
    if not isinstance(fields, dict):
        raise unexpected(f"issue {key} came without its fields")
    if not isinstance(fields.get("summary"), str) or not isinstance(fields.get("status"), dict):
        raise unexpected(f"issue {key} came without a summary or status")
    # A missing timestamp is real data (some proxies and old servers omit it): shown as "-".


def issue_brief(raw: dict[str, Any]) -> IssueBrief:
    fields = raw.get("fields") or {}
    return IssueBrief(
        key=str(raw.get("key", "")),
        summary=fields.get("summary") or "",
        status=_name(fields.get("status")) or "",
        issue_type=_name(fields.get("issuetype")) or "",
    )


def link_record(raw: dict[str, Any]) -> IssueLinkRecord | None:
    """A link from this issue's side: an `outwardIssue` means this issue is the inward one
    ("X is blocked by" outwardIssue), and the other way round."""
    link_type = raw.get("type") or {}
    if isinstance(raw.get("outwardIssue"), dict):
        other, wording, outward = raw["outwardIssue"], link_type.get("outward"), True
    elif isinstance(raw.get("inwardIssue"), dict):
        other, wording, outward = raw["inwardIssue"], link_type.get("inward"), False
    else:
        return None
    return IssueLinkRecord(
        id=str(raw.get("id", "")),
        type_name=str(link_type.get("name") or ""),
        wording=str(wording or link_type.get("name") or "relates to"),
        outward=outward,
        other=issue_brief(other),
    )


def time_spent(fields: dict[str, Any]) -> int | None:
    """Total seconds logged: Jira's `timespent`, else the sum of the worklog entries."""
    spent = fields.get("timespent")
    if isinstance(spent, int):
        return spent
    worklog = fields.get("worklog")
    if not isinstance(worklog, dict):
        return None
    return sum(int(w.get("timeSpentSeconds") or 0) for w in worklog.get("worklogs") or [])


def _names(values: Any) -> tuple[str, ...]:
    return tuple(v["name"] for v in values or () if isinstance(v, dict) and v.get("name"))


def issue_record(
    raw: dict[str, Any],
    *,
    browse_base: str,
    flavor: Flavor,
    metas: Mapping[str, FieldMeta] | None = None,
) -> IssueRecord:
    """One issue as the layers above see it; detail parts are filled only when present.
    `metas` (custom fields by id) decodes custom values and the sprint, when asked for."""
    from jira_chat.jira_access import fields as custom

    _check_issue_shape(raw)
    raw = without_controls(raw)
    fields: dict[str, Any] = raw.get("fields") or {}
    key = str(raw.get("key", ""))
    status = fields.get("status") or {}
    comment_field: dict[str, Any] = (
        fields["comment"] if isinstance(fields.get("comment"), dict) else {}
    )
    comments_raw = comment_field.get("comments") or []
    description = fields.get("description")
    metas = metas or {}
    sprint_ids = [i for i, m in metas.items() if m.custom == custom.SPRINT_PLUGIN]
    return IssueRecord(
        key=key,
        summary=fields.get("summary") or "",
        status=status.get("name") or "",
        status_category=status_category(status),
        issue_type=_name(fields.get("issuetype")) or "",
        priority=_name(fields.get("priority")),
        assignee=_display(fields.get("assignee")),
        reporter=_display(fields.get("reporter")),
        labels=tuple(fields.get("labels") or ()),
        created=parse_datetime(fields.get("created")),
        updated=parse_datetime(fields.get("updated")),
        url=f"{browse_base}/browse/{key}",
        due_date=parse_date(fields.get("duedate")),
        description=rich_text_to_markdown(description),
        comments=tuple(comment_record(c) for c in comments_raw[-LAST_COMMENTS:]),
        transitions=available_transitions(raw.get("transitions")),
        project=((fields.get("project") or {}).get("key")),
        assignee_id=user_ident(fields.get("assignee"), flavor),
        parent=issue_brief(fields["parent"]) if isinstance(fields.get("parent"), dict) else None,
        subtasks=tuple(issue_brief(t) for t in fields.get("subtasks") or ()),
        links=tuple(
            link for link in map(link_record, fields.get("issuelinks") or ()) if link is not None
        ),
        components=_names(fields.get("components")),
        fix_versions=_names(fields.get("fixVersions")),
        comment_count=int(comment_field.get("total") or len(comments_raw)),
        watch_count=(fields.get("watches") or {}).get("watchCount"),
        watching=(fields.get("watches") or {}).get("isWatching"),
        time_spent_seconds=time_spent(fields),
        attachments=custom.attachments(fields.get("attachment")),
        sprints=tuple(n for i in sprint_ids for n in custom.sprint_names(fields.get(i))),
        custom_fields=custom.custom_values(fields, metas),
    )

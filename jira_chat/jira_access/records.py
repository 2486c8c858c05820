"""Plain records that cross layers: Jira access produces them, rendering shows them.

`--json` output and tables are both computed from these records, never from each other.
They are frozen dataclasses so that nothing downstream mutates what Jira said.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import field
from typing import Literal

from jira_chat.record import Record

StatusCategory = Literal["new", "indeterminate", "done", "undefined"]
Flavor = Literal["cloud", "server"]


class UserRef(Record):
    """A Jira user. `ident` is the accountId (Cloud) or name (Server/DC)."""

    ident: str
    display_name: str
    email: str | None = None


class Comment(Record):
    author: str
    created: dt.datetime | None  # None when Jira sent no readable timestamp
    body: str  # readable text (Markdown), already converted from ADF or wiki
    id: str = ""  # Jira's comment id: tells a new comment from an old one with the same text


class TransitionInfo(Record):
    id: str
    name: str
    to_status: str | None  # None when Jira did not say where it leads (no "to")
    to_category: StatusCategory


class IssueBrief(Record):
    """Another issue as a detail view mentions it: a sub-task, a parent, a linked issue."""

    key: str
    summary: str
    status: str
    issue_type: str = ""


class IssueLinkRecord(Record):
    """One link as seen from the issue: "WEB-1 blocks WEB-2" → wording "blocks", other WEB-2.

    `outward` is True when this issue is the link's outward side (it "blocks")."""

    id: str
    type_name: str
    wording: str
    outward: bool
    other: IssueBrief


class AttachmentRecord(Record):
    """A file on an issue, as the detail view lists it."""

    id: str
    filename: str
    size: int
    mime_type: str = ""
    author: str | None = None
    created: dt.datetime | None = None


class CustomValue(Record):
    """One non-empty custom field of an issue: `value` is JSON-ready (a number, a string or
    a list of strings), `shown` the one line a person reads."""

    field_id: str
    name: str
    value: float | int | str | list[str]
    shown: str


class FieldMeta(Record):
    """A field of Jira's field list: its id, display name and value schema
    (`schema.type`, `schema.items`, `schema.custom`), which decide how values are written."""

    id: str
    name: str
    schema_type: str
    items: str | None = None
    custom: str = ""  # the plugin key of a custom field, "" for a system field

    @property
    def is_custom(self) -> bool:
        return self.id.startswith("customfield_")


class IssueRecord(Record):
    key: str
    summary: str
    status: str
    status_category: StatusCategory
    issue_type: str
    priority: str | None
    assignee: str | None  # display name
    reporter: str | None  # display name
    labels: tuple[str, ...]
    created: dt.datetime | None  # None when missing or unreadable: shown as "-"
    updated: dt.datetime | None
    url: str  # browse URL for people, e.g. https://x.atlassian.net/browse/WEB-12
    due_date: dt.date | None = None
    description: str | None = None  # readable text; set only for detail views
    comments: tuple[Comment, ...] = ()  # the last few only
    transitions: tuple[TransitionInfo, ...] = ()
    project: str | None = None
    assignee_id: str | None = None
    # Detail views only (empty or None in lists):
    parent: IssueBrief | None = None
    subtasks: tuple[IssueBrief, ...] = ()
    epic_children: tuple[IssueBrief, ...] = ()  # an epic's issues (first EPIC_CHILDREN_LIMIT)
    links: tuple[IssueLinkRecord, ...] = ()
    components: tuple[str, ...] = ()
    fix_versions: tuple[str, ...] = ()
    comment_count: int = 0
    watch_count: int | None = None
    watching: bool | None = None
    time_spent_seconds: int | None = None  # total time logged, from the worklog
    attachments: tuple[AttachmentRecord, ...] = ()
    sprints: tuple[str, ...] = ()  # names of the sprints the issue is (or was) in
    custom_fields: tuple[CustomValue, ...] = ()  # non-empty custom fields but Sprint

    def custom(self, name: str) -> CustomValue | None:
        """A custom field by display name (any case), if the issue has a value for it."""
        wanted = name.casefold()
        return next((c for c in self.custom_fields if c.name.casefold() == wanted), None)

    @property
    def story_points(self) -> float | int | None:
        found = self.custom("Story Points") or self.custom("Story point estimate")
        return found.value if found and isinstance(found.value, int | float) else None


class SearchResult(Record):
    """One search as shown: the JQL that ran, the issues, and how many exist in all.

    `total` is exact on Server/DC; on Cloud it equals len(issues) when the first page was the
    last one and otherwise comes from the approximate count (`total_is_approximate`).
    `total` is None only when no count could be had.
    """

    jql: str
    issues: tuple[IssueRecord, ...]
    total: int | None
    total_is_approximate: bool = False

    @property
    def truncated(self) -> bool:
        return self.total is None or self.total > len(self.issues)


class LinkType(Record):
    """An issue link type: "Blocks", outward "blocks", inward "is blocked by"."""

    id: str
    name: str
    inward: str
    outward: str


class WorklogRecord(Record):
    id: str
    author: str
    seconds: int
    started: dt.datetime | None = None


class BoardRecord(Record):
    id: int
    name: str
    type: str
    project: str | None = None


class SprintRecord(Record):
    id: int
    name: str
    state: str  # active, future or closed
    board: str | None = None
    start: dt.datetime | None = None
    end: dt.datetime | None = None
    goal: str | None = None


class ProjectMeta(Record):
    key: str
    name: str
    id: str
    components: tuple[str, ...] = ()


class StatusMeta(Record):
    name: str
    category: StatusCategory


class SprintMeta(Record):
    name: str
    state: str  # active, closed or future
    project: str | None = None  # the key of the board's project, when known
    end: str | None = None  # ISO date the sprint ended or ends; orders "the last sprint"


class NamedMeta(Record):
    """A version, an epic or a custom field: a display name and what JQL calls it."""

    name: str
    ident: str  # version/epic: the project or issue key; custom field: its JQL id (cf[10020])
    project: str | None = None


class InstanceMetadata(Record):
    """What the planner is grounded in and names are resolved against; cached on disk.

    The vocabulary beyond projects/types/statuses/priorities (labels, users, sprints,
    versions, epics, custom fields) is bounded by `jira_access.metadata` caps: on a large
    instance it holds the most recent values, and `*_complete` says whether it holds all,
    so a name it lacks is passed on to Jira as typed (looked up on demand), never refused.
    """

    server_url: str
    flavor: Flavor
    current_user: UserRef
    projects: tuple[ProjectMeta, ...]
    issue_types: tuple[str, ...]
    statuses: tuple[StatusMeta, ...]
    priorities: tuple[str, ...]
    fetched_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))
    labels: tuple[str, ...] = ()
    users: tuple[UserRef, ...] = ()  # assignable users; never sent to the model wholesale
    sprints: tuple[SprintMeta, ...] = ()
    versions: tuple[NamedMeta, ...] = ()
    epics: tuple[NamedMeta, ...] = ()
    custom_fields: tuple[NamedMeta, ...] = ()
    fields: tuple[FieldMeta, ...] = ()  # Jira's custom fields with their schemas
    labels_complete: bool = False
    users_complete: bool = False

"""Plain records that cross layers: Jira access produces them, rendering shows them.

`--json` output and tables are both computed from these records, never from each other.
They are frozen dataclasses so that nothing downstream mutates what Jira said.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, Union

if TYPE_CHECKING:
    from jira_chat.execution.bulk_records import BulkResult
    from jira_chat.execution.noop import AlreadyResult

StatusCategory = Literal["new", "indeterminate", "done", "undefined"]
Flavor = Literal["cloud", "server"]


@dataclass(frozen=True)
class UserRef:
    """A Jira user. `ident` is the accountId (Cloud) or name (Server/DC)."""

    ident: str
    display_name: str
    email: str | None = None


@dataclass(frozen=True)
class Comment:
    author: str
    created: dt.datetime
    body: str  # readable text (Markdown), already converted from ADF or wiki


@dataclass(frozen=True)
class TransitionInfo:
    id: str
    name: str
    to_status: str
    to_category: StatusCategory


@dataclass(frozen=True)
class IssueRecord:
    key: str
    summary: str
    status: str
    status_category: StatusCategory
    issue_type: str
    priority: str | None
    assignee: str | None  # display name
    reporter: str | None  # display name
    labels: tuple[str, ...]
    created: dt.datetime
    updated: dt.datetime
    url: str  # browse URL for people, e.g. https://x.atlassian.net/browse/WEB-12
    due_date: dt.date | None = None
    description: str | None = None  # readable text; set only for detail views
    comments: tuple[Comment, ...] = ()
    transitions: tuple[TransitionInfo, ...] = ()
    project: str | None = None
    assignee_id: str | None = None


@dataclass(frozen=True)
class SearchResult:
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


@dataclass(frozen=True)
class FieldChange:
    """One field of one issue: what it is now and what the write will make it."""

    field: str
    old: Any
    new: Any


@dataclass(frozen=True)
class ActionPreview:
    """What one write will do, shown before the person says yes."""

    action: str
    key: str | None  # None for create_issue before it exists
    title: str  # e.g. "Transition WEB-12 (Start progress)" or "Create Bug in WEB"
    changes: tuple[FieldChange, ...]
    # A create: open issues of the project with a similar summary (PossibleDuplicate records).
    duplicates: tuple[Any, ...] = ()


@dataclass(frozen=True)
class WriteResult:
    """One write as done, after reading the issue back."""

    action: str
    key: str
    url: str
    changes: tuple[FieldChange, ...]
    duplicates: tuple[Any, ...] = ()  # as in the preview: shown again in --json
    # Ids the journal needs to undo this write (comment_id, assignee_id); not shown.
    refs: Mapping[str, str | None] = field(default_factory=dict, compare=False)

    def as_json(self) -> dict[str, Any]:
        return {
            "action": self.action,
            "key": self.key,
            "url": self.url,
            "changes": {c.field: {"from": c.old, "to": c.new} for c in self.changes},
            "result": "done",
            **(
                {"possible_duplicates": [d.as_json() for d in self.duplicates]}
                if self.action == "create_issue"
                else {}
            ),
        }


@dataclass(frozen=True)
class ProjectMeta:
    key: str
    name: str
    id: str
    components: tuple[str, ...] = ()


@dataclass(frozen=True)
class StatusMeta:
    name: str
    category: StatusCategory


@dataclass(frozen=True)
class InstanceMetadata:
    """What the planner is grounded in and names are resolved against; cached on disk."""

    server_url: str
    flavor: Flavor
    current_user: UserRef
    projects: tuple[ProjectMeta, ...]
    issue_types: tuple[str, ...]
    statuses: tuple[StatusMeta, ...]
    priorities: tuple[str, ...]
    fetched_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))


# What one executed action produced: a search, an issue detail view, or a write.
# An action with nothing to do reports AlreadyResult; a bulk change reports BulkResult.
Outcome = Union[SearchResult, IssueRecord, WriteResult, "AlreadyResult", "BulkResult"]  # noqa: UP007

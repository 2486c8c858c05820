"""Which JQL fields the sandbox knows, what operators each takes, and how each sorts.

Names are case-insensitive; aliases map to one canonical spec. The operator sets follow
Jira's field reference (e.g. `summary` takes `~ !~ IS IS NOT`, `text` only `~`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal[
    "project",
    "key",
    "issuetype",
    "status",
    "statuscategory",
    "priority",
    "resolution",
    "user",
    "parent",
    "labels",
    "component",
    "sprint",
    "watcher",
    "textcolumn",
    "comment",
    "text",
    "datetime",
    "date",
    "version",
    "number",
    "option",
    "filter",
]

EQUALITY = frozenset({"=", "!=", "in", "not in", "is", "is not"})
COMPARISON = frozenset({">", ">=", "<", "<="})
ORDERED = EQUALITY | COMPARISON
CONTAINS = frozenset({"~", "!~"})


@dataclass(frozen=True)
class FieldSpec:
    """How one searchable field maps onto the schema."""

    name: str
    kind: Kind
    operators: frozenset[str]
    column: str = ""  # the issues column for single-valued fields


_SPECS = (
    FieldSpec("project", "project", EQUALITY, "i.project_id"),
    FieldSpec("key", "key", ORDERED, "i.id"),
    FieldSpec("issuetype", "issuetype", EQUALITY, "i.issue_type_id"),
    FieldSpec("status", "status", EQUALITY, "i.status_id"),
    FieldSpec("statusCategory", "statuscategory", EQUALITY, "i.status_id"),
    FieldSpec("priority", "priority", ORDERED, "i.priority_id"),
    FieldSpec("resolution", "resolution", EQUALITY, "i.resolution_id"),
    FieldSpec("assignee", "user", EQUALITY, "i.assignee_id"),
    FieldSpec("reporter", "user", EQUALITY, "i.reporter_id"),
    FieldSpec("parent", "parent", EQUALITY, "i.parent_id"),
    FieldSpec("labels", "labels", EQUALITY),
    FieldSpec("component", "component", EQUALITY),
    FieldSpec("sprint", "sprint", EQUALITY),
    FieldSpec("watcher", "watcher", EQUALITY),
    FieldSpec("summary", "textcolumn", CONTAINS | {"is", "is not"}, "i.summary"),
    FieldSpec("description", "textcolumn", CONTAINS | {"is", "is not"}, "i.description"),
    FieldSpec("comment", "comment", CONTAINS),
    FieldSpec("text", "text", frozenset({"~"})),
    FieldSpec("created", "datetime", ORDERED, "i.created"),
    FieldSpec("updated", "datetime", ORDERED, "i.updated"),
    FieldSpec("resolved", "datetime", ORDERED, "i.resolved"),
    FieldSpec("duedate", "date", ORDERED, "i.due_date"),
    FieldSpec("fixVersion", "version", EQUALITY, "issue_fix_versions"),
    FieldSpec("affectedVersion", "version", EQUALITY, "issue_affects_versions"),
    FieldSpec("Story Points", "number", ORDERED, "customfield_10016"),
    FieldSpec("Team", "option", EQUALITY, "customfield_10040"),
    FieldSpec("Epic Link", "parent", EQUALITY, "i.parent_id"),
    FieldSpec("filter", "filter", frozenset({"=", "!=", "in", "not in"})),
)
_ALIASES = {
    "issuekey": "key",
    "issue": "key",
    "id": "key",
    "type": "issuetype",
    "due": "duedate",
    "resolutiondate": "resolved",
    "createddate": "created",
    "updateddate": "updated",
    "cf[10016]": "story points",
    "cf[10040]": "team",
    "cf[10014]": "epic link",
    "cf[10020]": "sprint",
    "request": "filter",
    "savedfilter": "filter",
    "searchrequest": "filter",
}
FIELDS: dict[str, FieldSpec] = {spec.name.lower(): spec for spec in _SPECS}
FIELDS.update({alias: FIELDS[target] for alias, target in _ALIASES.items()})

# Real Jira fields outside the sandbox's subset: refused by name rather than "does not exist".
UNSUPPORTED_FIELDS = frozenset(
    {
        "environment",
        "votes",
        "watchers",
        "voter",
        "timespent",
        "timeestimate",
        "timeoriginalestimate",
        "originalestimate",
        "remainingestimate",
        "worklogdate",
        "worklogauthor",
        "worklogcomment",
        "workratio",
        "lastviewed",
        "level",
        "category",
        "creator",
        "attachments",
        "issuelink",
        "issuelinktype",
        "flagged",
        "rank",
        "subtasks",
        "approvals",
        "request-channel-type",
        "statuscategorychangeddate",
        "lastcommentedby",
        "labelsnot",
    }
)


@dataclass(frozen=True)
class SortSpec:
    """SQL expressions to sort by; `nullable` ones put empty values last in ASC."""

    expressions: tuple[str, ...]
    nullable: bool = False
    inverted: bool = False  # priority: Jira's DESC (Highest first) is rank ascending


_KEY_SORT = SortSpec(("(SELECT p.key FROM projects AS p WHERE p.id = i.project_id)", "i.num"))
_USER_NAME = "(SELECT u.display_name FROM users AS u WHERE u.id = i.{column}) COLLATE NOCASE"
SORTS: dict[str, SortSpec] = {
    "key": _KEY_SORT,
    "issuekey": _KEY_SORT,
    "issue": _KEY_SORT,
    "id": SortSpec(("i.id",)),
    "rank": SortSpec(("i.id",)),
    "created": SortSpec(("i.created",)),
    "createddate": SortSpec(("i.created",)),
    "updated": SortSpec(("i.updated",)),
    "updateddate": SortSpec(("i.updated",)),
    "resolved": SortSpec(("i.resolved",), nullable=True),
    "resolutiondate": SortSpec(("i.resolved",), nullable=True),
    "duedate": SortSpec(("i.due_date",), nullable=True),
    "due": SortSpec(("i.due_date",), nullable=True),
    "priority": SortSpec(
        ("(SELECT pr.rank FROM priorities AS pr WHERE pr.id = i.priority_id)",),
        nullable=True,
        inverted=True,
    ),
    "status": SortSpec(("(SELECT s.position FROM statuses AS s WHERE s.id = i.status_id)",)),
    "assignee": SortSpec((_USER_NAME.format(column="assignee_id"),), nullable=True),
    "reporter": SortSpec((_USER_NAME.format(column="reporter_id"),), nullable=True),
    "summary": SortSpec(("i.summary COLLATE NOCASE",)),
    "issuetype": SortSpec(
        ("(SELECT t.name FROM issue_types AS t WHERE t.id = i.issue_type_id) COLLATE NOCASE",)
    ),
    "type": SortSpec(
        ("(SELECT t.name FROM issue_types AS t WHERE t.id = i.issue_type_id) COLLATE NOCASE",)
    ),
    "project": SortSpec(("(SELECT p.key FROM projects AS p WHERE p.id = i.project_id)",)),
    "story points": SortSpec(
        (
            "(SELECT v.number FROM issue_field_values AS v WHERE v.issue_id = i.id"
            " AND v.field_id = 'customfield_10016')",
        ),
        nullable=True,
    ),
    "cf[10016]": SortSpec(
        (
            "(SELECT v.number FROM issue_field_values AS v WHERE v.issue_id = i.id"
            " AND v.field_id = 'customfield_10016')",
        ),
        nullable=True,
    ),
    "resolution": SortSpec(
        ("(SELECT r.name FROM resolutions AS r WHERE r.id = i.resolution_id) COLLATE NOCASE",),
        nullable=True,
    ),
}

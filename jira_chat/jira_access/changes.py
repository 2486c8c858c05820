"""What a write asks of Jira, typed: the service turns these into REST for the flavor.

The execution layer resolves names (users, priorities, types) and hands over these records;
it never builds REST dicts. Cloud/Server differences (accountId vs name, and later the epic
field) live in `rest_fields` and the service, nowhere else.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from jira_chat.jira_access.records import Flavor, UserRef


class Unset(enum.Enum):
    """Leave a field as it is (as opposed to None: clear it)."""

    KEEP = "keep"


KEEP = Unset.KEEP


@dataclass(frozen=True)
class IssueFields:
    """Fields of a create or an edit, already resolved. Unset fields are not sent."""

    summary: str | None = None
    description_wiki: str | None = None
    priority: str | None = None
    labels: tuple[str, ...] | None = None
    due_date: dt.date | None = None
    assignee: UserRef | Unset | None = KEEP
    components: tuple[str, ...] | None = None  # the whole set, by name
    fix_versions: tuple[str, ...] | None = None  # the whole set, by name
    parent: str | None = None  # a sub-task's parent (any issue's parent on Cloud)
    epic: str | None = None  # the epic: `parent` on Cloud, the "Epic Link" field on Server/DC
    # Custom fields: (field id, REST value), already checked against the field's schema.
    custom: tuple[tuple[str, object], ...] = ()


@dataclass(frozen=True)
class NewIssue:
    """An issue to create: its project (id when known, else key) and type, plus fields."""

    project_key: str
    project_id: str | None
    issue_type: str
    fields: IssueFields


def user_field(flavor: Flavor, user: UserRef | None) -> dict[str, str] | None:
    """A user reference as REST wants it: accountId on Cloud, name on Server/DC."""
    if user is None:
        return None
    return {"accountId": user.ident} if flavor == "cloud" else {"name": user.ident}


def rest_fields(
    fields: IssueFields, flavor: Flavor, *, epic_link_field: str | None = None
) -> dict[str, object]:
    """The REST `fields` object for a create or an edit (REST v2: wiki markup). An epic is
    `parent` on Cloud; on Server/DC it is the "Epic Link" custom field when the instance has
    one (`epic_link_field`), else `parent` too."""
    rest: dict[str, object] = {}
    if fields.summary is not None:
        rest["summary"] = fields.summary
    if fields.description_wiki is not None:
        rest["description"] = fields.description_wiki
    if fields.priority is not None:
        rest["priority"] = {"name": fields.priority}
    if fields.labels is not None:
        rest["labels"] = list(fields.labels)
    if fields.due_date is not None:
        rest["duedate"] = fields.due_date.isoformat()
    if not isinstance(fields.assignee, Unset):
        rest["assignee"] = user_field(flavor, fields.assignee)
    if fields.components is not None:
        rest["components"] = [{"name": name} for name in fields.components]
    if fields.fix_versions is not None:
        rest["fixVersions"] = [{"name": name} for name in fields.fix_versions]
    if fields.parent is not None:
        rest["parent"] = {"key": fields.parent}
    if fields.epic is not None:
        if flavor == "server" and epic_link_field:
            rest[epic_link_field] = fields.epic
        else:
            rest["parent"] = {"key": fields.epic}
    rest.update(fields.custom)
    return rest


def new_issue_fields(
    new: NewIssue, flavor: Flavor, *, epic_link_field: str | None = None
) -> dict[str, object]:
    project = {"id": new.project_id} if new.project_id else {"key": new.project_key}
    rest = rest_fields(new.fields, flavor, epic_link_field=epic_link_field)
    return {"project": project, "issuetype": {"name": new.issue_type}, **rest}

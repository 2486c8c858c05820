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


def rest_fields(fields: IssueFields, flavor: Flavor) -> dict[str, object]:
    """The REST `fields` object for a create or an edit (REST v2: wiki markup)."""
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
    return rest


def new_issue_fields(new: NewIssue, flavor: Flavor) -> dict[str, object]:
    project = {"id": new.project_id} if new.project_id else {"key": new.project_key}
    return {
        "project": project,
        "issuetype": {"name": new.issue_type},
        **rest_fields(new.fields, flavor),
    }

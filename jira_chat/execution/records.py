"""Records the execution layer produces: previews before a write, results after it.

Rendering shows them; `--json` and tables are both computed from these, never from each other.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import field
from typing import Any

from jira_chat.execution.bulk_records import BulkResult
from jira_chat.execution.noop import AlreadyResult
from jira_chat.jira_access.records import BoardRecord, IssueRecord, SearchResult, SprintRecord
from jira_chat.record import Record


class FieldChange(Record):
    """One field of one issue: what it is now and what the write will make it."""

    field: str
    old: Any
    new: Any


class ActionPreview(Record):
    """What one write will do, shown before the person says yes."""

    action: str
    key: str | None  # None for create_issue before it exists
    title: str  # e.g. "Transition WEB-12 (Start progress)" or "Create Bug in WEB"
    changes: tuple[FieldChange, ...]
    # Targets (issue key, project, person) that appear neither in the person's words, the
    # conversation, nor a search of this request: shown as "not in your request".
    unrequested: tuple[str, ...] = ()
    # A create: open issues of the project with a similar summary (PossibleDuplicate records).
    duplicates: tuple[Any, ...] = ()


class WriteResult(Record):
    """One write as done, after reading the issue back. `verb` comes from the action's
    declaration ("Linked", "Logged 2h on") and reads `f"{verb} {key}"`."""

    action: str
    key: str
    url: str
    changes: tuple[FieldChange, ...]
    verb: str = ""
    duplicates: tuple[Any, ...] = ()  # as in the preview of a create: in --json too
    # Ids the journal needs to undo this write (comment_id, assignee_id); not shown.
    refs: Mapping[str, str | None] = field(default_factory=dict, compare=False)

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "action": self.action,
            "verb": self.verb or self.action,  # "Linked", from the action's declaration
            "key": self.key,
            "url": self.url,
            "changes": {c.field: {"from": c.old, "to": c.new} for c in self.changes},
            "result": "done",
        }
        if self.action == "create_issue":
            data["possible_duplicates"] = [d.as_json() for d in self.duplicates]
        return data


class BoardList(Record):
    """list_boards: the boards found, for a project or all."""

    project: str | None
    boards: tuple[BoardRecord, ...]


class SprintList(Record):
    """list_sprints: the sprints of the boards in `scope` (a board name or a project)."""

    scope: str | None
    sprints: tuple[SprintRecord, ...]


# What one executed action produced: a search, an issue detail view, a list, or a write.
# An action with nothing to do reports AlreadyResult; a bulk change reports BulkResult.
Outcome = (
    SearchResult | IssueRecord | WriteResult | BoardList | SprintList | AlreadyResult | BulkResult
)

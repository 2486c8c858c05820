"""JSON bodies built from the pipeline's records, never from rendered text.

`result` is exactly what `jira-chat ask --format json` prints for the same request (it is
computed by rendering/machine.py); `outcomes` adds one typed object per action so that a page
knows a search from a detail view without guessing.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from itertools import zip_longest
from typing import Any

from jira_chat.execution.records import (
    ActionPreview,
    BoardList,
    FieldChange,
    Outcome,
    SprintList,
    WriteResult,
)
from jira_chat.jira_access.records import IssueRecord, SearchResult
from jira_chat.rendering import humanize, machine


def _plain(value: Any) -> Any:
    """Field values are text, lists, dates or None: make them JSON."""
    return json.loads(json.dumps(value, default=str))


def result_json(outcomes: Sequence[Outcome], reply: str | None) -> Any:
    """The `--format json` document: outcomes, or `{"reply": ...}` when there are none."""
    if outcomes:
        return machine.outcomes_json(outcomes)
    return {"reply": reply} if reply else None


def outcome_item(outcome: Outcome) -> dict[str, Any]:
    if isinstance(outcome, SearchResult):
        return {
            "type": "search",
            "jql": outcome.jql,
            "total": outcome.total,
            "total_is_approximate": outcome.total_is_approximate,
            "count_line": humanize.count_line(outcome),
            "issues": machine.outcome_json(outcome),
        }
    if isinstance(outcome, IssueRecord):
        return {"type": "issue", "issue": machine.outcome_json(outcome)}
    if isinstance(outcome, BoardList | SprintList):
        columns, rows = machine.listing_rows(outcome)
        kind = "boards" if isinstance(outcome, BoardList) else "sprints"
        return {"type": "listing", "kind": kind, "columns": list(columns), "rows": rows}
    if isinstance(outcome, WriteResult):
        return {"type": "write", "write": machine.outcome_json(outcome)}
    # Bulk changes, "already so" answers and any later kind: their `--format json` object.
    return {"type": "other", "kind": type(outcome).__name__, "data": machine.outcome_json(outcome)}


def change_json(change: FieldChange) -> dict[str, Any]:
    return {
        "field": change.field,
        "from": _plain(change.old),
        "to": _plain(change.new),
        "from_text": humanize.format_value(change.old),
        "to_text": humanize.format_value(change.new),
    }


def preview_json(preview: ActionPreview) -> dict[str, Any]:
    """One write, field by field, as the CLI's preview shows it."""
    return {
        "action": preview.action,
        "key": preview.key,
        "title": preview.title,
        "changes": [change_json(change) for change in preview.changes],
    }


def keys_to_type(previews: Sequence[ActionPreview]) -> list[str]:
    """Issues a plan deletes: as in the CLI, each is confirmed by typing its key, not a yes."""
    return [p.key for p in previews if p.action == "delete_issue" and p.key]


def preview_differences(
    before: Sequence[ActionPreview], after: Sequence[ActionPreview]
) -> list[dict[str, Any]]:
    """What changed in Jira between a preview and the confirm, field by field."""
    differences: list[dict[str, Any]] = []
    for old, new in zip_longest(before, after):
        if old == new:
            continue
        if old is None or new is None or (old.action, old.key) != (new.action, new.key):
            differences.append(
                {
                    "key": (old or new).key,
                    "field": None,
                    "previewed": old.title if old else None,
                    "now": new.title if new else None,
                }
            )
            continue
        old_fields = {change.field: change for change in old.changes}
        new_fields = {change.field: change for change in new.changes}
        for name in dict.fromkeys([*old_fields, *new_fields]):
            was, now = old_fields.get(name), new_fields.get(name)
            if was == now:
                continue
            differences.append(
                {
                    "key": new.key,
                    "field": name,
                    "previewed": change_json(was) if was else None,
                    "now": change_json(now) if now else None,
                }
            )
    return differences

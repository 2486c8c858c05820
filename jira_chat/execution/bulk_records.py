"""Records of a bulk change: its preview (one row per selected issue) and its report.

The preview says, per issue, what will change, or why nothing will (already done, impossible);
the report says, per issue, done / already / failed / not done, with a one-line reason. Tables,
JSON, CSV and plain lines are all computed from these.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from jira_chat.record import Record

if TYPE_CHECKING:
    from jira_chat.execution.records import FieldChange

PlannedState = Literal["change", "already", "impossible"]
ResultState = Literal["done", "already", "failed", "impossible", "not done"]


class BulkItem(Record):
    """One selected issue in the preview."""

    key: str
    summary: str
    state: PlannedState
    changes: tuple[FieldChange, ...] = ()
    reason: str | None = None  # for "already" and "impossible"


class BulkPreview(Record):
    """What a bulk change will do to each issue it selects, before anything changes."""

    change: str  # the single-issue action applied, e.g. "transition_issue"
    title: str  # e.g. 'Transition to "Done"'
    selection: str  # the JQL, or "the issues last shown: WEB-1, WEB-2"
    items: tuple[BulkItem, ...]
    cap: int

    def of_state(self, state: PlannedState) -> list[BulkItem]:
        return [item for item in self.items if item.state == state]

    @property
    def to_change(self) -> list[BulkItem]:
        return self.of_state("change")


class BulkRow(Record):
    """One issue in the report."""

    key: str
    summary: str
    result: ResultState
    url: str
    changes: tuple[FieldChange, ...] = ()
    reason: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "summary": self.summary,
            "result": self.result,
            "reason": self.reason,
            "url": self.url,
            "changes": {c.field: {"from": c.old, "to": c.new} for c in self.changes},
        }


class BulkResult(Record):
    """A bulk change as done. `interrupted`: Ctrl-C stopped it after the request in flight."""

    change: str
    title: str
    rows: tuple[BulkRow, ...]
    interrupted: bool = False
    action: str = "bulk_change"

    def of_result(self, result: ResultState) -> list[BulkRow]:
        return [row for row in self.rows if row.result == result]

    @property
    def failed(self) -> list[BulkRow]:
        return self.of_result("failed")

    def summary_line(self) -> str:
        counts = {state: len(self.of_result(state)) for state in _ORDER}
        parts = [f"{n} {state}" for state, n in counts.items() if n]
        line = f"{self.title}: " + ", ".join(parts or ["nothing selected"])
        if self.failed:
            line += " (failed: " + ", ".join(row.key for row in self.failed) + ")"
        return line


_ORDER: tuple[ResultState, ...] = ("done", "already", "impossible", "failed", "not done")

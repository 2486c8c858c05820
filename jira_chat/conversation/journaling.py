"""Journal every write of one plan as it lands (for `jira-chat log` and `undo`).

One `PlanJournal` per plan run: every entry carries the plan's id and the person's request.
"before" is what the preview showed as current (plus the ids undo needs, such as the previous
assignee's account); "after" is what was written (plus the new comment's id). A write that was
sent but could not be read back is journaled too, marked unverified: it has probably landed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from jira_chat.execution.journal import Journal, JournalEntry, new_plan_id

if TYPE_CHECKING:
    from jira_chat.execution.executor import Executor
    from jira_chat.execution.prepared import PreparedAction
    from jira_chat.execution.records import FieldChange, WriteResult

# Actions that add something: there is no "before" value, only what was added.
_ADDING = frozenset({"create_issue", "add_comment"})


@dataclass
class PlanJournal:
    journal: Journal
    request: str
    plan: str = field(default_factory=new_plan_id)

    def record(self, executor: Executor, prepared: PreparedAction, result: WriteResult) -> None:
        self._append(executor, result.action, result.key, result.changes, dict(result.refs), True)

    def record_unverified(self, executor: Executor, prepared: PreparedAction, key: str) -> None:
        changes = prepared.preview.changes if prepared.preview is not None else ()
        self._append(executor, prepared.action.action, key, changes, {}, False)

    def _append(
        self,
        executor: Executor,
        action: str,
        key: str,
        changes: tuple[FieldChange, ...],
        refs: dict[str, Any],
        verified: bool,
    ) -> None:
        before: dict[str, Any] = {}
        if action not in _ADDING:
            before = {c.field: c.old for c in changes}
        after: dict[str, Any] = {c.field: c.new for c in changes}
        after.update(refs)
        if action == "assign_issue":
            issue = executor.issue_before(key)
            before["assignee_id"] = issue.assignee_id if issue is not None else None
        self.journal.append(
            JournalEntry(
                plan=self.plan,
                issue=key,
                action=action,
                before=before,
                after=after,
                request=self.request,
                verified=verified,
            )
        )

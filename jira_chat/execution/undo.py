"""Undo: the inverse of a journaled plan, checked against Jira as it is now, before anything.

Each journal entry becomes one `UndoStep` (newest write first): what it will do (a preview),
why it cannot be done (`impossible`), or how Jira changed since jira-chat's write
(`conflicts`: the journal's "after" against Jira now). Nothing here asks or prints; the undo
flow shows the steps, confirms, and calls `run` on the steps it may run.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from jira_chat.errors import JiraAccessError, WriteNotAppliedError
from jira_chat.execution.journal import JournaledPlan, JournalEntry
from jira_chat.execution.records import ActionPreview, FieldChange, WriteResult
from jira_chat.execution.verify import Expect, check_read_back, reading_back
from jira_chat.jira_access.records import IssueRecord, UserRef
from jira_chat.jira_access.service import JiraService
from jira_chat.jira_access.text import same_text

# Fields an update can restore, as previews name them.
RESTORABLE = ("summary", "description", "priority", "labels", "due_date")


@dataclass(frozen=True)
class Conflict:
    """A field that changed after jira-chat's write: undoing would overwrite someone."""

    field: str
    ours: Any  # what jira-chat wrote (the journal's "after")
    now: Any  # what Jira has now


@dataclass(frozen=True)
class UndoStep:
    entry: JournalEntry
    preview: ActionPreview | None
    impossible: str | None = None
    conflicts: tuple[Conflict, ...] = ()
    deletes_issue: bool = False  # needs the typed-key confirmation
    # (the write, journal "before" of the undo, journal "after" of the undo)
    _run: Callable[[], WriteResult] | None = field(default=None, repr=False, compare=False)

    @property
    def key(self) -> str:
        return self.entry.issue

    @property
    def runnable(self) -> bool:
        return self._run is not None and self.impossible is None

    def run(self) -> WriteResult:
        assert self._run is not None
        return self._run()


def field_value(issue: IssueRecord, name: str) -> Any:
    """An issue's value under the name previews and the journal use."""
    if name == "labels":
        return list(issue.labels)
    if name == "due_date":
        return issue.due_date.isoformat() if issue.due_date else None
    return getattr(issue, name, None)


def same_value(name: str, a: Any, b: Any) -> bool:
    if name == "description":
        return same_text(a, b) if a and b else not a and not b
    if name == "labels":
        return sorted(a or []) == sorted(b or [])
    if isinstance(a, str) and isinstance(b, str) and name in {"status", "priority"}:
        return a.casefold() == b.casefold()
    return bool(a == b)


class UndoPlanner:
    """Builds the steps for one journaled plan; reads each issue once."""

    def __init__(self, service: JiraService) -> None:
        self._service = service
        self._issues: dict[str, IssueRecord | None] = {}

    def steps(self, journaled: JournaledPlan) -> list[UndoStep]:
        return [self._step(entry) for entry in reversed(journaled.entries)]

    def _current(self, key: str) -> IssueRecord | None:
        if key not in self._issues:
            try:
                self._issues[key] = self._service.get_issue(key)
            except JiraAccessError as exc:
                if exc.status != 404:
                    raise
                self._issues[key] = None
        return self._issues[key]

    def _step(self, entry: JournalEntry) -> UndoStep:
        issue = self._current(entry.issue)
        if issue is None:
            return UndoStep(entry, None, impossible=f"{entry.issue} no longer exists")
        builder = _BUILDERS.get(entry.action)
        if builder is None:
            return UndoStep(entry, None, impossible=f"jira-chat cannot undo {entry.action}")
        return builder(self._service, entry, issue)


# --- one builder per journaled action -----------------------------------------------------
def _title(verb: str, issue: IssueRecord) -> str:
    return f"{verb} {issue.key}: {issue.summary}"


def _conflicts(
    entry: JournalEntry, issue: IssueRecord, names: Sequence[str]
) -> tuple[Conflict, ...]:
    found = []
    for name in names:
        ours, now = entry.after.get(name), field_value(issue, name)
        if not same_value(name, ours, now):
            found.append(Conflict(name, ours, now))
    return tuple(found)


def _result(
    service: JiraService, action: str, key: str, changes: Sequence[FieldChange]
) -> WriteResult:
    return WriteResult(action=action, key=key, url=service.browse_url(key), changes=tuple(changes))


def _undo_update(service: JiraService, entry: JournalEntry, issue: IssueRecord) -> UndoStep:
    names = [n for n in RESTORABLE if n in entry.before or n in entry.after]
    changes = [
        FieldChange(n, field_value(issue, n), entry.before.get(n))
        for n in names
        if not same_value(n, field_value(issue, n), entry.before.get(n))
    ]
    if not changes:
        others = sorted(n for n in {*entry.before, *entry.after} if n not in RESTORABLE)
        if others:  # custom fields, components, sprint...: never claimed as restored
            why = f"jira-chat cannot undo changes to {', '.join(others)} on {issue.key}"
            return UndoStep(entry, None, impossible=why)
        return UndoStep(entry, None, impossible=f"{issue.key} already has its earlier values")
    preview = ActionPreview("update_issue", issue.key, _title("Restore", issue), tuple(changes))

    def run() -> WriteResult:
        service.restore_fields(issue.key, {c.field: c.new for c in changes})
        with reading_back(issue.key):
            after = service.get_issue(issue.key)
        check_read_back(
            issue.key, [Expect(c.field, c.new, field_value(after, c.field)) for c in changes]
        )
        return _result(service, "update_issue", issue.key, changes)

    return UndoStep(entry, preview, conflicts=_conflicts(entry, issue, names), _run=run)


def _undo_transition(service: JiraService, entry: JournalEntry, issue: IssueRecord) -> UndoStep:
    wanted = str(entry.before.get("status") or "")
    conflicts = _conflicts(entry, issue, ["status"])
    if same_value("status", issue.status, wanted):
        return UndoStep(entry, None, impossible=f"{issue.key} is already in {wanted}")
    back = [t for t in issue.transitions if same_value("status", t.to_status, wanted)]
    if not back:
        return UndoStep(
            entry,
            None,
            impossible=f"no transition leads from {issue.status} back to {wanted} for {issue.key}",
            conflicts=conflicts,
        )
    transition = back[0]
    changes = (FieldChange("status", issue.status, transition.to_status),)
    preview = ActionPreview(
        "transition_issue",
        issue.key,
        f'{_title("Transition", issue)} back (via "{transition.name}")',
        changes,
    )

    def run() -> WriteResult:
        service.transition_issue(issue.key, transition.id, comment_wiki=None)
        with reading_back(issue.key):
            after = service.get_issue(issue.key)
        check_read_back(issue.key, [Expect("status", transition.to_status, after.status)])
        return _result(service, "transition_issue", issue.key, changes)

    return UndoStep(entry, preview, conflicts=conflicts, _run=run)


def _undo_assign(service: JiraService, entry: JournalEntry, issue: IssueRecord) -> UndoStep:
    before_id, before_name = entry.before.get("assignee_id"), entry.before.get("assignee")
    conflicts: tuple[Conflict, ...] = ()
    if entry.after.get("assignee_id") != issue.assignee_id:
        conflicts = (Conflict("assignee", entry.after.get("assignee"), issue.assignee),)
    if before_id == issue.assignee_id:
        return UndoStep(entry, None, impossible=f"{issue.key} is already assigned as before")
    changes = (FieldChange("assignee", issue.assignee, before_name),)
    preview = ActionPreview("assign_issue", issue.key, _title("Assign", issue), changes)
    user = UserRef(str(before_id), str(before_name)) if before_id else None

    def run() -> WriteResult:
        service.assign_issue(issue.key, user)
        with reading_back(issue.key):
            after = service.get_issue(issue.key)
        check_read_back(
            issue.key,
            [
                Expect(
                    "assignee",
                    before_id,
                    after.assignee_id,
                    shown_expected=before_name or "(unassigned)",
                    shown_actual=after.assignee or "(unassigned)",
                )
            ],
        )
        return _result(service, "assign_issue", issue.key, changes)

    return UndoStep(entry, preview, conflicts=conflicts, _run=run)


def _undo_comment(service: JiraService, entry: JournalEntry, issue: IssueRecord) -> UndoStep:
    comment_id = entry.after.get("comment_id")
    if not comment_id:
        return UndoStep(entry, None, impossible="the journal does not say which comment it was")
    try:
        body = service.comment_markdown(issue.key, str(comment_id))
    except JiraAccessError as exc:
        if exc.status != 404:
            raise
        return UndoStep(entry, None, impossible=f"the comment on {issue.key} is already gone")
    ours = entry.after.get("comment")
    conflicts = () if same_value("description", ours, body) else (Conflict("comment", ours, body),)
    changes = (FieldChange("comment", body, None),)
    preview = ActionPreview(
        "delete_comment", issue.key, _title("Delete the comment on", issue), changes
    )

    def run() -> WriteResult:
        service.delete_comment(issue.key, str(comment_id))
        try:
            service.comment_markdown(issue.key, str(comment_id))
        except JiraAccessError as exc:
            if exc.status == 404:
                return _result(service, "delete_comment", issue.key, changes)
            raise
        raise _still_there(issue.key, "the comment")

    return UndoStep(entry, preview, conflicts=conflicts, _run=run)


def _undo_create(service: JiraService, entry: JournalEntry, issue: IssueRecord) -> UndoStep:
    names = [n for n in ("summary", "priority", "labels", "description") if n in entry.after]
    conflicts = list(_conflicts(entry, issue, names))
    if issue.comments:
        conflicts.append(Conflict("comments", None, f"{len(issue.comments)} since"))
    changes = (FieldChange("issue", f"{issue.key}: {issue.summary}", None),)
    preview = ActionPreview("delete_issue", issue.key, _title("Delete", issue), changes)

    def run() -> WriteResult:
        service.delete_issue(issue.key, delete_subtasks=False)
        try:
            service.get_issue(issue.key)
        except JiraAccessError as exc:
            if exc.status == 404:
                return _result(service, "delete_issue", issue.key, changes)
            raise
        raise _still_there(issue.key, "the issue")

    return UndoStep(entry, preview, conflicts=tuple(conflicts), deletes_issue=True, _run=run)


def _undo_link(service: JiraService, entry: JournalEntry, issue: IssueRecord) -> UndoStep:
    other, type_name = entry.after.get("other"), entry.after.get("link_type")
    outward = entry.after.get("link_outward") == "yes"
    found = [
        link
        for link in issue.links
        if link.other.key == other and link.type_name == type_name and link.outward == outward
    ]
    if not other or not found:
        return UndoStep(entry, None, impossible=f"the link from {issue.key} to {other} is gone")
    link = found[0]
    shown = f"{link.wording} {link.other.key}"
    changes = (FieldChange("links", shown, None),)
    preview = ActionPreview("unlink_issues", issue.key, _title("Unlink", issue), changes)

    def run() -> WriteResult:
        service.delete_link(link.id, key=issue.key)
        with reading_back(issue.key, "the link"):
            after = service.get_issue(issue.key)
        if any(existing.id == link.id for existing in after.links):
            raise _still_there(issue.key, "the link")
        return _result(service, "unlink_issues", issue.key, changes)

    return UndoStep(entry, preview, _run=run)


def _undo_worklog(service: JiraService, entry: JournalEntry, issue: IssueRecord) -> UndoStep:
    worklog_id = str(entry.after.get("worklog_id") or "")
    logged = {w.id: w for w in service.worklogs(issue.key)} if worklog_id else {}
    if worklog_id not in logged:
        return UndoStep(entry, None, impossible=f"the worklog on {issue.key} is already gone")
    seconds = logged[worklog_id].seconds
    changes = (FieldChange("worklog", f"{seconds // 60} min logged", None),)
    preview = ActionPreview(
        "delete_worklog", issue.key, _title("Delete the worklog on", issue), changes
    )

    def run() -> WriteResult:
        service.delete_worklog(issue.key, worklog_id)
        with reading_back(issue.key, "the worklogs"):
            remaining = {w.id for w in service.worklogs(issue.key)}
        if worklog_id in remaining:
            raise _still_there(issue.key, "the worklog")
        return _result(service, "delete_worklog", issue.key, changes)

    return UndoStep(entry, preview, _run=run)


def _undo_watch(service: JiraService, entry: JournalEntry, issue: IssueRecord) -> UndoStep:
    ident, name = entry.after.get("watcher_id"), str(entry.after.get("watcher_name") or "")
    watchers = service.watchers(issue.key)
    if not ident or not any(w.ident == ident for w in watchers):
        return UndoStep(
            entry, None, impossible=f"{name or 'the watcher'} no longer watches {issue.key}"
        )
    user = UserRef(str(ident), name)
    changes = (FieldChange("watchers", name, None),)
    preview = ActionPreview("unwatch_issue", issue.key, _title("Stop watching", issue), changes)

    def run() -> WriteResult:
        service.remove_watcher(issue.key, user)
        with reading_back(issue.key, "the watcher list"):
            still = any(w.ident == user.ident for w in service.watchers(issue.key))
        if still:
            raise _still_there(issue.key, f"watcher {name}")
        return _result(service, "unwatch_issue", issue.key, changes)

    return UndoStep(entry, preview, _run=run)


def _still_there(key: str, what: str) -> WriteNotAppliedError:
    return WriteNotAppliedError(
        f"{key}: Jira accepted the delete, but {what} is still there",
        hint="a permission or an automation may keep it; check in Jira",
    )


_BUILDERS: dict[str, Callable[[JiraService, JournalEntry, IssueRecord], UndoStep]] = {
    "update_issue": _undo_update,
    "transition_issue": _undo_transition,
    "assign_issue": _undo_assign,
    "add_comment": _undo_comment,
    "create_issue": _undo_create,
    "link_issues": _undo_link,
    "add_worklog": _undo_worklog,
    "watch_issue": _undo_watch,
}


def journal_values(step: UndoStep, result: WriteResult) -> tuple[dict[str, Any], dict[str, Any]]:
    """The undo's own journal entry: before/after from what it changed."""
    before = {c.field: c.old for c in result.changes}
    after = {c.field: c.new for c in result.changes}
    if step.entry.action == "assign_issue":
        before["assignee_id"] = step.entry.after.get("assignee_id")
        after["assignee_id"] = step.entry.before.get("assignee_id")
    return before, after

"""update_issue: compare with the issue as it is, preview only real changes, edit, read back."""

from __future__ import annotations

from jira_chat.errors import ResolutionError
from jira_chat.execution.common import check_labels, field_value, read_back, title, write_result
from jira_chat.execution.prepared import PreparedAction
from jira_chat.execution.records import ActionPreview, FieldChange, Outcome
from jira_chat.execution.spec import ActionImpl, ExecContext
from jira_chat.execution.verify import Expect, check_read_back
from jira_chat.jira_access.changes import IssueFields
from jira_chat.jira_access.text import markdown_to_wiki, same_text
from jira_chat.planning.actions.update_issue import UpdateIssue

Prepared = PreparedAction[UpdateIssue, IssueFields]


def _prepare(ctx: ExecContext, action: UpdateIssue) -> Prepared:
    p = action.parameters
    issue = ctx.current(p.key)
    changes: list[FieldChange] = []
    summary = description = priority = None
    labels: tuple[str, ...] | None = None
    due_date = None
    if p.summary is not None and p.summary != issue.summary:
        summary = p.summary
        changes.append(FieldChange("summary", issue.summary, p.summary))
    if p.description is not None and not same_text(p.description, issue.description):
        description = markdown_to_wiki(p.description)
        changes.append(FieldChange("description", issue.description, p.description))
    if p.priority is not None:
        resolved = ctx.resolver.priority(p.priority)
        if resolved != issue.priority:
            priority = resolved
            changes.append(FieldChange("priority", issue.priority, resolved))
    if p.labels_add or p.labels_remove:
        removing = set(check_labels(p.labels_remove))
        kept = [label for label in issue.labels if label not in removing]
        new_labels = list(dict.fromkeys(kept + check_labels(p.labels_add)))
        if new_labels != list(issue.labels):
            labels = tuple(new_labels)
            changes.append(FieldChange("labels", list(issue.labels), new_labels))
    if p.due_date is not None and p.due_date != issue.due_date:
        due_date = p.due_date
        old = issue.due_date.isoformat() if issue.due_date else None
        changes.append(FieldChange("due_date", old, p.due_date.isoformat()))
    if not changes:
        raise ResolutionError(
            f"{issue.key} already has these values; there is nothing to update",
            hint=f"current: summary {issue.summary!r}, priority {issue.priority}, "
            f"labels {list(issue.labels)}",
        )
    preview = ActionPreview("update_issue", issue.key, title("Update", issue), tuple(changes))
    names = ", ".join(c.field for c in changes)
    fields = IssueFields(
        summary=summary,
        description_wiki=description,
        priority=priority,
        labels=labels,
        due_date=due_date,
    )
    return PreparedAction(action, preview, f"update {issue.key} ({names})", fields)


def _run(ctx: ExecContext, prepared: Prepared) -> Outcome:
    assert prepared.preview is not None
    key = prepared.action.parameters.key
    ctx.service.edit_issue(key, prepared.payload)
    after = read_back(ctx, key)
    check_read_back(
        key,
        [Expect(c.field, c.new, field_value(after, c.field)) for c in prepared.preview.changes],
    )
    return write_result(ctx, prepared, key)


IMPLEMENTATION = ActionImpl(UpdateIssue, _prepare, _run)

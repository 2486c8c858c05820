"""update_issue: compare with the issue as it is, preview only real changes, edit, read back."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from jira_chat.execution import custom_fields, issue_fields
from jira_chat.execution.common import (
    all_landed,
    check_labels,
    field_value,
    read_back,
    sprint_expectation,
    title,
    write_result,
)
from jira_chat.execution.noop import AlreadyDone
from jira_chat.execution.prepared import PreparedAction
from jira_chat.execution.records import ActionPreview, FieldChange, Outcome
from jira_chat.execution.spec import ActionImpl, ExecContext
from jira_chat.execution.verify import Expect, check_read_back, reading_back, send_write
from jira_chat.jira_access.changes import IssueFields
from jira_chat.jira_access.records import IssueRecord, SprintRecord
from jira_chat.jira_access.text import markdown_to_wiki, same_text
from jira_chat.planning.actions.update_issue import UpdateIssue


@dataclass(frozen=True)
class UpdatePayload:
    fields: IssueFields
    sprint: SprintRecord | None = None
    custom: tuple[custom_fields.CustomChange, ...] = ()

    @property
    def edits_fields(self) -> bool:
        return self.fields != IssueFields()


Prepared = PreparedAction[UpdateIssue, UpdatePayload]


def _added_removed(
    current: Sequence[str], adding: Sequence[str], removing: Sequence[str]
) -> list[str]:
    """Labels, components and versions change the same way: drop what is removed, then
    append what is new, keeping order and never listing a value twice."""
    dropped = set(removing)
    return list(dict.fromkeys([value for value in current if value not in dropped] + list(adding)))


def _set_change(
    name: str,
    current: Sequence[str],
    adding: Sequence[str],
    removing: Sequence[str],
    changes: list[FieldChange],
) -> tuple[str, ...] | None:
    """Components and fix versions are sets to Jira: the new list, with its preview line
    appended to `changes`, or None when the set stays the same."""
    new = _added_removed(current, adding, removing)
    if sorted(new) == sorted(current):
        return None
    changes.append(FieldChange(name, list(current), new))
    return tuple(new)


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
        removing = check_labels(p.labels_remove)
        new_labels = _added_removed(issue.labels, check_labels(p.labels_add), removing)
        if new_labels != list(issue.labels):
            labels = tuple(new_labels)
            changes.append(FieldChange("labels", list(issue.labels), new_labels))
    if p.due_date is not None and p.due_date != issue.due_date:
        due_date = p.due_date
        old = issue.due_date.isoformat() if issue.due_date else None
        changes.append(FieldChange("due_date", old, p.due_date.isoformat()))
    project = issue.project or issue.key.split("-")[0]
    components = versions = None
    if p.components_add or p.components_remove:
        removing = issue_fields.components(ctx, project, p.components_remove)
        adding = issue_fields.components(ctx, project, p.components_add)
        components = _set_change("components", issue.components, adding, removing, changes)
    if p.fix_versions_add or p.fix_versions_remove:
        removing = issue_fields.fix_versions(ctx, project, p.fix_versions_remove)
        adding = issue_fields.fix_versions(ctx, project, p.fix_versions_add)
        versions = _set_change("fix_versions", issue.fix_versions, adding, removing, changes)
    parent = None
    if p.parent is not None and (issue.parent is None or issue.parent.key != p.parent):
        parent = issue_fields.parent(
            ctx, p.parent, child_type=issue.issue_type, child_key=issue.key
        )
        old = f"{issue.parent.key}: {issue.parent.summary}" if issue.parent else None
        changes.append(
            FieldChange(parent.field, old, f"{parent.issue.key}: {parent.issue.summary}")
        )
    sprint = None
    if p.sprint is not None:
        sprint = issue_fields.sprint(ctx, project, p.sprint)
        current = ctx.service.issue_sprints(issue.key)
        if sprint.name in current:
            sprint = None
        else:
            changes.append(FieldChange("sprint", ", ".join(current) or None, sprint.name))
    custom: list[custom_fields.CustomChange] = []
    if p.fields:
        screen = ctx.service.edit_screen(issue.key)
        where = f"{issue.key}'s edit screen"
        wanted = custom_fields.resolve(ctx, p.fields, screen, project=project, where=where)
        custom = [change for change in wanted if not change.is_current(issue)]
        changes.extend(change.preview(issue) for change in custom)
    if not changes:
        raise AlreadyDone(issue.key, f"{issue.key} already has these values")
    preview = ActionPreview("update_issue", issue.key, title("Update", issue), tuple(changes))
    names = ", ".join(c.field for c in changes)
    fields = IssueFields(
        summary=summary,
        description_wiki=description,
        priority=priority,
        labels=labels,
        due_date=due_date,
        components=components,
        fix_versions=versions,
        parent=parent.issue.key if parent and not parent.is_epic else None,
        epic=parent.issue.key if parent and parent.is_epic else None,
        custom=tuple((change.meta.id, change.rest) for change in custom),
    )
    payload = UpdatePayload(fields, sprint, tuple(custom))
    return PreparedAction(action, preview, f"update {issue.key} ({names})", payload)


def _run(ctx: ExecContext, prepared: Prepared) -> Outcome:
    assert prepared.preview is not None
    key, payload = prepared.action.parameters.key, prepared.payload
    own = {"sprint", *(c.meta.name for c in payload.custom)}
    changes = [c for c in prepared.preview.changes if c.field not in own]

    def expectations(after: IssueRecord) -> list[Expect]:
        found = [Expect(c.field, c.new, field_value(after, c.field)) for c in changes]
        return found + [change.expect(after) for change in payload.custom]

    def send() -> bool:
        ctx.service.edit_issue(key, payload.fields)
        return True

    if payload.edits_fields:
        send_write(
            key,
            send,
            lambda: all_landed(expectations(ctx.service.get_issue(key))),
            idempotent=True,  # a PUT of the same fields
        )
    if payload.sprint is not None:
        ctx.service.move_to_sprint(payload.sprint.id, key)
    found = expectations(read_back(ctx, key))
    if payload.sprint is not None:
        with reading_back(key, "the sprint"):
            sprints = ctx.service.issue_sprints(key)
        found.append(sprint_expectation(payload.sprint.name, sprints))
    check_read_back(key, found)
    return write_result(ctx, prepared, key)


IMPLEMENTATION = ActionImpl(UpdateIssue, _prepare, _run)

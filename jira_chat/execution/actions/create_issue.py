"""create_issue: resolve project, type, priority and assignee; preview; create; read back."""

from __future__ import annotations

from dataclasses import dataclass

from jira_chat.errors import ResolutionError
from jira_chat.execution import custom_fields, issue_fields
from jira_chat.execution.common import (
    assignee_expectation,
    check_labels,
    field_value,
    read_back,
    sprint_expectation,
    write_result,
)
from jira_chat.execution.prepared import PreparedAction
from jira_chat.execution.records import ActionPreview, FieldChange, Outcome
from jira_chat.execution.spec import ActionImpl, ExecContext
from jira_chat.execution.verify import Expect, check_read_back, reading_back, send_write
from jira_chat.jira_access.changes import KEEP, IssueFields, NewIssue
from jira_chat.jira_access.records import SprintRecord, UserRef
from jira_chat.jira_access.text import markdown_to_wiki
from jira_chat.planning.actions.create_issue import CreateIssue


@dataclass(frozen=True)
class CreatePayload:
    new: NewIssue
    assignee: UserRef | None
    assignee_given: bool
    sprint: SprintRecord | None = None
    custom: tuple[custom_fields.CustomChange, ...] = ()


Prepared = PreparedAction[CreateIssue, CreatePayload]


def _prepare(ctx: ExecContext, action: CreateIssue) -> Prepared:
    p = action.parameters
    resolver = ctx.resolver
    project = resolver.project(p.project)
    issue_type = resolver.issue_type(p.issue_type)
    priority = resolver.priority(p.priority) if p.priority else None
    labels = check_labels(p.labels)
    assignee = resolver.user(p.assignee, project=project.key) if p.assignee else None
    components = issue_fields.components(ctx, project.key, p.components)
    versions = issue_fields.fix_versions(ctx, project.key, p.fix_versions)
    parent = (
        issue_fields.parent(ctx, p.parent, child_type=issue_type, child_key=None)
        if p.parent
        else None
    )
    if parent is None and issue_fields.is_subtask_type(issue_type):
        raise ResolutionError("a sub-task needs a parent", hint="name the parent issue's key")
    sprint = issue_fields.sprint(ctx, project.key, p.sprint) if p.sprint else None
    changes = [
        FieldChange("project", None, project.key),
        FieldChange("issue_type", None, issue_type),
        FieldChange("summary", None, p.summary),
    ]
    if p.description:
        changes.append(FieldChange("description", None, p.description))
    if priority:
        changes.append(FieldChange("priority", None, priority))
    if labels:
        changes.append(FieldChange("labels", None, labels))
    if p.assignee:
        changes.append(FieldChange("assignee", None, assignee.display_name if assignee else None))
    if components:
        changes.append(FieldChange("components", None, components))
    if versions:
        changes.append(FieldChange("fix_versions", None, versions))
    if parent:
        changes.append(
            FieldChange(parent.field, None, f"{parent.issue.key}: {parent.issue.summary}")
        )
    if sprint:
        changes.append(FieldChange("sprint", None, sprint.name))
    custom: list[custom_fields.CustomChange] = []
    if p.fields:
        screen = ctx.service.create_screen(project.key, issue_type)
        where = f"the {issue_type} create screen of {project.key}"
        custom = custom_fields.resolve(ctx, p.fields, screen, project=project.key, where=where)
        custom = [change for change in custom if change.shown is not None]  # nothing to clear
        changes.extend(change.preview(None) for change in custom)
    fields = IssueFields(
        summary=p.summary,
        description_wiki=markdown_to_wiki(p.description) if p.description else None,
        priority=priority,
        labels=tuple(labels) if labels else None,
        assignee=assignee if p.assignee else KEEP,
        components=tuple(components) if components else None,
        fix_versions=tuple(versions) if versions else None,
        parent=parent.issue.key if parent and not parent.is_epic else None,
        epic=parent.issue.key if parent and parent.is_epic else None,
        custom=tuple((change.meta.id, change.rest) for change in custom),
    )
    from jira_chat.execution.duplicates import find_duplicates

    preview = ActionPreview(
        action="create_issue",
        key=None,
        title=f"Create {issue_type} in {project.key} ({project.name})",
        changes=tuple(changes),
        duplicates=tuple(find_duplicates(ctx.service, project.key, p.summary)),
    )
    return PreparedAction(
        action,
        preview,
        f"create {issue_type} in {project.key}: {p.summary}",
        CreatePayload(
            NewIssue(project.key, project.id or None, issue_type, fields),
            assignee,
            bool(p.assignee),
            sprint,
            tuple(custom),
        ),
    )


def _run(ctx: ExecContext, prepared: Prepared) -> Outcome:
    payload = prepared.payload
    assert prepared.preview is not None
    project, summary = payload.new.project_key, payload.new.fields.summary

    def created() -> str | None:  # reporter = me, this summary, in the last few minutes
        jql = f'project = "{project}" AND reporter = currentUser() AND created >= -5m'
        found = ctx.service.search(f"{jql} ORDER BY created DESC", limit=20)
        keys = [issue.key for issue in found.issues if issue.summary == summary]
        return keys[0] if len(keys) == 1 else None

    key = send_write(
        f"the new issue in {project}",
        lambda: ctx.service.create_issue(payload.new),
        created,
        idempotent=False,
        absence_is_proof=False,  # a search index may lag behind a create
    )
    if payload.sprint is not None:
        ctx.service.move_to_sprint(payload.sprint.id, key)
    after = read_back(ctx, key, "the new issue")
    own = {"assignee", "sprint", *(change.meta.name for change in payload.custom)}
    expectations = [
        Expect(c.field, c.new, field_value(after, c.field))
        for c in prepared.preview.changes
        if c.field not in own
    ]
    expectations.extend(change.expect(after) for change in payload.custom)
    if payload.sprint is not None:
        with reading_back(key, "the sprint"):
            sprints = ctx.service.issue_sprints(key)
        expectations.append(sprint_expectation(payload.sprint.name, sprints))
    if payload.assignee_given:
        expectations.append(assignee_expectation(payload.assignee, after))
    check_read_back(key, expectations)
    return write_result(ctx, prepared, key)


IMPLEMENTATION = ActionImpl(CreateIssue, _prepare, _run)

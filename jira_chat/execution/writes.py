"""The five write actions: resolve and preview (no change), then write, read back, verify.

Each write is one HTTP request; the read back is one more. Previews show the issue's current
value next to the new one, read from Jira during `prepare`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from jira_chat.errors import ResolutionError
from jira_chat.execution.noop import AlreadyDone
from jira_chat.execution.prepared import PreparedAction
from jira_chat.execution.resolve import Resolver
from jira_chat.execution.spec import ActionSpec, ExecContext
from jira_chat.execution.verify import Expect, check_read_back, reading_back
from jira_chat.jira_access.records import (
    ActionPreview,
    FieldChange,
    IssueRecord,
    Outcome,
    TransitionInfo,
    UserRef,
    WriteResult,
)
from jira_chat.jira_access.text import markdown_to_wiki, same_text
from jira_chat.planning.schema import (
    AddComment,
    AssignIssue,
    CreateIssue,
    TransitionIssue,
    UpdateIssue,
)


def _user_field(ctx: ExecContext, user: UserRef | None) -> dict[str, Any] | None:
    if user is None:
        return None
    return {"accountId": user.ident} if ctx.service.flavor == "cloud" else {"name": user.ident}


def _check_labels(labels: list[str] | None) -> list[str]:
    bad = [label for label in labels or [] if not label or any(c.isspace() for c in label)]
    if bad:
        raise ResolutionError(
            f"Jira labels cannot contain spaces: {', '.join(repr(b) for b in bad)}",
            hint="use dashes instead, e.g. 'needs-review'",
        )
    return list(dict.fromkeys(labels or []))


def _title(verb: str, issue: IssueRecord) -> str:
    return f"{verb} {issue.key}: {issue.summary}"


def _read_back(ctx: ExecContext, key: str, what: str = "the change") -> IssueRecord:
    with reading_back(key, what):
        return ctx.service.get_issue(key)


def _result(
    ctx: ExecContext, prepared: PreparedAction, key: str, refs: dict[str, str | None] | None = None
) -> WriteResult:
    assert prepared.preview is not None
    return WriteResult(
        action=prepared.action.action,
        key=key,
        url=ctx.service.browse_url(key),
        changes=prepared.preview.changes,
        duplicates=prepared.preview.duplicates,
        refs=refs or {},
    )


def _field_value(issue: IssueRecord, field: str) -> Any:
    """An IssueRecord's value under the name previews use."""
    if field == "labels":
        return list(issue.labels)
    if field == "due_date":
        return issue.due_date.isoformat() if issue.due_date else None
    return getattr(issue, field)


def _assignee_expectation(user: UserRef | None, after: IssueRecord) -> Expect:
    """Compare ids (two people may share a name) but show names."""
    return Expect(
        "assignee",
        user.ident if user else None,
        after.assignee_id,
        shown_expected=user.display_name if user else "(unassigned)",
        shown_actual=after.assignee or "(unassigned)",
    )


# --- create_issue --------------------------------------------------------------------------
@dataclass(frozen=True)
class _Create:
    fields: dict[str, Any]
    assignee: UserRef | None
    assignee_given: bool


def _prepare_create(ctx: ExecContext, action: CreateIssue) -> PreparedAction:
    p = action.parameters
    resolver: Resolver = ctx.resolver
    project = resolver.project(p.project)
    issue_type = resolver.issue_type(p.issue_type)
    priority = resolver.priority(p.priority) if p.priority else None
    labels = _check_labels(p.labels)
    assignee = resolver.user(p.assignee, project=project.key) if p.assignee else None
    fields: dict[str, Any] = {
        "project": {"id": project.id} if project.id else {"key": project.key},
        "issuetype": {"name": issue_type},
        "summary": p.summary,
    }
    changes = [
        FieldChange("project", None, project.key),
        FieldChange("issue_type", None, issue_type),
        FieldChange("summary", None, p.summary),
    ]
    if p.description:
        fields["description"] = markdown_to_wiki(p.description)
        changes.append(FieldChange("description", None, p.description))
    if priority:
        fields["priority"] = {"name": priority}
        changes.append(FieldChange("priority", None, priority))
    if labels:
        fields["labels"] = labels
        changes.append(FieldChange("labels", None, labels))
    if p.assignee:
        fields["assignee"] = _user_field(ctx, assignee)
        changes.append(FieldChange("assignee", None, assignee.display_name if assignee else None))
    from jira_chat.execution.duplicates import find_duplicates

    preview = ActionPreview(
        action="create_issue",
        key=None,
        title=f"Create {issue_type} in {project.key} ({project.name})",
        changes=tuple(changes),
        duplicates=tuple(find_duplicates(ctx.service, project.key, p.summary)),
    )
    return PreparedAction(
        action=action,
        is_write=True,
        preview=preview,
        summary=f"create {issue_type} in {project.key}: {p.summary}",
        payload=_Create(fields, assignee, bool(p.assignee)),
    )


def _run_create(ctx: ExecContext, prepared: PreparedAction) -> Outcome:
    payload: _Create = prepared.payload
    assert prepared.preview is not None
    key = ctx.service.create_issue(payload.fields)
    after = _read_back(ctx, key, "the new issue")
    expectations = [
        Expect(c.field, c.new, _field_value(after, c.field))
        for c in prepared.preview.changes
        if c.field != "assignee"
    ]
    if payload.assignee_given:
        expectations.append(_assignee_expectation(payload.assignee, after))
    check_read_back(key, expectations)
    return _result(ctx, prepared, key)


# --- update_issue --------------------------------------------------------------------------
def _prepare_update(ctx: ExecContext, action: UpdateIssue) -> PreparedAction:
    p = action.parameters
    issue = ctx.current(p.key)
    fields: dict[str, Any] = {}
    changes: list[FieldChange] = []
    if p.summary is not None and p.summary != issue.summary:
        fields["summary"] = p.summary
        changes.append(FieldChange("summary", issue.summary, p.summary))
    if p.description is not None and not same_text(p.description, issue.description):
        fields["description"] = markdown_to_wiki(p.description)
        changes.append(FieldChange("description", issue.description, p.description))
    if p.priority is not None:
        priority = ctx.resolver.priority(p.priority)
        if priority != issue.priority:
            fields["priority"] = {"name": priority}
            changes.append(FieldChange("priority", issue.priority, priority))
    if p.labels_add or p.labels_remove:
        removing = set(_check_labels(p.labels_remove))
        kept = [label for label in issue.labels if label not in removing]
        labels = list(dict.fromkeys(kept + _check_labels(p.labels_add)))
        if labels != list(issue.labels):
            fields["labels"] = labels
            changes.append(FieldChange("labels", list(issue.labels), labels))
    if p.due_date is not None and p.due_date != issue.due_date:
        fields["duedate"] = p.due_date.isoformat()
        old = issue.due_date.isoformat() if issue.due_date else None
        changes.append(FieldChange("due_date", old, p.due_date.isoformat()))
    if not changes:
        raise AlreadyDone(issue.key, f"{issue.key} already has these values")
    preview = ActionPreview("update_issue", issue.key, _title("Update", issue), tuple(changes))
    names = ", ".join(c.field for c in changes)
    return PreparedAction(
        action=action,
        is_write=True,
        preview=preview,
        summary=f"update {issue.key} ({names})",
        payload=fields,
    )


def _run_update(ctx: ExecContext, prepared: PreparedAction) -> Outcome:
    assert isinstance(prepared.action, UpdateIssue) and prepared.preview is not None
    key = prepared.action.parameters.key
    ctx.service.edit_issue(key, prepared.payload)
    after = _read_back(ctx, key)
    check_read_back(
        key,
        [Expect(c.field, c.new, _field_value(after, c.field)) for c in prepared.preview.changes],
    )
    return _result(ctx, prepared, key)


# --- transition_issue ----------------------------------------------------------------------
@dataclass(frozen=True)
class _Transition:
    transition: TransitionInfo
    comment_wiki: str | None


def _prepare_transition(ctx: ExecContext, action: TransitionIssue) -> PreparedAction:
    p = action.parameters
    issue = ctx.current(p.key)
    transition = ctx.resolver.transition(issue, p.status)
    changes = [FieldChange("status", issue.status, transition.to_status)]
    if p.comment:
        changes.append(FieldChange("comment", None, p.comment))
    preview = ActionPreview(
        "transition_issue",
        issue.key,
        f'{_title("Transition", issue)} (via "{transition.name}")',
        tuple(changes),
    )
    return PreparedAction(
        action=action,
        is_write=True,
        preview=preview,
        summary=f"transition {issue.key} to {transition.to_status}",
        payload=_Transition(transition, markdown_to_wiki(p.comment) if p.comment else None),
    )


def _run_transition(ctx: ExecContext, prepared: PreparedAction) -> Outcome:
    assert isinstance(prepared.action, TransitionIssue)
    payload: _Transition = prepared.payload
    key = prepared.action.parameters.key
    ctx.service.transition_issue(key, payload.transition.id, comment_wiki=payload.comment_wiki)
    after = _read_back(ctx, key)
    expectations = [Expect("status", payload.transition.to_status, after.status)]
    comment = prepared.action.parameters.comment
    if comment:
        landed = [c.body for c in after.comments if same_text(comment, c.body)]
        last = after.comments[-1].body if after.comments else None
        expectations.append(Expect("comment", comment, landed[0] if landed else last))
    check_read_back(key, expectations)
    return _result(ctx, prepared, key)


# --- assign_issue --------------------------------------------------------------------------
def _prepare_assign(ctx: ExecContext, action: AssignIssue) -> PreparedAction:
    p = action.parameters
    issue = ctx.current(p.key)
    user = ctx.resolver.user(p.assignee, issue_key=issue.key)
    new_ident = user.ident if user else None
    if new_ident == issue.assignee_id:
        who = f"assigned to {issue.assignee}" if issue.assignee else "unassigned"
        raise AlreadyDone(issue.key, f"{issue.key} is {who}")
    new_name = user.display_name if user else None
    preview = ActionPreview(
        "assign_issue",
        issue.key,
        _title("Assign", issue),
        (FieldChange("assignee", issue.assignee, new_name),),
    )
    summary = f"assign {issue.key} to {new_name}" if user else f"unassign {issue.key}"
    return PreparedAction(
        action=action, is_write=True, preview=preview, summary=summary, payload=user
    )


def _run_assign(ctx: ExecContext, prepared: PreparedAction) -> Outcome:
    assert isinstance(prepared.action, AssignIssue)
    user: UserRef | None = prepared.payload
    key = prepared.action.parameters.key
    ctx.service.assign_issue(key, user.ident if user else None)
    after = _read_back(ctx, key)
    check_read_back(key, [_assignee_expectation(user, after)])
    return _result(ctx, prepared, key, refs={"assignee_id": after.assignee_id})


# --- add_comment ---------------------------------------------------------------------------
def _prepare_comment(ctx: ExecContext, action: AddComment) -> PreparedAction:
    p = action.parameters
    issue = ctx.current(p.key)
    preview = ActionPreview(
        "add_comment",
        issue.key,
        _title("Comment on", issue),
        (FieldChange("comment", None, p.body),),
    )
    return PreparedAction(
        action=action,
        is_write=True,
        preview=preview,
        summary=f"comment on {issue.key}",
        payload=markdown_to_wiki(p.body),
    )


def _run_comment(ctx: ExecContext, prepared: PreparedAction) -> Outcome:
    assert isinstance(prepared.action, AddComment)
    key = prepared.action.parameters.key
    comment_id = ctx.service.add_comment(key, prepared.payload)
    with reading_back(key, "the new comment"):
        body = ctx.service.comment_markdown(key, comment_id)
    check_read_back(key, [Expect("comment", prepared.action.parameters.body, body)])
    return _result(ctx, prepared, key, refs={"comment_id": comment_id})


CREATE_ISSUE = ActionSpec("create_issue", True, _prepare_create, _run_create)
UPDATE_ISSUE = ActionSpec("update_issue", True, _prepare_update, _run_update)
TRANSITION_ISSUE = ActionSpec("transition_issue", True, _prepare_transition, _run_transition)
ASSIGN_ISSUE = ActionSpec("assign_issue", True, _prepare_assign, _run_assign)
ADD_COMMENT = ActionSpec("add_comment", True, _prepare_comment, _run_comment)

"""assign_issue: resolve the person, preview, assign, read back by id."""

from __future__ import annotations

from jira_chat.execution.common import assignee_expectation, read_back, title, write_result
from jira_chat.execution.noop import AlreadyDone
from jira_chat.execution.prepared import PreparedAction
from jira_chat.execution.records import ActionPreview, FieldChange, Outcome
from jira_chat.execution.spec import ActionImpl, ExecContext
from jira_chat.execution.verify import check_read_back
from jira_chat.jira_access.records import UserRef
from jira_chat.planning.actions.assign_issue import AssignIssue

Prepared = PreparedAction[AssignIssue, UserRef | None]


def _prepare(ctx: ExecContext, action: AssignIssue) -> Prepared:
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
        title("Assign", issue),
        (FieldChange("assignee", issue.assignee, new_name),),
    )
    summary = f"assign {issue.key} to {new_name}" if user else f"unassign {issue.key}"
    return PreparedAction(action, preview, summary, user)


def _run(ctx: ExecContext, prepared: Prepared) -> Outcome:
    user = prepared.payload
    key = prepared.action.parameters.key
    ctx.service.assign_issue(key, user)
    after = read_back(ctx, key)
    check_read_back(key, [assignee_expectation(user, after)])
    return write_result(ctx, prepared, key, refs={"assignee_id": after.assignee_id})


IMPLEMENTATION = ActionImpl(AssignIssue, _prepare, _run)

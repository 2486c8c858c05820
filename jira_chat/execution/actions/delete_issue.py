"""delete_issue: preview what goes with it (sub-tasks, links, comments), delete, check 404."""

from __future__ import annotations

from jira_chat.errors import JiraAccessError, ResolutionError, WriteNotAppliedError
from jira_chat.execution.common import title, write_result
from jira_chat.execution.prepared import PreparedAction
from jira_chat.execution.records import ActionPreview, FieldChange, Outcome
from jira_chat.execution.spec import ActionImpl, ExecContext
from jira_chat.execution.verify import reading_back, send_write
from jira_chat.planning.actions.delete_issue import DeleteIssue

Prepared = PreparedAction[DeleteIssue, None]


def _prepare(ctx: ExecContext, action: DeleteIssue) -> Prepared:
    p = action.parameters
    issue = ctx.current(p.key)
    if issue.subtasks and not p.delete_subtasks:
        raise ResolutionError(
            f"{issue.key} has {len(issue.subtasks)} sub-task(s): "
            + ", ".join(t.key for t in issue.subtasks),
            hint="say 'delete it and its sub-tasks' (delete_subtasks: true) to delete them too",
        )
    changes = (
        FieldChange("issue", f"{issue.issue_type}: {issue.summary}", "deleted"),
        FieldChange("sub-tasks", len(issue.subtasks), "deleted" if issue.subtasks else 0),
        FieldChange("links", len(issue.links), "removed" if issue.links else 0),
        FieldChange("comments", issue.comment_count, "deleted" if issue.comment_count else 0),
    )
    preview = ActionPreview("delete_issue", issue.key, title("DELETE", issue), changes)
    return PreparedAction(action, preview, f"delete {issue.key}", None)


def _run(ctx: ExecContext, prepared: Prepared) -> Outcome:
    p = prepared.action.parameters

    def send() -> bool:
        ctx.service.delete_issue(p.key, delete_subtasks=bool(p.delete_subtasks))
        return True

    def landed() -> bool | None:
        try:
            ctx.service.get_issue(p.key)
        except JiraAccessError as exc:
            if exc.status == 404:
                return True  # gone: the deletion landed
            raise
        return None

    # Not idempotent: sent again after landing, it would fail with a 404 and read as an
    # error although the issue is deleted. An unknown outcome is settled by the read back.
    send_write(p.key, send, landed, idempotent=False)
    try:
        with reading_back(p.key, "the deletion"):
            ctx.service.get_issue(p.key)
    except WriteNotAppliedError:
        pass  # a 404 on read-back is exactly what a deletion should produce
    except JiraAccessError:
        raise
    else:
        raise WriteNotAppliedError(
            f"{p.key}: Jira accepted the deletion but the issue is still there",
            hint="check your 'Delete issues' permission in the project",
        )
    return write_result(ctx, prepared, p.key)


IMPLEMENTATION = ActionImpl(DeleteIssue, _prepare, _run)

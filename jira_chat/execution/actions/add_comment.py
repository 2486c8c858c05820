"""add_comment: preview the Markdown, add it as wiki markup, read the comment back."""

from __future__ import annotations

from jira_chat.execution.common import title, write_result
from jira_chat.execution.prepared import PreparedAction
from jira_chat.execution.records import ActionPreview, FieldChange, Outcome
from jira_chat.execution.spec import ActionImpl, ExecContext
from jira_chat.execution.verify import Expect, check_read_back, reading_back
from jira_chat.jira_access.records import IssueRecord
from jira_chat.jira_access.text import markdown_to_wiki
from jira_chat.planning.actions.add_comment import AddComment

Prepared = PreparedAction[AddComment, str]  # the body as wiki markup


def comment_count_change(issue: IssueRecord) -> tuple[FieldChange, ...]:
    """'comments: 2 → 3' in the preview: how many there are now and will be."""
    return (FieldChange("comments", issue.comment_count, issue.comment_count + 1),)


def _prepare(ctx: ExecContext, action: AddComment) -> Prepared:
    p = action.parameters
    issue = ctx.current(p.key)
    preview = ActionPreview(
        "add_comment",
        issue.key,
        title("Comment on", issue),
        (*comment_count_change(issue), FieldChange("comment", None, p.body)),
    )
    return PreparedAction(action, preview, f"comment on {issue.key}", markdown_to_wiki(p.body))


def _run(ctx: ExecContext, prepared: Prepared) -> Outcome:
    key = prepared.action.parameters.key
    comment_id = ctx.service.add_comment(key, prepared.payload)
    with reading_back(key, "the new comment"):
        body = ctx.service.comment_markdown(key, comment_id)
    check_read_back(key, [Expect("comment", prepared.action.parameters.body, body)])
    return write_result(ctx, prepared, key, refs={"comment_id": comment_id})


IMPLEMENTATION = ActionImpl(AddComment, _prepare, _run)

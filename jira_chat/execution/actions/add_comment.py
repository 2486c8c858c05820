"""add_comment: preview the Markdown, add it as wiki markup, read the comment back."""

from __future__ import annotations

from dataclasses import dataclass

from jira_chat.execution.common import title, write_result
from jira_chat.execution.prepared import PreparedAction
from jira_chat.execution.records import ActionPreview, FieldChange, Outcome
from jira_chat.execution.spec import ActionImpl, ExecContext
from jira_chat.execution.verify import Expect, check_read_back, reading_back, send_write
from jira_chat.jira_access.text import markdown_to_wiki, same_text
from jira_chat.planning.actions.add_comment import AddComment


@dataclass(frozen=True)
class CommentPayload:
    wiki: str  # the body as wiki markup
    before: frozenset[str]  # ids of the comments already there: a new one is not among them


Prepared = PreparedAction[AddComment, CommentPayload]


def _prepare(ctx: ExecContext, action: AddComment) -> Prepared:
    p = action.parameters
    issue = ctx.current(p.key)
    preview = ActionPreview(
        "add_comment",
        issue.key,
        title("Comment on", issue),
        (FieldChange("comment", None, p.body),),
    )
    payload = CommentPayload(markdown_to_wiki(p.body), frozenset(c.id for c in issue.comments))
    return PreparedAction(action, preview, f"comment on {issue.key}", payload)


def _run(ctx: ExecContext, prepared: Prepared) -> Outcome:
    key = prepared.action.parameters.key
    payload = prepared.payload
    body = prepared.action.parameters.body

    def posted() -> str | None:  # a comment with this text that was not there before
        after = ctx.service.get_issue(key)
        new = [
            c.id for c in after.comments if c.id not in payload.before and same_text(body, c.body)
        ]
        return new[-1] if new else None

    comment_id = send_write(
        key, lambda: ctx.service.add_comment(key, payload.wiki), posted, idempotent=False
    )
    with reading_back(key, "the new comment"):
        landed_body = ctx.service.comment_markdown(key, comment_id)
    check_read_back(key, [Expect("comment", body, landed_body)])
    return write_result(ctx, prepared, key, refs={"comment_id": comment_id})


IMPLEMENTATION = ActionImpl(AddComment, _prepare, _run)

"""transition_issue: find the transition that leads to the status, preview, take it, read back."""

from __future__ import annotations

from dataclasses import dataclass

from jira_chat.execution.common import read_back, title, write_result
from jira_chat.execution.prepared import PreparedAction
from jira_chat.execution.records import ActionPreview, FieldChange, Outcome
from jira_chat.execution.spec import ActionImpl, ExecContext
from jira_chat.execution.verify import Expect, check_read_back
from jira_chat.jira_access.records import TransitionInfo
from jira_chat.jira_access.text import markdown_to_wiki, same_text
from jira_chat.planning.actions.transition_issue import TransitionIssue


@dataclass(frozen=True)
class TransitionPayload:
    transition: TransitionInfo
    comment_wiki: str | None


Prepared = PreparedAction[TransitionIssue, TransitionPayload]


def _prepare(ctx: ExecContext, action: TransitionIssue) -> Prepared:
    p = action.parameters
    issue = ctx.current(p.key)
    transition = ctx.resolver.transition(issue, p.status)
    # Some servers and proxies omit a transition's "to": say so rather than show "(none)".
    target = transition.to_status or f'unknown (Jira does not say where "{transition.name}" leads)'
    changes = [FieldChange("status", issue.status, target)]
    if p.comment:
        changes.append(FieldChange("comment", None, p.comment))
    preview = ActionPreview(
        "transition_issue",
        issue.key,
        f'{title("Transition", issue)} (via "{transition.name}")',
        tuple(changes),
    )
    return PreparedAction(
        action,
        preview,
        f"transition {issue.key} to {transition.to_status or transition.name}",
        TransitionPayload(transition, markdown_to_wiki(p.comment) if p.comment else None),
    )


def _run(ctx: ExecContext, prepared: Prepared) -> Outcome:
    payload = prepared.payload
    key = prepared.action.parameters.key
    ctx.service.transition_issue(key, payload.transition.id, comment_wiki=payload.comment_wiki)
    after = read_back(ctx, key)
    target = payload.transition.to_status
    # With no target known, the read back can only check what Jira now says.
    expectations = [Expect("status", target or after.status, after.status)]
    comment = prepared.action.parameters.comment
    if comment:
        landed = [c.body for c in after.comments if same_text(comment, c.body)]
        last = after.comments[-1].body if after.comments else None
        expectations.append(Expect("comment", comment, landed[0] if landed else last))
    check_read_back(key, expectations)
    return write_result(ctx, prepared, key)


IMPLEMENTATION = ActionImpl(TransitionIssue, _prepare, _run)

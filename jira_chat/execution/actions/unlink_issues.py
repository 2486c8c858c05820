"""unlink_issues: find the link(s) between two issues, preview, delete, read back."""

from __future__ import annotations

from jira_chat.errors import ResolutionError
from jira_chat.execution.actions.link_issues import match_link_type
from jira_chat.execution.common import read_back, title, write_result
from jira_chat.execution.prepared import PreparedAction
from jira_chat.execution.records import ActionPreview, FieldChange, Outcome
from jira_chat.execution.spec import ActionImpl, ExecContext
from jira_chat.execution.verify import Expect, check_read_back, send_write
from jira_chat.jira_access.records import IssueLinkRecord
from jira_chat.planning.actions.unlink_issues import UnlinkIssues

Prepared = PreparedAction[UnlinkIssues, tuple[IssueLinkRecord, ...]]


def _prepare(ctx: ExecContext, action: UnlinkIssues) -> Prepared:
    p = action.parameters
    issue = ctx.current(p.key)
    between = [link for link in issue.links if link.other.key == p.other]
    if p.type is not None and between:
        link_type, _ = match_link_type(ctx.service.link_types(), p.type)
        between = [link for link in between if link.type_name == link_type.name]
    if not between:
        raise ResolutionError(
            f"{issue.key} has no {p.type + ' ' if p.type else ''}link to {p.other}",
            hint="nothing to do; `get_issue` shows its links",
        )
    if len(between) > 1 and p.type is None:
        kinds = ", ".join(f"{link.wording} {p.other}" for link in between)
        raise ResolutionError(
            f"{issue.key} has several links to {p.other}: {kinds}",
            hint="say which one, e.g. 'unlink WEB-1 from WEB-2 (blocks)'",
            choices=[link.wording for link in between],
        )
    removed = ", ".join(f"{link.wording} {p.other}" for link in between)
    preview = ActionPreview(
        "unlink_issues",
        issue.key,
        title("Unlink", issue),
        (FieldChange("links", removed, None),),
    )
    return PreparedAction(action, preview, f"unlink {issue.key} from {p.other}", tuple(between))


def _run(ctx: ExecContext, prepared: Prepared) -> Outcome:
    key = prepared.action.parameters.key
    for link in prepared.payload:

        def send(link_id: str = link.id) -> bool:
            ctx.service.delete_link(link_id, key=key)
            return True

        def landed(link_id: str = link.id) -> bool | None:
            return (
                None if any(lk.id == link_id for lk in ctx.service.get_issue(key).links) else True
            )

        # Deleting a link that is already gone changes nothing: safe to send again.
        send_write(key, send, landed, idempotent=True)
    after = read_back(ctx, key, "the links")
    gone = {link.id for link in prepared.payload}
    left = ", ".join(f"{lk.wording} {lk.other.key}" for lk in after.links if lk.id in gone)
    check_read_back(key, [Expect("links", None, left or None)])
    return write_result(ctx, prepared, key)


IMPLEMENTATION = ActionImpl(UnlinkIssues, _prepare, _run)

"""link_issues: match the type against the instance's link types, preview, link, read back."""

from __future__ import annotations

from dataclasses import dataclass

from jira_chat.errors import ResolutionError
from jira_chat.execution.common import read_back, title, write_result
from jira_chat.execution.noop import AlreadyDone
from jira_chat.execution.prepared import PreparedAction
from jira_chat.execution.records import ActionPreview, FieldChange, Outcome
from jira_chat.execution.spec import ActionImpl, ExecContext
from jira_chat.execution.verify import Expect, check_read_back, send_write
from jira_chat.jira_access.names import normalized
from jira_chat.jira_access.records import IssueRecord, LinkType
from jira_chat.planning.actions.link_issues import LinkIssues


@dataclass(frozen=True)
class LinkPayload:
    link_type: LinkType
    outward: bool  # True: key <outward wording> other ("WEB-1 blocks WEB-2")

    @property
    def wording(self) -> str:
        return self.link_type.outward if self.outward else self.link_type.inward


Prepared = PreparedAction[LinkIssues, LinkPayload]


def _bare(text: str) -> str:
    words = normalized(text).replace("-", " ").split()
    return " ".join(w for w in words if w not in {"is", "to", "with", "a", "as"})


def match_link_type(types: tuple[LinkType, ...], wanted: str) -> tuple[LinkType, bool]:
    """By name or wording; the direction follows the wording ("is blocked by" → inward).
    A name ("Blocks") or a symmetric wording ("relates to") reads outward."""
    target = _bare(wanted)
    for exact in (True, False):
        for link_type in types:
            outward, inward, name = map(
                _bare, (link_type.outward, link_type.inward, link_type.name)
            )
            if (exact and target in (outward, name)) or (not exact and target in outward):
                return link_type, True
            if (exact and target == inward) or (not exact and target and target in inward):
                return link_type, False
    wordings = [f'"{t.outward}" / "{t.inward}" ({t.name})' for t in types]
    raise ResolutionError(
        f"'{wanted}' is not a link type in this Jira; types: {'; '.join(wordings)}",
        choices=[t.outward for t in types] + [t.inward for t in types],
    )


def _prepare(ctx: ExecContext, action: LinkIssues) -> Prepared:
    p = action.parameters
    issue = ctx.current(p.key)
    other = ctx.current(p.other)
    link_type, outward = match_link_type(ctx.service.link_types(), p.type)
    payload = LinkPayload(link_type, outward)
    existing = [
        link.wording
        for link in issue.links
        if link.other.key == other.key and link.type_name == link_type.name
    ]
    if payload.wording in existing:
        raise AlreadyDone(issue.key, f"{issue.key} already {payload.wording} {other.key}")
    current = [
        f"{link.wording} {link.other.key}" for link in issue.links if link.other.key == other.key
    ]
    preview = ActionPreview(
        "link_issues",
        issue.key,
        title("Link", issue),
        (
            FieldChange(
                "links",
                ", ".join(current) or None,
                f"{payload.wording} {other.key}: {other.summary}",
            ),
        ),
    )
    return PreparedAction(
        action, preview, f"link {issue.key} {payload.wording} {other.key}", payload
    )


def _run(ctx: ExecContext, prepared: Prepared) -> Outcome:
    p, payload = prepared.action.parameters, prepared.payload
    inward, outward = (p.key, p.other) if payload.outward else (p.other, p.key)

    def linked(after: IssueRecord) -> bool:
        return any(
            link.other.key == p.other
            and link.type_name == payload.link_type.name
            and link.outward == payload.outward
            for link in after.links
        )

    def send() -> bool:
        ctx.service.create_link(payload.link_type.name, inward_key=inward, outward_key=outward)
        return True

    # Prepare turned an existing link into "already", so after an unknown outcome a link found is ours.
    send_write(
        p.key,
        send,
        lambda: True if linked(ctx.service.get_issue(p.key)) else None,
        idempotent=False,  # a POST: Jira may keep a second, identical link
    )
    expected = f"{payload.wording} {p.other}"
    after = read_back(ctx, p.key, "the link")
    check_read_back(p.key, [Expect("links", expected, expected if linked(after) else None)])
    refs = {
        "other": p.other,
        "link_type": payload.link_type.name,
        "link_outward": "yes" if payload.outward else "no",
    }
    return write_result(ctx, prepared, p.key, refs=refs)


IMPLEMENTATION = ActionImpl(LinkIssues, _prepare, _run)

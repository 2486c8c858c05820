"""Helpers the write actions share: titles, read-back, the result, value comparison."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from jira_chat.errors import ResolutionError
from jira_chat.execution.prepared import A, P, PreparedAction
from jira_chat.execution.records import WriteResult
from jira_chat.execution.spec import ExecContext
from jira_chat.execution.verify import Expect, reading_back
from jira_chat.jira_access.records import IssueRecord, UserRef


def title(verb: str, issue: IssueRecord) -> str:
    return f"{verb} {issue.key}: {issue.summary}"


def read_back(ctx: ExecContext, key: str, what: str = "the change") -> IssueRecord:
    with reading_back(key, what):
        return ctx.service.get_issue(key)


def all_landed(expectations: list[Expect]) -> bool | None:
    """For `send_write`'s read back: True when every promised value is in Jira, else None."""
    return True if all(e.landed for e in expectations) else None


def write_result(
    ctx: ExecContext,
    prepared: PreparedAction[A, P],
    key: str,
    *,
    refs: Mapping[str, str | None] | None = None,
) -> WriteResult:
    """The report of a verified write; the verb comes from the action's declaration.
    `refs` are ids the journal needs to undo it (the new comment, the new assignee)."""
    assert prepared.preview is not None
    action = prepared.action
    return WriteResult(
        action=action.action,
        key=key,
        url=ctx.service.browse_url(key),
        changes=prepared.preview.changes,
        verb=action.declaration.report_verb(action.parameters),
        duplicates=prepared.preview.duplicates,
        refs=refs or {},
    )


def field_value(issue: IssueRecord, field: str) -> Any:
    """An IssueRecord's value under the name previews use."""
    if field == "labels":
        return list(issue.labels)
    if field == "due_date":
        return issue.due_date.isoformat() if issue.due_date else None
    if field == "components":
        return list(issue.components)
    if field == "fix_versions":
        return list(issue.fix_versions)
    if field in {"parent", "epic"}:
        return f"{issue.parent.key}: {issue.parent.summary}" if issue.parent else None
    return getattr(issue, field)


def sprint_expectation(expected: str, sprints: tuple[str, ...]) -> Expect:
    """The issue is in the sprint (an issue keeps its closed sprints: membership, not one)."""
    return Expect("sprint", expected, expected if expected in sprints else ", ".join(sprints))


def assignee_expectation(user: UserRef | None, after: IssueRecord) -> Expect:
    """Compare ids (two people may share a name) but show names."""
    return Expect(
        "assignee",
        user.ident if user else None,
        after.assignee_id,
        shown_expected=user.display_name if user else "(unassigned)",
        shown_actual=after.assignee or "(unassigned)",
    )


def check_labels(labels: list[str] | None) -> list[str]:
    bad = [label for label in labels or [] if not label or any(c.isspace() for c in label)]
    if bad:
        raise ResolutionError(
            f"Jira labels cannot contain spaces: {', '.join(repr(b) for b in bad)}",
            hint="use dashes instead, e.g. 'needs-review'",
        )
    return list(dict.fromkeys(labels or []))

"""Hand-built records for rendering tests: the rendering layer sees only these."""

from __future__ import annotations

import datetime as dt

from jira_chat.execution.records import ActionPreview, FieldChange, WriteResult
from jira_chat.jira_access.records import Comment, IssueRecord, SearchResult, TransitionInfo

BASE = "https://sandbox.example/browse/"
CREATED = dt.datetime(2026, 11, 1, 9, 30, tzinfo=dt.UTC)
UPDATED = dt.datetime(2026, 11, 20, 14, 5, 7, tzinfo=dt.UTC)


def issue(
    key: str = "WEB-1",
    *,
    summary: str = "Login fails on Safari",
    status: str = "In Progress",
    category: str = "indeterminate",
    issue_type: str = "Bug",
    priority: str | None = "High",
    assignee: str | None = "Alice Nguyen",
    labels: tuple[str, ...] = ("auth", "safari"),
    **extra: object,
) -> IssueRecord:
    return IssueRecord(
        key=key,
        summary=summary,
        status=status,
        status_category=category,  # type: ignore[arg-type]
        issue_type=issue_type,
        priority=priority,
        assignee=assignee,
        reporter="Bob Stone",
        labels=labels,
        created=CREATED,
        updated=UPDATED,
        url=BASE + key,
        **extra,  # type: ignore[arg-type]
    )


def detailed_issue() -> IssueRecord:
    return issue(
        "WEB-5",
        description="Steps:\n\n1. Open **Safari**\n2. Log in",
        comments=(
            Comment("Carol", CREATED, "first comment"),
            Comment("Dan", CREATED, "second"),
            Comment("Erin", CREATED, "third"),
            Comment("Frank", UPDATED, "Latest: fixed in build 42"),
        ),
        transitions=(
            TransitionInfo("21", "Start progress", "In Progress", "indeterminate"),
            TransitionInfo("31", "Close", "Done", "done"),
        ),
        due_date=dt.date(2026, 12, 31),
    )


def search(*issues: IssueRecord, total: int | None = None, approx: bool = False) -> SearchResult:
    return SearchResult(
        jql="project = WEB ORDER BY key ASC",
        issues=tuple(issues),
        total=len(issues) if total is None else total,
        total_is_approximate=approx,
    )


def write(key: str = "WEB-2", action: str = "assign_issue") -> WriteResult:
    return WriteResult(
        action=action,
        key=key,
        url=BASE + key,
        changes=(FieldChange("assignee", None, "Alice Nguyen"),),
        verb="Assigned",
    )


def preview(key: str | None = "WEB-2") -> ActionPreview:
    return ActionPreview(
        action="assign_issue",
        key=key,
        title=f"Assign {key}",
        changes=(FieldChange("assignee", "Bob Stone", "Alice Nguyen"),),
    )

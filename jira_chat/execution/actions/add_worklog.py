"""add_worklog: preview the total logged before/after, log in seconds, read back seconds."""

from __future__ import annotations

from dataclasses import dataclass

from jira_chat.execution.common import title, write_result
from jira_chat.execution.prepared import PreparedAction
from jira_chat.execution.records import ActionPreview, FieldChange, Outcome
from jira_chat.execution.spec import ActionImpl, ExecContext
from jira_chat.execution.verify import Expect, check_read_back, reading_back, send_write
from jira_chat.jira_access.text import markdown_to_wiki
from jira_chat.planning.actions.add_worklog import AddWorklog, duration_seconds, format_seconds


@dataclass(frozen=True)
class WorklogPayload:
    seconds: int
    total_before: int
    comment_wiki: str | None


Prepared = PreparedAction[AddWorklog, WorklogPayload]


def _prepare(ctx: ExecContext, action: AddWorklog) -> Prepared:
    p = action.parameters
    issue = ctx.current(p.key)
    seconds = duration_seconds(p.time_spent)
    before = sum(w.seconds for w in ctx.service.worklogs(issue.key))
    changes = [
        FieldChange("time_logged", format_seconds(before), format_seconds(before + seconds)),
        FieldChange("worklog", None, format_seconds(seconds)),
    ]
    if p.started:
        changes.append(FieldChange("started", None, p.started.isoformat(timespec="minutes")))
    if p.comment:
        changes.append(FieldChange("worklog_comment", None, p.comment))
    preview = ActionPreview("add_worklog", issue.key, title("Log work on", issue), tuple(changes))
    wiki = markdown_to_wiki(p.comment) if p.comment else None
    return PreparedAction(
        action,
        preview,
        f"log {format_seconds(seconds)} on {issue.key}",
        WorklogPayload(seconds, before, wiki),
    )


def _run(ctx: ExecContext, prepared: Prepared) -> Outcome:
    p, payload = prepared.action.parameters, prepared.payload
    expected_total = payload.total_before + payload.seconds

    def landed() -> str | None:
        """After an unknown outcome: the total grew by exactly this worklog, so it is there."""
        logs = ctx.service.worklogs(p.key)
        if sum(w.seconds for w in logs) != expected_total:
            return None
        return next((w.id for w in reversed(logs) if w.seconds == payload.seconds), "")

    worklog_id = send_write(
        p.key,
        lambda: ctx.service.add_worklog(
            p.key, payload.seconds, started=p.started, comment_wiki=payload.comment_wiki
        ),
        landed,
        idempotent=False,  # a POST: sent twice, the time would be logged twice
    )
    with reading_back(p.key, "the worklog"):
        after = sum(w.seconds for w in ctx.service.worklogs(p.key))
    expected = payload.total_before + payload.seconds
    check_read_back(
        p.key,
        [
            Expect(
                "time_logged",
                expected,
                after,
                shown_expected=format_seconds(expected),
                shown_actual=format_seconds(after),
            )
        ],
    )
    return write_result(ctx, prepared, p.key, refs={"worklog_id": worklog_id})


IMPLEMENTATION = ActionImpl(AddWorklog, _prepare, _run)

"""Run a prepared bulk change in the pipeline: Ctrl-C held per issue, a progress bar, the
journal, and the report; the rows themselves come from `jira_chat.execution.bulk`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from jira_chat.conversation.interrupts import defer_interrupts

if TYPE_CHECKING:
    from jira_chat.conversation.journaling import PlanJournal
    from jira_chat.execution.bulk_records import BulkResult
    from jira_chat.execution.executor import Executor
    from jira_chat.execution.prepared import PreparedAction
    from jira_chat.rendering.output import Output


def run_bulk_change(
    executor: Executor, prepared: PreparedAction, output: Output, journal: PlanJournal
) -> BulkResult:
    """Sequential, in preview order. Ctrl-C lets the request in flight finish, then stops:
    the result says which issues are done and which are not (`interrupted`)."""
    from jira_chat.execution.bulk import BulkPrepared
    from jira_chat.execution.bulk_action import run_bulk
    from jira_chat.execution.records import WriteResult
    from jira_chat.rendering.bulk_view import progress

    payload: BulkPrepared = prepared.payload
    total = len(payload.preview.to_change)

    def journaled(single: PreparedAction, outcome: object) -> None:
        if isinstance(outcome, WriteResult):
            journal.record(executor, single, outcome)

    def unverified(single: PreparedAction) -> None:
        key = getattr(single.action.parameters, "key", "")
        journal.record_unverified(executor, single, str(key))

    with progress(output, total, payload.preview.title) as advance:
        return run_bulk(
            executor.context,
            prepared,
            hold=defer_interrupts,
            on_done=journaled,
            on_unverified=unverified,
            advance=advance,
        )

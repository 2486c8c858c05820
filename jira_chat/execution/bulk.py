"""bulk_change: one change (transition, assign, update, label, comment, ...) to every issue that
a JQL query selects, or to a list of keys (the issues last shown).

Prepare: the whole set is counted first and refused above the cap (default 50, `--max N`);
each issue's change is then prepared exactly as the single action would be, so an issue that
already has the value is "already" and one where the change cannot apply (no such transition
from its status) is "impossible", with Jira's reason. Nothing has changed yet.

Run: **sequentially**, one issue after another. Jira Cloud rate-limits per user, so parallel
requests mostly buy 429s; one at a time, every request gets its own Retry-After handling, the
report keeps the order of the preview, and Ctrl-C can stop cleanly after the request in flight.
Each issue costs its write and its read back; the selection costs one search per 100 issues
(it asks for the transitions too, so preparing needs no request per issue).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any, Protocol

from jira_chat.errors import JiraChatError, ResolutionError, UsageError, WriteUnverifiedError
from jira_chat.execution.bulk_records import (
    BulkItem,
    BulkPreview,
    BulkResult,
    BulkRow,
    ResultState,
)
from jira_chat.execution.noop import AlreadyDone
from jira_chat.execution.prepared import PreparedAction
from jira_chat.jira_access.records import IssueRecord


class BulkTooLargeError(UsageError):
    """The selection is larger than the cap: nothing was changed."""


class Held(Protocol):
    arrived: bool


@dataclass(frozen=True)
class BulkPrepared:
    """The payload of a prepared bulk_change: the preview and each issue's prepared action."""

    preview: BulkPreview
    singles: dict[str, PreparedAction] = field(repr=False)
    urls: dict[str, str] = field(repr=False)


def too_large(count: int | None, cap: int, *, approximate: bool = False) -> BulkTooLargeError:
    if count is None:
        amount = f"more than {cap}"
    else:
        amount = f"about {count}" if approximate else str(count)  # Cloud counts approximately
    raised = count if count is not None and count > cap else cap * 2
    return BulkTooLargeError(
        f"this bulk change selects {amount} issues, more than the cap of {cap}; nothing was changed",
        hint=f"raise the cap with --max {raised} (or narrow the query)",
    )


def select_by_jql(search: Callable[[str, int], Any], jql: str, cap: int) -> list[IssueRecord]:
    """Every issue the JQL selects, counted before anything changes; refused above `cap`."""
    result = search(jql, cap + 1)
    if len(result.issues) > cap:
        raise too_large(result.total, cap, approximate=result.total_is_approximate)
    return list(result.issues)


def check_keys(keys: Sequence[str], cap: int) -> list[str]:
    unique = list(dict.fromkeys(keys))
    if len(unique) > cap:
        raise too_large(len(unique), cap)
    return unique


def prepare_items(
    issues: Sequence[IssueRecord | str],
    *,
    prepare_one: Callable[[str], PreparedAction],
    current: Callable[[str], IssueRecord],
) -> Iterator[tuple[BulkItem, PreparedAction | None, str]]:
    """Each issue's change, prepared as the single action would be; yields (row, prepared, url)."""
    for issue in issues:
        key = issue if isinstance(issue, str) else issue.key
        try:
            record = issue if isinstance(issue, IssueRecord) else current(key)
        except JiraChatError as exc:
            yield BulkItem(key, "", "impossible", reason=exc.message), None, ""
            continue
        try:
            prepared = prepare_one(key)
        except AlreadyDone as done:
            yield BulkItem(key, record.summary, "already", reason=done.message), None, record.url
        except ResolutionError as exc:
            yield BulkItem(key, record.summary, "impossible", reason=exc.message), None, record.url
        else:
            changes = prepared.preview.changes if prepared.preview else ()
            yield BulkItem(key, record.summary, "change", changes), prepared, record.url


def run_items(
    bulk: BulkPrepared,
    *,
    run_one: Callable[[PreparedAction], Any],
    hold: Callable[[], AbstractContextManager[Held]],
    on_done: Callable[[PreparedAction, Any], None],
    on_unverified: Callable[[PreparedAction], None],
    advance: Callable[[], None],
) -> BulkResult:
    """Run each issue's change in preview order. A failure is that issue's row, never the end
    of the run; Ctrl-C (held while a request is in flight) ends it after the current issue."""
    rows: list[BulkRow] = []
    interrupted = False
    preview = bulk.preview
    for item in preview.items:
        url = bulk.urls.get(item.key, "")
        prepared = bulk.singles.get(item.key)
        if item.state != "change" or prepared is None:
            state: ResultState = "already" if item.state == "already" else "impossible"
            rows.append(BulkRow(item.key, item.summary, state, url, reason=item.reason))
            continue
        if interrupted:
            rows.append(BulkRow(item.key, item.summary, "not done", url, item.changes, "cancelled"))
            continue
        with hold() as held:
            try:
                outcome = run_one(prepared)
            except WriteUnverifiedError as exc:
                on_unverified(prepared)
                rows.append(
                    BulkRow(item.key, item.summary, "failed", url, item.changes, exc.message)
                )
            except JiraChatError as exc:
                rows.append(
                    BulkRow(item.key, item.summary, "failed", url, item.changes, exc.message)
                )
            else:
                on_done(prepared, outcome)
                rows.append(BulkRow(item.key, item.summary, "done", url, item.changes))
        advance()
        interrupted = interrupted or held.arrived
    return BulkResult(preview.change, preview.title, tuple(rows), interrupted=interrupted)

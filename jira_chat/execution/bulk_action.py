"""The bulk_change action's prepare and run, on top of the single actions' own."""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext
from dataclasses import field
from typing import Any

from jira_chat.execution.bulk import (
    BulkPrepared,
    Held,
    check_keys,
    prepare_items,
    run_items,
    select_by_jql,
)
from jira_chat.execution.bulk_records import BulkItem, BulkPreview, BulkResult
from jira_chat.execution.prepared import PreparedAction
from jira_chat.execution.records import ActionPreview
from jira_chat.execution.spec import ExecContext
from jira_chat.jira_access.records import IssueRecord
from jira_chat.planning.actions.bulk_change import BulkChange, single_change_action

_TITLES = {
    "transition_issue": "Transition to {status!r}",
    "assign_issue": "Assign to {assignee}",
    "update_issue": "Update",
    "add_comment": "Comment",
}


def bulk_title(change: str, parameters: dict[str, Any]) -> str:
    try:
        return _TITLES.get(change, change).format(**parameters)
    except (KeyError, IndexError):
        return change


class BulkActionPreview(ActionPreview):
    """An ActionPreview that carries the bulk change's per-issue rows."""

    bulk: BulkPreview = field(kw_only=True)  # a field after defaulted ones: keyword-only

    def __init__(self, bulk: BulkPreview) -> None:
        super().__init__("bulk_change", None, bulk.title, ())
        object.__setattr__(self, "bulk", bulk)


def prepare_bulk(ctx: ExecContext, action: BulkChange) -> PreparedAction:
    from jira_chat.execution.registry import spec_for

    p = action.parameters
    cap = ctx.bulk_max
    selected: list[IssueRecord | str]
    if p.jql is not None:
        issues = select_by_jql(
            lambda jql, limit: ctx.service.search(jql, limit=limit, detail=True), p.jql, cap
        )
        for issue in issues:
            ctx.remember(issue)  # the search brought the transitions: no GET per issue
        selected = list(issues)
        selection = f"JQL: {p.jql}"
    else:
        selected = list(check_keys(p.keys or [], cap))
        selection = "issues: " + ", ".join(str(k) for k in selected)

    def prepare_one(key: str) -> PreparedAction:
        single = single_change_action(p.change, key)
        return spec_for(single.action).prepare(ctx, single)

    items: list[BulkItem] = []
    singles: dict[str, PreparedAction] = {}
    urls: dict[str, str] = {}
    for item, prepared, url in prepare_items(
        selected, prepare_one=prepare_one, current=ctx.current
    ):
        items.append(item)
        urls[item.key] = url or ctx.service.browse_url(item.key)
        if prepared is not None:
            singles[item.key] = prepared
    title = bulk_title(p.change.action, p.change.parameters)
    bulk = BulkPreview(p.change.action, title, selection, tuple(items), cap)
    count = len(bulk.to_change)
    return PreparedAction(
        action,
        BulkActionPreview(bulk),
        f"bulk change ({title}) on {count} issue{'s' if count != 1 else ''}",
        BulkPrepared(bulk, singles, urls),
    )


def run_bulk(
    ctx: ExecContext,
    prepared: PreparedAction,
    *,
    hold: Any = None,
    on_done: Any = None,
    on_unverified: Any = None,
    advance: Any = None,
) -> BulkResult:
    """Each issue in turn; the pipeline passes its Ctrl-C guard, journal and progress bar."""
    from jira_chat.execution.registry import spec_for

    payload: BulkPrepared = prepared.payload

    def no_hold() -> AbstractContextManager[Held]:
        return nullcontext(_NotHeld())

    return run_items(
        payload,
        run_one=lambda single: spec_for(single.action.action).run(ctx, single),
        hold=hold or no_hold,
        on_done=on_done or (lambda single, outcome: None),
        on_unverified=on_unverified or (lambda single: None),
        advance=advance or (lambda: None),
    )


class _NotHeld:
    arrived = False

"""watch_issue / unwatch_issue: resolve the person (default me), preview the watcher list,
add or remove, read the list back."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from jira_chat.errors import ResolutionError
from jira_chat.execution.common import title, write_result
from jira_chat.execution.noop import AlreadyDone
from jira_chat.execution.prepared import PreparedAction
from jira_chat.execution.records import ActionPreview, FieldChange, Outcome
from jira_chat.execution.spec import ActionImpl, ExecContext
from jira_chat.execution.verify import Expect, check_read_back, reading_back, send_write
from jira_chat.jira_access.records import UserRef
from jira_chat.planning.actions.unwatch_issue import UnwatchIssue
from jira_chat.planning.actions.watch_issue import WatchIssue

W = TypeVar("W", WatchIssue, UnwatchIssue)


def _names(users: Sequence[UserRef]) -> list[str]:
    return sorted(u.display_name for u in users)


def prepare_watchers(ctx: ExecContext, action: W, *, adding: bool) -> PreparedAction[W, UserRef]:
    p = action.parameters
    issue = ctx.current(p.key)
    user = ctx.resolver.user(p.user or "me")
    if user is None:
        raise ResolutionError("name the person to add or remove as a watcher", hint="e.g. 'me'")
    watchers: tuple[UserRef, ...] = ctx.service.watchers(issue.key)
    present = any(w.ident == user.ident for w in watchers)
    if present == adding:
        state = "already watching" if adding else "not watching"
        raise AlreadyDone(issue.key, f"{user.display_name} is {state} {issue.key}")
    after = [*watchers, user] if adding else [w for w in watchers if w.ident != user.ident]
    preview = ActionPreview(
        action.action,
        issue.key,
        title("Watch" if adding else "Stop watching", issue),
        (FieldChange("watchers", _names(watchers), _names(after)),),
    )
    verb = "watch" if adding else "unwatch"
    return PreparedAction(action, preview, f"{verb} {issue.key} as {user.display_name}", user)


def run_watchers(
    ctx: ExecContext, prepared: PreparedAction[W, UserRef], *, adding: bool
) -> Outcome:
    key, user = prepared.action.parameters.key, prepared.payload

    def send() -> bool:
        if adding:
            ctx.service.add_watcher(key, user)
        else:
            ctx.service.remove_watcher(key, user)
        return True

    def landed() -> bool | None:
        watching = any(w.ident == user.ident for w in ctx.service.watchers(key))
        return True if watching == adding else None

    # Adding or removing a watcher twice changes nothing more: safe to send again.
    send_write(key, send, landed, idempotent=True)
    with reading_back(key, "the watcher list"):
        watching = any(w.ident == user.ident for w in ctx.service.watchers(key))
    check_read_back(
        key,
        [Expect(f"watcher {user.display_name}", adding, watching)],
    )
    refs = {"watcher_id": user.ident, "watcher_name": user.display_name}
    return write_result(ctx, prepared, key, refs=refs)


IMPLEMENTATION = ActionImpl(
    WatchIssue,
    lambda ctx, action: prepare_watchers(ctx, action, adding=True),
    lambda ctx, prepared: run_watchers(ctx, prepared, adding=True),
)

"""unwatch_issue: the watcher list, one person fewer (see watch_issue)."""

from __future__ import annotations

from jira_chat.execution.actions.watch_issue import prepare_watchers, run_watchers
from jira_chat.execution.spec import ActionImpl
from jira_chat.planning.actions.unwatch_issue import UnwatchIssue

IMPLEMENTATION = ActionImpl(
    UnwatchIssue,
    lambda ctx, action: prepare_watchers(ctx, action, adding=False),
    lambda ctx, prepared: run_watchers(ctx, prepared, adding=False),
)

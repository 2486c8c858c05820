"""bulk_change: prepared and run by `jira_chat.execution.bulk_action` on top of the single
actions' own implementations."""

from __future__ import annotations

from jira_chat.execution.bulk_action import prepare_bulk, run_bulk
from jira_chat.execution.spec import ActionImpl
from jira_chat.planning.actions.bulk_change import BulkChange

IMPLEMENTATION = ActionImpl(BulkChange, prepare_bulk, run_bulk)

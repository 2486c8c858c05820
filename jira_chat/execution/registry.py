"""The one registry of actions: name → what it declares (writes?, prepare, run)."""

from __future__ import annotations

from jira_chat.errors import PlanError
from jira_chat.execution.bulk_action import prepare_bulk, run_bulk
from jira_chat.execution.reads import GET_ISSUE, SEARCH_ISSUES
from jira_chat.execution.spec import ActionSpec
from jira_chat.execution.writes import (
    ADD_COMMENT,
    ASSIGN_ISSUE,
    CREATE_ISSUE,
    TRANSITION_ISSUE,
    UPDATE_ISSUE,
)

REGISTRY: dict[str, ActionSpec] = {
    spec.name: spec
    for spec in (
        SEARCH_ISSUES,
        GET_ISSUE,
        CREATE_ISSUE,
        UPDATE_ISSUE,
        TRANSITION_ISSUE,
        ASSIGN_ISSUE,
        ADD_COMMENT,
        ActionSpec("bulk_change", True, prepare_bulk, run_bulk),
    )
}


def spec_for(name: str) -> ActionSpec:
    try:
        return REGISTRY[name]
    except KeyError:
        raise PlanError(f"unknown action {name!r} (known: {', '.join(REGISTRY)})") from None

"""The shape every action declares: does it write, how it is prepared, how it runs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from jira_chat.execution.prepared import PreparedAction
from jira_chat.execution.resolve import Resolver
from jira_chat.jira_access.records import Outcome
from jira_chat.jira_access.service import JiraService


@dataclass(frozen=True)
class ExecContext:
    service: JiraService
    resolver: Resolver


@dataclass(frozen=True)
class ActionSpec:
    """One action. `prepare` resolves names and builds the preview without changing anything;
    `run` performs it and, for a write, reads the issue back and verifies the preview."""

    name: str
    writes: bool
    prepare: Callable[[ExecContext, Any], PreparedAction]
    run: Callable[[ExecContext, PreparedAction], Outcome]

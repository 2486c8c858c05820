"""How an action is carried out: prepare (resolve + preview, no change), then run.

Each module of `jira_chat.execution.actions` defines one `IMPLEMENTATION` for the action of
the same name declared in `jira_chat.planning.actions`; the registry joins them by name.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import field
from typing import Generic

from jira_chat.execution.prepared import A, P, PreparedAction
from jira_chat.execution.records import Outcome
from jira_chat.execution.resolve import Resolver
from jira_chat.jira_access.records import IssueRecord
from jira_chat.jira_access.service import JiraService
from jira_chat.planning.actions._base import ActionDeclaration
from jira_chat.record import Record


class ExecContext(Record):
    service: JiraService
    resolver: Resolver
    bulk_max: int = 50  # the cap of a bulk change (--max N)
    _issues: dict[str, IssueRecord] = field(default_factory=dict, repr=False)

    def current(self, key: str) -> IssueRecord:
        """The issue as it is before the plan runs: one GET per key, however many actions
        of one plan touch it ("move WEB-12 to In Progress and assign it to me")."""
        if key not in self._issues:
            self._issues[key] = self.service.get_issue(key)
        return self._issues[key]

    def remember(self, issue: IssueRecord) -> None:
        """An issue read by a search (a bulk change's selection) needs no GET of its own."""
        self._issues[issue.key] = issue

    def before(self, key: str) -> IssueRecord | None:
        """The issue as it was before this plan ran, if it was read (for the journal)."""
        return self._issues.get(key)

    def forget_issues(self) -> None:
        """A new plan starts from what Jira says now."""
        self._issues.clear()


class ActionImpl(Record, Generic[A, P]):
    """One action's execution. `prepare` resolves names and builds the preview without
    changing anything; `run` performs it and, for a write, reads back and verifies."""

    model: type[A]
    prepare: Callable[[ExecContext, A], PreparedAction[A, P]]
    run: Callable[[ExecContext, PreparedAction[A, P]], Outcome]

    @property
    def declaration(self) -> ActionDeclaration:
        return self.model.declaration

    @property
    def name(self) -> str:
        return self.declaration.name

"""Executor: prepare a whole plan (resolve + preview, no changes), then run actions one by one.

The pipeline shows `PreparedPlan.previews`, confirms once, and calls `execute` per action;
it reports partial failures itself, so `execute` simply raises.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from jira_chat.errors import PlanError, ResolutionError
from jira_chat.execution.actions.search_issues import with_jql as _with_jql
from jira_chat.execution.noop import AlreadyDone, AlreadyResult
from jira_chat.execution.prepared import PreparedAction, PreparedPlan
from jira_chat.execution.records import ActionPreview, Outcome
from jira_chat.execution.registry import spec_for
from jira_chat.execution.resolve import Resolver
from jira_chat.execution.result_refs import (
    Deferred,
    ResultKeys,
    deferred_reference,
    prepare_deferred,
)
from jira_chat.execution.spec import ExecContext
from jira_chat.jira_access.records import IssueRecord
from jira_chat.jira_access.service import JiraService
from jira_chat.planning.actions._base import PlanAction
from jira_chat.planning.limits import BULK_DEFAULT_MAX
from jira_chat.planning.plan import Plan

__all__ = ["Executor", "PreparedAction", "PreparedPlan"]


class Executor:
    """`choose(question, options)` lets the REPL ask which of several matches was meant;
    without it an ambiguous name raises AmbiguityError listing the candidates."""

    def __init__(
        self,
        service: JiraService,
        *,
        choose: Callable[[str, Sequence[str]], str | None] | None = None,
        bulk_max: int = BULK_DEFAULT_MAX,
    ) -> None:
        self._context = ExecContext(
            service=service, resolver=Resolver(service, choose), bulk_max=bulk_max
        )
        self._results = ResultKeys()

    @property
    def context(self) -> ExecContext:
        return self._context

    def prepare(self, plan: Plan) -> PreparedPlan:
        """Resolve every name and build every preview before anything changes."""
        self._context.forget_issues()
        self._results = ResultKeys()
        if sum(a.action == "delete_issue" for a in plan.writes) > 1:
            raise PlanError(
                "a plan may delete at most one issue",
                hint="delete issues one request at a time, each confirmed by its key",
            )
        try:
            actions = [self._prepare_one(a) for a in plan.actions]
        except ResolutionError as exc:
            if not exc.from_cache:
                raise
            # The cache may predate a new project, type or priority: look once more, fresh.
            self._context.service.metadata(refresh=True)
            self._context.forget_issues()
            actions = [self._prepare_one(a) for a in plan.actions]
        self._results.number(actions)
        previews = [
            a.preview for a in actions if a.is_write and a.preview is not None and not a.already
        ]
        _refuse_overlapping_writes(previews)
        return PreparedPlan(actions=actions, previews=previews)

    def _prepare_one(self, action: PlanAction) -> PreparedAction[Any, Any]:
        """One action's preparation; `$N` waits for its action, a no-op becomes "already"."""
        if deferred_reference(action) is not None:
            return prepare_deferred(action)
        try:
            return spec_for(action.action).prepare(self._context, action)
        except AlreadyDone as done:
            summary = f"{action.action} {done.key} (already)"
            return PreparedAction(action, None, summary, done.key, already=done.message)

    def execute(self, action: PreparedAction[Any, Any]) -> Outcome:
        """Run one prepared action; a write is read back and verified (WriteNotAppliedError).
        An action that was already true sends nothing and reports "already"."""
        if action.already is not None:
            key = str(action.payload)
            url = self._context.service.browse_url(key)
            return AlreadyResult(action.action.action, key, url, action.already)
        if isinstance(action.payload, Deferred):
            action = self._results.resolve(action, self._prepare_one)
            if action.already is not None:
                return self.execute(action)
        outcome = spec_for(action.action.action).run(self._context, action)
        self._results.record(action, outcome)
        return outcome

    def issue_before(self, key: str) -> IssueRecord | None:
        """The issue as this plan first read it (the journal's "before")."""
        return self._context.before(key)

    def with_jql(self, action: PreparedAction[Any, Any], jql: str) -> PreparedAction[Any, Any]:
        return _with_jql(action, jql)


# Adding a comment appends; every other field is set, so two writes to it would overwrite.
_APPENDING_FIELDS = frozenset({"comment"})


def _refuse_overlapping_writes(previews: list[ActionPreview]) -> None:
    """Each preview is computed from the issue as it is now, so a second write to the same
    field of the same issue would undo or contradict the first: refuse the plan instead."""
    seen: dict[tuple[str, str], str] = {}
    for preview in previews:
        if preview.key is None:
            continue
        for change in preview.changes:
            if change.field in _APPENDING_FIELDS:
                continue
            slot = (preview.key, change.field)
            if slot in seen:
                raise PlanError(
                    f"two actions in this plan change the {change.field} of {preview.key}",
                    hint="combine them into one action, or run them as separate requests",
                )
            seen[slot] = preview.title

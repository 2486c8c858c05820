"""JQL functions: currentUser(), now(), startOf*/endOf*(), open/closed/futureSprints(),
standardIssueTypes() and subTaskIssueTypes(), evaluated at compile time into ids or instants.

Evaluating them once, before SQL runs, keeps the generated SQL a plain comparison against
bound parameters, which SQLite can answer from an index.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from . import dates
from .errors import JqlError
from .nodes import FunctionCall

Kind = Literal["user", "date", "sprint", "issuetype", "version"]
_BARE_NUMBER = re.compile(r"^\s*[+-]?\d+\s*$")

# Real Jira functions the sandbox does not implement: refused by name, not as unknown.
UNSUPPORTED_FUNCTIONS = frozenset(
    name.lower()
    for name in (
        "membersOf",
        "issueHistory",
        "linkedIssues",
        "votedIssues",
        "watchedIssues",
        "updatedBy",
        "lastLogin",
        "currentLogin",
        "projectsLeadByUser",
        "projectsWhereUserHasPermission",
        "projectsWhereUserHasRole",
        "componentsLeadByUser",
        "latestReleasedVersion",
        "earliestUnreleasedVersion",
        "cascadeOption",
        "issuesWithRemoteLinksByGlobalId",
        "approver",
        "myApproval",
        "myPending",
        "epicsOf",
        "issuesInEpics",
        "subtasksOf",
        "parentsOf",
        "portfolioChildIssuesOf",
    )
)


@dataclass(frozen=True)
class FunctionContext:
    """What a function may depend on: the database, who asks, and when."""

    conn: sqlite3.Connection
    current_user_id: int | None
    now: datetime


@dataclass(frozen=True)
class FunctionResult:
    """Ids (users, sprints, issue types) or one instant in epoch ms (dates)."""

    kind: Kind
    ids: tuple[int, ...] = ()
    instant_ms: int | None = None


@dataclass(frozen=True)
class _Spec:
    name: str
    kind: Kind
    max_args: int
    run: Callable[[FunctionContext, tuple[str, ...]], FunctionResult]


def _current_user(context: FunctionContext, _args: tuple[str, ...]) -> FunctionResult:
    """Anonymous callers match nobody, as in Jira."""
    ids = () if context.current_user_id is None else (context.current_user_id,)
    return FunctionResult("user", ids=ids)


def _now(context: FunctionContext, _args: tuple[str, ...]) -> FunctionResult:
    return FunctionResult("date", instant_ms=dates.to_ms(context.now))


def _offset(name: str, unit: str, args: tuple[str, ...]) -> dates.Period:
    if not args:
        return dates.Period()
    text = args[0]
    if _BARE_NUMBER.match(text):
        return dates.unit_period(int(text), unit)
    period = dates.parse_period(text)
    if period is None:
        raise JqlError(
            f"Duration for function '{name}' should have the format (+/-)n(y|M|w|d|h|m), "
            "e.g. -1M for one month earlier."
        )
    return period


def _period_function(
    unit: str, *, end: bool
) -> Callable[[FunctionContext, tuple[str, ...]], FunctionResult]:
    name = ("endOf" if end else "startOf") + unit.capitalize()

    def run(context: FunctionContext, args: tuple[str, ...]) -> FunctionResult:
        offset = _offset(name, unit, args)
        if end:
            moment = dates.end_of(unit, context.now, offset)
        else:
            moment = offset.apply(dates.start_of(unit, context.now))
        return FunctionResult("date", instant_ms=dates.to_ms(moment))

    return run


def _sprints(state: str) -> Callable[[FunctionContext, tuple[str, ...]], FunctionResult]:
    def run(context: FunctionContext, _args: tuple[str, ...]) -> FunctionResult:
        rows = context.conn.execute("SELECT id FROM sprints WHERE state = ?", (state,))
        return FunctionResult("sprint", ids=tuple(row[0] for row in rows))

    return run


def _issue_types(subtask: int) -> Callable[[FunctionContext, tuple[str, ...]], FunctionResult]:
    def run(context: FunctionContext, _args: tuple[str, ...]) -> FunctionResult:
        rows = context.conn.execute("SELECT id FROM issue_types WHERE subtask = ?", (subtask,))
        return FunctionResult("issuetype", ids=tuple(row[0] for row in rows))

    return run


def _versions(released: int) -> Callable[[FunctionContext, tuple[str, ...]], FunctionResult]:
    """releasedVersions() / unreleasedVersions(), optionally of one project (key or name)."""

    def run(context: FunctionContext, args: tuple[str, ...]) -> FunctionResult:
        sql = "SELECT v.id FROM versions v JOIN projects p ON p.id = v.project_id WHERE v.released = ?"
        params: list[object] = [released]
        if args:
            sql += " AND (p.key = ? OR p.name = ? OR CAST(p.id AS TEXT) = ?)"
            params += [args[0]] * 3
            if not context.conn.execute(
                "SELECT 1 FROM projects WHERE key = ? OR name = ? OR CAST(id AS TEXT) = ?",
                [args[0]] * 3,
            ).fetchone():
                raise JqlError(f"Could not find project '{args[0]}'.")
        rows = context.conn.execute(sql, params)
        return FunctionResult("version", ids=tuple(row[0] for row in rows))

    return run


def _registry() -> dict[str, _Spec]:
    specs = [
        _Spec("currentUser", "user", 0, _current_user),
        _Spec("now", "date", 0, _now),
        _Spec("openSprints", "sprint", 0, _sprints("active")),
        _Spec("closedSprints", "sprint", 0, _sprints("closed")),
        _Spec("futureSprints", "sprint", 0, _sprints("future")),
        _Spec("standardIssueTypes", "issuetype", 0, _issue_types(0)),
        _Spec("subTaskIssueTypes", "issuetype", 0, _issue_types(1)),
        _Spec("releasedVersions", "version", 1, _versions(1)),
        _Spec("unreleasedVersions", "version", 1, _versions(0)),
    ]
    for unit in dates.UNITS:
        for end in (False, True):
            name = ("endOf" if end else "startOf") + unit.capitalize()
            specs.append(_Spec(name, "date", 1, _period_function(unit, end=end)))
    return {spec.name.lower(): spec for spec in specs}


_FUNCTIONS = _registry()


def function_kind(call: FunctionCall) -> Kind:
    """The kind of value `call` yields; JqlError if the function is unknown or unsupported."""
    return _spec(call).kind


def evaluate(call: FunctionCall, context: FunctionContext) -> FunctionResult:
    """Run `call`; JqlError (in Jira's words) for unknown functions or wrong arguments."""
    spec = _spec(call)
    if len(call.args) > spec.max_args:
        expected = "'0'" if spec.max_args == 0 else f"between '0' and '{spec.max_args}'"
        raise JqlError(
            f"Function '{spec.name}' expected {expected} arguments but got '{len(call.args)}'."
        )
    try:
        return spec.run(context, call.args)
    except sqlite3.Error as error:  # pragma: no cover - a broken database, not a bad query
        raise JqlError(f"The function '{spec.name}()' failed: {error}") from None
    except (OverflowError, ValueError):
        raise JqlError(f"The function '{spec.name}()' gave a date out of range.") from None


def _spec(call: FunctionCall) -> _Spec:
    spec = _FUNCTIONS.get(call.name.lower())
    if spec is not None:
        return spec
    if call.name.lower() in UNSUPPORTED_FUNCTIONS:
        raise JqlError(f"The sandbox's JQL does not support the function '{call.name}()'.")
    raise JqlError(f"Unable to find JQL function '{call.name}()'.")

"""Read-back verification: a write that reports success but did not land is a failure,
and a write whose outcome is unknown is read back before anything is said about it."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

from jira_chat.errors import (
    JiraAccessError,
    JiraChatError,
    WriteNotAppliedError,
    WriteOutcomeUnknownError,
    WriteUnverifiedError,
)
from jira_chat.jira_access.text import same_text

RICH_TEXT_FIELDS = frozenset({"description", "comment"})
NAME_FIELDS = frozenset({"status", "priority", "issue_type", "project"})  # Jira ignores case


def _same(field: str, expected: Any, actual: Any) -> bool:
    if field in RICH_TEXT_FIELDS:
        return same_text(expected, actual)
    if field in {"labels", "components", "fix_versions"}:
        return sorted(expected or []) == sorted(actual or [])
    if field in NAME_FIELDS and isinstance(expected, str) and isinstance(actual, str):
        return expected.strip().lower() == actual.strip().lower()
    if isinstance(expected, str) and isinstance(actual, str):
        return expected.strip() == actual.strip()
    return bool(expected == actual)


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:59] + "…"


@dataclass(frozen=True)
class Expect:
    """One promised value and what Jira says now; `shown_*` are what a person reads
    (display names) when the comparison is on ids."""

    field: str
    expected: Any
    actual: Any
    shown_expected: Any = None
    shown_actual: Any = None

    @property
    def landed(self) -> bool:
        return _same(self.field, self.expected, self.actual)

    def describe(self) -> str:
        expected = self.expected if self.shown_expected is None else self.shown_expected
        actual = self.actual if self.shown_actual is None else self.shown_actual
        return f"{self.field} (expected {_short(expected)}, Jira has {_short(actual)})"


def check_read_back(key: str, expectations: Sequence[Expect]) -> None:
    """Compare every promised value with the read back; name every field that did not land."""
    missed = [e.describe() for e in expectations if not e.landed]
    if missed:
        raise WriteNotAppliedError(
            f"{key}: Jira accepted the change but reading it back shows it did not land: "
            + "; ".join(missed),
            hint="check the issue in Jira: a workflow rule, automation or missing permission "
            "may have blocked or reverted it",
        )


@contextmanager
def reading_back(key: str, what: str = "the change") -> Iterator[None]:
    """A read back that finds nothing (404) means the write did not land either; any other
    failure means it was sent but cannot be checked, which is not the same as "not done"."""
    try:
        yield
    except JiraAccessError as exc:
        if exc.status != 404:
            raise WriteUnverifiedError(
                key,
                f"{key}: Jira accepted {what}, but reading it back failed ({exc.message})",
                hint=f"it has probably been applied: look at {key} before trying again",
            ) from None
        raise WriteNotAppliedError(
            f"{key}: Jira accepted {what} but it cannot be read back (404), so it did not land",
            hint="check in Jira whether the change exists",
        ) from None


T = TypeVar("T")


def send_write(
    key: str,
    send: Callable[[], T],
    landed: Callable[[], T | None],
    *,
    idempotent: bool,
    absence_is_proof: bool = True,
) -> T:
    """Send one write; if its outcome is unknown (5xx, timeout, broken reply), read back.

    `landed()` reads Jira and returns what `send()` would have returned when the change is
    there, else None. Found: success. Not found: an idempotent write is sent once more;
    any other is "did not land". The read back failing: "sent, not verified", never a
    plain failure, so nobody re-sends a comment that is already there.
    """
    try:
        return send()
    except WriteOutcomeUnknownError as unknown:
        first = unknown
    found = _probe(key, landed, first, absence_is_proof=absence_is_proof)
    if found is not None:
        return found
    if not idempotent:
        raise _did_not_land(key, first)
    try:
        return send()
    except WriteOutcomeUnknownError as again:
        found = _probe(key, landed, again, absence_is_proof=absence_is_proof)
        if found is not None:
            return found
        raise _did_not_land(key, again) from None


def _probe(
    key: str,
    landed: Callable[[], T | None],
    unknown: WriteOutcomeUnknownError,
    *,
    absence_is_proof: bool,
) -> T | None:
    try:
        found = landed()
    except JiraChatError as failed:
        raise _unverified(key, unknown, f"reading it back failed too: {failed.message}") from None
    if found is None and (unknown.may_still_land or not absence_is_proof):
        raise _unverified(key, unknown, "reading it back does not show it (yet)")
    return found


def _unverified(key: str, unknown: WriteOutcomeUnknownError, why: str) -> WriteUnverifiedError:
    return WriteUnverifiedError(
        key,
        f"{key}: sent, not verified: {unknown.message}; {why}",
        hint=unknown.hint,
    )


def _did_not_land(key: str, unknown: WriteOutcomeUnknownError) -> WriteNotAppliedError:
    return WriteNotAppliedError(
        f"{key}: the change did not land: {unknown.message}, and reading {key} back shows "
        "nothing changed",
        hint="Jira may be overloaded; it is safe to try again in a moment",
    )

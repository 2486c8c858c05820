"""Bounded retries for 429 and 503, honouring Retry-After, around every HTTP request.

python-jira's own ResilientSession sleeps 10–60 s and crashes on an HTTP-date Retry-After,
so the client is built with `max_retries=0` and this wrapper (tenacity) retries instead:
per HTTP request, never around a multi-request operation, so a retried write is never
sent twice after it succeeded.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

RETRYABLE_STATUSES = frozenset({429, 503})
ATTEMPTS_ATTRIBUTE = "jira_chat_attempts"  # set on the final exception: how many tries were made


@dataclass(frozen=True)
class RetryPolicy:
    """How long to keep trying: at most `attempts` tries and `max_total_wait` seconds asleep."""

    attempts: int = 3
    max_total_wait: float = 30.0
    backoff: float = 1.0  # first wait when Jira gives no usable Retry-After; doubles each time


def retry_after_seconds(value: str | None, *, now: dt.datetime | None = None) -> float | None:
    """Parse Retry-After as delta-seconds or an HTTP date; None when absent or unreadable."""
    if not value:
        return None
    text = value.strip()
    try:
        seconds = float(text)
    except ValueError:
        pass
    else:
        return seconds if math.isfinite(seconds) and seconds >= 0 else None
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    delta = (when - (now or dt.datetime.now(dt.UTC))).total_seconds()
    return max(delta, 0.0)


def _status_of(exc: BaseException) -> int | None:
    status = getattr(exc, "status_code", None)
    return status if isinstance(status, int) else None


def _retry_after_of(exc: BaseException) -> float | None:
    response = getattr(exc, "response", None)
    headers = getattr(response, "headers", None)
    if headers is None:
        return None
    return retry_after_seconds(headers.get("Retry-After"))


def with_retries(
    send: Callable[..., Any],
    policy: RetryPolicy,
    *,
    sleep: Callable[[float], None] = time.sleep,
) -> Callable[..., Any]:
    """Wrap one-request callable `send` so 429/503 answers are retried within `policy`."""
    from tenacity import RetryCallState, Retrying, retry_if_exception

    def is_retryable(exc: BaseException) -> bool:
        return _status_of(exc) in RETRYABLE_STATUSES

    def wait(state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        asked = _retry_after_of(exc) if exc is not None else None
        if asked is None:
            return float(policy.backoff * 2 ** (state.attempt_number - 1))
        if asked > policy.max_total_wait:
            return math.inf  # Jira wants longer than we may wait: give up now, not later
        return asked

    def stop(state: RetryCallState) -> bool:
        if state.attempt_number >= policy.attempts:
            return True
        return state.idle_for + state.upcoming_sleep > policy.max_total_wait

    def call(*args: Any, **kwargs: Any) -> Any:
        retrying = Retrying(
            retry=retry_if_exception(is_retryable),
            wait=wait,
            stop=stop,
            sleep=sleep,
            reraise=True,
        )
        attempts = 0

        def counted(*a: Any, **k: Any) -> Any:
            nonlocal attempts
            attempts += 1
            return send(*a, **k)

        try:
            return retrying(counted, *args, **kwargs)
        except Exception as exc:
            if is_retryable(exc):
                setattr(exc, ATTEMPTS_ATTRIBUTE, attempts)
            raise

    return call

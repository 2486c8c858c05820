"""Bounded retries around every HTTP request, only where a retry cannot apply a write twice.

The policy (README "Security notes"):
- a 429 is retried for any request: Jira sends it *before* processing, so nothing happened;
- a 502/503/504 is retried only for reads (GET, HEAD, and the POST search endpoints);
- a connection error that happened *before the request was sent* (refused, DNS, connect
  timeout) is retried for any request;
- a write that met a 5xx, a read timeout or a broken reply is never re-sent here: its outcome
  is unknown, and the executor reads the issue back before answering (execution/verify.py).

python-jira's own ResilientSession sleeps 10–60 s and crashes on an HTTP-date Retry-After,
so the client is built with `max_retries=0` and this wrapper (tenacity) retries instead:
per HTTP request, never around a multi-request operation.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import math
import re
import time
from collections.abc import Callable
from typing import Any

from jira_chat.record import Record

RATE_LIMITED = 429
READ_RETRYABLE_STATUSES = frozenset({502, 503, 504})
ATTEMPTS_ATTRIBUTE = "jira_chat_attempts"  # set on the final exception: how many tries were made
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# POSTs that only read: searches (a long JQL goes in a body) and the approximate count.
_READ_ONLY_POST = re.compile(r"/(search|search/jql|search/approximate-count|jql/parse)/?$")
CONNECT_RETRY_WAIT = 0.2  # a refused connection is instant; one short pause is enough


class RetryPolicy(Record):
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


def is_read(method: str, url: str) -> bool:
    """Whether sending this request twice changes nothing in Jira."""
    verb = method.upper()
    if verb in SAFE_METHODS:
        return True
    path = url.split("?", 1)[0]
    return verb == "POST" and _READ_ONLY_POST.search(path) is not None


def status_of(exc: BaseException) -> int | None:
    status = getattr(exc, "status_code", None)
    return status if isinstance(status, int) else None


def _retry_after_of(exc: BaseException) -> float | None:
    response = getattr(exc, "response", None)
    headers = getattr(response, "headers", None)
    if headers is None:
        return None
    return retry_after_seconds(headers.get("Retry-After"))


def not_sent(exc: BaseException) -> bool:
    """A connection failure that happened before any byte of the request left: safe to retry.

    requests raises ConnectionError both for "refused" and for "the server closed the
    connection mid-reply"; only the first kind (urllib3's NewConnectionError, a DNS failure,
    a connect timeout) proves the request was never sent.
    """
    import requests
    from urllib3.exceptions import NameResolutionError, NewConnectionError

    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return True
    if not isinstance(exc, requests.exceptions.ConnectionError):
        return False
    pending: list[object] = [exc]
    for _ in range(20):  # a short chain: ConnectionError -> MaxRetryError -> reason
        if not pending:
            break
        current = pending.pop()
        if isinstance(current, NewConnectionError | NameResolutionError):
            return True
        if isinstance(current, BaseException):
            pending.extend(current.args[:1])
            pending.extend(x for x in (getattr(current, "reason", None), current.__cause__) if x)
    return False


def should_retry(exc: BaseException, method: str, url: str) -> bool:
    """The whole policy in one place (see the module docstring)."""
    status = status_of(exc)
    if status == RATE_LIMITED:
        return True
    if status in READ_RETRYABLE_STATUSES:
        return is_read(method, url)
    if status is None:
        return not_sent(exc)
    return False


def with_retries(
    send: Callable[..., Any],
    policy: RetryPolicy,
    *,
    sleep: Callable[[float], None] = time.sleep,
) -> Callable[..., Any]:
    """Wrap `session.request(method, url, ...)` so safe failures are retried within `policy`.

    The first attempt is sent directly; tenacity is loaded and takes over only once it has
    failed, replaying that failure as its attempt 1 (start-up is a feature: most runs never
    need a retry, and importing tenacity costs about a tenth of a python-jira import)."""

    def call(method: str, url: str, *args: Any, **kwargs: Any) -> Any:
        try:
            return send(method, url, *args, **kwargs)
        except Exception as exc:  # the retry policy decides what it means
            first_failure = exc
        return _retried(send, policy, sleep, first_failure, method, url, *args, **kwargs)

    return call


def _retried(
    send: Callable[..., Any],
    policy: RetryPolicy,
    sleep: Callable[[float], None],
    first_failure: Exception,
    method: str,
    url: str,
    *args: Any,
    **kwargs: Any,
) -> Any:
    """The attempts after a failed first one, within `policy`; the first is not sent again."""
    from tenacity import RetryCallState, Retrying, retry_if_exception

    def wait(state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        if exc is not None and status_of(exc) is None:
            return CONNECT_RETRY_WAIT
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

    def retryable(exc: BaseException) -> bool:
        return should_retry(exc, method, str(url))

    retrying = Retrying(
        retry=retry_if_exception(retryable), wait=wait, stop=stop, sleep=sleep, reraise=True
    )
    attempts = 0

    def counted() -> Any:
        nonlocal attempts
        attempts += 1
        if attempts == 1:
            raise first_failure  # attempt 1 already happened: its failure, not a resend
        return send(method, url, *args, **kwargs)

    try:
        return retrying(counted)
    except Exception as exc:
        setattr(exc, ATTEMPTS_ATTRIBUTE, attempts)
        raise

"""Test-only fault injection and the request log.

A `FaultController` exists only when a test asks for one (`enable_faults=True`); nothing
over HTTP can create or change it, so a served sandbox never misbehaves on purpose.

A rule answers `status` (with `headers` and a JSON `body`, or a `raw_body` such as a
gateway's HTML page or a truncated JSON text), stalls for `delay` seconds, silently drops the
write (`skip_write`), or, with `after_write`, commits the write first and only then answers
with the fault: the "it landed, but the reply was lost" case.
"""

from __future__ import annotations

import json
import re
import threading
from collections import deque
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from werkzeug.wrappers import Response


@dataclass
class FaultRule:
    pattern: re.Pattern[str]
    method: str | None
    status: int | None
    headers: dict[str, str]
    body: object | None
    delay: float
    remaining: int
    skip_write: bool
    after_write: bool = False
    raw_body: str | None = None
    content_type: str = "application/json;charset=UTF-8"


class FaultController:
    """Makes the next N matching requests fail, stall or silently drop their write."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._rules: list[FaultRule] = []

    def add(
        self,
        path_pattern: str,
        *,
        method: str | None = None,
        status: int | None = None,
        headers: dict[str, str] | None = None,
        body: object | None = None,
        delay: float = 0.0,
        times: int = 1,
        skip_write: bool = False,
        after_write: bool = False,
        raw_body: str | None = None,
        content_type: str | None = None,
    ) -> None:
        """Fault the next `times` requests whose path matches `path_pattern` (re.search)."""
        rule = FaultRule(
            pattern=re.compile(path_pattern),
            method=method.upper() if method else None,
            status=status,
            headers=dict(headers or {}),
            body=body,
            delay=delay,
            remaining=times,
            skip_write=skip_write,
            after_write=after_write,
            raw_body=raw_body,
            content_type=content_type or "application/json;charset=UTF-8",
        )
        with self._lock:
            self._rules.append(rule)

    def clear(self) -> None:
        with self._lock:
            self._rules.clear()

    def take(self, method: str, path: str) -> FaultRule | None:
        """Consume one use of the first rule matching this request, if any."""
        with self._lock:
            for rule in self._rules:
                if rule.method not in (None, method.upper()):
                    continue
                if rule.pattern.search(path) is None:
                    continue
                rule.remaining -= 1
                if rule.remaining <= 0:
                    self._rules.remove(rule)
                return rule
        return None


def fault_response(rule: FaultRule) -> Response:
    """What the faulty server sends: the raw body as given, else JSON (Jira's error shape)."""
    from werkzeug.wrappers import Response

    status = rule.status or 500
    headers = dict(rule.headers)
    if status == 429 and not any(k.lower() == "retry-after" for k in headers):
        headers["Retry-After"] = "1"
    if rule.raw_body is not None:
        text = rule.raw_body
    else:
        body = rule.body
        if body is None:
            body = {"errorMessages": [f"Injected fault: HTTP {status}"], "errors": {}}
        text = json.dumps(body)
    response = Response(text, status=status, content_type=rule.content_type)
    for name, value in headers.items():
        response.headers[name] = value
    return response


class RequestLog:
    """Every request served, as "METHOD /path?query", for tests that count round trips.

    Bounded (the most recent `limit` entries) so a long-running `serve` does not grow forever.
    """

    def __init__(self, limit: int = 100_000) -> None:
        self._lock = threading.Lock()
        self._entries: deque[str] = deque(maxlen=limit)

    def record(self, method: str, path_and_query: str) -> None:
        with self._lock:
            self._entries.append(f"{method} {path_and_query}")

    @property
    def entries(self) -> list[str]:
        with self._lock:
            return list(self._entries)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def count(self, method: str | None = None, path_regex: str | None = None) -> int:
        pattern = re.compile(path_regex) if path_regex else None
        total = 0
        for entry in self.entries:
            entry_method, _, target = entry.partition(" ")
            if method and entry_method != method.upper():
                continue
            if pattern and pattern.search(target.partition("?")[0]) is None:
                continue
            total += 1
        return total

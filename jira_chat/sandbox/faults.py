"""Test-only fault injection and the request log.

A `FaultController` exists only when a test asks for one (`enable_faults=True`); nothing
over HTTP can create or change it, so a served sandbox never misbehaves on purpose.
"""

from __future__ import annotations

import re
import threading
from collections import deque
from dataclasses import dataclass


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
    ) -> None:
        rule = FaultRule(
            pattern=re.compile(path_pattern),
            method=method.upper() if method else None,
            status=status,
            headers=dict(headers or {}),
            body=body,
            delay=delay,
            remaining=times,
            skip_write=skip_write,
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

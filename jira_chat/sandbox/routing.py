"""Route table types shared by the endpoint modules."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from jira_chat.sandbox.context import Ctx


@dataclass
class Reply:
    """A handler's answer; `body` None means no content."""

    status: int = 200
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)


Handler = Callable[[Ctx], Any]  # returns Reply, or a JSON-able body meaning 200


@dataclass(frozen=True)
class Route:
    area: str  # "api" (/rest/api/{2,3,latest}), "agile" (/rest/agile/1.0) or "auth" (/rest/auth/1)
    methods: frozenset[str]
    pattern: re.Pattern[str]
    handler: Handler
    write: bool  # runs inside one write transaction (rolled back on error or skip_write)
    flavors: frozenset[str] = frozenset({"cloud", "server"})


def route(
    area: str, methods: str, pattern: str, handler: Handler, *, write: bool = False,
    flavors: str = "cloud server",
) -> Route:  # fmt: skip
    """`pattern` uses `{name}` for one path segment, e.g. "issue/{key}/comment"."""
    regex = re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", pattern)
    return Route(area, frozenset(methods.split()), re.compile(regex), handler, write,
                 frozenset(flavors.split()))  # fmt: skip

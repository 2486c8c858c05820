"""add_worklog: log time on an issue in Jira's "1w 2d 3h 30m" forms."""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from pydantic import Field, field_validator

from jira_chat.planning.actions._base import ActionDeclaration, ActionModel, Strict, issue_key

# Jira's defaults: a working day is 8 hours and a week 5 days.
UNIT_SECONDS = {"w": 5 * 8 * 3600, "d": 8 * 3600, "h": 3600, "m": 60}
_PART = re.compile(r"(\d+(?:\.\d+)?)\s*([wdhm])")
_WHOLE = re.compile(r"^\s*(?:\d+(?:\.\d+)?\s*[wdhm]\s*)+$")


def duration_seconds(text: str) -> int:
    """ "1w 2d 3h 30m" → seconds (1w = 5d, 1d = 8h, as Jira counts by default)."""
    if not _WHOLE.match(text.lower()):
        raise ValueError(f"{text!r} is not a time like 2h, 30m or 1d 4h")
    seconds = sum(float(n) * UNIT_SECONDS[u] for n, u in _PART.findall(text.lower()))
    if seconds < 60:
        raise ValueError("log at least one minute")
    return int(seconds)


def format_seconds(seconds: int) -> str:
    """7200 → "2h", 95400 → "3d 2h 30m" (8-hour days, as Jira shows by default)."""
    parts = []
    for unit, size in (("w", 5 * 8 * 3600), ("d", 8 * 3600), ("h", 3600), ("m", 60)):
        count, seconds = divmod(seconds, size)
        if count:
            parts.append(f"{count}{unit}")
    return " ".join(parts) or "0m"


class AddWorklogParams(Strict):
    key: str
    time_spent: str = Field(description='Jira duration: "2h", "30m", "1d 4h", "1w 2d 3h 30m".')
    started: dt.datetime | None = Field(default=None, description="When the work started.")
    comment: str | None = None

    _key = field_validator("key")(issue_key)

    @field_validator("time_spent")
    @classmethod
    def _duration(cls, value: str) -> str:
        duration_seconds(value)
        return " ".join(value.lower().split())


class AddWorklog(ActionModel):
    action: Literal["add_worklog"]
    parameters: AddWorklogParams


DECLARATION = ActionDeclaration(
    model=AddWorklog,
    writes=True,
    verb="Logged {time_spent} on",
    description='log time ("2h", "1d 4h")',
    example="log 2h on OPS-3",
    example_parameters={"key": "OPS-3", "time_spent": "2h", "comment": "Debugging the alerts"},
    rank=170,
)

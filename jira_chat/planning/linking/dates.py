"""Date phrases ("today", "last 7 days", "since Monday", "in November") as JQL ranges.

A phrase becomes a half-open range [start, end): either side is a JQL date expression, a
function (`startOfWeek()`) when Jira has one, so the query stays right tomorrow, else an
absolute date. Weeks follow Jira's default locale (they start on Sunday), so "this week" is
`>= startOfWeek()`, as a person reading the JQL in Jira would expect. A phrase that names
one day ("Friday", "tomorrow", "2026-12-04") also carries that day, for a due date.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
)  # fmt: skip
_UNITS = {"day": "d", "days": "d", "week": "w", "weeks": "w", "month": "M", "months": "M"}
_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
            "ten": 10, "fourteen": 14, "thirty": 30}  # fmt: skip


@dataclass(frozen=True)
class DateRange:
    """[start, end) in JQL; `day` when the phrase names a single calendar day."""

    start: str | None
    end: str | None
    day: dt.date | None = None

    def jql(self, field: str) -> str:
        parts = []
        if self.start:
            parts.append(f"{field} >= {self.start}")
        if self.end:
            parts.append(f"{field} < {self.end}")
        return " AND ".join(parts)


def _iso(day: dt.date) -> str:
    return f'"{day.isoformat()}"'


def _one_day(day: dt.date) -> DateRange:
    return DateRange(_iso(day), _iso(day + dt.timedelta(days=1)), day)


def _amount(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    return _NUMBERS.get(word)


def weekday_on_or_after(today: dt.date, weekday: int) -> dt.date:
    return today + dt.timedelta(days=(weekday - today.weekday()) % 7)


def weekday_on_or_before(today: dt.date, weekday: int) -> dt.date:
    return today - dt.timedelta(days=(today.weekday() - weekday) % 7)


_ISO_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_date_phrase(words: list[str], today: dt.date) -> tuple[int, DateRange] | None:
    """The longest date phrase at the start of `words` (lower-case): (words used, range)."""
    for size in range(min(5, len(words)), 0, -1):
        found = _phrase(words[:size], today)
        if found is not None:
            return size, found
    return None


def _phrase(words: list[str], today: dt.date) -> DateRange | None:
    text = " ".join(words)
    first, rest = words[0], words[1:]
    if text == "today":
        return DateRange("startOfDay()", None, today)
    if text == "yesterday":
        return DateRange("startOfDay(-1d)", "startOfDay()", today - dt.timedelta(days=1))
    if text == "tomorrow":
        return DateRange("startOfDay(1d)", "startOfDay(2d)", today + dt.timedelta(days=1))
    if text in ("this week", "the current week"):
        return DateRange("startOfWeek()", "startOfWeek(1w)")
    if text == "last week":
        return DateRange("startOfWeek(-1w)", "startOfWeek()")
    if text == "next week":
        return DateRange("startOfWeek(1w)", "startOfWeek(2w)")
    if text == "this month":
        return DateRange("startOfMonth()", "startOfMonth(1M)")
    if text == "last month":
        return DateRange("startOfMonth(-1M)", "startOfMonth()")
    if text == "this year":
        return DateRange("startOfYear()", None)
    # "the last 7 days", "past 2 weeks", "last week" said as a span: "the past week"
    span = words[1:] if first in ("the", "in") else words
    if span and span[0] == "the":
        span = span[1:]
    if len(span) in (2, 3) and span[0] in ("last", "past"):
        amount = _amount(span[1]) if len(span) == 3 else 1
        unit = _UNITS.get(span[-1])
        if amount and unit and (len(span) == 3 or first in ("the", "in") or span[0] == "past"):
            return DateRange(f"-{amount}{unit}", None)
    if _ISO_RE.match(text):
        try:
            return _one_day(dt.date.fromisoformat(text))
        except ValueError:
            return None
    if first == "since" and rest:
        inner = _phrase(rest, today) if rest[0] not in WEEKDAYS else None
        if rest[0] in WEEKDAYS and len(rest) == 1:
            day = weekday_on_or_before(today, WEEKDAYS.index(rest[0]))
            return DateRange(_iso(day), None)
        if inner is not None:
            return DateRange(inner.start, None)
        return None
    if first == "before" and rest:
        inner = _phrase(rest, today)
        if inner is None or inner.start is None:
            return None
        return DateRange(None, inner.start)
    if first == "after" and rest:
        inner = _phrase(rest, today)
        if inner is None or inner.end is None:
            return None
        return DateRange(inner.end, None)
    if first in ("on", "by") and rest:
        return _phrase(rest, today)
    if first == "in" and len(rest) == 1 and rest[0] in MONTHS:
        return _month(rest[0], today)
    if len(words) == 1 and first in MONTHS:
        return _month(first, today)
    if first == "next" and len(rest) == 1 and rest[0] in WEEKDAYS:
        day = weekday_on_or_after(today + dt.timedelta(days=1), WEEKDAYS.index(rest[0]))
        return _one_day(day)
    if first == "last" and len(rest) == 1 and rest[0] in WEEKDAYS:
        day = weekday_on_or_before(today - dt.timedelta(days=1), WEEKDAYS.index(rest[0]))
        return _one_day(day)
    if len(words) == 1 and first in WEEKDAYS:  # "Friday": the coming one (today if it is)
        return _one_day(weekday_on_or_after(today, WEEKDAYS.index(first)))
    return None


def _month(name: str, today: dt.date) -> DateRange:
    """The most recent such month (this one included): "in November" in March is last year's."""
    month = MONTHS.index(name) + 1
    year = today.year if month <= today.month else today.year - 1
    start = dt.date(year, month, 1)
    end = dt.date(year + 1, 1, 1) if month == 12 else dt.date(year, month + 1, 1)
    return DateRange(_iso(start), _iso(end))

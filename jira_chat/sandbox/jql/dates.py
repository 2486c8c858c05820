"""Date arithmetic for JQL: relative periods (`-7d`, `"-1w 2d"`), absolute dates, and the
start/end of days, weeks, months and years.

Choices (documented because Jira leaves them to the locale or the user profile):
  * the sandbox's time zone is UTC, so "start of day" is 00:00 UTC;
  * weeks start on Sunday, as in Jira's default (en_US) locale;
  * a date without a time means 00:00 of that day, as in Jira, so `created <= 2026-01-31`
    ends at the *start* of Jan 31, and `created = 2026-01-31` matches only that instant;
  * `y` and `M` periods move along the calendar (Jan 31 - 1M = Dec 31, Mar 31 - 1M = Feb 28);
    `w`, `d`, `h`, `m` are fixed lengths; `M` is months and `m` is minutes, as in Jira;
  * `endOfX()` is the last millisecond of the period (start of the next one minus 1 ms);
    its offset moves the period by calendar months/years and the end by fixed lengths.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

_PERIOD = re.compile(r"^\s*([+-])?\s*((?:\d+\s*[yYMwWdDhHm]\s*)+)$")
_PERIOD_PART = re.compile(r"(\d+)\s*([yYMwWdDhHm])")
_ABSOLUTE_FORMATS = ("%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M", "%Y-%m-%d", "%Y/%m/%d")
UNITS = ("year", "month", "week", "day")
_ONE_MS = timedelta(milliseconds=1)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Period:
    """A signed calendar-aware duration."""

    months: int = 0
    delta: timedelta = timedelta(0)

    def apply(self, moment: datetime) -> datetime:
        return add_months(moment, self.months) + self.delta


def parse_period(text: str) -> Period | None:
    """`-7d`, `+1w`, `4w 2d`, `-1M` -> Period; None when `text` is not a period."""
    match = _PERIOD.match(text)
    if match is None:
        return None
    sign = -1 if match.group(1) == "-" else 1
    months = 0
    delta = timedelta(0)
    for amount_text, unit in _PERIOD_PART.findall(match.group(2)):
        amount = int(amount_text)
        if unit in "yY":
            months += 12 * amount
        elif unit == "M":
            months += amount
        elif unit in "wW":
            delta += timedelta(weeks=amount)
        elif unit in "dD":
            delta += timedelta(days=amount)
        elif unit in "hH":
            delta += timedelta(hours=amount)
        else:
            delta += timedelta(minutes=amount)
    return Period(months=sign * months, delta=sign * delta)


def unit_period(amount: int, unit: str) -> Period:
    """`amount` whole `unit`s (year, month, week, day) as a Period."""
    if unit == "year":
        return Period(months=12 * amount)
    if unit == "month":
        return Period(months=amount)
    if unit == "week":
        return Period(delta=timedelta(weeks=amount))
    return Period(delta=timedelta(days=amount))


def parse_absolute(text: str) -> datetime | None:
    """`2026-01-31`, `2026/01/31 10:00`... -> an aware UTC datetime; None if not a date."""
    stripped = text.strip()
    for fmt in _ABSOLUTE_FORMATS:
        try:
            parsed = datetime.strptime(stripped, fmt)
        except ValueError:
            continue
        return parsed.replace(tzinfo=UTC)
    return None


def add_months(moment: datetime, months: int) -> datetime:
    """Move along the calendar, clamping the day (Mar 31 + 1 month = Apr 30)."""
    if months == 0:
        return moment
    index = moment.year * 12 + (moment.month - 1) + months
    year, month = divmod(index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def start_of(unit: str, moment: datetime) -> datetime:
    """00:00 UTC at the start of the day/week (Sunday)/month/year containing `moment`."""
    day_start = moment.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    if unit == "day":
        return day_start
    if unit == "week":
        days_since_sunday = (day_start.weekday() + 1) % 7  # Monday is 0 in Python
        return day_start - timedelta(days=days_since_sunday)
    if unit == "month":
        return day_start.replace(day=1)
    return day_start.replace(month=1, day=1)


def end_of(unit: str, moment: datetime, offset: Period) -> datetime:
    """The last millisecond of the period, moved by `offset`.

    Calendar months move the period before its end is taken, so endOfMonth(-1) in May is
    Apr 30 (not Apr 29 = May 30 - 1 month); fixed lengths move the end itself, so
    endOfMonth("-7d") in March is Mar 24.
    """
    start = add_months(start_of(unit, moment), offset.months)
    return unit_period(1, unit).apply(start) - _ONE_MS + offset.delta


def to_ms(moment: datetime) -> int:
    """Epoch milliseconds, the form timestamps take in the sandbox's database."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return (aware - _EPOCH) // _ONE_MS


def day_start_ms(day: date) -> int:
    """00:00 UTC of `day` in epoch milliseconds."""
    return to_ms(datetime(day.year, day.month, day.day, tzinfo=UTC))


def first_date_at_or_after(epoch_ms: int) -> date:
    """The first calendar day whose 00:00 UTC is at or after `epoch_ms`.

    Due dates are days; comparing `due` (read as 00:00 of that day) with an instant T:
    due < T  <=>  due < first_date_at_or_after(T).
    """
    day = (_EPOCH + timedelta(milliseconds=epoch_ms)).date()
    return day if day_start_ms(day) == epoch_ms else day + timedelta(days=1)

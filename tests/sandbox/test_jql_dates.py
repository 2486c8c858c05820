"""Date arithmetic behind JQL's relative dates and startOf*/endOf*() functions."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from jira_chat.sandbox.jql import dates
from jira_chat.sandbox.jql.functions import FunctionContext, evaluate
from jira_chat.sandbox.jql.nodes import FunctionCall

NOW = datetime(2026, 3, 18, 12, 0, tzinfo=UTC)  # a Wednesday


def _at(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%d %H:%M:%S.%f").replace(tzinfo=UTC)


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        (FunctionCall("now"), "2026-03-18 12:00:00.000"),
        (FunctionCall("startOfDay"), "2026-03-18 00:00:00.000"),
        (FunctionCall("startOfDay", ("-1",)), "2026-03-17 00:00:00.000"),
        (FunctionCall("endOfDay"), "2026-03-18 23:59:59.999"),
        (FunctionCall("endOfDay", ("+1",)), "2026-03-19 23:59:59.999"),
        (FunctionCall("startOfWeek"), "2026-03-15 00:00:00.000"),  # Sunday
        (FunctionCall("startOfWeek", ("-1",)), "2026-03-08 00:00:00.000"),
        (FunctionCall("startOfWeek", ("+1d",)), "2026-03-16 00:00:00.000"),
        (FunctionCall("endOfWeek"), "2026-03-21 23:59:59.999"),  # Saturday
        (FunctionCall("startOfMonth"), "2026-03-01 00:00:00.000"),
        (FunctionCall("startOfMonth", ("-1",)), "2026-02-01 00:00:00.000"),
        (FunctionCall("endOfMonth", ("-1",)), "2026-02-28 23:59:59.999"),
        (FunctionCall("endOfMonth", ("+1M",)), "2026-04-30 23:59:59.999"),
        (FunctionCall("endOfMonth", ("-7d",)), "2026-03-24 23:59:59.999"),
        (FunctionCall("startOfYear"), "2026-01-01 00:00:00.000"),
        (FunctionCall("startOfYear", ("-1",)), "2025-01-01 00:00:00.000"),
        (FunctionCall("endOfYear", ("-1y",)), "2025-12-31 23:59:59.999"),
        (FunctionCall("startOfDay", ("-1w 2d",)), "2026-03-09 00:00:00.000"),
        (FunctionCall("startOfDay", ("+4h",)), "2026-03-18 04:00:00.000"),
        (FunctionCall("startOfDay", ("-30m",)), "2026-03-17 23:30:00.000"),
    ],
)
def test_date_functions(call: FunctionCall, expected: str) -> None:
    context = FunctionContext(sqlite3.connect(":memory:"), None, NOW)
    result = evaluate(call, context)
    assert result.instant_ms == dates.to_ms(_at(expected))


def test_week_starts_on_sunday_even_on_sunday_and_saturday() -> None:
    sunday = datetime(2026, 3, 15, 9, 30, tzinfo=UTC)
    saturday = datetime(2026, 3, 21, 23, 0, tzinfo=UTC)
    assert dates.start_of("week", sunday) == datetime(2026, 3, 15, tzinfo=UTC)
    assert dates.start_of("week", saturday) == datetime(2026, 3, 15, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("-7d", NOW - timedelta(days=7)),
        ("7d", NOW + timedelta(days=7)),
        ("+2w", NOW + timedelta(weeks=2)),
        ("-4h", NOW - timedelta(hours=4)),
        ("-90m", NOW - timedelta(minutes=90)),
        ("-1M", datetime(2026, 2, 18, 12, tzinfo=UTC)),
        ("-1y", datetime(2025, 3, 18, 12, tzinfo=UTC)),
        ("-1w 2d", NOW - timedelta(days=9)),
        ("4w 2d", NOW + timedelta(days=30)),
    ],
)
def test_relative_periods(text: str, expected: datetime) -> None:
    period = dates.parse_period(text)
    assert period is not None
    assert period.apply(NOW) == expected


@pytest.mark.parametrize("text", ["yesterday", "-7", "7x", "d", "", "2026-01-31"])
def test_not_periods(text: str) -> None:
    assert dates.parse_period(text) is None


def test_calendar_months_clamp_the_day() -> None:
    assert dates.add_months(datetime(2026, 3, 31, tzinfo=UTC), -1) == datetime(
        2026, 2, 28, tzinfo=UTC
    )
    assert dates.add_months(datetime(2026, 1, 31, tzinfo=UTC), 13) == datetime(
        2027, 2, 28, tzinfo=UTC
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-01-31", datetime(2026, 1, 31, tzinfo=UTC)),
        ("2026/01/31", datetime(2026, 1, 31, tzinfo=UTC)),
        ("2026-01-31 10:05", datetime(2026, 1, 31, 10, 5, tzinfo=UTC)),
        ("2026/1/5 09:00", datetime(2026, 1, 5, 9, tzinfo=UTC)),
        ("31/01/2026", None),
        ("2026-02-30", None),
    ],
)
def test_absolute_dates(text: str, expected: datetime | None) -> None:
    assert dates.parse_absolute(text) == expected


def test_due_dates_compare_as_days() -> None:
    midnight = dates.to_ms(datetime(2026, 3, 18, tzinfo=UTC))
    assert dates.first_date_at_or_after(midnight) == date(2026, 3, 18)
    assert dates.first_date_at_or_after(midnight + 1) == date(2026, 3, 19)
    assert dates.to_ms(_at("2026-03-18 23:59:59.999")) == midnight + 86_400_000 - 1


def test_compile_reads_a_naive_or_foreign_now_as_the_same_utc_instant() -> None:
    from jira_chat.sandbox.jql import compile_jql
    from tests.sandbox.test_jql import build_db

    conn = build_db()
    aware = compile_jql("created > startOfDay()", conn, current_user_id=None, now=NOW)
    naive = compile_jql(
        "created > startOfDay()", conn, current_user_id=None, now=NOW.replace(tzinfo=None)
    )
    tokyo = NOW.astimezone(timezone(timedelta(hours=9)))  # 21:00 the same day in Tokyo
    foreign = compile_jql("created > startOfDay()", conn, current_user_id=None, now=tokyo)
    assert (
        aware.params
        == naive.params
        == foreign.params
        == [dates.to_ms(_at("2026-03-18 00:00:00.0"))]
    )

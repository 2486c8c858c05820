"""JQL's history operators (WAS, WAS IN, WAS NOT, WAS NOT IN, CHANGED and their predicates)
with exact result sets on a small hand-written timeline.

Four issues, created on day 0 (2026-01-01 00:00 UTC), "now" is day 10:
  WEB-1  To Do -> In Progress (day 2, Sam) -> Done + resolution Done (day 5, Alice)
  WEB-2  To Do -> In Progress (day 3, Alice) -> To Do (day 4, Alice)
  WEB-3  To Do, never changed
  WEB-4  In Review, never changed; unassigned -> Sam (day 1, Alice); Medium -> High (day 6, Sam)
WEB-1..3 are Sam's from the start. Sam is currentUser(); Alice is anguyen.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest

from jira_chat.sandbox import db
from jira_chat.sandbox.history import open_span, record_items
from jira_chat.sandbox.jql import JqlError, compile_jql
from jira_chat.sandbox.runner import prepare_database

DAY0 = datetime(2026, 1, 1, tzinfo=UTC)
NOW = DAY0 + timedelta(days=10)
SAM, ALICE = 1, 2
TODO, IN_PROGRESS, IN_REVIEW, DONE = "10000", "10001", "10002", "10003"
SCOPE = "key in (WEB-1, WEB-2, WEB-3, WEB-4) AND "


def _ms(day: float) -> int:
    return int((DAY0 + timedelta(days=day)).timestamp() * 1000)


@pytest.fixture(scope="module")
def conn(tmp_path_factory: pytest.TempPathFactory) -> sqlite3.Connection:
    path: Path = tmp_path_factory.mktemp("history") / "history.sqlite3"
    prepare_database(path, seed_issues=18, reset=True)
    connection = db.connect(path)
    ids = dict(connection.execute("SELECT key, id FROM issues WHERE key IN "
                                  "('WEB-1', 'WEB-2', 'WEB-3', 'WEB-4')").fetchall())  # fmt: skip
    with db.write_tx(connection):
        for table in ("history_items", "history_groups", "field_spans"):
            connection.execute(f"DELETE FROM {table}")
        for key, issue_id in ids.items():
            first_status = IN_REVIEW if key == "WEB-4" else TODO
            assignee = None if key == "WEB-4" else str(SAM)
            for field, value in (
                ("status", first_status),
                ("assignee", assignee),
                ("priority", "3"),
                ("reporter", str(ALICE)),
                ("resolution", None),
            ):
                open_span(connection, issue_id, field, value, _ms(0), ALICE)  # fmt: skip

        def change(
            key: str, day: float, author: int, *items: tuple[str, str | None, str | None]
        ) -> None:
            ctx = SimpleNamespace(conn=connection, user_id=author, now_ms=_ms(day))
            record_items(
                ctx, ids[key], [(f, "jira", f, old, old, new, new) for f, old, new in items]
            )  # type: ignore[arg-type]

        change("WEB-1", 2, SAM, ("status", TODO, IN_PROGRESS))
        change("WEB-1", 5, ALICE, ("status", IN_PROGRESS, DONE), ("resolution", None, "10000"))
        change("WEB-2", 3, ALICE, ("status", TODO, IN_PROGRESS))
        change("WEB-2", 4, ALICE, ("status", IN_PROGRESS, TODO))
        change("WEB-4", 1, ALICE, ("assignee", None, str(SAM)))
        change("WEB-4", 6, SAM, ("priority", "3", "2"))
    return connection


def found(conn: sqlite3.Connection, jql: str) -> set[str]:
    query = compile_jql(SCOPE + jql, conn, current_user_id=SAM, now=NOW)
    rows = conn.execute(f"SELECT i.key FROM issues AS i WHERE {query.where}", query.params)
    return {r[0] for r in rows}


@pytest.mark.parametrize(
    ("jql", "expected"),
    [
        ('status WAS "In Progress"', {"WEB-1", "WEB-2"}),
        ('status WAS "To Do"', {"WEB-1", "WEB-2", "WEB-3"}),  # the current value counts too
        ('status WAS "In Progress" BEFORE "2026/01/04"', {"WEB-1"}),
        ('status WAS "In Progress" AFTER "2026/01/05"', {"WEB-1"}),
        ('status WAS "In Progress" ON "2026/01/04"', {"WEB-1", "WEB-2"}),
        ('status WAS "In Progress" DURING ("2026/01/05 12:00", "2026/01/07")', {"WEB-1"}),
        ('status WAS "In Progress" BY anguyen', {"WEB-2"}),
        ('status WAS "In Progress" BY currentUser()', {"WEB-1"}),
        ('status WAS NOT "In Progress"', {"WEB-3", "WEB-4"}),
        ('status WAS IN ("In Progress", Done)', {"WEB-1", "WEB-2"}),
        ('status WAS NOT IN ("To Do")', {"WEB-4"}),
        ("status WAS NOT Done BEFORE -7d", {"WEB-1", "WEB-2", "WEB-3", "WEB-4"}),
        ("status CHANGED", {"WEB-1", "WEB-2"}),
        ('status CHANGED FROM "In Progress" TO Done', {"WEB-1"}),
        ('status CHANGED TO "To Do"', {"WEB-2"}),
        ('status CHANGED BY anguyen AFTER "2026/01/05"', {"WEB-1"}),
        ('status CHANGED ON "2026/01/05"', {"WEB-2"}),
        ('status CHANGED DURING ("2026/01/02", "2026/01/04")', {"WEB-1", "WEB-2"}),
        ("status CHANGED TO Done AFTER -7d", {"WEB-1"}),
        ("status CHANGED TO Done AFTER -4d", set()),
        ("NOT status CHANGED", {"WEB-3", "WEB-4"}),
        ("assignee WAS EMPTY", {"WEB-4"}),
        ("assignee CHANGED FROM EMPTY TO currentUser()", {"WEB-4"}),
        ('assignee WAS currentUser() BEFORE "2026/01/02"', {"WEB-1", "WEB-2", "WEB-3"}),
        ("priority CHANGED TO High BY currentUser()", {"WEB-4"}),
        ('priority WAS High BEFORE "2026/01/07"', set()),
        ("priority WAS High", {"WEB-4"}),
        ("reporter WAS anguyen", {"WEB-1", "WEB-2", "WEB-3", "WEB-4"}),
        ('resolution WAS EMPTY AFTER "2026/01/07"', {"WEB-2", "WEB-3", "WEB-4"}),
        ("resolution CHANGED TO Done", {"WEB-1"}),
        ("resolution WAS Unresolved ON 2026-01-06", {"WEB-2", "WEB-3", "WEB-4"}),
    ],
)
def test_history_operators_give_exact_result_sets(
    conn: sqlite3.Connection, jql: str, expected: set[str]
) -> None:
    assert found(conn, jql) == expected


@pytest.mark.parametrize(
    ("jql", "message"),
    [
        ('summary WAS "x"', "The operator 'was' is not supported by the 'summary' field."),
        ("labels CHANGED", "The operator 'changed' is not supported by the 'labels' field."),
        (
            "status WAS Done FROM Done",
            "The predicate 'FROM' is not supported by the 'WAS' operator.",
        ),
        ("status WAS Nope", "The value 'Nope' does not exist for the field 'status'."),
        (
            "status CHANGED DURING (-1d)",
            "The 'DURING' predicate needs two dates: DURING (start, end).",
        ),
    ],
)
def test_history_operators_refuse_what_jira_refuses(
    conn: sqlite3.Connection, jql: str, message: str
) -> None:
    with pytest.raises(JqlError) as caught:
        compile_jql(jql, conn, current_user_id=SAM, now=NOW)
    assert caught.value.messages == [message]

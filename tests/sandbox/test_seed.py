"""The seeded demo: the facts the README and other tests rely on, deterministic and dated from now."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from jira_chat.sandbox import db, seed_data
from jira_chat.sandbox.runner import prepare_database, start_sandbox
from jira_chat.sandbox.seeding import seed_database


@pytest.fixture
def conn(sandbox_template: Path, tmp_path: Path) -> Iterator[sqlite3.Connection]:
    path = tmp_path / "seed.sqlite3"
    path.write_bytes(sandbox_template.read_bytes())
    connection = db.connect(path)
    yield connection
    connection.close()


def scalar(conn: sqlite3.Connection, sql: str, *params: object) -> Any:
    return conn.execute(sql, params).fetchone()[0]


def test_projects_users_and_counts(conn: sqlite3.Connection) -> None:
    counts = dict(
        conn.execute(
            "SELECT p.key, COUNT(*) FROM issues i JOIN projects p ON p.id = i.project_id GROUP BY p.key"
        )
    )
    assert counts == {"WEB": 60, "API": 50, "OPS": 40}
    for key, total in counts.items():
        nums = [
            r[0]
            for r in conn.execute(
                "SELECT num FROM issues i JOIN projects p ON p.id = i.project_id WHERE p.key = ? ORDER BY num",
                (key,),
            )
        ]
        assert nums == list(range(1, total + 1))
    names = [r[0] for r in conn.execute("SELECT display_name FROM users ORDER BY id")]
    assert names == [
        "Sam Rivera",
        "Alice Nguyen",
        "Alex Morgan",
        "Alex Chen",
        "Priya Patel",
        "Jordan Lee",
    ]
    assert [r[0] for r in conn.execute("SELECT name FROM components WHERE project_id = 10002 ORDER BY id")] == [
        "Monitoring", "CI/CD", "Infrastructure"]  # fmt: skip


def test_sam_has_open_work_in_every_project_and_some_issues_are_unassigned(
    conn: sqlite3.Connection,
) -> None:
    open_by_project = dict(conn.execute(
        "SELECT p.key, COUNT(*) FROM issues i JOIN projects p ON p.id = i.project_id"
        " WHERE i.assignee_id = 1 AND i.status_id != ? GROUP BY p.key", (seed_data.DONE,)))  # fmt: skip
    assert set(open_by_project) == {"WEB", "API", "OPS"}
    assert scalar(conn, "SELECT COUNT(*) FROM issues WHERE assignee_id IS NULL") > 0


def test_workflow_and_resolution_are_consistent(conn: sqlite3.Connection) -> None:
    statuses = {
        r[0]
        for r in conn.execute(
            "SELECT DISTINCT s.name FROM issues i JOIN statuses s ON s.id = i.status_id"
        )
    }
    assert statuses == {"To Do", "In Progress", "In Review", "Done"}
    assert (
        scalar(
            conn,
            "SELECT COUNT(*) FROM issues WHERE (status_id = ?) != (resolution_id IS NOT NULL)",
            seed_data.DONE,
        )
        == 0
    )
    assert (
        scalar(
            conn,
            "SELECT COUNT(*) FROM issues WHERE (status_id = ?) != (resolved IS NOT NULL)",
            seed_data.DONE,
        )
        == 0
    )
    names = {r[0] for r in conn.execute("SELECT name FROM transitions")}
    assert not names & {"To Do", "In Progress", "In Review", "Done"}


def test_hierarchy_comments_links_and_sprints(conn: sqlite3.Connection) -> None:
    orphans = scalar(
        conn, "SELECT COUNT(*) FROM issues WHERE issue_type_id = 10004 AND parent_id IS NULL"
    )
    assert (
        orphans == 0 and scalar(conn, "SELECT COUNT(*) FROM issues WHERE issue_type_id = 10004") > 0
    )
    epic_children = scalar(
        conn,
        "SELECT COUNT(*) FROM issues c JOIN issues p ON p.id = c.parent_id WHERE p.issue_type_id = 10000",
    )
    assert epic_children > 0
    commented = int(scalar(conn, "SELECT COUNT(DISTINCT issue_id) FROM comments"))
    assert 35 <= commented <= 65  # about a third of 150
    assert scalar(conn, "SELECT COUNT(DISTINCT author_id) FROM comments") >= 4
    assert scalar(conn, "SELECT COUNT(*) FROM issue_links") >= 5
    assert scalar(conn, "SELECT COUNT(*) FROM worklogs") > 0
    states = [
        r[0] for r in conn.execute("SELECT state FROM sprints WHERE board_id = 1 ORDER BY id")
    ]
    assert states == ["closed", "active", "future"]
    done_in_active = scalar(conn, "SELECT COUNT(*) FROM issue_sprints x JOIN sprints s ON s.id = x.sprint_id"
                                  " JOIN issues i ON i.id = x.issue_id WHERE s.state = 'active' AND i.status_id = ?",
                            seed_data.DONE)  # fmt: skip
    assert done_in_active == 0
    assert scalar(conn, "SELECT COUNT(DISTINCT label) FROM issue_labels") >= 8


def test_dates_are_spread_over_the_last_120_days(conn: sqlite3.Connection) -> None:
    now_ms = time.time() * 1000
    oldest, newest = conn.execute("SELECT MIN(created), MAX(updated) FROM issues").fetchone()
    assert now_ms - 121 * 86_400_000 < oldest < now_ms - 110 * 86_400_000
    assert newest <= now_ms
    # The newest issues' updated times stay distinct (they used to pile up one minute
    # before seeding, so "ORDER BY updated DESC" showed a block of identical times).
    distinct, total, backwards = conn.execute(
        "SELECT COUNT(DISTINCT updated), COUNT(*), SUM(updated < created) FROM issues"
    ).fetchone()
    assert distinct == total and backwards == 0
    today = datetime.now(UTC).date()
    dues = [
        datetime.strptime(r[0], "%Y-%m-%d").date()
        for r in conn.execute("SELECT due_date FROM issues WHERE due_date IS NOT NULL")
    ]
    assert (
        dues and min(dues) >= today - timedelta(days=31) and max(dues) <= today + timedelta(days=61)
    )


def _fingerprint(conn: sqlite3.Connection) -> list[tuple[object, ...]]:
    return [tuple(r) for r in conn.execute(
        "SELECT key, summary, issue_type_id, status_id, assignee_id, parent_id FROM issues ORDER BY id")]  # fmt: skip


def test_seeding_is_deterministic(conn: sqlite3.Connection) -> None:
    before = _fingerprint(conn)
    seed_database(conn)
    assert _fingerprint(conn) == before


def test_larger_instance_keeps_the_same_people_and_projects(tmp_path: Path) -> None:
    path = tmp_path / "big.sqlite3"
    prepare_database(path, seed_issues=1500, reset=False)
    conn = db.connect(path)
    try:
        assert scalar(conn, "SELECT COUNT(*) FROM issues") == 1500
        assert scalar(conn, "SELECT COUNT(*) FROM users") == len(seed_data.USERS)
        assert scalar(conn, "SELECT key FROM issues WHERE id = 10000") == "WEB-1"
    finally:
        conn.close()


def test_reset_reseeds_but_keeps_credentials(tmp_path: Path) -> None:
    path = tmp_path / "persist.sqlite3"
    with start_sandbox(path) as first:
        token = first.api_token
        conn = db.connect(path)
        conn.execute("UPDATE issues SET summary = 'changed' WHERE key = 'WEB-1'")
        conn.close()
    with start_sandbox(path) as kept:  # same file: data and tokens persist
        assert kept.api_token == token
        assert (
            scalar(db.connect(path), "SELECT summary FROM issues WHERE key = 'WEB-1'") == "changed"
        )
    with start_sandbox(path, reset=True, flavor="server") as reset:
        assert reset.api_token == token and reset.personal_token
        assert (
            scalar(db.connect(path), "SELECT summary FROM issues WHERE key = 'WEB-1'") != "changed"
        )
        assert reset.env() == {
            "JIRA_URL": reset.url, "JIRA_USERNAME": "srivera", "JIRA_PERSONAL_TOKEN": reset.personal_token}  # fmt: skip

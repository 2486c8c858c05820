"""The sandbox's JQL engine against a small fixed dataset: exact result sets per query.

The dataset (18 issues in WEB and API, four users, sprints, labels, components, comments,
watchers) is built from the real schema.sql; `now` is Wednesday 2026-03-18 12:00 UTC, so the
week started on Sunday 2026-03-15. Queries run exactly as the server runs them.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from importlib import resources

import pytest

from jira_chat.sandbox.jql import CompiledQuery, compile_jql

NOW = datetime(2026, 3, 18, 12, 0, tzinfo=UTC)
ALICE, BOB, CAROL, DAVE = 1, 2, 3, 4

USERS = [
    (ALICE, "5b10a2844c20165700ede21g", "alice", "Alice Adams", "alice@example.com"),
    (BOB, "5b10ac8d82e05b22cc7d4ef5", "bob", "Bob Brown", "bob@example.com"),
    (CAROL, "5c2d1c9b3f4e5a0001abcd12", "carol", "Carol Chen", "carol@example.com"),
    (DAVE, "5d00000000000000000000dd", "dave", "Dave Diaz", "dave@corp.example"),
]
PROJECTS = [(1, "WEB", "Website"), (2, "API", "Public API"), (3, "OPS", "Operations")]
ISSUE_TYPES = [(1, "Task", 0, 0), (2, "Bug", 0, 0), (3, "Story", 0, 0), (4, "Epic", 0, 1)]
ISSUE_TYPES += [(5, "Sub-task", 1, -1)]
CATEGORIES = [(2, "new", "To Do", "blue-gray"), (4, "indeterminate", "In Progress", "yellow")]
CATEGORIES += [(3, "done", "Done", "green")]
STATUSES = [(1, "To Do", 2, 1), (2, "In Progress", 4, 2), (3, "In Review", 4, 3), (4, "Done", 3, 4)]
PRIORITIES = [(1, "Highest", 1), (2, "High", 2), (3, "Medium", 3), (4, "Low", 4), (5, "Lowest", 5)]
RESOLUTIONS = [(1, "Done"), (2, "Won't Do")]
COMPONENTS = [(1, 1, "UI"), (2, 1, "Backend"), (3, 2, "Backend"), (4, 2, "Docs")]
BOARDS = [(1, "WEB board", 1), (2, "API board", 2)]
SPRINTS = [
    (1, 1, "WEB Sprint 1", "closed"),
    (2, 1, "WEB Sprint 2", "active"),
    (3, 1, "WEB Sprint 3", "future"),
    (12, 2, "API Sprint 12", "active"),
]
TYPE = {"Task": 1, "Bug": 2, "Story": 3, "Epic": 4, "Sub-task": 5}
STATUS = {"To Do": 1, "In Progress": 2, "In Review": 3, "Done": 4}
PRIORITY = {"Highest": 1, "High": 2, "Medium": 3, "Low": 4, "Lowest": 5, None: None}
RESOLUTION = {None: None, "Done": 1, "Won't Do": 2}

# key, type, status, priority, resolution, assignee, reporter, parent, created, updated,
# resolved, due, summary, description
ISSUES = [
    ("WEB-1", "Epic", "In Progress", "High", None, ALICE, BOB, None,
     "2026-01-10 09:00", "2026-03-17 10:00", None, None,
     "Checkout redesign", "Epic for the new checkout flow."),
    ("WEB-2", "Story", "To Do", "Highest", None, BOB, ALICE, "WEB-1",
     "2026-03-08 12:00", "2026-03-16 08:00", None, "2026-03-18",
     "Login page crashes on Safari",
     "Open the login page in Safari and click Sign in: the tab crashes."),
    ("WEB-3", "Bug", "Done", "High", "Done", CAROL, ALICE, "WEB-1",
     "2026-02-26 12:00", "2026-03-15 12:00", "2026-03-15 12:00", "2026-03-10",
     "Fix payment timeout", "Payments time out after 10 seconds."),
    ("WEB-4", "Task", "To Do", "Low", None, None, CAROL, None,
     "2026-03-13 12:00", "2026-03-13 12:00", None, None, "Update footer links", None),
    ("WEB-5", "Story", "In Review", "Medium", None, ALICE, BOB, None,
     "2026-03-10 12:00", "2026-03-18 00:00", None, "2026-03-25",
     "Search results pagination", "Add page numbers to the search results."),
    ("WEB-6", "Sub-task", "To Do", "Medium", None, ALICE, ALICE, "WEB-5",
     "2026-03-11 12:00", "2026-03-11 12:00", None, None, "Write pagination tests", None),
    ("WEB-7", "Bug", "Done", "Lowest", "Won't Do", BOB, CAROL, None,
     "2026-02-06 12:00", "2026-02-16 12:00", "2026-02-16 12:00", None,
     "Broken image on homepage", None),
    ("WEB-8", "Task", "To Do", None, None, None, ALICE, None,
     "2026-01-31 00:00", "2026-03-03 12:00", None, None, "Dark mode toggle", None),
    ("WEB-9", "Task", "In Progress", "Medium", None, CAROL, BOB, None,
     "2026-01-31 15:00", "2026-03-17 12:00", None, "2026-03-19", "Cookie banner text", ""),
    ("WEB-10", "Bug", "In Progress", "High", None, BOB, ALICE, None,
     "2026-01-30 10:00", "2026-03-14 12:00", None, None, "Checkout button misaligned", None),
    ("WEB-11", "Task", "To Do", "Low", None, DAVE, DAVE, None,
     "2026-03-18 10:00", "2026-03-18 10:00", None, None, "Refactor CSS", None),
    ("WEB-12", "Story", "To Do", "Medium", None, ALICE, CAROL, None,
     "2026-03-17 12:00", "2026-03-17 12:00", None, "2026-04-30", "Accessibility audit", None),
    ("API-1", "Epic", "In Progress", "High", None, CAROL, CAROL, None,
     "2026-02-01 12:00", "2026-03-12 12:00", None, None, "Rate limiting", None),
    ("API-2", "Bug", "To Do", "Highest", None, BOB, DAVE, "API-1",
     "2026-03-15 12:00", "2026-03-18 11:00", None, "2026-03-17",
     "Timeout on /users endpoint", "The endpoint times out under load."),
    ("API-3", "Story", "Done", "Medium", "Done", ALICE, BOB, None,
     "2026-03-06 12:00", "2026-03-17 12:00", "2026-03-17 12:00", None,
     "Document pagination params", None),
    ("API-4", "Task", "To Do", "Low", None, None, ALICE, None,
     "2026-02-21 12:00", "2026-02-21 12:00", None, "2026-04-01", "Rotate API keys", None),
    ("API-5", "Sub-task", "In Progress", "Medium", None, CAROL, CAROL, "API-2",
     "2026-03-16 12:00", "2026-03-16 12:00", None, None, "Add retry header", None),
    ("API-6", "Bug", "In Review", "High", None, ALICE, BOB, None,
     "2026-03-12 12:00", "2026-03-12 12:00", None, None,
     "Login token expires early", "Tokens expire after 5 minutes instead of 60."),
]  # fmt: skip
LABELS = {
    "WEB-2": ["frontend", "urgent"],
    "WEB-3": ["backend"],
    "WEB-5": ["frontend"],
    "WEB-7": ["ui-bug"],
    "WEB-10": ["frontend", "urgent"],
    "WEB-12": ["Accessibility"],
    "API-2": ["backend", "urgent"],
    "API-6": ["backend"],
}
ISSUE_COMPONENTS = {"WEB-2": [1], "WEB-3": [2], "WEB-5": [1], "WEB-7": [1], "WEB-10": [1]}
ISSUE_COMPONENTS |= {"API-1": [3], "API-2": [3], "API-3": [4]}
ISSUE_SPRINTS = {"WEB-2": [2], "WEB-3": [1, 2], "WEB-5": [2], "WEB-6": [2], "WEB-7": [1]}
ISSUE_SPRINTS |= {"WEB-8": [3], "WEB-12": [3], "API-2": [12], "API-3": [12], "API-5": [12]}
WATCHERS = {"WEB-2": [ALICE, CAROL], "WEB-9": [ALICE], "WEB-5": [BOB], "API-2": [BOB, DAVE]}
COMMENTS = [
    ("WEB-2", ALICE, "Reproduced on Safari 17."),
    ("WEB-2", BOB, "Fix is in review."),
    ("WEB-3", CAROL, "Timeout increased to 30s."),
    ("API-2", DAVE, "Seeing 504 errors from the gateway."),
    ("WEB-5", ALICE, "Pagination should keep the filters."),
    ("WEB-7", BOB, "Cannot reproduce; closing."),
]
ALL = {issue[0] for issue in ISSUES}
WEB = {key for key in ALL if key.startswith("WEB-")}
API = ALL - WEB


def _ms(text: str | None) -> int | None:
    if text is None:
        return None
    moment = datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=UTC)
    return int(moment.timestamp()) * 1000


def issue_id(key: str) -> int:
    """WEB-n is 10000+n, API-n is 10100+n (so API issues are newer by id)."""
    project, number = key.split("-")
    return (10000 if project == "WEB" else 10100) + int(number)


def build_db() -> sqlite3.Connection:
    """An in-memory sandbox database holding the fixed dataset above."""
    conn = sqlite3.connect(":memory:")
    schema = resources.files("jira_chat.sandbox").joinpath("schema.sql").read_text("utf-8")
    conn.executescript(schema)
    conn.executemany(
        "INSERT INTO users (id, account_id, name, display_name, email) VALUES (?, ?, ?, ?, ?)",
        USERS,
    )
    conn.executemany("INSERT INTO projects (id, key, name) VALUES (?, ?, ?)", PROJECTS)
    conn.executemany(
        "INSERT INTO issue_types (id, name, subtask, hierarchy_level) VALUES (?, ?, ?, ?)",
        ISSUE_TYPES,
    )
    conn.executemany("INSERT INTO status_categories VALUES (?, ?, ?, ?)", CATEGORIES)
    conn.executemany("INSERT INTO statuses VALUES (?, ?, ?, ?)", STATUSES)
    conn.executemany("INSERT INTO priorities VALUES (?, ?, ?)", PRIORITIES)
    conn.executemany("INSERT INTO resolutions VALUES (?, ?)", RESOLUTIONS)
    conn.executemany("INSERT INTO components VALUES (?, ?, ?)", COMPONENTS)
    conn.executemany("INSERT INTO boards (id, name, project_id) VALUES (?, ?, ?)", BOARDS)
    conn.executemany("INSERT INTO sprints (id, board_id, name, state) VALUES (?, ?, ?, ?)", SPRINTS)
    for (key, kind, status, priority, resolution, assignee, reporter, parent, created,
         updated, resolved, due, summary, description) in ISSUES:  # fmt: skip
        project_key, number = key.split("-")
        project_id = next(pid for pid, pkey, _ in PROJECTS if pkey == project_key)
        conn.execute(
            "INSERT INTO issues (id, project_id, num, key, issue_type_id, status_id, "
            "priority_id, resolution_id, summary, description, assignee_id, reporter_id, "
            "parent_id, created, updated, resolved, due_date) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                issue_id(key), project_id, int(number), key, TYPE[kind], STATUS[status],
                PRIORITY[priority], RESOLUTION[resolution], summary, description, assignee,
                reporter, issue_id(parent) if parent else None, _ms(created), _ms(updated),
                _ms(resolved), due,
            ),
        )  # fmt: skip
    for key, labels in LABELS.items():
        conn.executemany(
            "INSERT INTO issue_labels VALUES (?, ?)", [(issue_id(key), label) for label in labels]
        )
    for key, component_ids in ISSUE_COMPONENTS.items():
        conn.executemany(
            "INSERT INTO issue_components VALUES (?, ?)",
            [(issue_id(key), cid) for cid in component_ids],
        )
    for key, sprint_ids in ISSUE_SPRINTS.items():
        conn.executemany(
            "INSERT INTO issue_sprints VALUES (?, ?)", [(issue_id(key), sid) for sid in sprint_ids]
        )
    for key, user_ids in WATCHERS.items():
        conn.executemany(
            "INSERT INTO watchers VALUES (?, ?)", [(issue_id(key), uid) for uid in user_ids]
        )
    conn.executemany(
        "INSERT INTO comments (issue_id, author_id, body, created, updated) VALUES (?, ?, ?, 0, 0)",
        [(issue_id(key), author, body) for key, author, body in COMMENTS],
    )
    return conn


@pytest.fixture(scope="module")
def db() -> Iterator[sqlite3.Connection]:
    conn = build_db()
    yield conn
    conn.close()


def run(conn: sqlite3.Connection, jql: str, *, user: int | None = ALICE) -> list[str]:
    """Compile and run `jql` the way the server does; return the keys in result order."""
    compiled: CompiledQuery = compile_jql(jql, conn, current_user_id=user, now=NOW)
    sql = f"SELECT i.key FROM issues AS i WHERE {compiled.where} ORDER BY {compiled.order_by}"
    keys = [row[0] for row in conn.execute(sql, compiled.params)]
    (count,) = conn.execute(
        f"SELECT COUNT(*) FROM issues AS i WHERE {compiled.where}", compiled.params
    ).fetchone()
    assert count == len(keys)
    return keys


RESULT_SETS: list[tuple[str, set[str]]] = [
    # project: key, name, id, case-insensitive
    ("project = WEB", WEB),
    ('project = "public api"', API),
    ("project in (web, API)", ALL),
    ("project != WEB", API),
    ("project = 2", API),
    ("project = OPS", set()),
    # key / issuekey / id
    ("key = WEB-5", {"WEB-5"}),
    ("issuekey in (web-1, API-2)", {"WEB-1", "API-2"}),
    ("id = 10105", {"API-5"}),
    ("key > WEB-9", {"WEB-10", "WEB-11", "WEB-12"}),
    ("key <= API-2", {"API-1", "API-2"}),
    ("key != WEB-1 AND project = WEB", WEB - {"WEB-1"}),
    # issuetype
    ("issuetype = Bug", {"WEB-3", "WEB-7", "WEB-10", "API-2", "API-6"}),
    ('type in (EPIC, "sub-task")', {"WEB-1", "API-1", "WEB-6", "API-5"}),
    ("issuetype in subTaskIssueTypes()", {"WEB-6", "API-5"}),
    ("issuetype in standardIssueTypes() AND project = API", API - {"API-5"}),
    # status and statusCategory
    ('status = "in progress"', {"WEB-1", "WEB-9", "WEB-10", "API-1", "API-5"}),
    ("status != Done", ALL - {"WEB-3", "WEB-7", "API-3"}),
    (
        'status not in ("To Do", Done)',
        {"WEB-1", "WEB-9", "WEB-10", "API-1", "API-5", "WEB-5", "API-6"},
    ),
    (
        'statusCategory = "In Progress"',
        {"WEB-1", "WEB-9", "WEB-10", "API-1", "API-5", "WEB-5", "API-6"},
    ),
    ("statuscategory = done", {"WEB-3", "WEB-7", "API-3"}),
    (
        "statusCategory in (new)",
        {"WEB-2", "WEB-4", "WEB-6", "WEB-8", "WEB-11", "WEB-12", "API-2", "API-4"},
    ),
    ("statusCategory != Done", ALL - {"WEB-3", "WEB-7", "API-3"}),
    # priority, including comparisons by rank
    ("priority = Highest", {"WEB-2", "API-2"}),
    ("priority > Medium", {"WEB-2", "API-2", "WEB-1", "WEB-3", "WEB-10", "API-1", "API-6"}),
    ("priority <= low", {"WEB-4", "WEB-11", "API-4", "WEB-7"}),
    ("priority is empty", {"WEB-8"}),
    ("priority != High", ALL - {"WEB-8", "WEB-1", "WEB-3", "WEB-10", "API-1", "API-6"}),
    ("NOT priority = High", ALL - {"WEB-1", "WEB-3", "WEB-10", "API-1", "API-6"}),
    # users: username, display name, email, accountId, currentUser()
    ("assignee = alice", {"WEB-1", "WEB-5", "WEB-6", "WEB-12", "API-3", "API-6"}),
    ('assignee = "alice adams"', {"WEB-1", "WEB-5", "WEB-6", "WEB-12", "API-3", "API-6"}),
    ("assignee = ALICE@example.com", {"WEB-1", "WEB-5", "WEB-6", "WEB-12", "API-3", "API-6"}),
    (
        "assignee = 5b10a2844c20165700ede21g",
        {"WEB-1", "WEB-5", "WEB-6", "WEB-12", "API-3", "API-6"},
    ),
    ("assignee = currentUser()", {"WEB-1", "WEB-5", "WEB-6", "WEB-12", "API-3", "API-6"}),
    ("assignee is EMPTY", {"WEB-4", "WEB-8", "API-4"}),
    ("assignee = null", {"WEB-4", "WEB-8", "API-4"}),
    ("assignee IS NULL", {"WEB-4", "WEB-8", "API-4"}),
    (
        "assignee != alice",
        {"WEB-2", "WEB-3", "WEB-7", "WEB-9", "WEB-10", "WEB-11", "API-1", "API-2", "API-5"},
    ),
    ("NOT assignee = alice", ALL - {"WEB-1", "WEB-5", "WEB-6", "WEB-12", "API-3", "API-6"}),
    ("assignee in (bob, EMPTY)", {"WEB-2", "WEB-7", "WEB-10", "API-2", "WEB-4", "WEB-8", "API-4"}),
    ("assignee not in (alice, bob)", {"WEB-3", "WEB-9", "WEB-11", "API-1", "API-5"}),
    ("assignee is not empty and project = API", API - {"API-4"}),
    ("reporter = carol", {"WEB-4", "WEB-7", "WEB-12", "API-1", "API-5"}),
    ("reporter in (dave)", {"WEB-11", "API-2"}),
    # labels: case-insensitive match, != and NOT IN skip unlabelled issues
    ("labels = frontend", {"WEB-2", "WEB-5", "WEB-10"}),
    ("labels = FRONTEND", {"WEB-2", "WEB-5", "WEB-10"}),
    ("labels = accessibility", {"WEB-12"}),
    ("labels in (backend, ui-bug)", {"WEB-3", "API-2", "API-6", "WEB-7"}),
    ("labels != urgent", {"WEB-3", "WEB-5", "WEB-7", "WEB-12", "API-6"}),
    ("labels not in (frontend, backend)", {"WEB-7", "WEB-12"}),
    (
        "labels is empty",
        {"WEB-1", "WEB-4", "WEB-6", "WEB-8", "WEB-9", "WEB-11", "API-1", "API-3", "API-4", "API-5"},
    ),
    # components (names repeat across projects)
    ("component = UI", {"WEB-2", "WEB-5", "WEB-7", "WEB-10"}),
    ("component = backend", {"WEB-3", "API-1", "API-2"}),
    ("component != UI", {"WEB-3", "API-1", "API-2", "API-3"}),
    ("component in (Docs, UI) AND project = API", {"API-3"}),
    (
        "component is empty",
        {
            "WEB-1",
            "WEB-4",
            "WEB-6",
            "WEB-8",
            "WEB-9",
            "WEB-11",
            "WEB-12",
            "API-4",
            "API-5",
            "API-6",
        },
    ),
    # resolution
    ("resolution = Unresolved", ALL - {"WEB-3", "WEB-7", "API-3"}),
    ("resolution is empty", ALL - {"WEB-3", "WEB-7", "API-3"}),
    ('resolution = "won\'t do"', {"WEB-7"}),
    ("resolution = Done", {"WEB-3", "API-3"}),
    ("resolution != Unresolved", {"WEB-3", "WEB-7", "API-3"}),
    # text: summary, description, comment, text
    ("summary ~ login", {"WEB-2", "API-6"}),
    ('summary ~ "LOGIN safari"', {"WEB-2"}),
    ('summary ~ "\\"page crashes\\""', {"WEB-2"}),
    ('summary ~ "\\"crashes page\\""', set()),
    ("summary ~ pagin*", {"WEB-5", "WEB-6", "API-3"}),
    ('summary ~ "time?ut"', {"WEB-3", "API-2"}),
    ("summary !~ pagination", ALL - {"WEB-5", "WEB-6", "API-3"}),
    ('description ~ "times out"', {"API-2"}),
    ("description !~ safari", {"WEB-1", "WEB-3", "WEB-5", "API-2", "API-6"}),
    ("description is empty", ALL - {"WEB-1", "WEB-2", "WEB-3", "WEB-5", "API-2", "API-6"}),
    ("description is not empty", {"WEB-1", "WEB-2", "WEB-3", "WEB-5", "API-2", "API-6"}),
    ("comment ~ reproduce", {"WEB-2", "WEB-7"}),
    ("comment !~ safari", {"WEB-3", "API-2", "WEB-5", "WEB-7"}),
    ("text ~ safari", {"WEB-2"}),
    ("text ~ gateway", {"API-2"}),
    ("text ~ timeout", {"WEB-3", "API-2"}),
    ('text ~ "safari review"', {"WEB-2"}),
    # created / updated / resolved: relative periods, absolute dates, functions
    ("created >= -7d", {"WEB-4", "WEB-6", "WEB-11", "WEB-12", "API-2", "API-5", "API-6"}),
    ("created > -1w", {"WEB-4", "WEB-11", "WEB-12", "API-2", "API-5", "API-6"}),
    (
        'created >= "-1w 2d"',
        {"WEB-4", "WEB-5", "WEB-6", "WEB-11", "WEB-12", "API-2", "API-5", "API-6"},
    ),
    ("created > -1M", ALL - {"WEB-1", "WEB-7", "WEB-8", "WEB-9", "WEB-10", "API-1"}),
    ("created >= 2026-01-31 AND created <= 2026-02-01", {"WEB-8", "WEB-9"}),
    ("created <= 2026-01-31", {"WEB-1", "WEB-8", "WEB-10"}),
    ("created = 2026-01-31", {"WEB-8"}),
    ('created < "2026/01/31 10:00"', {"WEB-1", "WEB-8", "WEB-10"}),
    ('created >= "2026-01-31 15:00" AND created < 2026/02/02', {"WEB-9", "API-1"}),
    ("updated >= startOfDay()", {"WEB-5", "WEB-11", "API-2"}),
    (
        "updated < startOfDay() AND updated >= startOfDay(-1)",
        {"WEB-1", "WEB-9", "WEB-12", "API-3"},
    ),
    ("created >= startOfWeek()", {"WEB-11", "WEB-12", "API-2", "API-5"}),
    (
        "created >= startOfWeek(-1) AND created < startOfWeek()",
        {"WEB-2", "WEB-4", "WEB-5", "WEB-6", "API-6"},
    ),
    ('created > startOfWeek("+1d")', {"WEB-11", "WEB-12", "API-5"}),
    (
        "created < startOfMonth() AND created >= startOfMonth(-1)",
        {"WEB-3", "WEB-7", "API-1", "API-4"},
    ),
    ("created <= endOfMonth(-2)", {"WEB-1", "WEB-8", "WEB-9", "WEB-10"}),
    ('created > endOfDay("-1d")', {"WEB-11"}),
    ("created < startOfYear()", set()),
    ("created >= startOfYear(-1y) AND created <= endOfYear()", ALL),
    ("created > now()", set()),
    ('updated > "-2h"', {"API-2"}),
    ("updated >= -2h", {"WEB-11", "API-2"}),
    ("resolved >= -7d", {"WEB-3", "API-3"}),
    ("resolutiondate is not empty", {"WEB-3", "WEB-7", "API-3"}),
    # duedate compares days
    ("duedate < now()", {"WEB-2", "WEB-3", "API-2"}),
    ("due < startOfDay()", {"WEB-3", "API-2"}),
    ("duedate <= 2026-03-19", {"WEB-2", "WEB-3", "WEB-9", "API-2"}),
    ("duedate = 2026-03-25", {"WEB-5"}),
    ("duedate > 2026-03-25", {"WEB-12", "API-4"}),
    ("duedate <= 7d", {"WEB-2", "WEB-3", "WEB-5", "WEB-9", "API-2"}),
    ("duedate >= startOfMonth(1)", {"WEB-12", "API-4"}),
    ("duedate != 2026-03-18", {"WEB-3", "WEB-5", "WEB-9", "WEB-12", "API-2", "API-4"}),
    ('duedate in (2026-03-17, "2026/03/18")', {"API-2", "WEB-2"}),
    ("duedate is empty and project = API", {"API-1", "API-3", "API-5", "API-6"}),
    # NOW is Wednesday 2026-03-18; weeks start on Sunday, so this week ends Saturday the 21st
    ("duedate <= endOfWeek()", {"WEB-2", "WEB-3", "WEB-9", "API-2"}),
    ("duedate > endOfWeek(-1)", {"WEB-2", "WEB-5", "WEB-9", "WEB-12", "API-2", "API-4"}),
    # parent
    ("parent = WEB-1", {"WEB-2", "WEB-3"}),
    ("parent in (WEB-5, api-1)", {"WEB-6", "API-2"}),
    ("parent = 10102", {"API-5"}),
    ("parent != WEB-1", {"WEB-6", "API-2", "API-5"}),
    # sprint
    ("sprint = 12", {"API-2", "API-3", "API-5"}),
    ('sprint = "web sprint 2"', {"WEB-2", "WEB-3", "WEB-5", "WEB-6"}),
    ("sprint in openSprints()", {"WEB-2", "WEB-3", "WEB-5", "WEB-6", "API-2", "API-3", "API-5"}),
    ("sprint in closedSprints()", {"WEB-3", "WEB-7"}),
    ("sprint in futureSprints()", {"WEB-8", "WEB-12"}),
    ("sprint not in openSprints()", {"WEB-7", "WEB-8", "WEB-12"}),
    (
        "sprint is empty",
        {"WEB-1", "WEB-4", "WEB-9", "WEB-10", "WEB-11", "API-1", "API-4", "API-6"},
    ),
    # watcher
    ("watcher = currentUser()", {"WEB-2", "WEB-9"}),
    ("watcher in (bob, dave)", {"WEB-5", "API-2"}),
    ("watcher != carol", {"WEB-5", "WEB-9", "API-2"}),
    ("watcher is empty", ALL - {"WEB-2", "WEB-9", "WEB-5", "API-2"}),
    # logic and precedence: NOT > AND > OR
    ("project = API AND status = Done OR priority = Highest", {"API-3", "WEB-2", "API-2"}),
    ("project = API AND (status = Done OR priority = Highest)", {"API-3", "API-2"}),
    ('NOT project = WEB AND NOT status = "To Do"', {"API-1", "API-3", "API-5", "API-6"}),
    ("priority = Highest OR NOT priority = Highest AND project = API", API | {"WEB-2"}),
    (
        "project = WEB && assignee = bob || project = API && assignee = bob",
        {"WEB-2", "WEB-7", "WEB-10", "API-2"},
    ),
    ("!(project = WEB)", API),
    ("NOT (assignee = alice OR assignee is empty) AND project = API", {"API-1", "API-2", "API-5"}),
    ("Project = web and STATUS = done or Priority = LOWEST", {"WEB-3", "WEB-7"}),
    ("", ALL),
]


@pytest.mark.parametrize(("jql", "expected"), RESULT_SETS, ids=[jql for jql, _ in RESULT_SETS])
def test_query_matches_exactly(db: sqlite3.Connection, jql: str, expected: set[str]) -> None:
    assert set(run(db, jql)) == expected


def test_current_user_matches_nobody_when_anonymous(db: sqlite3.Connection) -> None:
    assert run(db, "assignee = currentUser()", user=None) == []
    assert run(db, "watcher != currentUser()", user=None) == ["API-2", "WEB-9", "WEB-5", "WEB-2"]


ORDERED_RESULTS: list[tuple[str, list[str]]] = [
    ("", [f"API-{n}" for n in range(6, 0, -1)] + [f"WEB-{n}" for n in range(12, 0, -1)]),
    ("project = API ORDER BY key ASC", [f"API-{n}" for n in range(1, 7)]),
    ("project = WEB ORDER BY key DESC", [f"WEB-{n}" for n in range(12, 0, -1)]),
    ("key in (WEB-2, WEB-10, API-3) ORDER BY issuekey", ["API-3", "WEB-2", "WEB-10"]),
    (
        "project = API ORDER BY priority DESC, key ASC",
        ["API-2", "API-1", "API-6", "API-3", "API-5", "API-4"],
    ),
    ("priority is empty or priority = Highest ORDER BY priority ASC", ["API-2", "WEB-2", "WEB-8"]),
    ("priority is empty or priority = Highest ORDER BY priority DESC", ["WEB-8", "API-2", "WEB-2"]),
    (
        "project = API ORDER BY duedate ASC, key ASC",
        ["API-2", "API-4", "API-1", "API-3", "API-5", "API-6"],
    ),
    (
        "project = API ORDER BY due DESC, key ASC",
        ["API-1", "API-3", "API-5", "API-6", "API-4", "API-2"],
    ),
    (
        'project = WEB AND status = "To Do" ORDER BY created DESC',
        ["WEB-11", "WEB-12", "WEB-4", "WEB-6", "WEB-2", "WEB-8"],
    ),
    (
        "project = API ORDER BY status ASC, key ASC",
        ["API-2", "API-4", "API-1", "API-5", "API-6", "API-3"],
    ),
    (
        "project = API ORDER BY assignee ASC, key DESC",
        ["API-6", "API-3", "API-2", "API-5", "API-1", "API-4"],
    ),
    ("project = WEB AND type = Bug ORDER BY summary", ["WEB-7", "WEB-10", "WEB-3"]),
    (
        "project = API ORDER BY issuetype, key",
        ["API-2", "API-6", "API-1", "API-3", "API-5", "API-4"],
    ),
    ("key in (WEB-1, API-1) ORDER BY project DESC", ["WEB-1", "API-1"]),
    ("project = API order by RANK", [f"API-{n}" for n in range(1, 7)]),
    (
        "project = API ORDER BY updated DESC",
        ["API-2", "API-3", "API-5", "API-6", "API-1", "API-4"],
    ),
    ("resolution is not empty ORDER BY resolved DESC", ["API-3", "WEB-3", "WEB-7"]),
    (
        "project = API ORDER BY resolved ASC, key ASC",
        ["API-3", "API-1", "API-2", "API-4", "API-5", "API-6"],
    ),
    ("reporter = dave ORDER BY created", ["API-2", "WEB-11"]),
]


@pytest.mark.parametrize(("jql", "expected"), ORDERED_RESULTS, ids=[q for q, _ in ORDERED_RESULTS])
def test_order_by(db: sqlite3.Connection, jql: str, expected: list[str]) -> None:
    assert run(db, jql) == expected


def test_order_by_always_ends_with_a_tiebreaker(db: sqlite3.Connection) -> None:
    for jql in ("", "ORDER BY created", "project = WEB ORDER BY priority DESC, status"):
        compiled = compile_jql(jql, db, current_user_id=ALICE, now=NOW)
        assert compiled.order_by.endswith("i.id DESC")
    assert compile_jql("", db, current_user_id=None, now=NOW).where == "1"


@pytest.mark.parametrize(
    ("jql", "index"),
    [
        ("project = WEB", "issues_project"),
        ('project = WEB AND status = "In Progress"', "issues_project"),
        ("assignee = currentUser()", "issues_assignee"),
        ("reporter = currentUser()", "issues_reporter"),
        ("created >= -7d", "issues_created"),
        ("key = WEB-5", "INTEGER PRIMARY KEY"),
        ("parent = WEB-1", "issues_parent"),
        ("labels = URGENT", "issue_labels_label"),
    ],
)
def test_selective_clauses_use_an_index(db: sqlite3.Connection, jql: str, index: str) -> None:
    compiled = compile_jql(jql, db, current_user_id=ALICE, now=NOW)
    plan = db.execute(
        f"EXPLAIN QUERY PLAN SELECT i.id FROM issues AS i WHERE {compiled.where}", compiled.params
    ).fetchall()
    assert any(index in row[-1] for row in plan), plan

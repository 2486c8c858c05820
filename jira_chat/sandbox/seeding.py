"""Deterministic demo data: the same issues (keys, text, people) every time, dated relative to now.

Everything is generated in memory and written with `executemany` in one transaction, so
10,000 issues seed in a few seconds.
"""

from __future__ import annotations

import random
import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import cast

from jira_chat.sandbox import seed_data as sd
from jira_chat.sandbox import seed_extras
from jira_chat.sandbox.db import set_meta, write_tx

SEED = 20260131
DAY_MS = 86_400_000
FIRST_ISSUE_ID = 10000
DATA_TABLES = (
    "filters",
    "remote_links",
    "field_spans",
    "history_items",
    "history_groups",
    "attachments",
    "issue_affects_versions",
    "issue_fix_versions",
    "versions",
    "issue_field_values",
    "field_options",
    "issue_links",
    "worklogs",
    "watchers",
    "comments",
    "issue_sprints",
    "issue_components",
    "issue_labels",
    "issues",
    "sprints",
    "boards",
    "components",
    "projects",
    "transitions",
    "statuses",
    "status_categories",
    "issue_types",
    "priorities",
    "resolutions",
    "link_types",
    "users",
)

_AREAS: dict[str, tuple[str, ...]] = {
    "WEB": ("product page", "cart", "checkout form", "login page", "search results", "header menu",
            "order history", "wishlist", "promo banner", "account settings"),
    "API": ("rate limiter", "OAuth token endpoint", "invoices endpoint", "webhook delivery",
            "pagination", "API keys", "refund flow", "OpenAPI docs", "error responses", "v2 routes"),
    "OPS": ("Grafana dashboards", "deploy pipeline", "backup job", "Kubernetes cluster",
            "alert routing", "log retention", "staging database", "TLS certificates",
            "on-call runbook", "build cache"),
}  # fmt: skip
_BUG_TEMPLATES = (
    "{Area} shows an error after session timeout",
    "{Area} is slow on mobile",
    "{Area} returns 500 for empty input",
    "Fix broken layout in {area}",
    "{Area} ignores the user's locale",
    "Intermittent failure in {area}",
)
_STORY_TEMPLATES = (
    "As a customer, I want a faster {area}",
    "Redesign the {area}",
    "Add filtering to the {area}",
    "Support dark mode in the {area}",
    "Let admins configure the {area}",
)
_TASK_TEMPLATES = (
    "Update dependencies for the {area}",
    "Write tests for the {area}",
    "Document the {area}",
    "Add monitoring to the {area}",
    "Clean up feature flags in the {area}",
    "Migrate the {area} to the new config",
)
_EPIC_TEMPLATES = ("{Area} overhaul", "{Area} reliability", "Q3 {area} improvements")
_SUBTASK_TEMPLATES = ("Review the {area} changes", "QA pass on the {area}", "Update {area} copy")
_DESCRIPTIONS = (
    "Customers report that the {area} misbehaves.\n\n**Steps to reproduce**\n\n"
    "1. Open the {area}\n2. Wait a minute\n3. Try again\n\nExpected: it works. Actual: it fails.",
    "We need this before the next release.\n\n- agree on the approach\n- implement it\n"
    "- update the docs",
    "See the incident review for context. The {area} should degrade gracefully.",
    "Acceptance criteria:\n\n- the {area} loads in under 2 seconds\n- errors are logged",
)
_COMMENTS = (
    "I can reproduce this on staging.",
    "Looks good to me, merging after CI passes.",
    "Could we split this into smaller pieces?",
    "Blocked until the upstream fix is deployed.",
    "Added a test that covers this case.",
    "The customer confirmed the fix works.",
    "This is related to last week's incident.",
    "I'll pick this up tomorrow.",
    "Can someone from the backend team take a look?",
    "Moved to the next sprint, we ran out of time.",
)
_WORKLOG_COMMENTS = ("Investigation", "Implementation", "Code review", "Pairing session")


@dataclass
class _Rows:
    issues: list[tuple[object, ...]] = field(default_factory=list)
    labels: list[tuple[object, ...]] = field(default_factory=list)
    components: list[tuple[object, ...]] = field(default_factory=list)
    sprints: list[tuple[object, ...]] = field(default_factory=list)
    comments: list[tuple[object, ...]] = field(default_factory=list)
    watchers: list[tuple[object, ...]] = field(default_factory=list)
    worklogs: list[tuple[object, ...]] = field(default_factory=list)
    links: list[tuple[object, ...]] = field(default_factory=list)


def _now_ms(now: datetime) -> int:
    return int(now.timestamp() * 1000)


def _project_sizes(total: int) -> list[int]:
    shares = [p.share for p in sd.PROJECTS]
    sizes = [total * s // sum(shares) for s in shares]
    sizes[0] += total - sum(sizes)
    return sizes


def _static_rows(conn: sqlite3.Connection, now_ms: int) -> None:
    conn.executemany(
        "INSERT INTO users(id, account_id, name, display_name, email) VALUES (?, ?, ?, ?, ?)",
        [
            (i + 1, u.account_id, u.username, u.display_name, u.email)
            for i, u in enumerate(sd.USERS)
        ],
    )
    conn.executemany("INSERT INTO issue_types VALUES (?, ?, ?, ?, ?)", sd.ISSUE_TYPES)
    conn.executemany("INSERT INTO status_categories VALUES (?, ?, ?, ?)", sd.STATUS_CATEGORIES)
    conn.executemany("INSERT INTO statuses VALUES (?, ?, ?, ?)", sd.STATUSES)
    conn.executemany("INSERT INTO transitions VALUES (?, ?, ?, ?)", sd.TRANSITIONS)
    conn.executemany("INSERT INTO priorities VALUES (?, ?, ?)", sd.PRIORITIES)
    conn.executemany("INSERT INTO resolutions VALUES (?, ?)", sd.RESOLUTIONS)
    conn.executemany("INSERT INTO link_types VALUES (?, ?, ?, ?)", sd.LINK_TYPES)
    user_ids = {u.username: i + 1 for i, u in enumerate(sd.USERS)}
    component_id = 10000
    for index, project in enumerate(sd.PROJECTS):
        project_id = 10000 + index
        conn.execute(
            "INSERT INTO projects(id, key, name, lead_id, description) VALUES (?, ?, ?, ?, ?)",
            (project_id, project.key, project.name, user_ids[project.lead_username],
             f"The {project.name} team's work."),
        )  # fmt: skip
        for component in project.components:
            conn.execute(
                "INSERT INTO components(id, project_id, name) VALUES (?, ?, ?)",
                (component_id, project_id, component),
            )
            component_id += 1
        board_id = index + 1
        conn.execute(
            "INSERT INTO boards(id, name, project_id, type) VALUES (?, ?, ?, 'scrum')",
            (board_id, f"{project.key} board", project_id),
        )
        base = board_id * 3 - 2
        conn.executemany(
            "INSERT INTO sprints(id, board_id, name, state, start_date, end_date, complete_date,"
            " goal) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (base, board_id, f"{project.key} Sprint 1", "closed", now_ms - 28 * DAY_MS,
                 now_ms - 14 * DAY_MS, now_ms - 14 * DAY_MS, "Stabilise the release"),
                (base + 1, board_id, f"{project.key} Sprint 2", "active", now_ms - 7 * DAY_MS,
                 now_ms + 7 * DAY_MS, None, "Ship the top customer requests"),
                (base + 2, board_id, f"{project.key} Sprint 3", "future", None, None, None, ""),
            ],
        )  # fmt: skip


def _within(offset_ms: int, room_ms: int) -> int:
    """An offset drawn from 0..20 days, squeezed into `room_ms` when it would pass "now",
    so the newest issues' updated times stay spread out instead of all sharing one instant
    (and the random stream, hence everything else in the demo, is unchanged)."""
    if offset_ms <= room_ms:
        return offset_ms
    return max(0, room_ms) * offset_ms // (20 * DAY_MS)


def _summary(rng: random.Random, type_name: str, area: str) -> str:
    templates = {
        "Epic": _EPIC_TEMPLATES,
        "Story": _STORY_TEMPLATES,
        "Task": _TASK_TEMPLATES,
        "Bug": _BUG_TEMPLATES,
        "Sub-task": _SUBTASK_TEMPLATES,
    }[type_name]
    return rng.choice(templates).format(area=area, Area=area[0].upper() + area[1:])


def _generate(rng: random.Random, total: int, now_ms: int, today: datetime) -> _Rows:
    rows = _Rows()
    type_ids = {name: tid for tid, name, *_ in sd.ISSUE_TYPES}
    user_count = len(sd.USERS)
    sam = 1
    issue_id = FIRST_ISSUE_ID
    component_base = 10000
    statuses = (sd.TODO, sd.IN_PROGRESS, sd.IN_REVIEW, sd.DONE)
    status_weights = (35, 25, 10, 30)
    all_done: list[int] = []
    all_open: list[int] = []
    for p_index, (project, size) in enumerate(zip(sd.PROJECTS, _project_sizes(total), strict=True)):
        project_id = 10000 + p_index
        components = [component_base + 3 * p_index + c for c in range(len(project.components))]
        areas = _AREAS[project.key]
        epics: list[int] = []
        standard: list[int] = []
        span = 119 * DAY_MS
        for num in range(1, size + 1):
            created = now_ms - 120 * DAY_MS + span * (num - 1) // max(size, 1)
            created += rng.randrange(0, 6 * 3_600_000)
            if num <= 2 or (rng.random() < 0.05 and num > 10):
                type_name = "Epic"
            elif standard and rng.random() < 0.15:
                type_name = "Sub-task"
            else:
                type_name = rng.choices(("Story", "Task", "Bug"), (4, 3, 3))[0]
            status = rng.choices(statuses, status_weights)[0]
            assignee: int | None = (
                None if rng.random() < 0.18 else rng.choice((sam, sam, *range(2, user_count + 1)))
            )
            if num in (2, 3, 5):  # Sam always has open work in every project
                assignee, status = sam, (sd.IN_PROGRESS if num == 3 else sd.TODO)
            updated = created + _within(rng.randrange(0, 20 * DAY_MS), now_ms - 60_000 - created)
            resolution_id: int | None = None
            resolved: int | None = None
            if status == sd.DONE:
                resolution_id = rng.choices((10000, 10001, 10002), (8, 1, 1))[0]
                resolved = updated
            parent: int | None = None
            if type_name == "Sub-task":
                parent = rng.choice(standard)
            elif type_name != "Epic" and epics and rng.random() < 0.5:
                parent = rng.choice(epics)
            due: str | None = None
            if rng.random() < 0.4:
                due = (today + timedelta(days=rng.randint(-30, 60))).strftime("%Y-%m-%d")
            area = rng.choice(areas)
            description = (
                rng.choice(_DESCRIPTIONS).format(area=area) if rng.random() < 0.7 else None
            )
            priority = rng.choices((1, 2, 3, 4, 5), (1, 3, 6, 3, 1))[0]
            reporter = rng.randrange(1, user_count + 1)
            rows.issues.append(
                (issue_id, project_id, num, f"{project.key}-{num}", type_ids[type_name], status,
                 priority, resolution_id, _summary(rng, type_name, area), description, assignee,
                 reporter, parent, created, updated, resolved, due)
            )  # fmt: skip
            for label in rng.sample(sd.LABELS, rng.choices((0, 1, 2, 3), (3, 4, 2, 1))[0]):
                rows.labels.append((issue_id, label))
            for component in rng.sample(components, rng.choices((0, 1, 2), (2, 5, 1))[0]):
                rows.components.append((issue_id, component))
            watchers = {reporter} | ({assignee} if assignee else set())
            if rng.random() < 0.3:
                watchers.add(rng.randrange(1, user_count + 1))
            rows.watchers.extend((issue_id, w) for w in sorted(watchers))
            if rng.random() < 0.34:
                when = created
                for _ in range(rng.randint(1, 3)):
                    when = min(now_ms - 60_000, when + rng.randrange(3_600_000, 5 * DAY_MS))
                    rows.comments.append(
                        (issue_id, rng.randrange(1, user_count + 1), rng.choice(_COMMENTS), when,
                         when)
                    )  # fmt: skip
            if status != sd.TODO and rng.random() < 0.06:
                rows.worklogs.append(
                    (issue_id, assignee or reporter, rng.choice((1800, 3600, 7200, 14400)),
                     updated - 3_600_000, rng.choice(_WORKLOG_COMMENTS), updated)
                )  # fmt: skip
            if type_name == "Epic":
                epics.append(issue_id)
            elif type_name != "Sub-task":
                standard.append(issue_id)
                (all_done if status == sd.DONE else all_open).append(issue_id)
                if status == sd.DONE and rng.random() < 0.5:
                    rows.sprints.append((issue_id, p_index * 3 + 1))
                elif status != sd.DONE and rng.random() < 0.5:
                    rows.sprints.append((issue_id, p_index * 3 + 2))
            issue_id += 1
        for _ in range(max(2, size // 15)):
            if len(standard) < 2:
                break
            inward, outward = rng.sample(standard, 2)
            rows.links.append((rng.choice((10000, 10001, 10002)), inward, outward))
    return rows


def _add_worklogs(rng: random.Random, rows: _Rows) -> None:
    """A few more worklogs, from their own random stream so the issues above never change."""
    for issue in rows.issues:
        issue_id, status, assignee, reporter, updated = (
            issue[0], issue[5], issue[10], issue[11], issue[14])  # fmt: skip
        if status != sd.TODO and rng.random() < 0.08:
            author = assignee or reporter
            for _ in range(rng.randint(1, 2)):
                rows.worklogs.append(
                    (issue_id, author, rng.choice((900, 1800, 3600, 5400, 7200)),
                     cast(int, updated) - rng.randrange(3_600_000, 3 * DAY_MS),
                     rng.choice(_WORKLOG_COMMENTS), updated)
                )  # fmt: skip


def issue_count(issues: int | None) -> int:
    """How many issues a seed of `issues` holds (the demo's size by default; a floor so
    every project gets a few of each type)."""
    return sd.DEFAULT_ISSUE_COUNT if issues is None else max(issues, len(sd.PROJECTS) * 6)


def seed_database(
    conn: sqlite3.Connection,
    *,
    issues: int | None = None,
    now: datetime | None = None,
    only_if_empty: bool = False,
) -> bool:
    """Replace all demo data with a fresh deterministic seed (credentials in `meta` are kept).

    With `only_if_empty`, the emptiness check and the seeding share one transaction, so two
    processes starting on a new file seed it once. Returns whether it seeded.
    """
    now = now or datetime.now(UTC)
    now_ms = _now_ms(now)
    total = issue_count(issues)
    with write_tx(conn):
        if only_if_empty and is_seeded(conn):
            return False
        rows = _generate(random.Random(SEED), total, now_ms, now)
        _add_worklogs(random.Random(SEED + 1), rows)
        extras = seed_extras.generate(random.Random(SEED + 2), rows.issues)
        seed_extras.add_history(
            random.Random(SEED + 3), rows.issues, extras, seed_extras.name_tables()
        )
        for table in DATA_TABLES:
            conn.execute(f"DELETE FROM {table}")
        _static_rows(conn, now_ms)
        seed_extras.static_rows(conn, now)
        _insert_rows(conn, rows)
        seed_extras.insert(conn, extras)
        set_meta(conn, "seeded_at", str(now_ms))
        set_meta(conn, "seeded_issues", str(total))
    conn.execute("ANALYZE")
    return True


def _insert_rows(conn: sqlite3.Connection, rows: _Rows) -> None:
    conn.executemany(
        "INSERT INTO issues(id, project_id, num, key, issue_type_id, status_id, priority_id,"
        " resolution_id, summary, description, assignee_id, reporter_id, parent_id, created,"
        " updated, resolved, due_date) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        rows.issues,
    )
    conn.execute(
        "UPDATE projects SET next_num = 1 + (SELECT COALESCE(MAX(num), 0) FROM issues"
        " WHERE issues.project_id = projects.id)"
    )
    conn.executemany("INSERT INTO issue_labels VALUES (?, ?)", rows.labels)
    conn.executemany("INSERT INTO issue_components VALUES (?, ?)", rows.components)
    conn.executemany("INSERT INTO issue_sprints VALUES (?, ?)", rows.sprints)
    conn.executemany(
        "INSERT INTO comments(issue_id, author_id, body, created, updated) VALUES (?,?,?,?,?)",
        rows.comments,
    )
    conn.executemany("INSERT INTO watchers VALUES (?, ?)", rows.watchers)
    conn.executemany(
        "INSERT INTO worklogs(issue_id, author_id, time_spent_seconds, started, comment,"
        " created) VALUES (?,?,?,?,?,?)",
        rows.worklogs,
    )
    conn.executemany(
        "INSERT INTO issue_links(type_id, inward_issue_id, outward_issue_id) VALUES (?,?,?)",
        rows.links,
    )


def is_seeded(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT 1 FROM users LIMIT 1").fetchone() is not None

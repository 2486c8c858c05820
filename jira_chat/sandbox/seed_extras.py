"""The demo's second layer: story points, teams, versions, attachments and change history.

Drawn from their own random streams, after the issues themselves, so adding this layer never
changes a seeded issue (keys, statuses, people, dates) that tests and the README rely on.
"""

from __future__ import annotations

import random
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from jira_chat.sandbox import seed_data as sd

DAY_MS = 86_400_000
# Columns of a seeded issue row (see seeding._generate).
_ID, _PROJECT, _TYPE, _STATUS, _PRIORITY, _RESOLUTION = 0, 1, 4, 5, 6, 7
_ASSIGNEE, _REPORTER, _CREATED, _UPDATED = 10, 11, 13, 14
_EPIC_TYPE, _SUBTASK_TYPE, _BUG_TYPE = 10000, 10004, 10003


@dataclass
class ExtraRows:
    values: list[tuple[object, ...]] = field(default_factory=list)
    fix_versions: list[tuple[object, ...]] = field(default_factory=list)
    affects_versions: list[tuple[object, ...]] = field(default_factory=list)
    attachments: list[tuple[object, ...]] = field(default_factory=list)
    groups: list[tuple[object, ...]] = field(default_factory=list)
    items: list[tuple[object, ...]] = field(default_factory=list)
    spans: list[tuple[object, ...]] = field(default_factory=list)


def version_id(project_index: int, version_index: int) -> int:
    return sd.FIRST_VERSION_ID + project_index * len(sd.VERSIONS) + version_index


def static_rows(conn: sqlite3.Connection, today: datetime) -> None:
    """Team options and each project's versions (1.0 and 1.1 released, 2.0 not)."""
    conn.executemany(
        "INSERT INTO field_options(id, field_id, value) VALUES (?, ?, ?)",
        [(oid, sd.TEAM_FIELD, value) for oid, value in sd.TEAMS],
    )
    rows = []
    for p_index, _project in enumerate(sd.PROJECTS):
        for v_index, (name, released, offset, description) in enumerate(sd.VERSIONS):
            release = (today + timedelta(days=offset)).strftime("%Y-%m-%d")
            start = (today + timedelta(days=offset - 30)).strftime("%Y-%m-%d")
            rows.append((version_id(p_index, v_index), 10000 + p_index, name, description,
                         int(released), start, release, v_index + 1))  # fmt: skip
    conn.executemany(
        "INSERT INTO versions(id, project_id, name, description, released, start_date,"
        " release_date, position) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )


def generate(rng: random.Random, issues: list[tuple[object, ...]]) -> ExtraRows:
    out = ExtraRows()
    for issue in issues:
        issue_id, p_index = int(str(issue[_ID])), int(str(issue[_PROJECT])) - 10000
        type_id, status = issue[_TYPE], issue[_STATUS]
        if type_id not in (_EPIC_TYPE, _SUBTASK_TYPE) and rng.random() < 0.6:
            out.values.append(
                (issue_id, sd.STORY_POINTS_FIELD, rng.choice(sd.STORY_POINT_SIZES), None)
            )
        if rng.random() < 0.5:
            out.values.append((issue_id, sd.TEAM_FIELD, None, rng.choice(sd.TEAMS)[0]))
        if status == sd.DONE and rng.random() < 0.6:
            out.fix_versions.append((issue_id, version_id(p_index, rng.randrange(0, 2))))
        elif status != sd.DONE and type_id != _EPIC_TYPE and rng.random() < 0.35:
            out.fix_versions.append((issue_id, version_id(p_index, 2)))
        if type_id == _BUG_TYPE and rng.random() < 0.5:
            out.affects_versions.append((issue_id, version_id(p_index, rng.randrange(0, 2))))
        if rng.random() < 0.08:
            name, mime, content = rng.choice(sd.ATTACHMENT_FILES)
            created = int(str(issue[_CREATED])) + 3_600_000
            out.attachments.append((issue_id, issue[_REPORTER], name, mime, len(content), content,
                                    min(created, int(str(issue[_UPDATED])))))  # fmt: skip
    return out


def add_history(
    rng: random.Random, issues: list[tuple[object, ...]], extras: ExtraRows,
    names: dict[str, dict[int, str]],
) -> None:  # fmt: skip
    """created -> (assigned) -> In Progress -> (In Review) -> Done, inside [created, updated];
    plus the value timelines (field_spans) that WAS searches read."""
    group_id = 0
    fixes: dict[int, list[int]] = {}
    for issue_id, version in extras.fix_versions:
        fixes.setdefault(int(str(issue_id)), []).append(int(str(version)))

    def group(
        issue_id: int, author: int, when: int, items: list[tuple[str, object, object]]
    ) -> None:
        nonlocal group_id
        group_id += 1
        extras.groups.append((group_id, issue_id, author, when))
        for name, old, new in items:
            table = names[name]
            extras.items.append((
                group_id, issue_id, author, when, name, "jira", name,
                None if old is None else str(old), None if old is None else table[int(str(old))],
                None if new is None else str(new), None if new is None else table[int(str(new))],
            ))  # fmt: skip

    for issue in issues:
        issue_id = int(str(issue[_ID]))
        status, assignee = int(str(issue[_STATUS])), issue[_ASSIGNEE]
        priority, resolution = issue[_PRIORITY], issue[_RESOLUTION]
        reporter = int(str(issue[_REPORTER]))
        created, updated = int(str(issue[_CREATED])), int(str(issue[_UPDATED]))
        span = max(updated - created, 4)
        worker = int(str(assignee)) if assignee is not None else reporter
        spans: dict[str, list[list[object]]] = {
            f: [] for f in ("status", "assignee", "priority", "reporter", "resolution")
        }

        _open(spans, "reporter", reporter, created, reporter)
        first_priority = priority
        if priority != sd.MEDIUM_PRIORITY_ID and rng.random() < 0.15:
            first_priority = sd.MEDIUM_PRIORITY_ID
        _open(spans, "priority", first_priority, created, reporter)
        assigned_later = assignee is not None and rng.random() < 0.5
        _open(spans, "assignee", None if assigned_later else assignee, created, reporter)
        _open(spans, "status", sd.TODO, created, reporter)
        _open(spans, "resolution", None, created, reporter)
        if assigned_later:
            when = created + span // 10
            group(issue_id, reporter, when, [("assignee", None, assignee)])
            _open(spans, "assignee", assignee, when, reporter)
        if first_priority != priority:
            when = created + span // 8
            group(issue_id, reporter, when, [("priority", first_priority, priority)])
            _open(spans, "priority", priority, when, reporter)
        path: list[int] = []
        if status == sd.IN_PROGRESS:
            path = [sd.IN_PROGRESS]
        elif status == sd.IN_REVIEW:
            path = [sd.IN_PROGRESS, sd.IN_REVIEW]
        elif status == sd.DONE:
            path = (
                [sd.IN_PROGRESS, sd.IN_REVIEW, sd.DONE]
                if rng.random() < 0.5
                else [sd.IN_PROGRESS, sd.DONE]
            )
        previous = sd.TODO
        for step, target in enumerate(path, start=1):
            when = updated if step == len(path) else created + span * (step + 1) // (len(path) + 2)
            items: list[tuple[str, object, object]] = [("status", previous, target)]
            if target == sd.DONE:
                items.append(("resolution", None, resolution))
                _open(spans, "resolution", resolution, when, worker)
            group(issue_id, worker, when, items)
            _open(spans, "status", target, when, worker)
            previous = target
        for name, rows in spans.items():
            extras.spans.extend((issue_id, name, r[0], r[1], r[2], r[3]) for r in rows)
        for version in fixes.get(issue_id, []):
            extras.spans.append((issue_id, "fixVersion", version, created, None, reporter))


def _open(spans: dict[str, list[list[object]]], name: str, value: object, start: int,
          author: int) -> None:  # fmt: skip
    """Close the field's current span at `start` and open one holding `value`."""
    if spans[name]:
        spans[name][-1][2] = start
    spans[name].append([value, start, None, author])


def insert(conn: sqlite3.Connection, rows: ExtraRows) -> None:
    conn.executemany(
        "INSERT INTO issue_field_values(issue_id, field_id, number, option_id) VALUES (?,?,?,?)",
        rows.values,
    )
    conn.executemany("INSERT INTO issue_fix_versions VALUES (?, ?)", rows.fix_versions)
    conn.executemany("INSERT INTO issue_affects_versions VALUES (?, ?)", rows.affects_versions)
    conn.executemany(
        "INSERT INTO attachments(issue_id, author_id, filename, mime_type, size, content,"
        " created) VALUES (?,?,?,?,?,?,?)",
        rows.attachments,
    )
    conn.executemany("INSERT INTO history_groups VALUES (?, ?, ?, ?)", rows.groups)
    conn.executemany(
        "INSERT INTO history_items(group_id, issue_id, author_id, created, field, field_type,"
        " field_id, from_value, from_string, to_value, to_string) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        rows.items,
    )
    conn.executemany(
        "INSERT INTO field_spans(issue_id, field, value, start_ms, end_ms, author_id)"
        " VALUES (?,?,?,?,?,?)",
        rows.spans,
    )


def name_tables() -> dict[str, dict[int, str]]:
    """Display strings for history items: status, user, priority and resolution names."""
    users = {i + 1: u.display_name for i, u in enumerate(sd.USERS)}
    return {
        "status": {sid: name for sid, name, *_ in sd.STATUSES},
        "assignee": users,
        "priority": {pid: name for pid, name, _ in sd.PRIORITIES},
        "resolution": dict(sd.RESOLUTIONS),
    }

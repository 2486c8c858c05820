"""The new actions' resolution and previews, and the detail view's new parts, on both
flavors through Executor.prepare + execute; state checked with python-jira."""

from __future__ import annotations

from typing import Any

import pytest

from jira_chat.errors import PlanError, ResolutionError
from jira_chat.execution.actions.link_issues import match_link_type
from jira_chat.execution.executor import Executor
from jira_chat.jira_access.records import IssueRecord, LinkType
from jira_chat.planning.actions.add_worklog import duration_seconds, format_seconds
from tests.execution.helpers import fresh_issue, independent_client, plan, raw_fields, service_for

TYPES = (
    LinkType("1", "Blocks", "is blocked by", "blocks"),
    LinkType("2", "Relates", "relates to", "relates to"),
    LinkType("3", "Duplicate", "is duplicated by", "duplicates"),
)


@pytest.mark.parametrize(
    ("wording", "name", "outward"),
    [
        ("blocks", "Blocks", True),
        ("is blocked by", "Blocks", False),
        ("blocked by", "Blocks", False),
        ("Blocks", "Blocks", True),
        ("relates to", "Relates", True),
        ("duplicates", "Duplicate", True),
        ("is duplicated by", "Duplicate", False),
    ],
)
def test_link_types_match_by_name_or_wording(wording: str, name: str, outward: bool) -> None:
    link_type, is_outward = match_link_type(TYPES, wording)
    assert (link_type.name, is_outward) == (name, outward)


def test_an_unknown_link_type_lists_the_wordings() -> None:
    with pytest.raises(ResolutionError) as error:
        match_link_type(TYPES, "causes")
    assert '"blocks" / "is blocked by" (Blocks)' in str(error.value)


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("2h", 7200), ("30m", 1800), ("1d 4h", 43200), ("1w 2d 3h 30m", 214200), ("1.5h", 5400)],
)
def test_durations_follow_jira_defaults(text: str, seconds: int) -> None:
    assert duration_seconds(text) == seconds
    assert duration_seconds(format_seconds(seconds)) == seconds


def test_a_bad_duration_is_a_plan_error() -> None:
    with pytest.raises(PlanError, match="not a time like"):
        plan(("add_worklog", {"key": "WEB-1", "time_spent": "two hours"}))


def test_the_detail_view_has_links_subtasks_time_and_watchers(any_sandbox: Any) -> None:
    client = independent_client(any_sandbox)
    parent = fresh_issue(client, "Parent")
    child = client.create_issue(
        fields={
            "project": {"key": "WEB"},
            "issuetype": {"name": "Sub-task"},
            "summary": "Child",
            "parent": {"key": parent},
        }
    ).key
    other = fresh_issue(client, "Other")
    client.create_issue_link("Blocks", parent, other)  # parent blocks other
    client.add_worklog(parent, timeSpentSeconds="5400")
    record = Executor(service_for(any_sandbox)).execute(
        Executor(service_for(any_sandbox)).prepare(plan(("get_issue", {"key": parent}))).actions[0]
    )
    assert isinstance(record, IssueRecord)
    assert [t.key for t in record.subtasks] == [child]
    assert [(lk.wording, lk.other.key) for lk in record.links] == [("blocks", other)]
    assert record.time_spent_seconds == 5400
    assert record.watch_count is not None


def test_an_epic_lists_its_children(any_sandbox: Any) -> None:
    executor = Executor(service_for(any_sandbox))
    record = executor.execute(executor.prepare(plan(("get_issue", {"key": "WEB-1"}))).actions[0])
    assert isinstance(record, IssueRecord) and record.issue_type == "Epic"
    assert record.epic_children and all(c.key.startswith("WEB-") for c in record.epic_children)


def test_a_write_to_an_epic_does_not_search_its_children(any_sandbox: Any) -> None:
    """Only the detail view lists an epic's issues; the preview and the read back do not
    need them, so a label on an epic costs no child search (bench/bench_cli.py counts)."""
    executor = Executor(service_for(any_sandbox))
    change = plan(("update_issue", {"key": "WEB-1", "labels_add": ["roadmap-2027"]}))
    any_sandbox.request_log.clear()
    for action in executor.prepare(change).actions:
        executor.execute(action)
    assert "roadmap-2027" in raw_fields(independent_client(any_sandbox), "WEB-1")["labels"]
    assert not [e for e in any_sandbox.request_log.entries if "/search" in e]


def test_deleting_an_issue_with_subtasks_needs_the_flag(any_sandbox: Any) -> None:
    client = independent_client(any_sandbox)
    parent = fresh_issue(client, "Parent")
    client.create_issue(
        fields={
            "project": {"key": "WEB"},
            "issuetype": {"name": "Sub-task"},
            "summary": "Child",
            "parent": {"key": parent},
        }
    )
    executor = Executor(service_for(any_sandbox))
    with pytest.raises(ResolutionError, match="sub-task"):
        executor.prepare(plan(("delete_issue", {"key": parent})))
    prepared = executor.prepare(plan(("delete_issue", {"key": parent, "delete_subtasks": True})))
    changes = {c.field: c.old for c in prepared.previews[0].changes}
    assert changes["sub-tasks"] == 1
    assert client.issue(parent).key == parent  # prepare changed nothing


def test_watching_twice_or_linking_twice_is_nothing_to_do(any_sandbox: Any) -> None:
    client = independent_client(any_sandbox)
    key, other = fresh_issue(client, "A"), fresh_issue(client, "B")
    executor = Executor(service_for(any_sandbox))
    # No-ops are "already", not errors: nothing to preview, nothing sent.
    watched = executor.prepare(plan(("watch_issue", {"key": key})))  # the reporter watches it
    assert not watched.has_writes and "is already watching" in watched.already[0]
    link = executor.prepare(
        plan(("link_issues", {"key": key, "other": other, "type": "relates to"}))
    )
    executor.execute(link.actions[0])
    again = Executor(service_for(any_sandbox)).prepare(
        plan(("link_issues", {"key": key, "other": other, "type": "relates to"}))
    )
    assert again.already == [f"{key} already relates to {other}"]


def test_field_names_are_checked_before_anything_changes(any_sandbox: Any) -> None:
    client = independent_client(any_sandbox)
    task = fresh_issue(client, "A task")
    executor = Executor(service_for(any_sandbox))
    with pytest.raises(ResolutionError, match="needs a parent"):
        executor.prepare(plan(("create_issue", {"project": "WEB", "issue_type": "Sub-task", "summary": "x"})))  # fmt: skip
    with pytest.raises(ResolutionError, match="components: Accounts, Checkout, Frontend"):
        executor.prepare(plan(("update_issue", {"key": task, "components_add": ["Backend"]})))
    with pytest.raises(ResolutionError, match="not an epic"):
        executor.prepare(plan(("update_issue", {"key": task, "parent": "WEB-3"})))
    with pytest.raises(ResolutionError, match=r"no version '3.0'; versions: 1.0, 1.1, 2.0"):
        executor.prepare(plan(("update_issue", {"key": task, "fix_versions_add": ["3.0"]})))
    with pytest.raises(ResolutionError, match="open sprints: WEB Sprint 2"):
        executor.prepare(plan(("update_issue", {"key": task, "sprint": "Sprint 9"})))
    assert raw_fields(client, task)["components"] == []

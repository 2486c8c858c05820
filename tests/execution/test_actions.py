"""Each of the seven actions, through Executor.prepare + execute, on both sandbox flavors:
it changes exactly what its preview said, checked with an independent python-jira client."""

from __future__ import annotations

from typing import Any

from jira_chat.execution.executor import Executor
from jira_chat.execution.records import WriteResult
from jira_chat.jira_access.records import IssueRecord, SearchResult
from tests.execution.helpers import (
    fresh_issue,
    independent_client,
    plan,
    raw_fields,
    service_for,
)


def _sorted(value: Any) -> Any:
    return sorted(value) if isinstance(value, list) else value


def _changes(result: Any) -> dict[str, tuple[Any, Any]]:
    """field → (old, new), lists sorted (Jira does not promise label order)."""
    assert isinstance(result, WriteResult)
    return {c.field: (_sorted(c.old), _sorted(c.new)) for c in result.changes}


def _run_one(executor: Executor, name: str, params: dict[str, Any]) -> tuple[Any, Any]:
    prepared = executor.prepare(plan((name, params)))
    assert len(prepared.actions) == 1
    action = prepared.actions[0]
    return action, executor.execute(action)


def test_search_issues_shows_rows_the_jql_and_a_count(any_sandbox: Any) -> None:
    executor = Executor(service_for(any_sandbox))
    action, result = _run_one(
        executor, "search_issues", {"jql": "project = WEB ORDER BY key ASC", "limit": 5}
    )
    assert not action.is_write and action.preview is None
    assert isinstance(result, SearchResult)
    assert result.jql == "project = WEB ORDER BY key ASC"
    assert [i.key for i in result.issues] == ["WEB-1", "WEB-2", "WEB-3", "WEB-4", "WEB-5"]
    assert result.total is not None and result.total > 5 and result.truncated
    first = result.issues[0]
    assert (
        first.summary and first.status and first.issue_type and first.url.endswith("/browse/WEB-1")
    )


def test_get_issue_is_a_detail_view(any_sandbox: Any) -> None:
    client = independent_client(any_sandbox)
    key = fresh_issue(client, "Detail view", description="*Bold* words")
    client.add_comment(key, "first {{note}}")
    _, record = _run_one(Executor(service_for(any_sandbox)), "get_issue", {"key": key})
    assert isinstance(record, IssueRecord)
    assert record.key == key and record.summary == "Detail view" and record.status == "To Do"
    assert record.description == "**Bold** words"
    assert [c.body for c in record.comments] == ["first `note`"]
    assert {t.name: t.to_status for t in record.transitions} == {
        "Start progress": "In Progress",
        "Close": "Done",
    }


def test_create_issue_creates_exactly_the_preview(any_sandbox: Any) -> None:
    executor = Executor(service_for(any_sandbox))
    params = {
        "project": "web storefront",
        "issue_type": "bug",
        "summary": "Login fails on Safari",
        "description": "Steps:\n\n- open **login**\n- see `500`",
        "priority": "high",
        "labels": ["auth", "regression"],
        "assignee": "Alice",
    }
    action, result = _run_one(executor, "create_issue", params)
    assert action.is_write and action.preview.key is None
    assert action.describe() == "create Bug in WEB: Login fails on Safari"
    assert _changes(result) == {
        "project": (None, "WEB"),
        "issue_type": (None, "Bug"),
        "summary": (None, "Login fails on Safari"),
        "description": (None, params["description"]),
        "priority": (None, "High"),
        "labels": (None, ["auth", "regression"]),
        "assignee": (None, "Alice Nguyen"),
    }
    fields = raw_fields(independent_client(any_sandbox), result.key)
    assert result.key.startswith("WEB-")
    assert fields["summary"] == "Login fails on Safari"
    assert fields["issuetype"]["name"] == "Bug"
    assert fields["priority"]["name"] == "High"
    assert sorted(fields["labels"]) == ["auth", "regression"]
    assert fields["assignee"]["displayName"] == "Alice Nguyen"
    assert "*login*" in fields["description"] and "{{500}}" in fields["description"]


def test_update_issue_changes_only_the_previewed_fields(any_sandbox: Any) -> None:
    client = independent_client(any_sandbox)
    key = fresh_issue(client, "Old title", labels=["keep", "drop"], priority={"name": "Medium"})
    before = raw_fields(client, key)
    executor = Executor(service_for(any_sandbox))
    params = {
        "key": key,
        "summary": "New title",
        "priority": "low",
        "labels_add": ["new"],
        "labels_remove": ["drop"],
        "due_date": "2026-12-31",
    }
    action, result = _run_one(executor, "update_issue", params)
    assert action.preview.key == key and "Old title" in action.preview.title
    assert _changes(result) == {
        "summary": ("Old title", "New title"),
        "priority": ("Medium", "Low"),
        "labels": (["drop", "keep"], ["keep", "new"]),
        "due_date": (None, "2026-12-31"),
    }
    after = raw_fields(client, key)
    assert after["summary"] == "New title"
    assert after["priority"]["name"] == "Low"
    assert sorted(after["labels"]) == ["keep", "new"]
    assert after["duedate"] == "2026-12-31"
    for untouched in ("status", "issuetype", "assignee", "description"):
        assert after[untouched] == before[untouched]


def test_transition_issue_moves_to_the_named_status_with_a_comment(any_sandbox: Any) -> None:
    client = independent_client(any_sandbox)
    key = fresh_issue(client, "Ready to start")
    executor = Executor(service_for(any_sandbox))
    params = {"key": key, "status": "in progress", "comment": "Picking this up **now**"}
    action, result = _run_one(executor, "transition_issue", params)
    assert action.describe() == f"transition {key} to In Progress"
    assert 'via "Start progress"' in action.preview.title
    assert _changes(result) == {
        "status": ("To Do", "In Progress"),
        "comment": (None, "Picking this up **now**"),
    }
    after = raw_fields(client, key)
    assert after["status"]["name"] == "In Progress"
    assert [c.body for c in client.comments(key)] == ["Picking this up *now*"]


def test_assign_issue_to_a_first_name_then_to_nobody(any_sandbox: Any) -> None:
    client = independent_client(any_sandbox)
    key = fresh_issue(client, "Needs an owner")
    executor = Executor(service_for(any_sandbox))
    action, result = _run_one(executor, "assign_issue", {"key": key, "assignee": "priya"})
    assert action.describe() == f"assign {key} to Priya Patel"
    assert _changes(result)["assignee"][1] == "Priya Patel"
    assert raw_fields(client, key)["assignee"]["displayName"] == "Priya Patel"

    _, result = _run_one(executor, "assign_issue", {"key": key, "assignee": "none"})
    assert _changes(result) == {"assignee": ("Priya Patel", None)}
    assert raw_fields(client, key)["assignee"] is None


def test_assign_issue_to_me_and_by_email(any_sandbox: Any) -> None:
    client = independent_client(any_sandbox)
    key = fresh_issue(client, "Mine")
    executor = Executor(service_for(any_sandbox))
    _run_one(executor, "assign_issue", {"key": key, "assignee": "me"})
    assert raw_fields(client, key)["assignee"]["displayName"] == "Sam Rivera"
    _run_one(executor, "assign_issue", {"key": key, "assignee": "JORDAN.LEE@example.com"})
    assert raw_fields(client, key)["assignee"]["displayName"] == "Jordan Lee"


def test_add_comment_adds_exactly_the_body(any_sandbox: Any) -> None:
    client = independent_client(any_sandbox)
    key = fresh_issue(client, "Discuss")
    executor = Executor(service_for(any_sandbox))
    action, result = _run_one(executor, "add_comment", {"key": key, "body": "Looks *good*"})
    assert action.describe() == f"comment on {key}"
    assert _changes(result) == {"comments": (0, 1), "comment": (None, "Looks *good*")}
    assert [c.body for c in client.comments(key)] == ["Looks _good_"]


def test_a_multi_action_plan_is_prepared_whole_then_run_in_order(any_sandbox: Any) -> None:
    client = independent_client(any_sandbox)
    key = fresh_issue(client, "Two things")
    executor = Executor(service_for(any_sandbox))
    prepared = executor.prepare(
        plan(
            ("transition_issue", {"key": key, "status": "Done"}),
            ("assign_issue", {"key": key, "assignee": "Alex Chen"}),
            ("get_issue", {"key": key}),
        )
    )
    assert prepared.has_writes and len(prepared.previews) == 2
    assert [a.describe() for a in prepared.actions] == [
        f"transition {key} to Done",
        f"assign {key} to Alex Chen",
        f"show {key}",
    ]
    assert raw_fields(client, key)["status"]["name"] == "To Do"  # prepare changed nothing
    outcomes = [executor.execute(a) for a in prepared.actions]
    final = outcomes[-1]
    assert isinstance(final, IssueRecord)
    assert (final.status, final.assignee) == ("Done", "Alex Chen")


def test_update_description_goes_out_as_wiki_and_reads_back_as_markdown(any_sandbox: Any) -> None:
    client = independent_client(any_sandbox)
    key = fresh_issue(client, "Describe me", description="old words")
    executor = Executor(service_for(any_sandbox))
    markdown = "Repro:\n\n1. open **cart**\n2. press `pay`"
    _, result = _run_one(executor, "update_issue", {"key": key, "description": markdown})
    assert _changes(result) == {"description": ("old words", markdown)}
    wiki = raw_fields(client, key)["description"]
    assert "*cart*" in wiki and "{{pay}}" in wiki and "**" not in wiki
    record = executor.execute(executor.prepare(plan(("get_issue", {"key": key}))).actions[0])
    assert isinstance(record, IssueRecord)
    assert record.description is not None
    assert "**cart**" in record.description and "`pay`" in record.description

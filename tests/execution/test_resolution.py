"""Names resolve before anything changes; a failure lists the choices and changes nothing."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest

from jira_chat.errors import AmbiguityError, ResolutionError
from jira_chat.execution.executor import Executor
from tests.execution.helpers import (
    fresh_issue,
    independent_client,
    plan,
    raw_fields,
    service_for,
    writes_in,
)


def _fails(sandbox: Any, executor: Executor, *actions: tuple[str, dict[str, Any]]) -> Any:
    """Prepare must raise, and must not have sent a single write to Jira."""
    sandbox.request_log.clear()
    with pytest.raises(ResolutionError) as caught:
        executor.prepare(plan(*actions))
    assert writes_in(sandbox.request_log.entries) == []
    return caught.value


def test_unknown_status_lists_the_available_transitions(sandbox: Any) -> None:
    client = independent_client(sandbox)
    key = fresh_issue(client, "Stuck")
    error = _fails(
        sandbox,
        Executor(service_for(sandbox)),
        ("transition_issue", {"key": key, "status": "Blocked"}),
    )
    assert error.message == (
        f"{key} has no transition to 'Blocked' from 'To Do'; available: Start progress, Close"
    )
    assert error.choices == ["In Progress", "Done"]
    assert raw_fields(client, key)["status"]["name"] == "To Do"


def test_a_status_the_issue_is_already_in_is_a_no_op_not_an_error(sandbox: Any) -> None:
    key = fresh_issue(independent_client(sandbox), "Fresh")
    executor = Executor(service_for(sandbox))
    sandbox.request_log.clear()
    prepared = executor.prepare(plan(("transition_issue", {"key": key, "status": "to do"})))
    assert prepared.already == [f"{key} is in To Do"]
    assert not prepared.has_writes and prepared.previews == []
    outcome = executor.execute(prepared.actions[0])
    assert getattr(outcome, "message", None) == f"{key} is in To Do"
    assert writes_in(sandbox.request_log.entries) == []


def test_a_status_reachable_only_in_two_steps_is_not_guessed(sandbox: Any) -> None:
    key = fresh_issue(independent_client(sandbox), "Skip review")
    error = _fails(
        sandbox,
        Executor(service_for(sandbox)),
        ("transition_issue", {"key": key, "status": "In Review"}),
    )
    assert "no transition to 'In Review' from 'To Do'" in error.message


def test_two_alexes_are_ambiguous_and_both_are_listed(sandbox: Any) -> None:
    client = independent_client(sandbox)
    key = fresh_issue(client, "Who?")
    error = _fails(
        sandbox, Executor(service_for(sandbox)), ("assign_issue", {"key": key, "assignee": "Alex"})
    )
    assert isinstance(error, AmbiguityError)
    assert error.choices == [
        "Alex Chen <alex.chen@example.com>",
        "Alex Morgan <alex.morgan@example.com>",
    ]
    assert "Alex Chen <alex.chen@example.com>" in error.message
    assert "Alex Morgan <alex.morgan@example.com>" in error.message
    assert raw_fields(client, key)["assignee"] is None


def test_the_person_picks_one_alex_when_asked(sandbox: Any) -> None:
    client = independent_client(sandbox)
    key = fresh_issue(client, "Who?")
    asked: list[tuple[str, list[str]]] = []

    def choose(question: str, options: Sequence[str]) -> str | None:
        asked.append((question, list(options)))
        return "Alex Morgan <alex.morgan@example.com>"

    executor = Executor(service_for(sandbox), choose=choose)
    prepared = executor.prepare(plan(("assign_issue", {"key": key, "assignee": "alex"})))
    assert asked and asked[0][1] == [
        "Alex Chen <alex.chen@example.com>",
        "Alex Morgan <alex.morgan@example.com>",
    ]
    executor.execute(prepared.actions[0])
    assert raw_fields(client, key)["assignee"]["displayName"] == "Alex Morgan"


def test_declining_to_choose_is_still_an_ambiguity(sandbox: Any) -> None:
    key = fresh_issue(independent_client(sandbox), "Who?")
    executor = Executor(service_for(sandbox), choose=lambda question, options: None)
    with pytest.raises(AmbiguityError):
        executor.prepare(plan(("assign_issue", {"key": key, "assignee": "Alex"})))


def test_a_full_name_resolves_without_asking(sandbox: Any) -> None:
    client = independent_client(sandbox)
    key = fresh_issue(client, "Who?")

    def choose(question: str, options: Sequence[str]) -> str | None:
        raise AssertionError("must not ask")

    executor = Executor(service_for(sandbox), choose=choose)
    prepared = executor.prepare(plan(("assign_issue", {"key": key, "assignee": "Alex Chen"})))
    assert prepared.previews[0].changes[0].new == "Alex Chen"


def test_unknown_people_priorities_types_and_projects_list_what_exists(sandbox: Any) -> None:
    client = independent_client(sandbox)
    key = fresh_issue(client, "Untouched")
    executor = Executor(service_for(sandbox))
    nobody = _fails(sandbox, executor, ("assign_issue", {"key": key, "assignee": "Zelda"}))
    assert nobody.message == f"no Jira user who can be assigned {key} matches 'Zelda'"
    priority = _fails(sandbox, executor, ("update_issue", {"key": key, "priority": "Urgent"}))
    assert priority.message == (
        "'Urgent' is not a priority in this Jira; valid: Highest, High, Medium, Low, Lowest"
    )
    create = {"project": "WEB", "issue_type": "Feature", "summary": "x"}
    issue_type = _fails(sandbox, executor, ("create_issue", create))
    assert issue_type.message == (
        "'Feature' is not an issue type in this Jira; valid: Epic, Story, Task, Bug, Sub-task"
    )
    project = _fails(
        sandbox, executor, ("create_issue", {**create, "project": "Mobile", "issue_type": "Task"})
    )
    assert "no project 'Mobile' in this Jira" in project.message
    assert {"WEB", "API", "OPS"} <= set(project.choices)
    fields = raw_fields(client, key)
    assert (fields["assignee"], fields["priority"]["name"]) == (None, "Medium")


def test_one_bad_name_stops_the_whole_plan_before_any_write(sandbox: Any) -> None:
    client = independent_client(sandbox)
    key = fresh_issue(client, "All or nothing")
    executor = Executor(service_for(sandbox))
    _fails(
        sandbox,
        executor,
        ("add_comment", {"key": key, "body": "first"}),
        ("transition_issue", {"key": key, "status": "Shipped"}),
    )
    assert client.comments(key) == []


def test_labels_with_spaces_are_refused_before_jira_sees_them(sandbox: Any) -> None:
    key = fresh_issue(independent_client(sandbox), "Labels")
    error = _fails(
        sandbox,
        Executor(service_for(sandbox)),
        ("update_issue", {"key": key, "labels_add": ["needs review"]}),
    )
    assert "cannot contain spaces" in error.message

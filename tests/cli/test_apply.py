"""`jira-chat apply --yes`: each of the seven actions changes exactly what its preview said.

Checked through python-jira on both sandbox flavors (Cloud and Server/DC).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.cli.helpers import assert_no_traceback, run_cli, write_plan
from tests.fixtures.sandbox import jira_client


@pytest.fixture(params=["cloud", "server"])
def flavored_sandbox(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Any]:
    handle = request.getfixturevalue("sandbox" if request.param == "cloud" else "server_sandbox")
    for name, value in handle.env().items():
        monkeypatch.setenv(name, value)
    yield handle


def _apply(tmp_path: Path, *actions: dict[str, Any], extra: tuple[str, ...] = ()) -> Any:
    plan_file = write_plan(tmp_path, {"actions": list(actions)})
    result = run_cli("apply", str(plan_file), "--yes", "--json", *extra)
    assert result.exit_code == 0, result.stderr
    assert_no_traceback(result)
    return json.loads(result.stdout)


def _issue_in_status(handle: Any, status: str, project: str = "WEB") -> str:
    client = jira_client(handle)
    jql = f'project = {project} AND status = "{status}" AND issuetype != Epic ORDER BY key ASC'
    if handle.flavor == "cloud":
        issues = client.enhanced_search_issues(jql, maxResults=1, fields=["summary"])
    else:
        issues = client.search_issues(jql, maxResults=1, fields=["summary"])
    assert issues, f"the seed has no {status} issue in {project}"
    return str(issues[0].key)


def test_search_issues(flavored_sandbox: Any, tmp_path: Path) -> None:
    rows = _apply(
        tmp_path,
        {
            "action": "search_issues",
            "parameters": {"jql": "project = API ORDER BY key ASC", "limit": 5},
        },
    )
    assert [row["key"] for row in rows] == [f"API-{n}" for n in range(1, 6)]
    first = jira_client(flavored_sandbox).issue("API-1")
    assert rows[0]["summary"] == first.fields.summary
    assert rows[0]["status"] == first.fields.status.name


def test_get_issue(flavored_sandbox: Any, tmp_path: Path) -> None:
    data = _apply(tmp_path, {"action": "get_issue", "parameters": {"key": "OPS-2"}})
    issue = jira_client(flavored_sandbox).issue("OPS-2")
    assert data["key"] == "OPS-2"
    assert data["summary"] == issue.fields.summary
    assert [t["name"] if isinstance(t, dict) else t for t in data["transitions"]]


def test_create_issue(flavored_sandbox: Any, tmp_path: Path) -> None:
    data = _apply(
        tmp_path,
        {
            "action": "create_issue",
            "parameters": {
                "project": "WEB",
                "issue_type": "Bug",
                "summary": "Checkout button misaligned on Safari",
                "description": "Seen on **Safari 17** only.",
                "priority": "High",
                "labels": ["frontend", "customer"],
                "assignee": "me",
            },
        },
    )
    assert data["action"] == "create_issue"
    issue = jira_client(flavored_sandbox).issue(data["key"])
    assert issue.fields.summary == "Checkout button misaligned on Safari"
    assert issue.fields.issuetype.name == "Bug"
    assert issue.fields.priority.name == "High"
    assert sorted(issue.fields.labels) == ["customer", "frontend"]
    assert issue.fields.assignee.displayName == "Sam Rivera"
    assert "Safari 17" in issue.fields.description
    assert data["changes"]["summary"]["to"] == "Checkout button misaligned on Safari"


def test_update_issue(flavored_sandbox: Any, tmp_path: Path) -> None:
    client = jira_client(flavored_sandbox)
    before = client.issue("WEB-6")
    old_labels = set(before.fields.labels)
    remove = sorted(old_labels)[:1]
    data = _apply(
        tmp_path,
        {
            "action": "update_issue",
            "parameters": {
                "key": "WEB-6",
                "summary": "Cart total ignores discount codes",
                "priority": "Lowest",
                "labels_add": ["needs-triage"],
                "labels_remove": remove,
                "due_date": "2026-12-31",
            },
        },
    )
    after = client.issue("WEB-6")
    assert after.fields.summary == "Cart total ignores discount codes"
    assert after.fields.priority.name == "Lowest"
    assert set(after.fields.labels) == (old_labels - set(remove)) | {"needs-triage"}
    assert after.fields.duedate == "2026-12-31"
    assert data["changes"]["priority"] == {"from": before.fields.priority.name, "to": "Lowest"}


def test_transition_issue_by_status_with_comment(flavored_sandbox: Any, tmp_path: Path) -> None:
    key = _issue_in_status(flavored_sandbox, "To Do")
    data = _apply(
        tmp_path,
        {
            "action": "transition_issue",
            "parameters": {"key": key, "status": "in progress", "comment": "Picking this up"},
        },
    )
    client = jira_client(flavored_sandbox)
    assert client.issue(key).fields.status.name == "In Progress"
    assert any("Picking this up" in c.body for c in client.comments(key))
    assert data["changes"]["status"] == {"from": "To Do", "to": "In Progress"}


def test_assign_issue(flavored_sandbox: Any, tmp_path: Path) -> None:
    client = jira_client(flavored_sandbox)
    current = client.issue("WEB-8").fields.assignee
    name, email = ("Priya Patel", "priya.patel@example.com")
    if current is not None and current.displayName == name:
        name, email = ("Jordan Lee", "jordan.lee@example.com")
    data = _apply(
        tmp_path,
        {"action": "assign_issue", "parameters": {"key": "WEB-8", "assignee": email}},
    )
    assert client.issue("WEB-8").fields.assignee.displayName == name
    assert data["changes"]["assignee"]["to"] == name
    _apply(tmp_path, {"action": "assign_issue", "parameters": {"key": "WEB-8", "assignee": "none"}})
    assert client.issue("WEB-8").fields.assignee is None


def test_add_comment(flavored_sandbox: Any, tmp_path: Path) -> None:
    data = _apply(
        tmp_path,
        {"action": "add_comment", "parameters": {"key": "WEB-9", "body": "Deployed to staging"}},
    )
    assert data["key"] == "WEB-9"
    bodies = [c.body for c in jira_client(flavored_sandbox).comments("WEB-9")]
    assert bodies[-1].strip() == "Deployed to staging"


def test_multi_action_plan_is_one_array_in_order(sandbox_env: Any, tmp_path: Path) -> None:
    rows = _apply(
        tmp_path,
        {"action": "add_comment", "parameters": {"key": "API-3", "body": "first"}},
        {"action": "get_issue", "parameters": {"key": "API-3"}},
    )
    assert [row["key"] for row in rows] == ["API-3", "API-3"]
    assert rows[0]["action"] == "add_comment"
    assert "comments" in rows[1]


def test_invalid_plan_names_the_problem_and_exits_2(sandbox_env: Any, tmp_path: Path) -> None:
    plan_file = write_plan(
        tmp_path, {"actions": [{"action": "delete_project", "parameters": {"key": "WEB-1"}}]}
    )
    result = run_cli("apply", str(plan_file), "--yes")
    assert result.exit_code == 2
    assert "unknown action 'delete_project'" in result.stderr
    plan_file = write_plan(
        tmp_path, {"actions": [{"action": "get_issue", "parameters": {"key": "WEB-1", "x": 1}}]}
    )
    result = run_cli("apply", str(plan_file))
    assert result.exit_code == 2
    assert "parameters.x: unknown parameter" in result.stderr


def test_unknown_status_lists_the_choices_and_changes_nothing(
    sandbox_env: Any, tmp_path: Path
) -> None:
    key = _issue_in_status(sandbox_env, "To Do")
    plan_file = write_plan(
        tmp_path,
        {
            "actions": [
                {"action": "transition_issue", "parameters": {"key": key, "status": "Blocked"}}
            ]
        },
    )
    result = run_cli("apply", str(plan_file), "--yes")
    assert result.exit_code == 2
    assert "Start progress" in result.stderr and "Close" in result.stderr
    assert jira_client(sandbox_env).issue(key).fields.status.name == "To Do"


def test_ambiguous_user_without_tty_lists_candidates(sandbox_env: Any, tmp_path: Path) -> None:
    before = jira_client(sandbox_env).issue("WEB-10").fields.assignee
    plan_file = write_plan(
        tmp_path,
        {
            "actions": [
                {"action": "assign_issue", "parameters": {"key": "WEB-10", "assignee": "Alex"}}
            ]
        },
    )
    result = run_cli("apply", str(plan_file), "--yes")
    assert result.exit_code == 2
    assert "Alex Morgan" in result.stderr and "Alex Chen" in result.stderr
    after = jira_client(sandbox_env).issue("WEB-10").fields.assignee
    assert (before and before.displayName) == (after and after.displayName)


def test_write_that_does_not_land_is_a_failure(sandbox_env: Any, tmp_path: Path) -> None:
    sandbox_env.faults.add(r"/issue/WEB-11$", method="PUT", skip_write=True)
    plan_file = write_plan(
        tmp_path,
        {
            "actions": [
                {
                    "action": "update_issue",
                    "parameters": {"key": "WEB-11", "summary": "Never lands"},
                }
            ]
        },
    )
    result = run_cli("apply", str(plan_file), "--yes")
    assert result.exit_code == 1
    assert "summary" in result.stderr
    assert jira_client(sandbox_env).issue("WEB-11").fields.summary != "Never lands"


def test_odd_wiki_markup_round_trips_without_a_traceback(tmp_path: Path) -> None:
    """A line of only "||" once crashed the wiki converter inside the in-process sandbox."""
    plan_file = write_plan(
        tmp_path,
        {
            "actions": [
                {
                    "action": "update_issue",
                    "parameters": {"key": "WEB-3", "description": "Table:\n\n||\n\nend"},
                }
            ]
        },
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JIRA_", "GEMINI_", "GOOGLE_"))}
    env["JIRA_CHAT_HOME"] = str(tmp_path / "home")
    applied = subprocess.run(
        [sys.executable, "-m", "jira_chat", "--sandbox", "apply", str(plan_file), "--yes"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert applied.returncode == 0, applied.stderr
    assert "Traceback" not in applied.stderr
    shown = subprocess.run(
        [sys.executable, "-m", "jira_chat", "--sandbox", "ask", "WEB-3", "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout)["description"].split() == ["Table:", "||", "end"]


def test_an_empty_plan_says_there_is_nothing_to_do(sandbox_env: Any, tmp_path: Path) -> None:
    result = run_cli("apply", str(write_plan(tmp_path, {"actions": []})))
    assert result.exit_code == 2
    assert "nothing to do" in result.stderr and "no actions" in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize("request_text", ["", "   "])
def test_an_empty_request_says_there_is_nothing_to_do(sandbox_env: Any, request_text: str) -> None:
    result = run_cli("ask", request_text)
    assert result.exit_code == 2
    assert "nothing to do" in result.stderr
    assert result.stdout == ""

"""Read-only mode: every write action (each declared one is listed below) is refused before anything is asked (exit 3, naming the
setting); reads work; doctor shows the mode."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.cli.helpers import assert_no_traceback, run_cli, write_plan
from tests.fixtures.sandbox import jira_client

WRITES: list[dict[str, Any]] = [
    {
        "action": "create_issue",
        "parameters": {"project": "WEB", "issue_type": "Task", "summary": "never created"},
    },
    {"action": "update_issue", "parameters": {"key": "WEB-1", "summary": "never renamed"}},
    {"action": "transition_issue", "parameters": {"key": "WEB-1", "status": "Done"}},
    {"action": "assign_issue", "parameters": {"key": "WEB-1", "assignee": "none"}},
    {"action": "add_comment", "parameters": {"key": "WEB-1", "body": "never said"}},
    {"action": "link_issues", "parameters": {"key": "WEB-1", "other": "WEB-2", "type": "blocks"}},
    {"action": "unlink_issues", "parameters": {"key": "WEB-1", "other": "WEB-2"}},
    {"action": "add_worklog", "parameters": {"key": "WEB-1", "time_spent": "1h"}},
    {"action": "attach_file", "parameters": {"key": "WEB-1", "path": __file__}},
    {"action": "watch_issue", "parameters": {"key": "WEB-1"}},
    {"action": "unwatch_issue", "parameters": {"key": "WEB-1"}},
    {"action": "delete_issue", "parameters": {"key": "WEB-1"}},
    {
        "action": "bulk_change",
        "parameters": {
            "jql": "project = WEB",
            "change": {"action": "transition_issue", "parameters": {"status": "Done"}},
        },
    },
]


def _state(handle: Any) -> tuple[Any, ...]:
    client = jira_client(handle)
    issue = client.issue("WEB-1")
    count = client.search_issues("project = WEB", maxResults=0).total
    return (
        issue.fields.summary,
        issue.fields.status.name,
        getattr(issue.fields.assignee, "accountId", None),
        len(client.comments("WEB-1")),
        len(issue.fields.attachment),
        count,
    )


def test_the_list_covers_every_declared_write_action() -> None:
    from jira_chat.planning.schema import WRITE_ACTIONS

    assert {a["action"] for a in WRITES} == set(WRITE_ACTIONS)


@pytest.mark.parametrize("action", WRITES, ids=lambda a: a["action"])
def test_every_write_action_is_refused_by_the_flag(
    sandbox_env: Any, tmp_path: Path, action: dict[str, Any]
) -> None:
    before = _state(sandbox_env)
    sandbox_env.request_log.clear()
    plan_file = write_plan(tmp_path, {"actions": [action]})
    result = run_cli("--read-only", "apply", str(plan_file), "--yes")
    assert result.exit_code == 3, result.stderr
    assert "read-only mode (--read-only)" in result.stderr
    assert action["action"] in result.stderr
    assert "Apply" not in result.stderr  # refused before any preview or question
    assert sandbox_env.request_log.entries == []  # ... and before Jira was asked anything
    assert_no_traceback(result)
    assert _state(sandbox_env) == before


def test_the_environment_variable_is_named(sandbox_env: Any, monkeypatch: Any) -> None:
    monkeypatch.setenv("JIRA_CHAT_READ_ONLY", "1")
    result = run_cli("ask", "assign WEB-1 to me", "--yes")
    assert result.exit_code == 3
    assert "JIRA_CHAT_READ_ONLY=1 in the environment" in result.stderr


def test_a_dotenv_line_is_named_and_reads_still_work(sandbox_env: Any, tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("JIRA_CHAT_READ_ONLY=1\n")
    refused = run_cli("ask", "close WEB-1", "--yes")
    assert refused.exit_code == 3
    assert f"JIRA_CHAT_READ_ONLY=1 in {tmp_path / '.env'}" in refused.stderr
    read = run_cli("ask", "WEB-1", "--format", "keys")
    assert read.exit_code == 0, read.stderr
    assert read.stdout == "WEB-1\n"


def test_doctor_shows_the_mode(sandbox_env: Any, monkeypatch: Any) -> None:
    normal = run_cli("doctor")
    assert "mode\tread-write" in normal.stdout.replace("OK\t", "")
    monkeypatch.setenv("JIRA_CHAT_READ_ONLY", "yes")
    read_only = run_cli("doctor")
    assert (
        "OK\tmode\tread-only: every write is refused (JIRA_CHAT_READ_ONLY=1 in the environment)"
        in read_only.stdout
    )

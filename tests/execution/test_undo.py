"""Undo of each kind of write, through the CLI as a script runs it, checked via python-jira;
a conflict is shown and not overwritten unless asked; the journal and `log` tell the story."""

from __future__ import annotations

import json
import stat
from pathlib import Path
from typing import Any

from tests.cli.helpers import assert_no_traceback, run_cli, write_plan
from tests.execution.helpers import fresh_issue, independent_client


def _apply(tmp_path: Path, *actions: dict[str, Any]) -> Any:
    result = run_cli(
        "apply", str(write_plan(tmp_path, {"actions": list(actions)})), "--yes", "--json"
    )
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def _undo(*extra: str, code: int = 0) -> Any:
    result = run_cli("undo", "--yes", *extra)
    assert result.exit_code == code, result.stderr
    assert_no_traceback(result)
    return result


def test_undo_restores_updated_fields(sandbox_env: Any, tmp_path: Path, isolated_env: Path) -> None:
    client = independent_client(sandbox_env)
    key = fresh_issue(client, "Original summary", labels=["keep"], priority={"name": "Low"})
    _apply(
        tmp_path,
        {
            "action": "update_issue",
            "parameters": {
                "key": key,
                "summary": "Renamed",
                "priority": "Highest",
                "labels_add": ["extra"],
                "due_date": "2026-12-31",
                "description": "Now with a description",
            },
        },
    )
    journal = isolated_env / "journal.jsonl"
    assert stat.S_IMODE(journal.stat().st_mode) == 0o600
    entry = json.loads(journal.read_text().splitlines()[-1])
    assert entry["issue"] == key and entry["action"] == "update_issue"
    assert entry["before"]["summary"] == "Original summary"
    assert entry["after"]["priority"] == "Highest"
    result = _undo()
    assert "Restore" in result.stderr and "summary: Renamed → Original summary" in result.stderr
    fields = client.issue(key).fields
    assert fields.summary == "Original summary"
    assert fields.priority.name == "Low"
    assert fields.labels == ["keep"]
    assert fields.duedate is None
    assert not fields.description


def test_undo_transitions_back_or_says_no_transition_exists(
    sandbox_env: Any, tmp_path: Path
) -> None:
    client = independent_client(sandbox_env)
    key = fresh_issue(client, "Move me")
    _apply(
        tmp_path,
        {"action": "transition_issue", "parameters": {"key": key, "status": "In Progress"}},
    )
    assert client.issue(key).fields.status.name == "In Progress"
    result = _undo()
    assert 'back (via "Stop progress")' in result.stderr
    assert client.issue(key).fields.status.name == "To Do"

    client.transition_issue(key, "11")  # Start progress, outside jira-chat
    _apply(tmp_path, {"action": "transition_issue", "parameters": {"key": key, "status": "Done"}})
    refused = _undo(code=2)  # Done only reopens to To Do: there is no way back to In Progress
    assert f"no transition leads from Done back to In Progress for {key}" in refused.stderr
    assert client.issue(key).fields.status.name == "Done"


def test_undo_restores_the_previous_assignee(sandbox_env: Any, tmp_path: Path) -> None:
    client = independent_client(sandbox_env)
    key = fresh_issue(client, "Whose is it")
    _apply(tmp_path, {"action": "assign_issue", "parameters": {"key": key, "assignee": "me"}})
    assert client.issue(key).fields.assignee is not None
    _undo()
    assert client.issue(key).fields.assignee is None


def test_undo_deletes_the_added_comment(sandbox_env: Any, tmp_path: Path) -> None:
    client = independent_client(sandbox_env)
    key = fresh_issue(client, "Talk about it")
    _apply(
        tmp_path, {"action": "add_comment", "parameters": {"key": key, "body": "Oops, wrong issue"}}
    )
    assert [c.body for c in client.comments(key)] == ["Oops, wrong issue"]
    result = _undo()
    assert "Delete the comment on" in result.stderr
    assert client.comments(key) == []


def test_undo_of_a_create_deletes_only_with_the_typed_key(sandbox_env: Any, tmp_path: Path) -> None:
    client = independent_client(sandbox_env)
    data = _apply(
        tmp_path,
        {
            "action": "create_issue",
            "parameters": {"project": "WEB", "issue_type": "Task", "summary": "Made by mistake"},
        },
    )
    key = data["key"]
    kept = _undo(code=3)  # a script must name the key it deletes
    assert f"not deleted: {key} (pass --delete {key} to delete it)" in kept.stderr
    assert client.issue(key).fields.summary == "Made by mistake"
    _undo("--delete", key)
    assert not client.search_issues('project = WEB AND summary ~ "Made by mistake"')


def test_a_conflict_is_shown_and_not_overwritten_unless_asked(
    sandbox_env: Any, tmp_path: Path
) -> None:
    client = independent_client(sandbox_env)
    key = fresh_issue(client, "Contested")
    _apply(tmp_path, {"action": "update_issue", "parameters": {"key": key, "summary": "Ours"}})
    client.issue(key).update(fields={"summary": "Theirs"})  # someone else, after us
    refused = _undo(code=3)
    assert (
        f"conflict: {key} changed after jira-chat's write: summary was set to Ours, "
        "Jira now has Theirs"
    ) in refused.stderr
    assert f"not undone: {key} changed since (--overwrite to undo anyway)" in refused.stderr
    assert client.issue(key).fields.summary == "Theirs"
    _undo("--overwrite")
    assert client.issue(key).fields.summary == "Contested"


def test_log_lists_the_journal_and_an_undone_plan_is_not_undone_twice(
    sandbox_env: Any, tmp_path: Path
) -> None:
    key = fresh_issue(independent_client(sandbox_env), "Logged")
    _apply(tmp_path, {"action": "assign_issue", "parameters": {"key": key, "assignee": "me"}})
    entries = json.loads(run_cli("log", "--json").stdout)
    assert [(e["issue"], e["action"]) for e in entries] == [(key, "assign_issue")]
    plan = entries[0]["plan"]
    plain = run_cli("log").stdout.splitlines()
    assert plain[0].split("\t")[1:5] == [plan, key, "assign_issue", "assignee: (none) → Sam Rivera"]
    _undo("--plan", plan)
    again = _undo("--plan", plan, code=2)
    assert f"plan {plan} was already undone" in again.stderr
    newest = json.loads(run_cli("log", "--json").stdout)[0]
    assert newest["undoes"] == plan and newest["issue"] == key
    assert "nothing to undo" in _undo(code=2).stderr


def test_undo_without_a_terminal_or_yes_is_refused(sandbox_env: Any, tmp_path: Path) -> None:
    key = fresh_issue(independent_client(sandbox_env), "Careful")
    _apply(tmp_path, {"action": "assign_issue", "parameters": {"key": key, "assignee": "me"}})
    result = run_cli("undo")
    assert result.exit_code == 3
    assert "nobody can confirm" in result.stderr
    read_only = run_cli("--read-only", "undo", "--yes")
    assert read_only.exit_code == 3 and "read-only mode (--read-only)" in read_only.stderr


def test_undo_removes_the_added_link_worklog_and_watcher(sandbox_env: Any, tmp_path: Path) -> None:
    client = independent_client(sandbox_env)
    key, other = fresh_issue(client, "Linked"), fresh_issue(client, "Blocker")
    watchers_before = client.watchers(key).watchCount
    _apply(
        tmp_path,
        {"action": "link_issues", "parameters": {"key": key, "other": other, "type": "blocks"}},
        {"action": "add_worklog", "parameters": {"key": key, "time_spent": "2h"}},
        {"action": "watch_issue", "parameters": {"key": key, "user": "Priya"}},
    )
    assert client.issue(key).fields.issuelinks
    assert [w.timeSpentSeconds for w in client.worklogs(key)] == [7200]
    assert client.watchers(key).watchCount == watchers_before + 1
    result = _undo()
    assert "Unlink" in result.stderr and "Delete the worklog on" in result.stderr
    assert not client.issue(key).fields.issuelinks
    assert client.worklogs(key) == []
    assert client.watchers(key).watchCount == watchers_before


def test_undo_never_claims_custom_fields_are_back(sandbox_env: Any, tmp_path: Path) -> None:
    client = independent_client(sandbox_env)
    key = fresh_issue(client, "Estimated once")
    _apply(
        tmp_path,
        {"action": "update_issue", "parameters": {"key": key, "fields": {"Story Points": 3}}},
    )
    result = run_cli("undo", "--yes")
    assert f"jira-chat cannot undo changes to Story Points on {key}" in result.stderr
    assert "already has its earlier values" not in result.stderr
    assert client.issue(key).raw["fields"]["customfield_10016"] == 3

"""bulk_change against the sandbox, through the CLI as a script runs it, checked via python-jira.

60 issues labelled `batch`: 40 In Progress (can move to In Review), 10 already In Review
(no-ops), 10 To Do (no direct transition to In Review: impossible).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from tests.cli.helpers import assert_no_traceback, run_cli, write_plan
from tests.execution.helpers import fresh_issue
from tests.fixtures.sandbox import jira_client

TO_REVIEW = {
    "action": "bulk_change",
    "parameters": {
        "jql": "labels = batch ORDER BY key ASC",
        "change": {"action": "transition_issue", "parameters": {"status": "In Review"}},
    },
}


def _batch(handle: Any, *, in_progress: int, in_review: int, todo: int) -> dict[str, list[str]]:
    client = jira_client(handle)
    keys = [
        fresh_issue(client, f"Batch task {n}", project={"key": "OPS"}, labels=["batch"])
        for n in range(in_progress + in_review + todo)
    ]
    groups = {
        "In Progress": keys[:in_progress],
        "In Review": keys[in_progress : in_progress + in_review],
        "To Do": keys[in_progress + in_review :],
    }
    for key in groups["In Progress"] + groups["In Review"]:
        client.transition_issue(key, "11")  # Start progress
    for key in groups["In Review"]:
        client.transition_issue(key, "31")  # Request review
    return groups


def _statuses(handle: Any) -> dict[str, str]:
    client = jira_client(handle)
    found = client.search_issues("labels = batch", maxResults=200, fields="status")
    return {str(issue.key): issue.fields.status.name for issue in found}


@pytest.fixture
def batch(sandbox_env: Any) -> dict[str, list[str]]:
    """60 issues: 40 In Progress, 10 In Review, 10 To Do."""
    return _batch(sandbox_env, in_progress=40, in_review=10, todo=10)


def test_the_cap_refuses_60_then_max_60_changes_what_it_can(
    sandbox_env: Any, batch: dict[str, list[str]], tmp_path: Path
) -> None:
    """Above the cap nothing changes and the message says how to raise it; with --max 60 the
    no-ops are skipped and the impossible ones are named, before and after."""
    before = _statuses(sandbox_env)
    sandbox_env.request_log.clear()
    result = run_cli("apply", str(write_plan(tmp_path, {"actions": [TO_REVIEW]})), "--yes")
    assert result.exit_code == 2, result.stderr
    # Jira Cloud counts a large set only approximately ("about 60"); Server exactly.
    assert re.search(
        r"selects (about )?60 issues, more than the cap of 50; nothing was changed", result.stderr
    )
    assert "--max 60" in result.stderr
    assert_no_traceback(result)
    assert _statuses(sandbox_env) == before
    assert [e for e in sandbox_env.request_log.entries if e.startswith(("PUT", "DELETE"))] == []
    assert not any(
        "/transitions" in e for e in sandbox_env.request_log.entries if e.startswith("POST")
    )

    plan_file = write_plan(tmp_path, {"actions": [TO_REVIEW]})
    result = run_cli("apply", str(plan_file), "--yes", "--max", "60", "--json")
    assert result.exit_code == 0, result.stderr
    rows = {row["key"]: row for row in json.loads(result.stdout)}
    assert len(rows) == 60
    assert {rows[k]["result"] for k in batch["In Progress"]} == {"done"}
    assert {rows[k]["result"] for k in batch["In Review"]} == {"already"}
    assert {rows[k]["result"] for k in batch["To Do"]} == {"impossible"}
    todo = batch["To Do"][0]
    assert rows[todo]["reason"].startswith(f"{todo} has no transition to 'In Review' from 'To Do'")
    # The preview named them before the change, and the summary counts them after.
    assert "40 issues to change\n10 already done: " in result.stderr
    assert f"10 impossible: {', '.join(batch['To Do'])}" in result.stderr
    assert "40 done, 10 already, 10 impossible" in result.stderr
    statuses = _statuses(sandbox_env)
    assert {statuses[k] for k in batch["In Progress"] + batch["In Review"]} == {"In Review"}
    assert {statuses[k] for k in batch["To Do"]} == {"To Do"}


def test_an_injected_500_fails_one_issue_the_others_are_done_and_exit_is_1(
    sandbox_env: Any, tmp_path: Path
) -> None:
    groups = _batch(sandbox_env, in_progress=12, in_review=0, todo=0)
    broken = groups["In Progress"][5]
    assert sandbox_env.faults is not None
    sandbox_env.faults.add(rf"/issue/{broken}/transitions$", method="POST", status=500)
    plan_file = write_plan(tmp_path, {"actions": [TO_REVIEW]})
    result = run_cli("apply", str(plan_file), "--yes", "--format", "csv")
    assert result.exit_code == 1, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "key,result,reason,summary,url"
    failed = [line for line in lines[1:] if ",failed," in line]
    assert len(failed) == 1 and failed[0].startswith(f"{broken},failed,")
    assert "12 issues" not in failed[0] and "500" in failed[0]
    assert f"11 done, 1 failed (failed: {broken})" in result.stderr
    assert_no_traceback(result)
    statuses = _statuses(sandbox_env)
    assert statuses.pop(broken) == "In Progress"
    assert set(statuses.values()) == {"In Review"}


def test_a_bulk_change_is_journaled_and_one_undo_reverses_it(
    sandbox_env: Any, tmp_path: Path
) -> None:
    groups = _batch(sandbox_env, in_progress=3, in_review=0, todo=0)
    plan = {
        "actions": [
            {
                "action": "bulk_change",
                "parameters": {
                    "keys": groups["In Progress"],
                    "change": {
                        "action": "update_issue",
                        "parameters": {"labels_add": ["security"]},
                    },
                },
            }
        ]
    }
    done = run_cli("apply", str(write_plan(tmp_path, plan)), "--yes")
    assert done.exit_code == 0, done.stderr
    client = jira_client(sandbox_env)
    assert all("security" in client.issue(k).fields.labels for k in groups["In Progress"])
    log = json.loads(run_cli("log", "--json").stdout)
    assert sorted(e["issue"] for e in log) == sorted(groups["In Progress"])
    assert len({e["plan"] for e in log}) == 1
    undone = run_cli("undo", "--yes")
    assert undone.exit_code == 0, undone.stderr
    assert all(client.issue(k).fields.labels == ["batch"] for k in groups["In Progress"])

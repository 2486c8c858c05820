"""No-ops, `$1` references and the duplicate check, through the CLI on the sandbox."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.cli.helpers import assert_no_traceback, run_cli, write_plan
from tests.execution.helpers import fresh_issue, independent_client

CREATE_AND_ASSIGN = {
    "actions": [
        {
            "action": "create_issue",
            "parameters": {"project": "WEB", "issue_type": "Bug", "summary": "Checkout fails"},
        },
        {"action": "assign_issue", "parameters": {"key": "$1", "assignee": "me"}},
        {"action": "transition_issue", "parameters": {"key": "$1", "status": "In Progress"}},
    ]
}


def test_a_later_action_acts_on_the_issue_an_earlier_one_created(
    sandbox_env: Any, tmp_path: Path
) -> None:
    plan_file = write_plan(tmp_path, CREATE_AND_ASSIGN)
    preview = run_cli("apply", str(plan_file), "--dry-run")
    assert preview.exit_code == 0, preview.stderr
    assert "Assign (new issue) (the issue of action 1)" in preview.stderr
    assert "Transition (new issue)" in preview.stderr
    done = run_cli("apply", str(plan_file), "--yes", "--json")
    assert done.exit_code == 0, done.stderr
    created, assigned, moved = json.loads(done.stdout)
    assert assigned["key"] == moved["key"] == created["key"]
    issue = independent_client(sandbox_env).issue(created["key"])
    assert issue.fields.summary == "Checkout fails"
    assert issue.fields.assignee.displayName == "Sam Rivera"
    assert issue.fields.status.name == "In Progress"


def test_a_reference_must_point_back_at_a_write() -> None:
    plan = {"actions": [{"action": "assign_issue", "parameters": {"key": "$1", "assignee": "me"}}]}
    result = run_cli("apply", "-", "--dry-run", input=json.dumps(plan))
    assert result.exit_code == 2
    assert "$1 must refer to an earlier action" in result.stderr


def test_a_no_op_is_already_exit_0_and_the_rest_of_the_plan_goes_on(
    sandbox_env: Any, tmp_path: Path
) -> None:
    client = independent_client(sandbox_env)
    key = fresh_issue(client, "Mine already")
    assert run_cli("ask", f"assign {key} to me", "--yes").exit_code == 0
    again = run_cli("ask", f"assign {key} to me")  # no --yes, no terminal: nothing to send
    assert again.exit_code == 0, again.stderr
    assert again.stdout == f"{key}\tassign_issue\t{sandbox_env.url}/browse/{key}\talready\n"
    plan = {
        "actions": [
            {"action": "assign_issue", "parameters": {"key": key, "assignee": "me"}},
            {"action": "transition_issue", "parameters": {"key": key, "status": "In Progress"}},
        ]
    }
    result = run_cli("apply", str(write_plan(tmp_path, plan)), "--yes", "--json")
    assert result.exit_code == 0, result.stderr
    assert f"already: {key} is assigned to Sam Rivera (skipped)" in result.stderr
    already, moved = json.loads(result.stdout)
    assert already == {
        "action": "assign_issue",
        "key": key,
        "url": f"{sandbox_env.url}/browse/{key}",
        "result": "already",
        "message": f"{key} is assigned to Sam Rivera",
    }
    assert moved["result"] == "done"
    assert client.issue(key).fields.status.name == "In Progress"
    table = run_cli("ask", f"move {key} to in progress", "--format", "table")
    assert table.exit_code == 0 and table.stdout.strip() == f"already: {key} is in In Progress"


def test_the_create_preview_and_json_list_possible_duplicates(
    sandbox_env: Any, tmp_path: Path
) -> None:
    twin = fresh_issue(independent_client(sandbox_env), "Checkout button does nothing on Safari")
    near = {
        "action": "create_issue",
        "parameters": {
            "project": "WEB",
            "issue_type": "Bug",
            "summary": "Checkout button does nothing in Safari",
        },
    }
    result = run_cli("apply", str(write_plan(tmp_path, {"actions": [near]})), "--yes", "--json")
    assert result.exit_code == 0, result.stderr  # flagged, never blocked
    assert "possible duplicates (open, similar summary):" in result.stderr
    assert f"{twin} (" in result.stderr
    data = json.loads(result.stdout)
    assert data["possible_duplicates"][0]["key"] == twin
    assert data["possible_duplicates"][0]["similarity"] >= 90
    assert_no_traceback(result)
    unrelated = dict(near, parameters=dict(near["parameters"], summary="Rotate staging TLS certs"))
    other = run_cli("apply", str(write_plan(tmp_path, {"actions": [unrelated]})), "--yes", "--json")
    assert other.exit_code == 0, other.stderr
    assert json.loads(other.stdout)["possible_duplicates"] == []
    assert "possible duplicates" not in other.stderr

"""Links, worklogs, watchers, deletion, boards and sprints from the command line, on both
flavors, through `apply` and through a Gemini plan (the real SDK against the fake Gemini
server); what changed is checked with an independent python-jira client."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from jira import JIRAError

from tests.cli.helpers import assert_no_traceback, run_cli, write_plan
from tests.fixtures.sandbox import jira_client

Runner = Callable[[list[dict[str, Any]]], Any]


@pytest.fixture(params=["cloud", "server"])
def flavored(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    handle = request.getfixturevalue("sandbox" if request.param == "cloud" else "server_sandbox")
    for name, value in handle.env().items():
        monkeypatch.setenv(name, value)
    yield handle


@pytest.fixture(params=["apply", "gemini"])
def run_plan(request: pytest.FixtureRequest, flavored: Any, tmp_path: Path) -> Runner:
    """Run a list of actions with --yes --json, either from a plan file or as Gemini's plan."""

    def via_apply(actions: list[dict[str, Any]]) -> Any:
        result = run_cli(
            "apply", str(write_plan(tmp_path, {"actions": actions})), "--yes", "--json"
        )
        assert result.exit_code == 0, result.stderr
        assert_no_traceback(result)
        return json.loads(result.stdout)

    def via_gemini(actions: list[dict[str, Any]]) -> Any:
        gemini = request.getfixturevalue("fake_gemini")
        gemini.queue_plan({"actions": actions})
        result = run_cli("ask", "please do what the plan says", "--yes", "--json")
        assert result.exit_code == 0, result.stderr
        assert gemini.pending == 0
        return json.loads(result.stdout)

    return via_apply if request.param == "apply" else via_gemini


def _fresh(client: Any, summary: str) -> str:
    issue = client.create_issue(
        fields={"project": {"key": "WEB"}, "issuetype": {"name": "Task"}, "summary": summary}
    )
    return str(issue.key)


def _watcher_names(client: Any, key: str) -> set[str]:
    return {w.displayName for w in client.watchers(key).watchers}


def test_link_log_and_watch_then_undo(flavored: Any, run_plan: Runner) -> None:
    client = jira_client(flavored)
    blocked, blocker = _fresh(client, "Blocked one"), _fresh(client, "Blocker")
    done = run_plan(
        [
            {"action": "link_issues", "parameters": {"key": blocked, "other": blocker, "type": "is blocked by"}},
            {"action": "add_worklog", "parameters": {"key": blocked, "time_spent": "1d 2h 30m", "comment": "pairing"}},
            {"action": "watch_issue", "parameters": {"key": blocked, "user": "Jordan Lee"}},
        ]
    )  # fmt: skip
    assert [r["action"] for r in done] == ["link_issues", "add_worklog", "watch_issue"]
    assert done[1]["changes"]["time_logged"] == {"from": "0m", "to": "1d 2h 30m"}
    # Direction follows the wording: the blocker lists the blocked issue as what it blocks.
    links = client.issue(blocker).fields.issuelinks
    assert [(lk.type.name, lk.outwardIssue.key) for lk in links] == [("Blocks", blocked)]
    assert sum(w.timeSpentSeconds for w in client.worklogs(blocked)) == 8 * 3600 + 2 * 3600 + 1800
    assert "Jordan Lee" in _watcher_names(client, blocked)

    run_plan(
        [
            {"action": "unlink_issues", "parameters": {"key": blocker, "other": blocked}},
            {"action": "unwatch_issue", "parameters": {"key": blocked, "user": "Jordan Lee"}},
        ]
    )
    assert client.issue(blocker).fields.issuelinks == []
    assert "Jordan Lee" not in _watcher_names(client, blocked)


def test_delete_removes_the_issue(flavored: Any, run_plan: Runner) -> None:
    client = jira_client(flavored)
    key = _fresh(client, "Delete me")
    client.add_comment(key, "a comment that goes with it")
    done = run_plan([{"action": "delete_issue", "parameters": {"key": key}}])
    assert done["action"] == "delete_issue" and done["changes"]["comments"]["from"] == 1
    with pytest.raises(JIRAError) as missing:
        client.issue(key)
    assert missing.value.status_code == 404


def test_boards_and_sprints_in_every_format(flavored: Any, tmp_path: Path) -> None:
    plan = write_plan(
        tmp_path, {"actions": [{"action": "list_sprints", "parameters": {"project": "WEB"}}]}
    )
    as_json = json.loads(run_cli("apply", str(plan), "--json").stdout)
    assert [(s["name"], s["state"]) for s in as_json] == [
        ("WEB Sprint 1", "closed"), ("WEB Sprint 2", "active"), ("WEB Sprint 3", "future"),
    ]  # fmt: skip
    ids = [str(s["id"]) for s in as_json]
    assert run_cli("apply", str(plan), "--format", "keys").stdout.split() == ids
    plain = run_cli("apply", str(plan), "--format", "plain").stdout.splitlines()
    assert [line.split("\t")[1:3] for line in plain] == [["WEB Sprint 1", "closed"], ["WEB Sprint 2", "active"], ["WEB Sprint 3", "future"]]  # fmt: skip
    csv_lines = run_cli("apply", str(plan), "--format", "csv").stdout.splitlines()
    assert csv_lines[0] == "id,name,state,board,start,end,goal" and len(csv_lines) == 4
    table = run_cli("apply", str(plan), "--format", "table")
    assert "WEB Sprint 2" in table.stdout and "active" in table.stdout

    boards = write_plan(tmp_path, {"actions": [{"action": "list_boards", "parameters": {}}]})
    names = [b["name"] for b in json.loads(run_cli("apply", str(boards), "--json").stdout)]
    assert names == ["WEB board", "API board", "OPS board"]


def test_two_deletions_in_one_plan_are_refused(flavored: Any, tmp_path: Path) -> None:
    client = jira_client(flavored)
    first, second = _fresh(client, "one"), _fresh(client, "two")
    plan = write_plan(
        tmp_path,
        {
            "actions": [
                {"action": "delete_issue", "parameters": {"key": k}} for k in (first, second)
            ]
        },
    )
    result = run_cli("apply", str(plan), "--yes")
    assert result.exit_code == 2 and "at most one issue" in result.stderr
    assert client.issue(first).key == first and client.issue(second).key == second


def test_a_deletion_without_yes_and_without_a_terminal_changes_nothing(
    flavored: Any, tmp_path: Path
) -> None:
    client = jira_client(flavored)
    key = _fresh(client, "Keep me")
    plan = write_plan(
        tmp_path, {"actions": [{"action": "delete_issue", "parameters": {"key": key}}]}
    )
    result = run_cli("apply", str(plan))
    assert result.exit_code == 3
    assert f"DELETE {key}" in result.stderr
    assert client.issue(key).key == key


SPRINT_FIELD = "customfield_10020"  # the sandbox's Sprint field (found by name in the app)


def test_create_a_subtask_and_move_an_issue_to_an_epic_and_a_sprint(
    flavored: Any, run_plan: Runner
) -> None:
    client = jira_client(flavored)
    story = _fresh(client, "Story with a sub-task")
    moved = _fresh(client, "Moves to an epic")
    done = run_plan(
        [
            {"action": "create_issue", "parameters": {"project": "WEB", "issue_type": "Sub-task", "summary": "Child", "parent": story, "components": ["frontend"], "sprint": "the active sprint"}},
            {"action": "update_issue", "parameters": {"key": moved, "parent": "WEB-1", "components_add": ["Checkout"], "sprint": "WEB Sprint 3"}},
        ]
    )  # fmt: skip
    child = client.issue(done[0]["key"]).raw["fields"]
    assert child["parent"]["key"] == story and child["issuetype"]["name"] == "Sub-task"
    assert [c["name"] for c in child["components"]] == ["Frontend"]
    assert [s["name"] for s in child[SPRINT_FIELD]] == ["WEB Sprint 2"]
    after = client.issue(moved).raw["fields"]
    assert after["parent"]["key"] == "WEB-1"
    assert [c["name"] for c in after["components"]] == ["Checkout"]
    assert [s["name"] for s in after[SPRINT_FIELD]] == ["WEB Sprint 3"]
    assert done[1]["changes"]["epic"]["to"].startswith("WEB-1:")


def test_fix_versions_by_name_on_create_and_update(flavored: Any, run_plan: Runner) -> None:
    client = jira_client(flavored)
    existing = _fresh(client, "Ships in 2.0")
    client.issue(existing).update(fields={"fixVersions": [{"name": "1.1"}]})
    done = run_plan(
        [
            {"action": "create_issue", "parameters": {"project": "WEB", "issue_type": "Task", "summary": "Versioned", "fix_versions": ["2.0", "1.1"]}},
            {"action": "update_issue", "parameters": {"key": existing, "fix_versions_add": ["2.0"], "fix_versions_remove": ["1.1"]}},
        ]
    )  # fmt: skip
    created = client.issue(done[0]["key"]).raw["fields"]
    assert sorted(v["name"] for v in created["fixVersions"]) == ["1.1", "2.0"]
    assert [v["name"] for v in client.issue(existing).raw["fields"]["fixVersions"]] == ["2.0"]
    assert done[1]["changes"]["fix_versions"] == {"from": ["1.1"], "to": ["2.0"]}

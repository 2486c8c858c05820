"""`jira-chat ask` against the sandbox, as a user or a script sees it."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.cli.helpers import assert_no_traceback, run_cli, write_plan
from tests.fixtures.sandbox import jira_client


def _all_keys(handle: Any, jql: str) -> list[str]:
    client = jira_client(handle)
    issues = client.enhanced_search_issues(jql, maxResults=0, fields=["summary"])
    return [issue.key for issue in issues]


def test_issue_key_shows_the_issue_as_json(sandbox_env: Any) -> None:
    result = run_cli("ask", "WEB-1", "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    issue = jira_client(sandbox_env).issue("WEB-1")
    assert data["key"] == "WEB-1"
    assert data["summary"] == issue.fields.summary
    assert data["status"] == issue.fields.status.name
    assert {"description", "comments", "transitions", "url"} <= set(data)
    assert data["url"].endswith("/browse/WEB-1")


def test_search_keys_are_the_first_page_and_the_count_goes_to_stderr(sandbox_env: Any) -> None:
    jql = "project = WEB ORDER BY key ASC"
    expected = _all_keys(sandbox_env, jql)
    result = run_cli("ask", f"jql: {jql}", "--format", "keys")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.split("\n")[:-1] == expected[:20]
    # Cloud counts beyond the first page are approximate, and say so.
    assert f"showing 20 of ≈{len(expected)}" in result.stderr


def test_plain_format_is_tab_separated_with_no_escapes(sandbox_env: Any) -> None:
    result = run_cli("ask", "jql: project = OPS ORDER BY key ASC")  # not a TTY → plain
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines and all(line.count("\t") == 6 for line in lines)
    assert lines[0].startswith("OPS-1\t")
    assert "\x1b[" not in result.stdout + result.stderr


def test_unknown_format_is_a_usage_error(sandbox_env: Any) -> None:
    result = run_cli("ask", "WEB-1", "--format", "yaml")
    assert result.exit_code == 2
    assert "unknown format 'yaml'" in result.stderr
    assert "keys" in result.stderr


def test_missing_issue_is_one_line_and_exit_1(sandbox_env: Any) -> None:
    result = run_cli("ask", "WEB-9999")
    assert result.exit_code == 1
    assert "WEB-9999" in result.stderr
    assert_no_traceback(result)
    assert result.stdout == ""


def test_write_without_tty_or_yes_is_refused_and_changes_nothing(sandbox_env: Any) -> None:
    client = jira_client(sandbox_env)
    key = next(
        issue.key
        for issue in client.enhanced_search_issues(
            "project = WEB AND (assignee != currentUser() OR assignee IS EMPTY) ORDER BY key",
            maxResults=5,
        )
    )
    before = client.issue(key).fields.assignee
    result = run_cli("ask", f"assign {key} to me")
    assert result.exit_code == 3, result.stderr
    assert "--yes" in result.stderr
    after = client.issue(key).fields.assignee
    assert (before and before.displayName) == (after and after.displayName)


def test_dry_run_previews_and_changes_nothing(sandbox_env: Any) -> None:
    client = jira_client(sandbox_env)
    before = client.issue("WEB-3").fields.status.name
    target = "Done" if before != "Done" else "To Do"
    result = run_cli("ask", f"move WEB-3 to {target}", "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert "WEB-3" in result.stderr and target in result.stderr
    assert client.issue("WEB-3").fields.status.name == before


def test_yes_applies_a_write_and_reports_it_as_json(sandbox_env: Any) -> None:
    result = run_cli("ask", "comment on WEB-4: checked on staging", "--yes", "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["action"] == "add_comment" and data["key"] == "WEB-4"
    bodies = [c.body for c in jira_client(sandbox_env).comments("WEB-4")]
    assert any("checked on staging" in body for body in bodies)


def test_plan_flag_prints_the_plan_and_stops(sandbox_env: Any) -> None:
    result = run_cli("ask", "assign WEB-5 to me", "--plan")
    assert result.exit_code == 0, result.stderr
    plan = json.loads(result.stdout)
    assert plan["actions"] == [
        {"action": "assign_issue", "parameters": {"key": "WEB-5", "assignee": "me"}}
    ]


def test_oversize_stdin_is_refused_clearly(sandbox_env: Any) -> None:
    result = run_cli("ask", "create a task in WEB from this", input="x" * (65 * 1024))
    assert result.exit_code == 2
    assert "64 KiB" in result.stderr
    assert_no_traceback(result)


def test_request_from_stdin(sandbox_env: Any) -> None:
    result = run_cli("ask", "-", "--format", "keys", input="WEB-7\n")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "WEB-7\n"


def test_without_jira_config_says_what_to_set(monkeypatch: pytest.MonkeyPatch) -> None:
    result = run_cli("ask", "WEB-1")
    assert result.exit_code == 2
    assert "JIRA_URL" in result.stderr
    assert "--sandbox" in result.stderr
    assert "doctor" in result.stderr
    assert_no_traceback(result)


def test_sandbox_flag_needs_no_configuration() -> None:
    result = run_cli("--sandbox", "ask", "WEB-1", "--format", "plain")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("WEB-1\t")


def test_sandbox_env_variable_works_like_the_flag(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JIRA_CHAT_SANDBOX", "1")
    result = run_cli("ask", "WEB-1", "--format", "keys")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "WEB-1\n"


def test_offline_planner_lists_what_it_understands(sandbox_env: Any) -> None:
    result = run_cli("ask", "summarise the last sprint for me")
    assert result.exit_code == 2
    assert "GEMINI_API_KEY" in result.stderr
    assert_no_traceback(result)


def test_sandbox_database_is_private(isolated_env: Any) -> None:
    result = run_cli("--sandbox", "ask", "WEB-1", "--format", "keys")
    assert result.exit_code == 0, result.stderr
    database = isolated_env / "sandbox.sqlite3"
    assert database.stat().st_mode & 0o777 == 0o600  # it holds the sandbox's tokens
    for sidecar in database.parent.glob("sandbox.sqlite3-*"):
        assert sidecar.stat().st_mode & 0o077 == 0, sidecar


@pytest.mark.parametrize("partial", ["p", "ali", "jo"])
def test_a_partial_name_is_never_taken_on_trust(sandbox_env: Any, partial: str) -> None:
    before = jira_client(sandbox_env).issue("WEB-12").fields.assignee
    result = run_cli("ask", f"assign WEB-12 to {partial}", "--yes")
    assert result.exit_code == 2
    assert f"'{partial}' only partly matches a user" in result.stderr
    after = jira_client(sandbox_env).issue("WEB-12").fields.assignee
    assert (before and before.displayName) == (after and after.displayName)


def test_escape_codes_from_jira_never_reach_the_terminal(sandbox_env: Any) -> None:
    client = jira_client(sandbox_env)
    issue = client.create_issue(
        project="WEB", issuetype={"name": "Task"}, summary="Title \x1b]0;pwned\x07 \x1b[8mhidden"
    )
    for fmt in ("plain", "csv", "table"):
        result = run_cli("ask", issue.key, "--format", fmt)
        assert result.exit_code == 0, result.stderr
        assert "\x1b" not in result.stdout and "\x07" not in result.stdout, fmt
        assert "hidden" in result.stdout


def test_escape_codes_in_a_plan_are_refused(sandbox_env: Any, tmp_path: Any) -> None:
    plan = {
        "actions": [
            {"action": "add_comment", "parameters": {"key": "WEB-1", "body": "ok \x1b[8msecret"}}
        ]
    }
    plan_file = write_plan(tmp_path, plan)
    result = run_cli("apply", str(plan_file), "--yes")
    assert result.exit_code == 2
    assert "control characters" in result.stderr


@pytest.mark.parametrize(
    "request_text",
    ['move WEB-1 to ""', f"create a bug in WEB: {'x' * 300}"],
    ids=["empty-status", "long-summary"],
)
def test_requests_the_schema_refuses_are_usage_errors(sandbox_env: Any, request_text: str) -> None:
    result = run_cli("ask", request_text, "--yes")
    assert result.exit_code == 2
    assert "cannot make that request into a valid plan" in result.stderr
    assert_no_traceback(result)


def test_an_unknown_default_project_is_the_same_clean_error_as_one_in_the_request(
    sandbox_env: Any,
) -> None:
    in_request = run_cli("ask", "open bugs in NOPE")
    by_flag = run_cli("--project", "NOPE", "ask", "open bugs")
    assert in_request.exit_code == by_flag.exit_code != 0
    assert "no project 'NOPE' in this Jira; projects: API (Public API)" in by_flag.stderr
    assert "rejected the JQL" not in by_flag.stderr
    assert by_flag.stderr.splitlines()[0] == in_request.stderr.splitlines()[0]
    assert_no_traceback(by_flag)


def test_a_default_project_given_by_name_is_used_by_key(sandbox_env: Any) -> None:
    result = run_cli("--project", "web", "ask", "open bugs", "--format", "keys")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.split() and all(k.startswith("WEB-") for k in result.stdout.split())

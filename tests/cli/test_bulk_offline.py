"""Offline bulk requests end to end: `jira-chat ask "move all my in-review issues to done"`
through the CLI on both sandbox flavors, the result checked through python-jira.

The selection must be exactly the search the words make (the same JQL, run independently
here before the change), every other issue must be untouched, and the bulk confirmation
rules hold: --yes applies, no TTY without --yes refuses (exit 3), --dry-run only previews,
more than the cap is refused before anything changes, and at a terminal "n" changes nothing.
"""

from __future__ import annotations

import os
import sys
from typing import Any

import pytest

from tests.cli.helpers import assert_no_traceback, run_cli
from tests.execution.helpers import fresh_issue
from tests.fixtures.sandbox import SandboxFactory, jira_client

MY_IN_REVIEW = 'assignee = currentUser() AND status = "In Review"'
ALL = "project in (WEB, API, OPS) ORDER BY key"


@pytest.fixture(params=["cloud", "server"])
def flavored(
    request: pytest.FixtureRequest, sandbox_factory: SandboxFactory, monkeypatch: pytest.MonkeyPatch
) -> Any:
    """A sandbox of each flavor with JIRA_* pointing the CLI at it."""
    handle = sandbox_factory(request.param)
    for name, value in handle.env().items():
        monkeypatch.setenv(name, value)
    return handle


def _snapshot(handle: Any) -> dict[str, tuple[str, str | None, tuple[str, ...]]]:
    """Every issue's status, assignee and labels, read by an independent python-jira client."""
    found = jira_client(handle).search_issues(
        ALL, maxResults=False, fields="status,assignee,labels"
    )
    return {
        str(issue.key): (
            issue.fields.status.name,
            issue.fields.assignee.displayName if issue.fields.assignee else None,
            tuple(sorted(issue.fields.labels or ())),
        )
        for issue in found
    }


def _keys(handle: Any, jql: str) -> set[str]:
    return {str(i.key) for i in jira_client(handle).search_issues(jql, maxResults=False)}


def _writes(handle: Any) -> list[str]:
    """Requests that change something (searches are POSTs too, and read only)."""
    return [
        e
        for e in handle.request_log.entries
        if e.startswith(("POST", "PUT", "DELETE")) and "/search" not in e
    ]


def test_move_all_my_in_review_issues_to_done_changes_exactly_that_search(flavored: Any) -> None:
    selected = _keys(flavored, MY_IN_REVIEW)
    assert selected  # the demo gives the sandbox user issues in review
    before = _snapshot(flavored)
    result = run_cli("ask", "move all my in-review issues to done", "--yes")
    assert result.exit_code == 0, result.stderr
    assert_no_traceback(result)
    after = _snapshot(flavored)
    for key in selected:
        assert after[key][0] == "Done", key
        assert result.stdout.count(key) >= 1  # the report names every issue changed
    assert {k: v for k, v in after.items() if k not in selected} == {
        k: v for k, v in before.items() if k not in selected
    }


def test_assign_all_unassigned_bugs_in_web_to_alice(flavored: Any) -> None:
    selected = _keys(flavored, "project = WEB AND issuetype = Bug AND assignee is EMPTY")
    assert selected
    before = _snapshot(flavored)
    result = run_cli("ask", "assign all unassigned bugs in WEB to alice", "--yes")
    assert result.exit_code == 0, result.stderr
    after = _snapshot(flavored)
    assert {after[k][1] for k in selected} == {"Alice Nguyen"}
    assert {k: v for k, v in after.items() if k not in selected} == {
        k: v for k, v in before.items() if k not in selected
    }


def test_add_a_label_to_all_bugs_in_api_created_this_week(flavored: Any) -> None:
    client = jira_client(flavored)
    new = {
        fresh_issue(client, f"Fresh bug {n}", project={"key": "API"}, issuetype={"name": "Bug"})
        for n in range(3)
    }
    selected = _keys(flavored, "project = API AND issuetype = Bug AND created >= startOfWeek()")
    assert new <= selected
    before = _snapshot(flavored)
    result = run_cli("ask", "add label triage to all bugs in API created this week", "--yes")
    assert result.exit_code == 0, result.stderr
    after = _snapshot(flavored)
    assert {k for k, v in after.items() if "triage" in v[2]} == selected
    assert {k: v for k, v in after.items() if k not in selected} == {
        k: v for k, v in before.items() if k not in selected
    }


def test_without_a_terminal_or_yes_the_preview_lists_every_issue_and_nothing_changes(
    flavored: Any,
) -> None:
    selected = _keys(flavored, MY_IN_REVIEW)
    before = _snapshot(flavored)
    flavored.request_log.clear()
    result = run_cli("ask", "move all my in-review issues to done")
    assert result.exit_code == 3
    assert "nobody can confirm" in result.stderr
    for key in selected:
        assert key in result.stdout + result.stderr
    assert f"{len(selected)} issues to change" in result.stdout + result.stderr
    assert _snapshot(flavored) == before
    assert _writes(flavored) == []


def test_dry_run_previews_the_bulk_change_and_exits_0(flavored: Any) -> None:
    before = _snapshot(flavored)
    flavored.request_log.clear()
    result = run_cli("ask", "close all open bugs in OPS assigned to me", "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert "Done" in result.stdout + result.stderr
    assert _snapshot(flavored) == before
    assert _writes(flavored) == []


def test_a_selection_over_the_cap_is_refused_before_anything_changes(flavored: Any) -> None:
    assert len(_keys(flavored, "project = WEB")) > 50
    before = _snapshot(flavored)
    flavored.request_log.clear()
    result = run_cli("ask", "add label wide to all issues in WEB", "--yes")
    assert result.exit_code == 2
    assert "more than the cap of 50; nothing was changed" in result.stderr
    assert "--max" in result.stderr
    assert _snapshot(flavored) == before
    assert _writes(flavored) == []


def test_an_unreadable_selection_is_refused_and_changes_nothing(flavored: Any) -> None:
    before = _snapshot(flavored)
    result = run_cli("ask", "close all my blorp bugs in OPS", "--yes")
    assert result.exit_code == 2
    assert "did not understand 'blorp'" in result.stderr
    assert "nearest form:" in result.stderr
    assert _snapshot(flavored) == before


pexpect = pytest.importorskip("pexpect")


@pytest.mark.parametrize("answer", ["n", "y"])
def test_at_a_terminal_one_question_covers_the_whole_bulk_change(
    sandbox_env: Any, answer: str
) -> None:
    selected = _keys(sandbox_env, MY_IN_REVIEW)
    before = _snapshot(sandbox_env)
    env = dict(os.environ, NO_COLOR="1", TERM="xterm", PYTHONUNBUFFERED="1")
    child = pexpect.spawn(
        sys.executable,
        ["-m", "jira_chat", "ask", "move all my in-review issues to done"],
        env=env,
        encoding="utf-8",
        timeout=20,
        dimensions=(40, 160),
    )
    child.expect_exact(f"{len(selected)} issues to change")
    child.expect(r"\[y/N\]")
    child.sendline(answer)
    child.expect(pexpect.EOF)
    child.close()
    after = _snapshot(sandbox_env)
    if answer == "n":
        assert child.exitstatus == 3
        assert after == before
    else:
        assert child.exitstatus == 0
        assert {after[k][0] for k in selected} == {"Done"}

"""Custom fields by display name and attachments from the command line, on both flavors:
through `apply`, through a Gemini plan (the real SDK against the fake Gemini server) and
through the offline forms; what changed is checked with an independent python-jira client."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from jira_chat.planning.actions.attach_file import ATTACHMENT_LIMIT
from jira_chat.sandbox.api_versions import UPLOAD_LIMIT
from tests.cli.helpers import assert_no_traceback, run_cli, write_plan
from tests.fixtures.sandbox import jira_client

STORY_POINTS, TEAM = "customfield_10016", "customfield_10040"
Runner = Callable[[list[dict[str, Any]]], Any]


@pytest.fixture(params=["cloud", "server"])
def flavored(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    handle = request.getfixturevalue("sandbox" if request.param == "cloud" else "server_sandbox")
    for name, value in handle.env().items():
        monkeypatch.setenv(name, value)
    yield handle


@pytest.fixture(params=["apply", "gemini"])
def run_plan(request: pytest.FixtureRequest, flavored: Any, tmp_path: Path) -> Runner:
    def via_apply(actions: list[dict[str, Any]]) -> Any:
        plan = write_plan(tmp_path, {"actions": actions})
        result = run_cli("apply", str(plan), "--yes", "--json")
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
    fields = {"project": {"key": "WEB"}, "issuetype": {"name": "Task"}, "summary": summary}
    return str(client.create_issue(fields=fields).key)


def _custom(client: Any, key: str) -> tuple[Any, Any]:
    fields = client.issue(key, fields=f"{STORY_POINTS},{TEAM}").raw["fields"]
    team = fields.get(TEAM)
    return fields.get(STORY_POINTS), team["value"] if team else None


def test_custom_fields_by_name_on_create_and_update(flavored: Any, run_plan: Runner) -> None:
    client = jira_client(flavored)
    existing = _fresh(client, "Gets estimated")
    done = run_plan(
        [
            {"action": "create_issue", "parameters": {"project": "WEB", "issue_type": "Story", "summary": "Estimated story", "fields": {"Story Points": 8, "team": "growth"}}},
            {"action": "update_issue", "parameters": {"key": existing, "fields": {"story points": "3.5", "Team": "Payments"}}},
        ]
    )  # fmt: skip
    assert _custom(client, done[0]["key"]) == (8, "Growth")  # the option as Jira spells it
    assert _custom(client, existing) == (3.5, "Payments")
    # The report names each field as Jira does, current → new.
    assert done[0]["changes"]["Story Points"] == {"from": None, "to": "8"}
    assert done[1]["changes"]["Team"] == {"from": None, "to": "Payments"}
    assert done[1]["changes"]["Story Points"] == {"from": None, "to": "3.5"}

    cleared = run_plan(
        [{"action": "update_issue", "parameters": {"key": existing, "fields": {"Team": None}}}]
    )
    assert cleared["changes"]["Team"] == {"from": "Payments", "to": None}
    assert _custom(client, existing) == (3.5, None)


def test_attach_a_file_and_see_it_in_the_detail_view(
    flavored: Any, run_plan: Runner, tmp_path: Path
) -> None:
    client = jira_client(flavored)
    key = _fresh(client, "Has a log")
    log = tmp_path / "error.log"
    log.write_bytes(b"Traceback (most recent call last):\n" * 40)
    done = run_plan([{"action": "attach_file", "parameters": {"key": key, "path": str(log)}}])
    assert done["changes"]["attachments"] == {"from": 0, "to": 1}
    assert done["changes"]["size"]["to"] == "1.4 KiB (1,400 bytes)"
    (attached,) = client.issue(key).fields.attachment
    assert (attached.filename, attached.size) == ("error.log", 1400)
    assert attached.get() == log.read_bytes()  # the content, downloaded

    client.issue(key).update(fields={STORY_POINTS: 2})
    detail = json.loads(run_cli("ask", key, "--json").stdout)
    assert detail["attachments"][0]["filename"] == "error.log"
    assert detail["attachments"][0]["size"] == 1400
    assert detail["story_points"] == 2 and detail["custom_fields"]["Story Points"] == 2
    table = run_cli("ask", key, "--format", "table").stdout
    assert "Attachments (1)" in table and "error.log  1.4 KiB" in table
    assert "Story Points  2" in table


def test_the_detail_view_shows_sprint_team_and_story_points(flavored: Any) -> None:
    client = jira_client(flavored)
    key = _fresh(client, "In a sprint")
    client.issue(key).update(fields={STORY_POINTS: 5, TEAM: {"value": "Mobile"}})
    sprint = next(s for s in client.sprints(client.boards(projectKeyOrID="WEB")[0].id)
                  if s.state == "active")  # fmt: skip
    client.add_issues_to_sprint(sprint.id, [key])
    table = run_cli("ask", key, "--format", "table").stdout
    for row in (f"Sprint        {sprint.name}", "Story Points  5", "Team          Mobile"):
        assert row in table
    detail = json.loads(run_cli("ask", key, "--json").stdout)
    assert detail["sprints"] == [sprint.name]
    assert detail["custom_fields"] == {"Story Points": 5, "Team": "Mobile"}
    plain = run_cli("ask", key, "--format", "plain").stdout  # one line per issue, as ever
    assert plain.startswith(f"{key}\t") and len(plain.splitlines()) == 1
    assert run_cli("ask", key, "--format", "keys").stdout.split() == [key]
    assert run_cli("ask", key, "--format", "csv").stdout.splitlines()[1].startswith(f"{key},")


def test_offline_forms_set_custom_fields_and_attach(
    flavored: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("GEMINI_API_KEY", raising=False)
    client = jira_client(flavored)
    key = _fresh(client, "Offline")
    points = run_cli("ask", f"set story points of {key} to 5", "--yes", "--json")
    assert points.exit_code == 0, points.stderr
    team = run_cli("ask", f"set the team of {key} to Payments", "--yes")
    assert team.exit_code == 0, team.stderr
    assert "Team: (none) → Payments" in team.stderr  # the preview, by display name
    assert _custom(client, key) == (5, "Payments")

    monkeypatch.chdir(tmp_path)
    (tmp_path / "error.log").write_text("boom\n")
    attach = run_cli("ask", f"attach ./error.log to {key}", "--yes")
    assert attach.exit_code == 0, attach.stderr
    assert "attachments: 0 → 1" in attach.stderr
    assert [a.filename for a in client.issue(key).fields.attachment] == ["error.log"]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"Story Pionts": 3}, "no custom field named 'Story Pionts'; closest: Story Points"),
        ({"Story Points": "three"}, "Story Points takes a number, not 'three'"),
        ({"Story Points": True}, "Story Points takes a number, not True"),
        ({"Team": "Billing"}, "'Billing' is not an option of Team; options: Payments, Platform"),
        ({"Team": ["Payments", "Growth"]}, "Team takes one value, not a list"),
        ({"Sprint": "WEB Sprint 2"}, "Sprint is set with the sprint parameter"),
    ],
)
def test_bad_custom_fields_fail_before_any_write(
    flavored: Any, tmp_path: Path, fields: dict[str, Any], message: str
) -> None:
    client = jira_client(flavored)
    key = _fresh(client, "Stays as it is")
    plan = write_plan(
        tmp_path,
        {"actions": [{"action": "update_issue", "parameters": {"key": key, "fields": fields}}]},
    )
    result = run_cli("apply", str(plan), "--yes")
    assert result.exit_code == 2
    assert message in result.stderr and len(result.stderr.strip().splitlines()) <= 2
    assert_no_traceback(result)
    assert _custom(client, key) == (None, None)


def test_files_that_cannot_be_attached_fail_before_any_write(flavored: Any, tmp_path: Path) -> None:
    client = jira_client(flavored)
    key = _fresh(client, "No attachments")
    big = tmp_path / "big.bin"
    with big.open("wb") as handle:  # sparse: over the limit without writing 10 MiB
        handle.truncate(ATTACHMENT_LIMIT + 1)
    unreadable = tmp_path / "secret.txt"
    unreadable.write_text("x")
    unreadable.chmod(0)
    (tmp_path / "empty.txt").touch()
    cases = {
        str(tmp_path / "missing.log"): "no file",
        str(tmp_path): "is a folder, not a file",
        str(big): "big.bin is 10 MiB; the attachment limit is 10 MiB",
        str(tmp_path / "empty.txt"): "empty.txt is empty",
    }
    if not _readable(unreadable):
        cases[str(unreadable)] = "cannot read"
    for path, message in cases.items():
        plan = write_plan(
            tmp_path,
            {"actions": [{"action": "attach_file", "parameters": {"key": key, "path": path}}]},
        )
        result = run_cli("apply", str(plan), "--yes")
        assert result.exit_code == 2, (path, result.stderr)
        assert message in result.stderr, result.stderr
        assert_no_traceback(result)
    assert client.issue(key).fields.attachment == []


def _readable(path: Path) -> bool:
    try:
        path.read_bytes()
    except OSError:
        return False
    return True  # root reads any file: the permission case is then not testable


def test_the_limit_is_the_sandboxs(flavored: Any) -> None:
    """One documented limit: the one the sandbox (like Jira by default) enforces."""
    client = jira_client(flavored)
    assert ATTACHMENT_LIMIT == UPLOAD_LIMIT == 10 * 1024 * 1024
    assert client._get_json("attachment/meta")["uploadLimit"] == ATTACHMENT_LIMIT

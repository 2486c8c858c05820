"""The searches people type about epics and sprints ("epics in WEB", "children of WEB-1",
"the current sprint") as Gemini plans them (the real SDK against the fake Gemini server), on
both flavors: the rows shown are checked against each issue's own fields, read with python-jira."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tests.cli.helpers import assert_no_traceback, run_cli
from tests.fixtures.sandbox import jira_client

SPRINT_FIELD = "customfield_10020"
EPIC_LINK_FIELD = "customfield_10014"  # Server/DC only


@pytest.fixture(params=["cloud", "server"])
def flavored(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    handle = request.getfixturevalue("sandbox" if request.param == "cloud" else "server_sandbox")
    for name, value in handle.env().items():
        monkeypatch.setenv(name, value)
    handle.flavor_name = request.param
    yield handle


def _web_issues(client: Any, cloud: bool) -> list[Any]:
    """Every WEB issue with the fields the checks need (independent of the app's search)."""
    fields = ["issuetype", "parent", SPRINT_FIELD, EPIC_LINK_FIELD]
    if cloud:
        return list(client.enhanced_search_issues("project = WEB", maxResults=0, fields=fields))
    return list(client.search_issues("project = WEB", maxResults=1000, fields=fields))


def _shown_keys(fake_gemini: Any, jql: str, line: str) -> list[str]:
    fake_gemini.queue_plan(
        {"actions": [{"action": "search_issues", "parameters": {"jql": jql, "limit": 100}}]}
    )
    result = run_cli("ask", line, "--json")
    assert result.exit_code == 0, result.stderr
    assert_no_traceback(result)
    assert fake_gemini.pending == 0
    return sorted(row["key"] for row in json.loads(result.stdout))


def _keys(issues: list[Any], wanted: Callable[[dict[str, Any]], bool]) -> list[str]:
    return sorted(i.key for i in issues if wanted(i.raw["fields"]))


def test_epics_in_a_project(flavored: Any, fake_gemini: Any) -> None:
    cloud = flavored.flavor_name == "cloud"
    issues = _web_issues(jira_client(flavored), cloud)
    expected = _keys(issues, lambda f: f["issuetype"]["name"] == "Epic")
    shown = _shown_keys(fake_gemini, "project = WEB AND issuetype = Epic", "epics in WEB")
    assert shown == expected and expected


def test_children_of_an_epic(flavored: Any, fake_gemini: Any) -> None:
    cloud = flavored.flavor_name == "cloud"
    issues = _web_issues(jira_client(flavored), cloud)
    if cloud:
        expected = _keys(issues, lambda f: (f.get("parent") or {}).get("key") == "WEB-1")
        jql = "parent = WEB-1"
    else:
        expected = _keys(issues, lambda f: f.get(EPIC_LINK_FIELD) == "WEB-1")
        jql = '"Epic Link" = WEB-1'
    shown = _shown_keys(fake_gemini, jql, "children of WEB-1")
    assert shown == expected and expected


def test_the_current_sprint(flavored: Any, fake_gemini: Any) -> None:
    cloud = flavored.flavor_name == "cloud"
    issues = _web_issues(jira_client(flavored), cloud)
    expected = _keys(
        issues, lambda f: any(s.get("state") == "active" for s in f.get(SPRINT_FIELD) or [])
    )
    jql = "project = WEB AND sprint in openSprints()"
    open_keys = _keys(
        issues,
        lambda f: any(s.get("state") in {"active", "future"} for s in f.get(SPRINT_FIELD) or []),
    )
    shown = _shown_keys(fake_gemini, jql, "what's in the current sprint")
    assert shown == open_keys and set(expected) <= set(shown) and expected

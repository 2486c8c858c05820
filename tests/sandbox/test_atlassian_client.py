"""A second Jira client nobody here wrote: atlassian-python-api against the sandbox, on both
flavors. Each call's effect is checked by reading the state back (through the same client)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from atlassian import Jira

from jira_chat.sandbox.runner import SandboxHandle
from tests.fixtures.sandbox import SandboxFactory


@pytest.fixture(params=["cloud", "server"])
def jira(request: pytest.FixtureRequest, sandbox_factory: SandboxFactory) -> Jira:
    handle: SandboxHandle = sandbox_factory(request.param)
    if handle.flavor == "cloud":
        return Jira(handle.url, username=handle.username, password=handle.api_token, cloud=True)
    return Jira(handle.url, token=handle.personal_token, cloud=False)


def keys(jira: Jira, jql: str) -> set[str]:
    """JQL through the client's own search (Cloud: enhanced search/jql; Server: search)."""
    found: set[str] = set()
    if jira.cloud:
        token = None
        while True:
            page = jira.enhanced_jql(jql, fields="key", nextPageToken=token, limit=100)
            found |= {i["key"] for i in page["issues"]}
            token = page.get("nextPageToken")
            if not token:
                return found
    start = 0
    while True:
        page = jira.jql(jql, fields="key", start=start, limit=100)
        found |= {i["key"] for i in page["issues"]}
        start += 100
        if start >= page["total"]:
            return found


def history(jira: Jira, key: str) -> list[Any]:
    log = jira.get_issue_changelog(key)
    return [(i["field"], i.get("toString")) for h in log.get("values", log.get("histories", []))
            for i in h["items"]]  # fmt: skip


def test_writes_show_up_in_the_changelog_and_in_history_jql(jira: Jira) -> None:
    key = jira.create_issue(fields={"project": {"key": "API"}, "summary": "Second client",
                                    "issuetype": {"name": "Bug"}})["key"]  # fmt: skip
    jira.set_issue_status(key, "In Progress")
    jira.update_issue_field(key, {"summary": "Second client, edited", "labels": ["backend"]})
    jira.set_issue_status(key, "Done")
    assert jira.get_issue_status(key) == "Done"
    assert history(jira, key) == [
        ("status", "In Progress"), ("summary", "Second client, edited"), ("labels", "backend"),
        ("status", "Done"), ("resolution", "Done"),
    ]  # fmt: skip
    assert key in keys(jira, "status CHANGED TO Done BY currentUser() AFTER -1d")
    assert key in keys(jira, 'status WAS "In Progress" AND resolution = Done')
    assert key not in keys(jira, 'status WAS NOT "In Progress" AND project = API')


def test_sprints_epics_backlog_and_configuration(jira: Jira) -> None:
    sprint = jira.create_sprint("API Sprint 4", 2, goal="Ship it")
    jira.update_partially_sprint(sprint["id"], {"goal": "Ship it all"})
    assert jira.get_sprint(sprint["id"])["goal"] == "Ship it all"
    key = jira.create_issue(fields={"project": {"key": "API"}, "summary": "Sprint bound",
                                    "issuetype": {"name": "Task"}})["key"]  # fmt: skip
    assert key in {i["key"] for i in jira.get_issues_for_backlog(2)["issues"]}
    jira.add_issues_to_sprint(sprint["id"], [key])
    assert key not in {i["key"] for i in jira.get_issues_for_backlog(2)["issues"]}
    jira.delete_sprint(sprint["id"])
    assert key in {i["key"] for i in jira.get_issues_for_backlog(2)["issues"]}
    epics = jira.get_epics(2)["values"]
    assert {e["key"] for e in epics} == keys(jira, "project = API AND type = Epic")
    children = jira.get_issues_for_epic(2, epics[0]["key"])["issues"]
    assert {c["key"] for c in children} == keys(jira, f"parent = {epics[0]['key']}")
    config = jira.get_agile_board_configuration(2)
    assert config["estimation"]["field"]["fieldId"] == "customfield_10016"


def test_versions_attachments_and_remote_links(jira: Jira) -> None:
    project = jira.project("OPS")
    created = jira.add_version("OPS", project["id"], "3.0")
    jira.update_version(created["id"], is_released=True, release_date="2027-02-01")
    assert jira.get_version(created["id"])["released"] is True
    assert [v["name"] for v in jira.get_project_versions("OPS")] == ["1.0", "1.1", "2.0", "3.0"]
    jira.update_issue_field("OPS-4", {"fixVersions": [{"name": "3.0"}]})
    assert "OPS-4" in keys(jira, 'fixVersion = "3.0"')
    upload = io.BytesIO(b"trace")
    upload.name = "trace.txt"
    attached = jira.add_attachment_object("OPS-4", upload)[0]
    assert jira.get_attachment_content(attached["id"]) == b"trace"
    jira.remove_attachment(attached["id"])
    assert all(a["id"] != attached["id"]
               for a in jira.issue("OPS-4", fields="attachment")["fields"]["attachment"])  # fmt: skip
    jira.create_or_update_issue_remote_links("OPS-4", "https://status.example", "Status page")
    links = jira.get_issue_remote_links("OPS-4")
    assert [link["object"]["title"] for link in links] == ["Status page"]
    jira.delete_issue_remote_link_by_id("OPS-4", links[0]["id"])
    assert jira.get_issue_remote_links("OPS-4") == []


def test_bulk_create_filters_and_lists(jira: Jira) -> None:
    answer = jira.create_issues([
        {"fields": {"project": {"key": "WEB"}, "summary": f"Bulk {n}", "issuetype": {"name": "Task"}}}
        for n in (1, 2)
    ])  # fmt: skip
    created = [i["key"] for i in answer["issues"]]
    assert [jira.issue(k)["fields"]["summary"] for k in created] == ["Bulk 1", "Bulk 2"]
    saved = jira.create_filter("Bulk work", 'project = WEB AND summary ~ "Bulk"', favourite=True)
    assert jira.get_filter(saved["id"])["favourite"] is True
    assert keys(jira, 'filter = "Bulk work"') == set(created)
    assert jira.get_all_priorities()[0]["name"] == "Highest"
    assert {"custom": True, "name": "Story Points"}.items() <= next(
        f for f in jira.get_all_fields() if f["name"] == "Story Points"
    ).items()

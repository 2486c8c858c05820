"""Remote links, bulk create, filters (and JQL `filter = ...`), priority/search, label,
projects/picker and Cloud's plain-text 401, through python-jira and plain HTTP."""

from __future__ import annotations

import pytest
import requests
from jira import JIRA, JIRAError

from jira_chat.sandbox.runner import SandboxHandle


def test_remote_links_add_update_read_delete(client: JIRA) -> None:
    link = client.add_simple_link("WEB-3", {"url": "https://ci.example/1", "title": "CI run 1"})
    assert [r.object.title for r in client.remote_links("WEB-3")] == ["CI run 1"]
    client.add_remote_link(
        "WEB-3", {"url": "https://ci.example/2", "title": "CI run 2"}, globalId="ci=2"
    )
    client.add_remote_link(  # the same globalId updates that link instead of adding one
        "WEB-3", {"url": "https://ci.example/2b", "title": "CI run 2b"}, globalId="ci=2"
    )
    links = client.remote_links("WEB-3")
    assert [(r.object.title, r.object.url) for r in links] == [
        ("CI run 1", "https://ci.example/1"), ("CI run 2b", "https://ci.example/2b"),
    ]  # fmt: skip
    assert client.remote_link("WEB-3", link.id).object.url == "https://ci.example/1"
    client.remote_link("WEB-3", link.id).delete()
    assert [r.object.title for r in client.remote_links("WEB-3")] == ["CI run 2b"]
    with pytest.raises(JIRAError) as caught:
        client.add_simple_link("WEB-3", {"title": "no url"})
    assert caught.value.status_code == 400


def test_bulk_create_reports_each_failure_and_keeps_the_rest(
    client: JIRA, handle: SandboxHandle
) -> None:
    good = {"project": {"key": "OPS"}, "summary": "Bulk one", "issuetype": {"name": "Task"}}
    answer = client._session.post(
        f"{handle.url}/rest/api/2/issue/bulk",
        json={"issueUpdates": [
            {"fields": good},
            {"fields": {**good, "issuetype": {"name": "Nope"}}},
            {"fields": {**good, "summary": "Bulk two"}},
        ]},
    ).json()  # fmt: skip
    created = [i["key"] for i in answer["issues"]]
    assert len(created) == 2
    assert [e["failedElementNumber"] for e in answer["errors"]] == [1]
    assert "issuetype" in answer["errors"][0]["elementErrors"]["errors"]
    assert [client.issue(k).fields.summary for k in created] == ["Bulk one", "Bulk two"]
    through_client = client.create_issues([{**good, "summary": "Bulk three"}])
    assert client.issue(through_client[0]["issue"].key).fields.summary == "Bulk three"


def test_filters_favourites_and_jql_filter(client: JIRA) -> None:
    saved = client.create_filter("My WEB bugs", jql="project = WEB AND type = Bug", favourite=True)
    assert client.filter(saved.id).jql == "project = WEB AND type = Bug"
    assert [f.name for f in client.favourite_filters()] == ["My WEB bugs"]
    expected = {
        i.key for i in client.search_issues("project = WEB AND type = Bug", maxResults=False)
    }
    assert {
        i.key for i in client.search_issues('filter = "My WEB bugs"', maxResults=False)
    } == expected
    assert {i.key for i in client.search_issues(f"filter = {saved.id} AND status = Done",
                                               maxResults=False)} == {
        i.key for i in client.search_issues("project = WEB AND type = Bug AND status = Done",
                                            maxResults=False)}  # fmt: skip
    updated = client.update_filter(saved.id, name="WEB bugs", jql="project = WEB AND type = Bug")
    assert updated.name == "WEB bugs"
    with pytest.raises(JIRAError) as caught:
        client.search_issues('filter = "My WEB bugs"')
    assert "does not exist for the field 'filter'" in caught.value.text
    with pytest.raises(JIRAError) as caught:
        client.create_filter("Broken", jql="project = NOPE")
    assert caught.value.status_code == 400


def test_cloud_only_and_server_only_lists(handle: SandboxHandle, client: JIRA) -> None:
    if handle.flavor == "cloud":
        page = client._get_json("priority/search")
        assert [p["name"] for p in page["values"]] == ["Highest", "High", "Medium", "Low", "Lowest"]
        assert (
            client._get_json("priority/search", params={"id": "2"})["values"][0]["name"] == "High"
        )
        labels = client._get_json("label")["values"]
        assert "backend" in labels and labels == sorted(labels)
    else:
        picked = client._get_json("projects/picker", params={"query": "ops"})
        assert [p["key"] for p in picked["projects"]] == ["OPS"] and picked["total"] == 1


def test_cloud_401_is_plain_text_and_server_401_is_json(handle: SandboxHandle) -> None:
    response = requests.get(f"{handle.url}/rest/api/2/myself", timeout=10)
    assert response.status_code == 401
    if handle.flavor == "cloud":
        assert response.headers["Content-Type"].startswith("text/plain")
        assert response.text == "Client must be authenticated to access this resource."
    else:
        assert response.json()["errorMessages"][0].startswith("You are not authenticated.")

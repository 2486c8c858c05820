"""What each write records in the changelog, as python-jira reads it back on both flavors:
a transition, an assignment, an edit and a sprint move; plus Cloud's paged changelog and
bulkfetch, and the seeded demo's histories."""

from __future__ import annotations

from typing import Any

import requests
from jira import JIRA

from tests.fixtures.sandbox import SandboxFactory, jira_client


def changes(client: JIRA, key: str) -> list[list[tuple[str, Any, Any]]]:
    issue = client.issue(key, fields="summary", expand="changelog")
    return [
        [
            (i.field, getattr(i, "fromString", None), getattr(i, "toString", None))
            for i in history.items
        ]
        for history in issue.changelog.histories
    ]


def alice(client: JIRA) -> str:
    user = client.search_users(query="alice")[0] if client._is_cloud else None
    return user.accountId if user is not None else "anguyen"


def test_each_write_records_its_fields(client: JIRA) -> None:
    issue = client.create_issue(project="WEB", summary="Track me", issuetype={"name": "Task"})
    assert changes(client, issue.key) == []  # creating records no change
    client.transition_issue(issue.key, "Start progress")
    client.assign_issue(issue.key, alice(client))
    issue.update(
        fields={"summary": "Tracked", "customfield_10016": 5},
        update={"labels": [{"add": "backend"}]},
    )
    client.add_issues_to_sprint(2, [issue.key])  # "WEB Sprint 2"
    issue.update(fields={"summary": "Tracked"})  # no change: nothing recorded
    assert changes(client, issue.key) == [
        [("status", "To Do", "In Progress")],
        [("assignee", None, "Alice Nguyen")],
        [("summary", "Track me", "Tracked"), ("labels", None, "backend"),
         ("Story Points", None, "5")],
        [("Sprint", None, "WEB Sprint 2")],
    ]  # fmt: skip
    raw = client.issue(issue.key, expand="changelog").raw["changelog"]["histories"]
    assert raw[0]["items"][0]["from"] == "10000" and raw[0]["items"][0]["to"] == "10001"
    assignee_to = raw[1]["items"][0]["to"]
    assert assignee_to == alice(client)  # accountId on Cloud, username on Server
    assert raw[0]["author"]["displayName"] == "Sam Rivera"
    found = client.search_issues(
        f'key = {issue.key} AND status CHANGED TO "In Progress" BY currentUser() AFTER -1h'
    )
    assert [i.key for i in found] == [issue.key]
    assert client.search_issues(f"key = {issue.key} AND assignee CHANGED TO anguyen") != []


def test_closing_records_status_and_resolution(client: JIRA) -> None:
    client.transition_issue("WEB-5", "Close")
    last = changes(client, "WEB-5")[-1]
    assert last == [("status", "To Do", "Done"), ("resolution", None, "Done")]
    assert "WEB-5" in {
        i.key for i in client.search_issues("status CHANGED TO Done AFTER -1h", maxResults=False)
    }


def test_seeded_issues_have_plausible_histories(client: JIRA) -> None:
    done = client.search_issues("project = API AND status = Done", maxResults=5)
    for issue in done:
        steps = changes(client, issue.key)
        statuses = [item for step in steps for item in step if item[0] == "status"]
        assert statuses[0][1] == "To Do" and statuses[-1][2] == "Done"
    todo = client.search_issues("project = API AND status = 'To Do'", maxResults=5)
    assert all(not any(i[0] == "status" for s in changes(client, t.key) for i in s) for t in todo)


def test_cloud_pages_the_changelog_and_bulk_fetches(sandbox_factory: SandboxFactory) -> None:
    client = jira_client(sandbox_factory("cloud"))
    for name in ("Start progress", "Request review", "Approve"):
        client.transition_issue("API-2", name)
    full = client._get_json("issue/API-2/changelog")
    page = client._get_json("issue/API-2/changelog", params={"maxResults": 2, "startAt": 1})
    assert page["total"] == full["total"] and page["isLast"] is False
    assert page["values"] == full["values"][1:3]
    answer = client._session.post(
        f"{client.server_url}/rest/api/3/changelog/bulkfetch",
        json={"issueIdsOrKeys": ["API-2", "API-1"], "fieldIds": ["status"], "maxResults": 2},
    ).json()
    histories = [h for log in answer["issueChangeLogs"] for h in log["changeHistories"]]
    assert len(histories) == 2 and "nextPageToken" in answer
    assert all(item["field"] == "status" for h in histories for item in h["items"])
    rest = client._session.post(
        f"{client.server_url}/rest/api/3/changelog/bulkfetch",
        json={"issueIdsOrKeys": ["API-2", "API-1"], "fieldIds": ["status"],
              "nextPageToken": answer["nextPageToken"]},
    ).json()  # fmt: skip
    seen = histories + [h for log in rest["issueChangeLogs"] for h in log["changeHistories"]]
    api3 = [h for h in seen if h["items"][0]["toString"] in ("In Review", "Done")]
    assert len(api3) >= 2 and "nextPageToken" not in rest


def test_server_has_no_changelog_endpoint(sandbox_factory: SandboxFactory) -> None:
    """Jira Data Center serves history only through expand=changelog."""
    handle = sandbox_factory("server")
    raw = requests.get(
        f"{handle.url}/rest/api/2/issue/API-2/changelog",
        headers={"Authorization": f"Bearer {handle.personal_token}"},
        timeout=10,
    )
    assert raw.status_code == 404

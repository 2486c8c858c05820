"""python-jira, the real client, against both sandbox flavours: every write is re-read."""

from __future__ import annotations

import datetime as dt

import pytest
from jira import JIRA, JIRAError

from jira_chat.sandbox.runner import SandboxHandle
from tests.fixtures.sandbox import jira_client


def _identity(client: JIRA, handle: SandboxHandle, username: str) -> str:
    """accountId on Cloud, username on Server."""
    if handle.flavor == "server":
        return username
    return str(client.search_users(query=username.replace("anguyen", "alice"))[0].accountId)


def test_constructor_detects_flavour_and_authenticates(client: JIRA, handle: SandboxHandle) -> None:
    assert client._is_cloud is (handle.flavor == "cloud")
    me = client.myself()
    assert me["displayName"] == "Sam Rivera"
    if handle.flavor == "cloud":
        assert me["accountId"].startswith("712020:") and "name" not in me
    else:
        assert me["name"] == "srivera"


def test_validate_checks_the_session(handle: SandboxHandle) -> None:
    client = jira_client(handle, validate=True)
    assert client.session().displayName == "Sam Rivera"


def test_wrong_token_is_rejected_with_401(handle: SandboxHandle) -> None:
    with pytest.raises(JIRAError) as caught:
        if handle.flavor == "cloud":
            JIRA(handle.url, basic_auth=(handle.username, "wrong"), max_retries=0, timeout=5)
        else:
            JIRA(handle.url, token_auth="wrong", max_retries=0, timeout=5)
    assert caught.value.status_code == 401


def test_search_returns_only_the_selected_fields(client: JIRA, handle: SandboxHandle) -> None:
    jql = "project = WEB ORDER BY key ASC"
    if handle.flavor == "cloud":
        issues = client.enhanced_search_issues(jql, maxResults=5, fields=["summary", "status"])
    else:
        issues = client.search_issues(jql, maxResults=5, fields=["summary", "status"])
    assert [i.key for i in issues] == [f"WEB-{n}" for n in range(1, 6)]
    raw_fields = issues[0].raw["fields"]
    assert set(raw_fields) == {"summary", "status"}
    assert issues[0].fields.status.name in {"To Do", "In Progress", "In Review", "Done"}


def test_paging_reaches_every_issue(client: JIRA, handle: SandboxHandle) -> None:
    jql = "project = WEB ORDER BY key ASC"
    if handle.flavor == "cloud":
        first = client.enhanced_search_issues(jql, maxResults=25, fields="summary")
        assert len(first) == 25 and first.nextPageToken
        issues = client.enhanced_search_issues(jql, maxResults=0, fields="summary")
    else:
        page = client.search_issues(jql, startAt=50, maxResults=25, fields="summary")
        assert page.total == 60 and [i.key for i in page] == [f"WEB-{n}" for n in range(51, 61)]
        issues = client.search_issues(jql, maxResults=False, fields="summary")
    assert [i.key for i in issues] == [f"WEB-{n}" for n in range(1, 61)]


def test_approximate_count_on_cloud(client: JIRA, handle: SandboxHandle) -> None:
    if handle.flavor == "server":  # a Cloud-only endpoint: the client declines, the server 404s
        assert client.approximate_issue_count("project = WEB") is None
        with pytest.raises(JIRAError) as caught:
            client._get_json(
                "search/approximate-count", params={"jql": "project = WEB"}, use_post=True
            )
        assert caught.value.status_code == 404
        return
    assert client.approximate_issue_count("project = WEB") == 60
    assert client.approximate_issue_count("project in (WEB, API, OPS)") == 150


def test_create_by_project_key_and_type_name(client: JIRA, handle: SandboxHandle) -> None:
    created = client.create_issue(
        project="API",
        summary="Rate limiter drops valid requests",
        issuetype={"name": "Bug"},
        priority={"name": "High"},
        labels=["backend"],
        components=[{"name": "Gateway"}],
        description="Seen in *production* logs.",
        duedate="2030-01-31",
    )
    assert created.key == "API-51"
    again = client.issue("API-51")
    assert again.fields.summary == "Rate limiter drops valid requests"
    assert again.fields.issuetype.name == "Bug"
    assert again.fields.status.name == "To Do"
    assert again.fields.priority.name == "High"
    assert again.fields.labels == ["backend"]
    assert [c.name for c in again.fields.components] == ["Gateway"]
    assert again.fields.reporter.displayName == "Sam Rivera"
    assert again.fields.duedate == "2030-01-31"
    assert "production" in again.fields.description


def test_update_fields_and_labels(client: JIRA) -> None:
    issue = client.create_issue(
        project="WEB", summary="Old", issuetype={"name": "Task"}, labels=["one", "two"]
    )
    issue.update(
        fields={"summary": "New title"}, update={"labels": [{"add": "three"}, {"remove": "one"}]}
    )
    again = client.issue(issue.key)
    assert again.fields.summary == "New title"
    assert sorted(again.fields.labels) == ["three", "two"]
    again.update(update={"labels": [{"set": ["only"]}]})
    assert client.issue(issue.key).fields.labels == ["only"]


def test_transition_by_name_with_a_comment(client: JIRA) -> None:
    issue = client.create_issue(project="OPS", summary="Rotate keys", issuetype={"name": "Task"})
    names = {t["name"]: t["to"]["name"] for t in client.transitions(issue)}
    assert names == {"Start progress": "In Progress", "Close": "Done"}
    client.transition_issue(issue, "Start progress", comment="On it")
    again = client.issue(issue.key)
    assert again.fields.status.name == "In Progress"
    assert [c.body for c in again.fields.comment.comments] == ["On it"]
    client.transition_issue(issue, "close")
    done = client.issue(issue.key)
    assert done.fields.status.name == "Done"
    assert done.fields.resolution.name == "Done" and done.fields.resolutiondate
    client.transition_issue(issue, "Reopen")
    reopened = client.issue(issue.key)
    assert reopened.fields.status.name == "To Do"
    assert reopened.fields.resolution is None and reopened.fields.resolutiondate is None


def test_add_comment_is_listed(client: JIRA) -> None:
    before = len(client.comments("WEB-1"))
    comment = client.add_comment("WEB-1", "Looks *good*")
    comments = client.comments("WEB-1")
    assert len(comments) == before + 1
    assert comments[-1].id == comment.id and comments[-1].author.displayName == "Sam Rivera"
    assert "good" in comments[-1].body


def test_assign_and_unassign(client: JIRA, handle: SandboxHandle) -> None:
    target = "anguyen"
    assert client.assign_issue("WEB-4", _identity(client, handle, target))
    assert client.issue("WEB-4").fields.assignee.displayName == "Alice Nguyen"
    client.assign_issue("WEB-4", None)
    assert client.issue("WEB-4").fields.assignee is None


def test_add_and_remove_watcher(client: JIRA, handle: SandboxHandle) -> None:
    issue = client.create_issue(project="WEB", summary="Watch me", issuetype={"name": "Story"})
    client.add_watcher(issue.key, _identity(client, handle, "anguyen"))
    names = {w.displayName for w in client.watchers(issue.key).watchers}
    assert names == {"Sam Rivera", "Alice Nguyen"}
    client.remove_watcher(issue.key, _identity(client, handle, "anguyen"))
    assert {w.displayName for w in client.watchers(issue.key).watchers} == {"Sam Rivera"}


def test_issue_link_shows_on_both_sides(client: JIRA) -> None:
    a = client.create_issue(project="WEB", summary="A", issuetype={"name": "Task"})
    b = client.create_issue(project="WEB", summary="B", issuetype={"name": "Task"})
    client.create_issue_link("Blocks", a.key, b.key)
    a_links = client.issue(a.key).fields.issuelinks
    b_links = client.issue(b.key).fields.issuelinks
    assert [(link.type.outward, link.outwardIssue.key) for link in a_links] == [("blocks", b.key)]
    assert [(link.type.inward, link.inwardIssue.key) for link in b_links] == [
        ("is blocked by", a.key)
    ]


def test_add_worklog(client: JIRA) -> None:
    started = dt.datetime(2026, 1, 5, 9, 30, tzinfo=dt.UTC)
    client.add_worklog("OPS-3", timeSpent="1h 30m", comment="Pairing", started=started)
    logs = client.worklogs("OPS-3")
    mine = [w for w in logs if w.comment == "Pairing"]
    assert len(mine) == 1
    assert mine[0].timeSpentSeconds == 5400 and mine[0].timeSpent == "1h 30m"
    assert mine[0].started.startswith("2026-01-05T09:30:00")


def test_boards_and_sprints(client: JIRA) -> None:
    boards = client.boards()
    assert [b.name for b in boards] == ["WEB board", "API board", "OPS board"]
    web = client.boards(projectKeyOrID="WEB")
    assert [b.name for b in web] == ["WEB board"]
    sprints = client.sprints(web[0].id)
    assert [(s.name, s.state) for s in sprints] == [
        ("WEB Sprint 1", "closed"),
        ("WEB Sprint 2", "active"),
        ("WEB Sprint 3", "future"),
    ]
    assert [s.name for s in client.sprints(web[0].id, state="active")] == ["WEB Sprint 2"]


def test_delete_issue(client: JIRA) -> None:
    issue = client.create_issue(project="WEB", summary="Temporary", issuetype={"name": "Task"})
    issue.delete()
    with pytest.raises(JIRAError) as caught:
        client.issue(issue.key)
    assert caught.value.status_code == 404
    assert "Issue does not exist" in caught.value.text


def test_subtask_needs_parent_and_is_listed_under_it(client: JIRA) -> None:
    with pytest.raises(JIRAError) as caught:
        client.create_issue(project="WEB", summary="Orphan", issuetype={"name": "Sub-task"})
    assert caught.value.status_code == 400
    child = client.create_issue(
        project="WEB", summary="Child", issuetype={"name": "Sub-task"}, parent={"key": "WEB-4"}
    )
    parent = client.issue("WEB-4")
    assert child.key in [s.key for s in parent.fields.subtasks]
    assert client.issue(child.key).fields.parent.key == "WEB-4"


def test_transition_with_resolution_and_worklog_fields(client: JIRA) -> None:
    issue = client.create_issue(
        project="API", summary="Duplicate report", issuetype={"name": "Bug"}, duedate="2030-02-01"
    )
    client.transition_issue(
        issue, "Close", fields={"resolution": {"name": "Duplicate"}}, worklog="45m"
    )
    closed = client.issue(issue.key)
    assert closed.fields.status.name == "Done" and closed.fields.resolution.name == "Duplicate"
    assert [w.timeSpentSeconds for w in client.worklogs(issue.key)] == [2700]
    closed.update(fields={"duedate": None, "description": None, "priority": {"name": "Lowest"}})
    cleared = client.issue(issue.key)
    assert cleared.fields.duedate is None and cleared.fields.description is None
    assert cleared.fields.priority.name == "Lowest"


def test_empty_jql_is_refused_on_cloud_and_answered_on_server(
    client: JIRA, handle: SandboxHandle
) -> None:
    if handle.flavor == "server":  # Server/DC: an empty query is every issue
        assert client.search_issues("", maxResults=1).total == 150
        return
    for call in (
        lambda: client.enhanced_search_issues("", maxResults=5),
        lambda: client.approximate_issue_count(""),
        lambda: client.enhanced_search_issues("ORDER BY key", maxResults=5),
        lambda: client.approximate_issue_count("order by created DESC"),
    ):
        with pytest.raises(JIRAError) as caught:
            call()
        assert caught.value.status_code == 400
        assert "Unbounded JQL queries are not allowed here" in caught.value.text

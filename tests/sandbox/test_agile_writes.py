"""Sprints created, changed, started, closed and deleted through python-jira (with Jira's state
rules), and the board's epics, epic issues, backlog and configuration, on both flavors."""

from __future__ import annotations

import pytest
from jira import JIRA, JIRAError

from tests.fixtures.sandbox import SandboxFactory, jira_client

START, END = "2027-01-04T09:00:00.000Z", "2027-01-18T17:00:00.000Z"


@pytest.fixture(params=["cloud", "server"])
def client(request: pytest.FixtureRequest, sandbox_factory: SandboxFactory) -> JIRA:
    return jira_client(sandbox_factory(request.param))


def refusal(caught: pytest.ExceptionInfo[JIRAError]) -> str:
    body = caught.value.response.json()
    return " ".join([*body["errorMessages"], *body["errors"].values()])


def test_sprint_lifecycle_follows_jiras_rules(client: JIRA) -> None:
    sprint = client.create_sprint("WEB Sprint 4", 1, goal="Polish")
    assert (sprint.state, sprint.goal) == ("future", "Polish")
    with pytest.raises(JIRAError) as caught:  # no dates yet
        client.update_sprint(sprint.id, state="active")
    assert "start date and an end date" in refusal(caught)
    with pytest.raises(JIRAError) as caught:  # WEB Sprint 2 is still active
        client.update_sprint(sprint.id, startDate=START, endDate=END, state="active")
    assert "already active" in refusal(caught)
    with pytest.raises(JIRAError) as caught:
        client.update_sprint(sprint.id, state="closed")
    assert "has not been started" in refusal(caught)
    client.update_sprint(2, state="closed")
    assert client.sprint(2).state == "closed" and client.sprint(2).raw["completeDate"]
    client.update_sprint(
        sprint.id, name="WEB Sprint 4b", startDate=START, endDate=END, state="active"
    )
    started = client.sprint(sprint.id)
    assert (started.name, started.state, started.startDate) == ("WEB Sprint 4b", "active", START)
    with pytest.raises(JIRAError) as caught:
        client.update_sprint(2, state="active")
    assert "cannot be reopened" in refusal(caught)
    assert [s.name for s in client.sprints(1, state="active")] == ["WEB Sprint 4b"]
    assert {
        i.key for i in client.search_issues("sprint in openSprints() AND project = WEB")
    } == set()


def test_deleting_a_sprint_returns_its_issues_to_the_backlog(client: JIRA) -> None:
    def backlog() -> set[str]:
        page = client._get_json(
            "board/3/backlog", params={"maxResults": 100}, base=client.AGILE_BASE_URL
        )
        return {i["key"] for i in page["issues"]}

    task = client.create_issue(project="OPS", summary="Plan me", issuetype={"name": "Task"}).key
    assert task in backlog()
    sprint = client.create_sprint("Scratch", 3)
    client.add_issues_to_sprint(sprint.id, [task])
    assert task not in backlog()
    sprint.delete()
    with pytest.raises(JIRAError) as caught:
        client.sprint(sprint.id)
    assert caught.value.status_code == 404
    assert task in backlog()
    assert client.issue(task).raw["fields"]["customfield_10020"] is None


def test_backlog_holds_unfinished_work_outside_open_sprints(client: JIRA) -> None:
    backlog = client._get_json(
        "board/1/backlog", params={"maxResults": 100, "fields": "status,customfield_10020"},
        base=client.AGILE_BASE_URL,
    )  # fmt: skip
    expected = {
        i.key
        for i in client.search_issues(
            "project = WEB AND statusCategory != Done AND type != Epic AND (sprint IS EMPTY OR"
            " sprint NOT IN (openSprints(), futureSprints()))",
            maxResults=False,
        )
    }
    assert {i["key"] for i in backlog["issues"]} == expected and backlog["total"] == len(expected)


def test_board_epics_and_their_issues(client: JIRA) -> None:
    epics = client._get_json("board/2/epic", base=client.AGILE_BASE_URL)["values"]
    expected = {
        i.key for i in client.search_issues("project = API AND type = Epic", maxResults=False)
    }
    assert {e["key"] for e in epics} == expected
    first = epics[0]["key"]
    children = client._get_json(
        f"board/2/epic/{first}/issue", params={"maxResults": 100}, base=client.AGILE_BASE_URL
    )["issues"]
    assert {c["key"] for c in children} == {
        i.key for i in client.search_issues(f"parent = {first}", maxResults=False)
    }
    assert {c["key"] for c in client._get_json(
        f"epic/{first}/issue", base=client.AGILE_BASE_URL)["issues"]} == {c["key"] for c in children}  # fmt: skip
    orphans = client._get_json(
        "board/2/epic/none/issue", params={"maxResults": 100}, base=client.AGILE_BASE_URL
    )["issues"]
    assert orphans and all(o["fields"].get("parent") is None for o in orphans)


def test_board_configuration(client: JIRA) -> None:
    config = client._get_json("board/1/configuration", base=client.AGILE_BASE_URL)
    assert [c["name"] for c in config["columnConfig"]["columns"]] == [
        "To Do", "In Progress", "In Review", "Done",
    ]  # fmt: skip
    assert config["estimation"]["field"]["displayName"] == "Story Points"
    assert config["location"]["key"] == "WEB"

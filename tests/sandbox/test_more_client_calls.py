"""Less common python-jira calls the sandbox also serves, checked by re-reading state."""

from __future__ import annotations

import pytest
from jira import JIRA, JIRAError

from tests.fixtures.sandbox import SandboxFactory, jira_client


@pytest.fixture(params=["cloud", "server"])
def client(request: pytest.FixtureRequest, sandbox_factory: SandboxFactory) -> JIRA:
    return jira_client(sandbox_factory(request.param))


def test_edit_and_create_metadata(client: JIRA) -> None:
    assert client.editmeta("WEB-1")["fields"]["summary"]["required"] is True
    # Cloud serves these paths too, but python-jira only calls them on Server/DC.
    types = client._get_json("issue/createmeta/WEB/issuetypes")["values"]
    assert [t["name"] for t in types][:2] == ["Epic", "Story"]
    fields = client._get_json(f"issue/createmeta/WEB/issuetypes/{types[0]['id']}")["values"]
    assert {f["fieldId"] for f in fields} >= {"summary", "issuetype", "project", "labels"}
    if not client._is_cloud:
        assert [t.name for t in client.project_issue_types("WEB")][:2] == ["Epic", "Story"]
        assert "summary" in {f.fieldId for f in client.project_issue_fields("WEB", types[0]["id"])}


def test_comment_edit_and_delete(client: JIRA) -> None:
    comment = client.add_comment("API-2", "first draft")
    comment.update(body="final words")
    assert client.comment("API-2", comment.id).body == "final words"
    comment.delete()
    with pytest.raises(JIRAError) as caught:
        client.comment("API-2", comment.id)
    assert caught.value.status_code == 404


def test_links_can_be_read_and_deleted(client: JIRA) -> None:
    client.create_issue_link("Relates", "OPS-1", "OPS-2")
    link = next(lk for lk in client.issue("OPS-1").fields.issuelinks if lk.type.name == "Relates"
                and getattr(lk, "outwardIssue", None) and lk.outwardIssue.key == "OPS-2")  # fmt: skip
    assert client.issue_link(link.id).outwardIssue.key == "OPS-2"
    client.delete_issue_link(link.id)
    assert link.id not in [lk.id for lk in client.issue("OPS-1").fields.issuelinks]


def test_move_issues_into_a_sprint_and_back(client: JIRA) -> None:
    issue = client.create_issue(project="WEB", summary="Sprint me", issuetype={"name": "Task"})
    client.add_issues_to_sprint(2, [issue.key])
    sprint_field = client.issue(issue.key).raw["fields"]["customfield_10020"]
    assert [s["name"] for s in sprint_field] == ["WEB Sprint 2"]
    client.move_to_backlog([issue.key])
    assert client.issue(issue.key).raw["fields"]["customfield_10020"] is None
    with pytest.raises(JIRAError) as caught:
        client.add_issues_to_sprint(1, [issue.key])  # closed sprint
    assert caught.value.status_code == 400


def test_single_resources_by_id(client: JIRA) -> None:
    assert client.priority("1").name == "Highest"
    assert client.resolution("10001").name == "Won't Do"
    assert client.issue_link_type("10000").outward == "blocks"
    assert [v.name for v in client.project_versions("WEB")] == ["1.0", "1.1", "2.0"]

"""Custom fields, versions and attachments through python-jira, on both flavors, each checked
by reading the sandbox back (and by JQL, where the field is searchable)."""

from __future__ import annotations

import io

import pytest
import requests
from jira import JIRA, JIRAError

from jira_chat.sandbox.runner import SandboxHandle

STORY_POINTS, TEAM, EPIC_LINK = "customfield_10016", "customfield_10040", "customfield_10014"


def raw_session(handle: SandboxHandle) -> requests.Session:
    """A plain HTTP client with the sandbox's credentials (no python-jira error handling)."""
    session = requests.Session()
    if handle.flavor == "cloud":
        session.auth = (handle.username, handle.api_token)
    else:
        session.headers["Authorization"] = f"Bearer {handle.personal_token}"
    return session


def keys(client: JIRA, jql: str) -> set[str]:
    return {i.key for i in client.search_issues(jql, maxResults=False, fields="summary")}


def test_field_list_names_the_custom_fields_per_flavor(client: JIRA) -> None:
    custom = {f["name"]: f for f in client.fields() if f["custom"]}
    expected = {"Sprint", "Story Points", "Team"} | (set() if client._is_cloud else {"Epic Link"})
    assert set(custom) == expected
    assert custom["Story Points"]["schema"]["type"] == "number"
    assert custom["Team"]["schema"]["custom"].endswith(":select")
    assert "cf[10016]" in custom["Story Points"]["clauseNames"]


def test_story_points_and_team_are_set_read_and_searched(client: JIRA) -> None:
    issue = client.create_issue(
        project="OPS", summary="Sized work", issuetype={"name": "Task"},
        **{STORY_POINTS: 8, TEAM: {"value": "Platform"}},
    )  # fmt: skip
    raw = client.issue(issue.key).raw["fields"]
    assert raw[STORY_POINTS] == 8 and raw[TEAM]["value"] == "Platform"
    assert issue.key in keys(client, 'project = OPS AND "Story Points" = 8 AND Team = Platform')
    assert issue.key in keys(client, "project = OPS AND cf[10016] >= 8 AND cf[10040] = Platform")
    issue.update(fields={STORY_POINTS: None, TEAM: {"value": "Growth"}})
    raw = client.issue(issue.key).raw["fields"]
    assert raw[STORY_POINTS] is None and raw[TEAM]["value"] == "Growth"
    assert issue.key in keys(client, 'project = OPS AND "Story Points" IS EMPTY AND Team = Growth')
    with pytest.raises(JIRAError) as caught:
        issue.update(fields={TEAM: {"value": "Nobody"}})
    assert caught.value.status_code == 400 and TEAM in caught.value.response.json()["errors"]


def test_team_options_are_in_the_edit_metadata(client: JIRA) -> None:
    meta = client.editmeta("WEB-1")["fields"]
    assert [o["value"] for o in meta[TEAM]["allowedValues"]] == [
        "Payments", "Platform", "Growth", "Mobile",
    ]  # fmt: skip
    assert [v["name"] for v in meta["fixVersions"]["allowedValues"]] == ["1.0", "1.1", "2.0"]


def test_epic_link_is_servers_custom_field_and_clouds_parent(client: JIRA) -> None:
    story = client.create_issue(project="WEB", summary="Child", issuetype={"name": "Story"})
    if client._is_cloud:
        story.update(fields={"parent": {"key": "WEB-1"}})
        assert client.issue(story.key).raw["fields"]["parent"]["key"] == "WEB-1"
        assert EPIC_LINK not in client.issue(story.key).raw["fields"]
    else:
        story.update(fields={EPIC_LINK: "WEB-1"})
        assert client.issue(story.key).raw["fields"][EPIC_LINK] == "WEB-1"
        with pytest.raises(JIRAError) as caught:
            story.update(fields={EPIC_LINK: "WEB-3"})  # a Story, not an Epic
        assert "not an epic" in caught.value.response.json()["errors"][EPIC_LINK]
    assert story.key in keys(client, '"Epic Link" = WEB-1')
    assert story.key in keys(client, "parent = WEB-1")


def test_versions_create_release_and_search(client: JIRA, handle: SandboxHandle) -> None:
    session = client._session
    base = f"{handle.url}/rest/api/2"
    created = session.post(f"{base}/version", json={"name": "3.0", "project": "API"}).json()
    assert created["released"] is False
    assert [v.name for v in client.project_versions("API")] == ["1.0", "1.1", "2.0", "3.0"]
    issue = client.create_issue(
        project="API", summary="For 3.0", issuetype={"name": "Bug"},
        fixVersions=[{"name": "3.0"}], versions=[{"name": "1.1"}],
    )  # fmt: skip
    assert issue.key in keys(client, 'fixVersion = "3.0" AND affectedVersion = "1.1"')
    assert issue.key in keys(client, "fixVersion in unreleasedVersions(API)")
    client.version(created["id"]).update(released=True, releaseDate="2026-01-31")
    released = client.version(created["id"])
    assert released.released is True and released.releaseDate == "2026-01-31"
    assert issue.key in keys(client, "fixVersion in releasedVersions(API)")
    client.issue(issue.key).update(update={"fixVersions": [{"remove": {"name": "3.0"}}]})
    assert client.issue(issue.key).raw["fields"]["fixVersions"] == []
    paged = session.get(f"{base}/project/API/version", params={"status": "released"}).json()
    assert [v["name"] for v in paged["values"]] == ["1.0", "1.1", "3.0"]
    with pytest.raises(JIRAError) as caught:
        client.create_issue(
            project="API", summary="x", issuetype={"name": "Bug"}, fixVersions=[{"name": "9.9"}]
        )
    assert (
        caught.value.response.json()["errors"]["fixVersions"] == "Version name '9.9' is not valid"
    )


def test_attachments_upload_read_download_delete(client: JIRA, handle: SandboxHandle) -> None:
    attachment = client.add_attachment("OPS-2", io.BytesIO(b"disk full\n"), filename="df.log")
    assert attachment.filename == "df.log" and attachment.size == 10
    listed = client.issue("OPS-2", fields="attachment").raw["fields"]["attachment"]
    assert [a["filename"] for a in listed][-1] == "df.log"
    assert client.attachment(attachment.id).get() == b"disk full\n"
    # Without Jira's XSRF header the upload is refused, as real Jira does.
    refused = raw_session(handle).post(
        f"{handle.url}/rest/api/2/issue/OPS-2/attachments", files={"file": ("x.txt", b"x")}
    )
    assert refused.status_code == 403 and refused.json()["errorMessages"] == ["XSRF check failed"]
    client.delete_attachment(attachment.id)
    with pytest.raises(JIRAError) as caught:
        client.attachment(attachment.id)
    assert caught.value.status_code == 404
    assert client._get_json("attachment/meta")["uploadLimit"] == 10 * 1024 * 1024


def test_fields_is_always_present(handle: SandboxHandle) -> None:
    answer = raw_session(handle).get(
        f"{handle.url}/rest/api/2/issue/WEB-1", params={"fields": "nosuchfield"}
    )
    assert answer.json()["fields"] == {}


def test_seeded_demo_has_points_teams_versions_and_attachments(client: JIRA) -> None:
    assert len(keys(client, '"Story Points" is not EMPTY')) > 40
    assert len(keys(client, "Team = Payments")) > 5
    assert len(keys(client, "fixVersion = 1.0")) > 5
    assert any(
        i.raw["fields"]["attachment"]
        for i in client.search_issues("project = WEB", maxResults=60, fields="attachment")
    )

"""The REST surface as raw HTTP: status codes, error bodies, query-parameter forms, flavours."""

from __future__ import annotations

from typing import Any

import pytest
import requests

from jira_chat.sandbox.api_search import SEARCH_REMOVED
from jira_chat.sandbox.runner import SandboxHandle


def _auth(handle: SandboxHandle) -> dict[str, Any]:
    if handle.flavor == "cloud":
        return {"auth": (handle.username, handle.api_token)}
    return {"headers": {"Authorization": f"Bearer {handle.personal_token}"}}


def get(
    handle: SandboxHandle, path: str, params: Any = None, version: str = "2"
) -> requests.Response:
    return requests.get(
        f"{handle.url}/rest/api/{version}/{path}", params=params, timeout=10, **_auth(handle)
    )


def post(handle: SandboxHandle, path: str, body: Any, version: str = "2") -> requests.Response:
    return requests.post(
        f"{handle.url}/rest/api/{version}/{path}", json=body, timeout=10, **_auth(handle)
    )


def test_missing_credentials_get_jira_401_but_server_info_is_public(sandbox: SandboxHandle) -> None:
    response = requests.get(f"{sandbox.url}/rest/api/2/myself", timeout=10)
    assert response.status_code == 401  # Cloud's body is plain text (see test_misc_endpoints)
    assert response.text == "Client must be authenticated to access this resource."
    assert requests.get(f"{sandbox.url}/rest/api/2/serverInfo", timeout=10).status_code == 200
    wrong = requests.get(
        f"{sandbox.url}/rest/api/2/serverInfo", auth=(sandbox.username, "nope"), timeout=10
    )
    assert wrong.status_code == 401


def test_server_flavour_takes_a_bearer_pat_not_the_cloud_token(
    server_sandbox: SandboxHandle,
) -> None:
    assert get(server_sandbox, "myself").json()["name"] == "srivera"
    cloud_style = requests.get(
        f"{server_sandbox.url}/rest/api/2/myself",
        auth=("sam.rivera@example.com", server_sandbox.api_token),
        timeout=10,
    )
    assert cloud_style.status_code == 401


def test_unknown_issue_is_jira_404(sandbox: SandboxHandle) -> None:
    for ref in ("WEB-9999", "99999999", "NOPE-1"):
        response = get(sandbox, f"issue/{ref}")
        assert response.status_code == 404
        assert response.json() == {
            "errorMessages": ["Issue does not exist or you do not have permission to see it."],
            "errors": {},
        }


def test_wrong_method_is_405(sandbox: SandboxHandle) -> None:
    response = requests.delete(f"{sandbox.url}/rest/api/2/myself", timeout=10, **_auth(sandbox))
    assert response.status_code == 405
    assert "GET" in response.headers["Allow"]
    assert (
        requests.get(
            f"{sandbox.url}/rest/api/2/issueLink", timeout=10, **_auth(sandbox)
        ).status_code
        == 405
    )


@pytest.mark.parametrize("version", ["2", "3", "latest"])
def test_cloud_search_is_gone_with_change_2046(sandbox: SandboxHandle, version: str) -> None:
    for response in (
        get(sandbox, "search", {"jql": "project = WEB"}, version),
        post(sandbox, "search", {"jql": "project = WEB"}, version),
    ):
        assert response.status_code == 410
        assert response.json() == {"errorMessages": [SEARCH_REMOVED], "errors": {}}
        assert "CHANGE-2046" in SEARCH_REMOVED


def test_search_jql_defaults_to_ids_and_accepts_every_fields_form(sandbox: SandboxHandle) -> None:
    plain = get(sandbox, "search/jql", {"jql": "key = WEB-1"}).json()
    assert plain == {"issues": [{"id": "10000"}], "isLast": True}
    repeated = get(
        sandbox, "search/jql", [("jql", "key = WEB-1"), ("fields", "summary"), ("fields", "status")]
    )
    comma = get(sandbox, "search/jql", {"jql": "key = WEB-1", "fields": "summary,status"})
    posted = post(
        sandbox,
        "search/jql",
        {"jql": "key = WEB-1", "fields": ["summary", "status"], "expand": None},
    )
    for response in (repeated, comma, posted):
        issue = response.json()["issues"][0]
        assert issue["key"] == "WEB-1" and set(issue["fields"]) == {"summary", "status"}


def test_search_jql_token_paging_and_bad_tokens(sandbox: SandboxHandle) -> None:
    jql = "project = API ORDER BY key ASC"
    keys: list[str] = []
    token = None
    while True:
        body: dict[str, Any] = {"jql": jql, "maxResults": 20, "fields": ["key"]}
        if token:
            body["nextPageToken"] = token
        page = post(sandbox, "search/jql", body).json()
        keys += [i["key"] for i in page["issues"]]
        token = page.get("nextPageToken")
        assert page["isLast"] is (token is None)
        if page["isLast"]:
            break
    assert keys == [f"API-{n}" for n in range(1, 51)]
    first = post(sandbox, "search/jql", {"jql": jql, "maxResults": 20}).json()
    elsewhere = post(
        sandbox, "search/jql", {"jql": "project = WEB", "nextPageToken": first["nextPageToken"]}
    )
    assert elsewhere.status_code == 400
    assert post(sandbox, "search/jql", {"jql": jql, "nextPageToken": "%%%"}).status_code == 400


def test_expand_options_do_not_break_anything(sandbox: SandboxHandle) -> None:
    issue = get(
        sandbox, "issue/WEB-1", {"expand": "renderedFields,names,transitions,changelog,operations"}
    ).json()
    assert issue["names"]["summary"] == "Summary"
    assert {t["name"] for t in issue["transitions"]}
    page = get(
        sandbox,
        "search/jql",
        {"jql": "key = WEB-1", "fields": "*all", "expand": "names,renderedFields"},
    )
    assert page.status_code == 200 and page.json()["names"]["status"] == "Status"


def test_server_search_pages_with_start_at_and_boolean_strings(
    server_sandbox: SandboxHandle,
) -> None:
    page = get(
        server_sandbox,
        "search",
        {"jql": "project = OPS ORDER BY key", "startAt": "10", "maxResults": "5", "validateQuery": "True",
         "fields": "summary"},
    ).json()  # fmt: skip
    assert (page["startAt"], page["maxResults"], page["total"]) == (10, 5, 40)
    assert [i["key"] for i in page["issues"]] == [f"OPS-{n}" for n in range(11, 16)]
    lenient = get(server_sandbox, "search", {"jql": "project = NOSUCH", "validateQuery": "False"})
    assert lenient.status_code == 200 and lenient.json()["total"] == 0
    strict = get(server_sandbox, "search", {"jql": "project = NOSUCH"})
    assert strict.status_code == 400
    assert get(server_sandbox, "search/jql", {"jql": "project = WEB"}).status_code == 404


def test_users_carry_flavour_identity_and_search_returns_an_array(
    sandbox: SandboxHandle, server_sandbox: SandboxHandle
) -> None:
    cloud = get(sandbox, "user/search", {"query": "alex"}).json()
    assert [u["displayName"] for u in cloud] == ["Alex Chen", "Alex Morgan"]
    assert all("accountId" in u and "name" not in u and u["self"] for u in cloud)
    server = get(server_sandbox, "user/search", {"username": "alex"}).json()
    assert [u["name"] for u in server] == ["achen", "amorgan"]
    assert all("key" in u and "accountId" not in u for u in server)
    assignable = get(sandbox, "user/assignable/search", {"project": "WEB", "query": "priya"}).json()
    assert [u["emailAddress"] for u in assignable] == ["priya.patel@example.com"]


def test_v3_speaks_adf_and_v2_speaks_wiki_for_the_same_text(sandbox: SandboxHandle) -> None:
    doc = {"type": "doc", "version": 1, "content": [
        {"type": "paragraph", "content": [
            {"type": "text", "text": "Checkout "}, {"type": "text", "text": "fails", "marks": [{"type": "strong"}]}]}]}  # fmt: skip
    created = post(
        sandbox, "issue",
        {"fields": {"project": {"key": "WEB"}, "issuetype": {"name": "Bug"}, "summary": "ADF", "description": doc}},
        version="3",
    )  # fmt: skip
    assert created.status_code == 201, created.text
    key = created.json()["key"]
    as_adf = get(sandbox, f"issue/{key}", {"fields": "description"}, version="3").json()["fields"][
        "description"
    ]
    assert as_adf["type"] == "doc"
    texts = [n["text"] for n in as_adf["content"][0]["content"]]
    assert "".join(texts) == "Checkout fails"
    as_wiki = get(sandbox, f"issue/{key}", {"fields": "description"}).json()["fields"][
        "description"
    ]
    assert as_wiki == "Checkout *fails*"
    post(sandbox, f"issue/{key}/comment", {"body": "h1. Title\nwith _emphasis_"}).raise_for_status()
    comment = get(sandbox, f"issue/{key}/comment", version="3").json()["comments"][-1]["body"]
    assert comment["type"] == "doc" and comment["content"][0]["type"] == "heading"


def test_jql_parse_reports_errors_per_query(sandbox: SandboxHandle) -> None:
    result = post(sandbox, "jql/parse", {"queries": ["project = WEB", "project = = WEB"]}).json()
    good, bad = result["queries"]
    assert "errors" not in good and good["query"] == "project = WEB"
    assert good["structure"]["where"]["field"]["name"] == "project"
    assert bad["errors"] and all(isinstance(m, str) for m in bad["errors"])
    unknown = {"queries": ["project = NOSUCH"]}
    assert post(sandbox, "jql/parse", unknown).json()["queries"][0]["errors"]
    syntax_only = post(sandbox, "jql/parse?validation=none", unknown).json()["queries"][0]
    assert "errors" not in syntax_only and syntax_only["structure"]


def test_metadata_endpoints(sandbox: SandboxHandle) -> None:
    project = get(sandbox, "project/WEB", {"expand": "issueTypes"}).json()
    assert project["name"] == "Web Storefront"
    assert [c["name"] for c in project["components"]] == ["Accounts", "Checkout", "Frontend"]
    assert [t["name"] for t in project["issueTypes"]] == [
        "Epic",
        "Story",
        "Task",
        "Bug",
        "Sub-task",
    ]
    assert get(sandbox, f"project/{project['id']}").json()["key"] == "WEB"
    assert [p["key"] for p in get(sandbox, "project").json()] == ["API", "OPS", "WEB"]
    assert [p["name"] for p in get(sandbox, "priority").json()] == [
        "Highest",
        "High",
        "Medium",
        "Low",
        "Lowest",
    ]
    statuses = {s["name"]: s["statusCategory"]["key"] for s in get(sandbox, "status").json()}
    assert statuses == {
        "To Do": "new",
        "In Progress": "indeterminate",
        "In Review": "indeterminate",
        "Done": "done",
    }
    assert [r["name"] for r in get(sandbox, "resolution").json()] == [
        "Done",
        "Won't Do",
        "Duplicate",
    ]
    links = get(sandbox, "issueLinkType").json()["issueLinkTypes"]
    assert [(t["name"], t["inward"], t["outward"]) for t in links] == [
        ("Blocks", "is blocked by", "blocks"),
        ("Relates", "relates to", "relates to"),
        ("Duplicate", "is duplicated by", "duplicates"),
    ]
    assert any(
        f["name"] == "Sprint" and "sprint" in f["clauseNames"] for f in get(sandbox, "field").json()
    )
    assert get(sandbox, "project/NOPE").status_code == 404


def test_sprint_issues_and_latest_prefix(sandbox: SandboxHandle) -> None:
    agile = requests.get(
        f"{sandbox.url}/rest/agile/1.0/sprint/2/issue", timeout=10, **_auth(sandbox)
    ).json()
    assert agile["total"] > 0
    assert all(
        i["fields"]["customfield_10020"][0]["name"] == "WEB Sprint 2" for i in agile["issues"]
    )
    assert all(i["fields"]["status"]["name"] != "Done" for i in agile["issues"])
    assert get(sandbox, "issue/WEB-1", version="latest").json()["key"] == "WEB-1"

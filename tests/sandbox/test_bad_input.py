"""Bad input gets a Jira-shaped 400 (never a 500) and leaves the data exactly as it was."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

import pytest
import requests

from jira_chat.sandbox.runner import SandboxHandle

TABLES = ("issues", "issue_labels", "issue_components", "comments", "watchers", "worklogs",
          "issue_links", "projects")  # fmt: skip


def snapshot(handle: SandboxHandle) -> dict[str, list[tuple[Any, ...]]]:
    conn = sqlite3.connect(handle.db_path)
    try:
        return {
            t: [tuple(r) for r in conn.execute(f"SELECT * FROM {t} ORDER BY rowid")] for t in TABLES
        }
    finally:
        conn.close()


def call(handle: SandboxHandle, method: str, path: str, body: Any = None, *, raw: bytes | None = None,
         version: str = "2") -> requests.Response:  # fmt: skip
    data = raw if raw is not None else (None if body is None else json.dumps(body).encode())
    return requests.request(
        method,
        f"{handle.url}/rest/api/{version}/{path}",
        data=data,
        headers={"Content-Type": "application/json"},
        auth=(handle.username, handle.api_token),
        timeout=10,
    )


def assert_jira_400(response: requests.Response) -> dict[str, Any]:
    assert response.status_code == 400, response.text
    body = response.json()
    assert set(body) == {"errorMessages", "errors"}
    assert isinstance(body["errorMessages"], list) and isinstance(body["errors"], dict)
    assert body["errorMessages"] or body["errors"]
    return dict(body)


CREATE_OK = {"project": {"key": "WEB"}, "issuetype": {"name": "Bug"}, "summary": "ok"}


@pytest.mark.parametrize(
    ("name", "method", "path", "body", "expected"),
    [
        ("malformed JSON", "POST", "issue", b'{"fields": {', None),
        (
            "unknown field",
            "POST",
            "issue",
            {"fields": {**CREATE_OK, "foo": 1}},
            {"foo": "Field 'foo' cannot be set. It is not on the appropriate screen, or unknown."},
        ),
        (
            "missing summary",
            "POST",
            "issue",
            {"fields": {k: v for k, v in CREATE_OK.items() if k != "summary"}},
            {"summary": "You must specify a summary of the issue."},
        ),
        (
            "wrong issue type",
            "POST",
            "issue",
            {"fields": {**CREATE_OK, "issuetype": {"name": "Bugg"}}},
            {"issuetype": "The issue type selected is invalid."},
        ),
        (
            "unknown project",
            "POST",
            "issue",
            {"fields": {**CREATE_OK, "project": {"key": "NOPE"}}},
            {"project": "Specify a valid project ID or key"},
        ),
        (
            "edit unknown field",
            "PUT",
            "issue/WEB-1",
            {"fields": {"foo": "x"}},
            {"foo": "Field 'foo' cannot be set. It is not on the appropriate screen, or unknown."},
        ),
        (
            "edit with one good and one bad field",
            "PUT",
            "issue/WEB-1",
            {"fields": {"summary": "changed", "priority": {"name": "Urgent"}}},
            {"priority": "Specify a valid 'id' or 'name' for Priority"},
        ),
        (
            "label with a space",
            "PUT",
            "issue/WEB-1",
            {"update": {"labels": [{"add": "two words"}]}},
            {"labels": "The label 'two words' contains spaces which is invalid."},
        ),
        ("bad transition", "POST", "issue/WEB-2/transitions", {"transition": {"id": "61"}}, None),
        ("bad JQL", "POST", "search/jql", {"jql": "project = = WEB"}, None),
    ],
)
def test_bad_input_is_a_jira_400_and_changes_nothing(
    sandbox: SandboxHandle,
    name: str,
    method: str,
    path: str,
    body: Any,
    expected: dict[str, str] | None,
) -> None:
    before = snapshot(sandbox)
    raw = body if isinstance(body, bytes) else None
    response = call(sandbox, method, path, None if raw else body, raw=raw)
    error = assert_jira_400(response)
    if expected is not None:
        assert error["errors"] == expected
    assert snapshot(sandbox) == before


def test_bad_jql_names_the_problem(sandbox: SandboxHandle) -> None:
    error = assert_jira_400(call(sandbox, "POST", "search/jql", {"jql": "project = NOSUCH"}))
    assert any("NOSUCH" in m for m in error["errorMessages"])


def test_v3_rejects_plain_string_bodies(sandbox: SandboxHandle) -> None:
    before = snapshot(sandbox)
    error = assert_jira_400(
        call(
            sandbox, "POST", "issue", {"fields": {**CREATE_OK, "description": "plain"}}, version="3"
        )
    )
    assert "Atlassian Document" in error["errors"]["description"]
    assert_jira_400(call(sandbox, "POST", "issue/WEB-1/comment", {"body": "plain"}, version="3"))
    assert snapshot(sandbox) == before


FUZZ_BODIES: list[Any] = [
    None, [], "string", 42, True, {"fields": None}, {"fields": []}, {"fields": "x"},
    {"fields": {"summary": 7}}, {"fields": {"summary": None, "project": 5}},
    {"fields": {"labels": "notalist"}}, {"fields": {"labels": [1, None]}},
    {"fields": {"components": [{"name": None}]}}, {"fields": {"assignee": 12}},
    {"fields": {"assignee": {"accountId": ["x"]}}}, {"fields": {"duedate": "2026-02-30"}},
    {"fields": {"parent": {"key": {"nested": 1}}}}, {"fields": {"customfield_10020": "x"}},
    {"update": {"labels": "x"}}, {"update": {"labels": [{"add": "a", "remove": "b"}]}},
    {"update": {"comment": [{"add": {"body": 5}}]}}, {"update": {"summary": [{"edit": "x"}]}},
    {"transition": "11"}, {"transition": {"id": None}}, {"transition": {"name": ["x"]}},
    {"body": None}, {"body": {"type": "doc"}}, {"timeSpent": "forever"}, {"timeSpentSeconds": -5},
    {"started": "yesterday", "timeSpent": "1h"}, {"type": {"name": 5}, "inwardIssue": "x"},
    {"type": {"name": "Blocks"}, "inwardIssue": {"key": None}, "outwardIssue": {"key": "WEB-1"}},
    {"jql": 5}, {"jql": "status in ("}, {"jql": "project = WEB", "maxResults": "lots"},
    {"jql": "project = WEB", "fields": 3}, {"jql": "project = WEB", "nextPageToken": "garbage!"},
    {"queries": "x"},
]  # fmt: skip
WRITE_ENDPOINTS = [
    ("POST", "issue"), ("PUT", "issue/WEB-1"), ("POST", "issue/WEB-1/transitions"),
    ("POST", "issue/WEB-1/comment"), ("PUT", "issue/WEB-1/assignee"), ("POST", "issue/WEB-1/watchers"),
    ("POST", "issue/WEB-1/worklog"), ("POST", "issueLink"), ("POST", "search/jql"),
    ("POST", "search/approximate-count"), ("POST", "jql/parse"),
]  # fmt: skip


@pytest.mark.parametrize("version", ["2", "3"])
def test_fuzzed_bodies_never_500_and_never_half_write(sandbox: SandboxHandle, version: str) -> None:
    before = snapshot(sandbox)
    for method, path in WRITE_ENDPOINTS:
        for body in FUZZ_BODIES:
            raw = b"" if body is None else None
            response = call(sandbox, method, path, body, raw=raw, version=version)
            assert response.status_code < 500, (method, path, body, response.text)
            if response.status_code >= 400:
                assert set(response.json()) == {"errorMessages", "errors"}, (path, body)
    # Every rejected write left nothing behind; accepted ones (e.g. a valid watcher) are few.
    after = snapshot(sandbox)
    assert after["issues"][1:] == before["issues"][1:]
    assert after["projects"] == before["projects"]
    assert after["issue_links"] == before["issue_links"]


def test_numbers_too_big_for_sqlite_are_not_found_or_bad_requests(sandbox: SandboxHandle) -> None:
    huge = "9" * 25
    assert call(sandbox, "GET", f"issue/{huge}").status_code == 404
    assert call(sandbox, "GET", f"issue/WEB-1/comment/{huge}").status_code == 404
    assert (
        call(sandbox, "PUT", "issue/WEB-1", {"fields": {"priority": {"id": huge}}}).status_code
        == 400
    )
    paged = call(sandbox, "GET", f"issue/WEB-1/comment?startAt={huge}&maxResults={huge}")
    assert paged.status_code == 200 and paged.json()["comments"] == []
    sprint = requests.post(
        f"{sandbox.url}/rest/agile/1.0/sprint/{huge}/issue",
        json={"issues": ["WEB-1"]},
        auth=(sandbox.username, sandbox.api_token),
        timeout=10,
    )
    assert sprint.status_code == 404


@pytest.mark.parametrize("flavor", ["cloud", "server"])
def test_every_route_survives_odd_ids_and_garbage(sandbox_factory: Any, flavor: str) -> None:
    import re

    from jira_chat.sandbox.app import all_routes

    handle = sandbox_factory(flavor)
    headers = {"Content-Type": "application/json"}
    if flavor == "server":
        headers["Authorization"] = f"Bearer {handle.personal_token}"
    auth = (handle.username, handle.api_token) if flavor == "cloud" else None
    before = snapshot(handle)
    for route in all_routes():
        template = re.sub(r"\(\?P<\w+>\[\^/\]\+\)", "{}", route.pattern.pattern)
        base = {"agile": "/rest/agile/1.0/", "auth": "/rest/auth/1/"}.get(
            route.area, "/rest/api/2/"
        )
        for odd in ("abc", "9" * 25, "-1"):
            path = base + template.format(*[odd] * template.count("{}"))
            for method in route.methods:
                response = requests.request(
                    method, handle.url + path, params={"startAt": "x", "fields": ",,"},
                    data=b"{garbage", headers=headers, auth=auth, timeout=10,
                )  # fmt: skip
                assert response.status_code < 500, (method, path, response.text)
                if response.status_code >= 400:
                    assert set(response.json()) == {"errorMessages", "errors"}
    assert snapshot(handle) == before

"""Test-only fault injection: 429/503 with headers, stalls past a timeout, silently dropped writes."""

from __future__ import annotations

import pytest
import requests
from jira import JIRAError

from jira_chat.sandbox.runner import SandboxHandle
from tests.fixtures.sandbox import SandboxFactory, jira_client


def _get(handle: SandboxHandle, path: str, timeout: float = 5) -> requests.Response:
    return requests.get(
        f"{handle.url}/rest/api/2/{path}", auth=(handle.username, handle.api_token), timeout=timeout
    )


def test_429_carries_an_integer_retry_after_then_recovers(sandbox: SandboxHandle) -> None:
    assert sandbox.faults is not None
    sandbox.faults.add(r"/search/jql$", status=429, headers={"Retry-After": "1"}, times=2)
    sandbox.faults.add(r"/myself$", status=429)  # no header given: one is still sent
    for _ in range(2):
        limited = _get(sandbox, "search/jql?jql=project%20%3D%20WEB")
        assert limited.status_code == 429 and limited.headers["Retry-After"] == "1"
        assert set(limited.json()) == {"errorMessages", "errors"}
    assert _get(sandbox, "search/jql?jql=project%20%3D%20WEB").status_code == 200
    bare = _get(sandbox, "myself")
    assert bare.status_code == 429 and bare.headers["Retry-After"].isdigit()


def test_503_with_custom_body_only_for_the_given_method(sandbox: SandboxHandle) -> None:
    assert sandbox.faults is not None
    # python-jira PUTs to the issue's `self` URL, which uses the numeric id.
    sandbox.faults.add(r"/issue/(WEB-1|10000)$", method="PUT", status=503, body={"message": "down"})
    assert _get(sandbox, "issue/WEB-1").status_code == 200  # GET is not affected
    client = jira_client(sandbox)
    issue = client.issue("WEB-1")
    with pytest.raises(JIRAError) as caught:
        issue.update(summary="Never lands")
    assert caught.value.status_code == 503
    assert client.issue("WEB-1").fields.summary != "Never lands"


def test_skip_write_answers_success_but_changes_nothing(sandbox: SandboxHandle) -> None:
    assert sandbox.faults is not None
    client = jira_client(sandbox)
    original = client.issue("WEB-7").fields.summary
    sandbox.faults.add(r"/issue/WEB-7/comment$", method="POST", skip_write=True)
    sandbox.faults.add(r"/issue/[^/]+$", method="PUT", skip_write=True)
    client.add_comment("WEB-7", "ghost comment")  # 201, with a body, yet not stored
    client.issue("WEB-7").update(summary="Ghost edit")  # 204, yet not stored
    again = client.issue("WEB-7")
    assert again.fields.summary == original
    assert "ghost comment" not in [c.body for c in again.fields.comment.comments]
    again.update(summary="Real edit")  # the rule was used up
    assert client.issue("WEB-7").fields.summary == "Real edit"


def test_stall_past_the_client_timeout_then_serve_normally(sandbox: SandboxHandle) -> None:
    assert sandbox.faults is not None
    sandbox.faults.add(r"/serverInfo$", delay=0.6)
    with pytest.raises(requests.exceptions.ReadTimeout):
        _get(sandbox, "serverInfo", timeout=0.2)
    assert _get(sandbox, "serverInfo", timeout=2).status_code == 200


def test_clear_removes_pending_faults(sandbox: SandboxHandle) -> None:
    assert sandbox.faults is not None
    sandbox.faults.add(r".*", status=500, times=100)
    sandbox.faults.clear()
    assert _get(sandbox, "myself").status_code == 200


def test_request_log_records_each_request(sandbox: SandboxHandle) -> None:
    sandbox.request_log.clear()
    client = jira_client(sandbox)
    client.issue("WEB-1", fields="summary")
    assert sandbox.request_log.count("GET", r"/issue/WEB-1$") == 1
    assert any(
        e.startswith("GET /rest/api/2/issue/WEB-1?fields=summary")
        for e in sandbox.request_log.entries
    )
    assert sandbox.request_log.count(path_regex=r"/serverInfo$") == 1


def test_faults_are_off_unless_asked_for(sandbox_factory: SandboxFactory) -> None:
    handle = sandbox_factory("cloud", enable_faults=False)
    assert handle.faults is None
    assert _get(handle, "myself").status_code == 200

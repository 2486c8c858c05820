"""Faults injected by the sandbox give the documented behaviour, never a traceback."""

from __future__ import annotations

import socket
import time
from typing import Any

import pytest

from jira_chat.config import Settings
from jira_chat.errors import (
    JiraAccessError,
    JiraChatError,
    WriteNotAppliedError,
    WriteUnverifiedError,
)
from jira_chat.execution.executor import Executor
from jira_chat.jira_access.records import SearchResult
from jira_chat.jira_access.service import JiraService
from tests.execution.helpers import (
    fresh_issue,
    independent_client,
    plan,
    raw_fields,
    service_for,
    settings_for,
)


def _prepared(executor: Executor, name: str, params: dict[str, Any]) -> Any:
    return executor.prepare(plan((name, params))).actions[0]


# --- writes that report success but do not land -----------------------------------------------
def test_a_transition_that_does_not_land_is_a_failure_naming_the_status(sandbox: Any) -> None:
    key = fresh_issue(independent_client(sandbox), "Silently dropped")
    executor = Executor(service_for(sandbox))
    action = _prepared(executor, "transition_issue", {"key": key, "status": "Done"})
    sandbox.faults.add(rf"/issue/{key}/transitions$", method="POST", skip_write=True)
    with pytest.raises(WriteNotAppliedError) as caught:
        executor.execute(action)
    assert caught.value.message == (
        f"{key}: Jira accepted the change but reading it back shows it did not land: "
        "status (expected 'Done', Jira has 'To Do')"
    )
    assert caught.value.exit_code == 1


@pytest.mark.parametrize(
    ("name", "params", "path", "method", "field"),
    [
        ("update_issue", {"summary": "Renamed"}, r"/issue/{key}$", "PUT", "summary"),
        ("assign_issue", {"assignee": "Alice"}, r"/issue/{key}/assignee$", "PUT", "assignee"),
    ],
)
def test_other_dropped_writes_name_their_field(
    sandbox: Any, name: str, params: dict[str, Any], path: str, method: str, field: str
) -> None:
    key = fresh_issue(independent_client(sandbox), "Silently dropped")
    executor = Executor(service_for(sandbox))
    action = _prepared(executor, name, {"key": key, **params})
    sandbox.faults.add(path.format(key=key), method=method, skip_write=True)
    with pytest.raises(WriteNotAppliedError, match=f"did not land: {field} "):
        executor.execute(action)


def test_a_dropped_comment_or_issue_cannot_be_read_back(sandbox: Any) -> None:
    key = fresh_issue(independent_client(sandbox), "Dropped comment")
    executor = Executor(service_for(sandbox))
    comment = _prepared(executor, "add_comment", {"key": key, "body": "hello"})
    sandbox.faults.add(rf"/issue/{key}/comment$", method="POST", skip_write=True)
    with pytest.raises(WriteNotAppliedError, match="the new comment"):
        executor.execute(comment)
    create = _prepared(
        executor, "create_issue", {"project": "WEB", "issue_type": "Task", "summary": "Ghost"}
    )
    sandbox.faults.add(r"/issue$", method="POST", skip_write=True)
    with pytest.raises(WriteNotAppliedError, match="the new issue"):
        executor.execute(create)


# --- retries ------------------------------------------------------------------------------------
def test_429_with_retry_after_is_retried_and_succeeds(sandbox: Any) -> None:
    executor = Executor(service_for(sandbox))
    action = _prepared(executor, "get_issue", {"key": "WEB-1"})
    sandbox.request_log.clear()
    sandbox.faults.add(r"/issue/WEB-1$", status=429, headers={"Retry-After": "1"})
    started = time.monotonic()
    result = executor.execute(action)
    assert result.key == "WEB-1"
    assert time.monotonic() - started >= 0.9  # it honoured Retry-After: 1
    assert sandbox.request_log.count("GET", r"/issue/WEB-1$") == 2


def test_503_is_retried_and_a_lasting_one_fails_after_three_attempts(sandbox: Any) -> None:
    service = service_for(sandbox)
    sandbox.faults.add(r"/search", status=503)
    assert isinstance(service.search("project = OPS", limit=5), SearchResult)
    sandbox.request_log.clear()
    sandbox.faults.add(r"/search", status=503, times=10)
    with pytest.raises(JiraAccessError) as caught:
        service.search("project = OPS", limit=5)
    assert caught.value.status == 503
    assert "server error (503), still after 3 attempts" in caught.value.message
    assert sandbox.request_log.count(path_regex=r"/search") == 3


def test_an_http_date_retry_after_does_not_crash(sandbox: Any) -> None:
    service = service_for(sandbox)
    sandbox.faults.add(
        r"/issue/WEB-2$", status=429, headers={"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"}
    )
    assert service.get_issue("WEB-2").key == "WEB-2"


def test_a_429_that_never_ends_says_so(sandbox: Any) -> None:
    service = service_for(sandbox)
    sandbox.faults.add(r"/issue/WEB-2$", status=429, headers={"Retry-After": "0"}, times=10)
    with pytest.raises(JiraAccessError, match=r"rate limiting requests \(429\), still after 3"):
        service.get_issue("WEB-2")


# --- errors -------------------------------------------------------------------------------------
def test_401_says_which_variables_to_check(sandbox: Any) -> None:
    settings = settings_for(sandbox).with_overrides(jira_api_token="not-the-token")
    with pytest.raises(JiraAccessError) as caught:
        JiraService(settings).search("project = WEB")
    assert caught.value.message == "Jira rejected the credentials (401)"
    assert "JIRA_API_TOKEN" in (caught.value.hint or "")
    assert "not-the-token" not in caught.value.message + (caught.value.hint or "")


def test_404_names_the_issue(any_sandbox: Any) -> None:
    executor = Executor(service_for(any_sandbox))
    with pytest.raises(JiraAccessError) as caught:
        executor.prepare(plan(("add_comment", {"key": "WEB-999", "body": "hi"})))
    assert caught.value.message == "WEB-999 does not exist or you cannot see it"


def test_a_stall_past_the_read_timeout_is_reported(sandbox: Any) -> None:
    service = service_for(sandbox, timeout=(2.0, 0.3))
    service.metadata()
    sandbox.faults.add(r"/issue/WEB-3$", delay=0.8)
    started = time.monotonic()
    with pytest.raises(JiraAccessError) as caught:
        service.get_issue("WEB-3")
    assert caught.value.message == "Jira did not answer within 0.3 s"
    assert time.monotonic() - started < 0.75


def test_connection_refused_names_the_url() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    service = JiraService(Settings(jira_url=url, jira_username="a@b.c", jira_api_token="t"))
    with pytest.raises(JiraAccessError) as caught:
        service.search("project = WEB")
    assert caught.value.message == f"cannot reach Jira at {url}"


def test_a_password_in_the_url_never_reaches_the_message() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://admin:hunter2-secret@127.0.0.1:{port}"
    service = JiraService(Settings(jira_url=url, jira_username="a@b.c", jira_api_token="t"))
    with pytest.raises(JiraAccessError) as caught:
        service.search("project = WEB")
    assert caught.value.message == f"cannot reach Jira at http://127.0.0.1:{port}"
    assert "hunter2" not in caught.value.message + (caught.value.hint or "")


def test_a_rejected_jql_is_a_jql_error_with_jiras_message(any_sandbox: Any) -> None:
    from jira_chat.errors import JqlRejectedError

    with pytest.raises(JqlRejectedError) as caught:
        service_for(any_sandbox).search("project = WEB AND sttus = Done")
    assert caught.value.jql == "project = WEB AND sttus = Done"
    assert caught.value.jira_messages and "sttus" in caught.value.jira_messages[0]
    assert isinstance(caught.value, JiraChatError)


def test_nothing_changed_when_a_write_fails_with_an_error(sandbox: Any) -> None:
    """A PUT that met a 500 is read back; not there, so (idempotent) it is sent once more."""
    client = independent_client(sandbox)
    key = fresh_issue(client, "Server error")
    executor = Executor(service_for(sandbox))
    action = _prepared(executor, "update_issue", {"key": key, "summary": "Never"})
    sandbox.request_log.clear()
    sandbox.faults.add(rf"/issue/{key}$", method="PUT", status=500, times=3)
    with pytest.raises(WriteNotAppliedError, match=r"did not land: .*server error \(500\)"):
        executor.execute(action)
    assert raw_fields(client, key)["summary"] == "Server error"
    assert sandbox.request_log.count("PUT", rf"/issue/{key}$") == 2


def test_a_write_that_times_out_says_it_may_have_landed(sandbox: Any) -> None:
    key = fresh_issue(independent_client(sandbox), "Slow write")
    executor = Executor(service_for(sandbox, timeout=(2.0, 0.3)))
    action = _prepared(executor, "add_comment", {"key": key, "body": "maybe"})
    sandbox.faults.add(rf"/issue/{key}/comment$", method="POST", delay=0.8)
    with pytest.raises(WriteUnverifiedError) as caught:
        executor.execute(action)
    assert caught.value.message == (
        f"{key}: sent, not verified: Jira did not answer within 0.3 s; "
        "reading it back does not show it (yet)"
    )
    assert caught.value.hint == (
        f"the change may or may not have been applied; check {key} in Jira before retrying"
    )


# --- writes whose outcome is unknown ------------------------------------------------------------
def _create(executor: Executor, summary: str) -> Any:
    return _prepared(
        executor, "create_issue", {"project": "WEB", "issue_type": "Task", "summary": summary}
    )


@pytest.mark.parametrize(
    "rule",
    [
        {"status": 503, "after_write": True},
        {"status": 201, "raw_body": '{"id": "1', "after_write": True},
        {"status": 201, "body": {"self": "no key here"}, "after_write": True},
    ],
    ids=["503", "truncated", "no-key"],
)
def test_a_create_that_landed_behind_a_broken_reply_is_found_not_repeated(
    sandbox: Any, rule: dict[str, Any]
) -> None:
    executor = Executor(service_for(sandbox))
    action = _create(executor, "Landed behind a broken reply")
    sandbox.request_log.clear()
    sandbox.faults.add(r"/issue$", method="POST", **rule)
    result = executor.execute(action)
    assert raw_fields(independent_client(sandbox), result.key)["summary"] == (
        "Landed behind a broken reply"
    )
    assert sandbox.request_log.count("POST", r"/issue$") == 1


def test_a_create_that_met_a_503_and_is_not_found_is_sent_not_verified(sandbox: Any) -> None:
    executor = Executor(service_for(sandbox))
    action = _create(executor, "Never created")
    sandbox.faults.add(r"/issue$", method="POST", status=503)
    with pytest.raises(WriteUnverifiedError) as caught:
        executor.execute(action)
    assert caught.value.message.startswith("the new issue in WEB: sent, not verified: ")
    assert sandbox.request_log.count("POST", r"/issue$") == 1


def test_a_transition_that_landed_then_503_is_a_success_and_not_resent(sandbox: Any) -> None:
    key = fresh_issue(independent_client(sandbox), "Transition behind a 503")
    executor = Executor(service_for(sandbox))
    action = _prepared(executor, "transition_issue", {"key": key, "status": "Done"})
    sandbox.request_log.clear()
    sandbox.faults.add(rf"/issue/{key}/transitions$", method="POST", status=503, after_write=True)
    assert executor.execute(action).key == key
    assert raw_fields(independent_client(sandbox), key)["status"]["name"] == "Done"
    assert sandbox.request_log.count("POST", rf"/issue/{key}/transitions$") == 1


def test_a_worklog_that_landed_then_503_is_a_success_and_logged_once(sandbox: Any) -> None:
    client = independent_client(sandbox)
    key = fresh_issue(client, "Worklog behind a 503")
    executor = Executor(service_for(sandbox))
    action = _prepared(executor, "add_worklog", {"key": key, "time_spent": "2h"})
    sandbox.request_log.clear()
    sandbox.faults.add(rf"/issue/{key}/worklog$", method="POST", status=503, after_write=True)
    assert executor.execute(action).key == key
    assert [w.timeSpentSeconds for w in client.worklogs(key)] == [7200]
    assert sandbox.request_log.count("POST", rf"/issue/{key}/worklog$") == 1


def test_a_link_that_landed_then_503_is_a_success_and_linked_once(sandbox: Any) -> None:
    client = independent_client(sandbox)
    key, other = (fresh_issue(client, f"Link behind a 503 ({n})") for n in (1, 2))
    executor = Executor(service_for(sandbox))
    params = {"key": key, "other": other, "type": "blocks"}
    action = _prepared(executor, "link_issues", params)
    sandbox.request_log.clear()
    sandbox.faults.add(r"/issueLink$", method="POST", status=503, after_write=True)
    assert executor.execute(action).key == key
    assert len(client.issue(key).fields.issuelinks) == 1
    assert sandbox.request_log.count("POST", r"/issueLink$") == 1


def test_a_watch_that_landed_then_503_is_a_success_and_sent_once(sandbox: Any) -> None:
    client = independent_client(sandbox)
    key = fresh_issue(client, "Watch behind a 503")
    executor = Executor(service_for(sandbox))
    before = client.watchers(key).watchCount
    action = _prepared(executor, "watch_issue", {"key": key, "user": "Jordan Lee"})
    sandbox.request_log.clear()
    sandbox.faults.add(rf"/issue/{key}/watchers$", method="POST", status=503, after_write=True)
    assert executor.execute(action).key == key
    assert client.watchers(key).watchCount == before + 1
    assert sandbox.request_log.count("POST", rf"/issue/{key}/watchers$") == 1


def test_an_unlink_that_landed_then_503_is_a_success_and_sent_once(sandbox: Any) -> None:
    client = independent_client(sandbox)
    key, other = (fresh_issue(client, f"Unlink behind a 503 ({n})") for n in (1, 2))
    client.create_issue_link("Blocks", key, other)
    executor = Executor(service_for(sandbox))
    action = _prepared(executor, "unlink_issues", {"key": key, "other": other})
    sandbox.request_log.clear()
    sandbox.faults.add(r"/issueLink/[0-9]+$", method="DELETE", status=503, after_write=True)
    assert executor.execute(action).key == key
    assert client.issue(key).fields.issuelinks == []
    assert sandbox.request_log.count("DELETE", r"/issueLink/[0-9]+$") == 1


def test_a_deletion_that_landed_then_503_is_a_success_and_sent_once(sandbox: Any) -> None:
    client = independent_client(sandbox)
    key = fresh_issue(client, "Delete behind a 503")
    executor = Executor(service_for(sandbox))
    action = _prepared(executor, "delete_issue", {"key": key})
    sandbox.request_log.clear()
    sandbox.faults.add(rf"/issue/{key}$", method="DELETE", status=503, after_write=True)
    assert executor.execute(action).key == key
    with pytest.raises(Exception, match="404"):
        client.issue(key)
    assert sandbox.request_log.count("DELETE", rf"/issue/{key}$") == 1


def test_a_deletion_that_met_a_503_and_did_not_land_is_not_resent(sandbox: Any) -> None:
    client = independent_client(sandbox)
    key = fresh_issue(client, "Delete lost behind a 503")
    executor = Executor(service_for(sandbox))
    action = _prepared(executor, "delete_issue", {"key": key})
    sandbox.request_log.clear()
    sandbox.faults.add(rf"/issue/{key}$", method="DELETE", status=503, skip_write=True)
    with pytest.raises(WriteNotAppliedError):
        executor.execute(action)
    assert client.issue(key).key == key  # still there, and nobody was told it is gone
    assert sandbox.request_log.count("DELETE", rf"/issue/{key}$") == 1

"""Pieces of Jira access that need no server: retries, error mapping, rich text, cache file."""

from __future__ import annotations

import datetime as dt
import json
import stat
from pathlib import Path

import pytest
import requests
from jira.exceptions import JIRAError

from jira_chat.errors import JiraAccessError, JqlRejectedError
from jira_chat.jira_access import metadata as metadata_cache
from jira_chat.jira_access.error_map import ErrorContext, translate
from jira_chat.jira_access.records import InstanceMetadata, ProjectMeta, StatusMeta, UserRef
from jira_chat.jira_access.retry import RetryPolicy, retry_after_seconds, with_retries
from jira_chat.jira_access.text import markdown_to_wiki, same_text, wiki_to_markdown

CONTEXT = ErrorContext(server_url="https://jira.example.com", read_timeout=20.0, auth_kind="basic")
URL = "https://jira.example.com/rest/api/2/issue/WEB-1"


def _response(
    status: int, body: object, headers: dict[str, str] | None = None
) -> requests.Response:
    response = requests.Response()
    response.status_code = status
    response._content = json.dumps(body).encode()
    response.headers.update(headers or {})
    response.headers["Authorization"] = "Basic c2VjcmV0LXRva2Vu"  # must never leak
    return response


def _jira_error(status: int, body: object, headers: dict[str, str] | None = None) -> JIRAError:
    response = _response(status, body, headers)
    return JIRAError("ignored", status_code=status, url="https://x", response=response)


# --- Retry-After ------------------------------------------------------------------------
def test_retry_after_accepts_seconds_and_http_dates_and_ignores_garbage() -> None:
    now = dt.datetime(2026, 11, 25, 12, 0, 0, tzinfo=dt.UTC)
    assert retry_after_seconds("3") == 3.0
    assert retry_after_seconds("0.5") == 0.5
    assert retry_after_seconds("-1") is None
    assert retry_after_seconds("Wed, 25 Nov 2026 12:00:05 GMT", now=now) == 5.0
    assert retry_after_seconds("Wed, 25 Nov 2026 11:00:00 GMT", now=now) == 0.0
    assert retry_after_seconds("soon") is None
    assert retry_after_seconds(None) is None


def test_retries_429_honouring_retry_after_then_succeeds() -> None:
    slept: list[float] = []
    answers: list[object] = [_jira_error(429, {}, {"Retry-After": "2"}), "ok"]

    def send(method: str, url: str) -> object:
        answer = answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    assert with_retries(send, RetryPolicy(), sleep=slept.append)("GET", URL) == "ok"
    assert slept == [2.0]


def test_gives_up_after_three_attempts_and_says_so() -> None:
    slept: list[float] = []
    calls = 0

    def send(method: str, url: str) -> None:
        nonlocal calls
        calls += 1
        raise _jira_error(503, {"errorMessages": ["busy"]}, {"Retry-After": "1"})

    with pytest.raises(JIRAError) as caught:
        with_retries(send, RetryPolicy(attempts=3), sleep=slept.append)("GET", URL)
    assert calls == 3 and slept == [1.0, 1.0]
    error = translate(caught.value, CONTEXT)
    assert "still after 3 attempts" in error.message and "busy" in error.message


def test_a_retry_after_longer_than_the_budget_fails_at_once() -> None:
    slept: list[float] = []

    def send(method: str, url: str) -> None:
        raise _jira_error(429, {}, {"Retry-After": "120"})

    with pytest.raises(JIRAError):
        with_retries(send, RetryPolicy(max_total_wait=30), sleep=slept.append)("GET", URL)
    assert slept == []


def test_http_date_retry_after_does_not_crash() -> None:
    slept: list[float] = []
    answers: list[object] = [
        _jira_error(429, {}, {"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"}),
        "ok",
    ]

    def send(method: str, url: str) -> object:
        answer = answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    assert with_retries(send, RetryPolicy(), sleep=slept.append)("GET", URL) == "ok"
    assert slept == [0.0]


def test_other_errors_are_not_retried() -> None:
    calls = 0

    def send(method: str, url: str) -> None:
        nonlocal calls
        calls += 1
        raise _jira_error(404, {})

    with pytest.raises(JIRAError):
        with_retries(send, RetryPolicy(), sleep=lambda s: None)("GET", URL)
    assert calls == 1


@pytest.mark.parametrize(
    ("method", "path", "status", "tries"),
    [
        ("GET", "/rest/api/2/issue/WEB-1", 503, 3),  # a read: safe to repeat
        ("POST", "/rest/api/3/search/jql", 503, 3),  # a search sent as POST is a read
        ("POST", "/rest/api/2/issue/WEB-1/comment", 503, 1),  # may have landed: never re-sent
        ("PUT", "/rest/api/2/issue/WEB-1", 502, 1),
        ("POST", "/rest/api/2/issue/WEB-1/comment", 500, 1),
        ("POST", "/rest/api/2/issue/WEB-1/comment", 429, 3),  # Jira refused it before processing
    ],
)
def test_only_what_cannot_apply_twice_is_retried(
    method: str, path: str, status: int, tries: int
) -> None:
    calls = 0

    def send(method: str, url: str) -> None:
        nonlocal calls
        calls += 1
        raise _jira_error(status, {}, {"Retry-After": "0"})

    with pytest.raises(JIRAError):
        with_retries(send, RetryPolicy(), sleep=lambda s: None)(method, "http://jira" + path)
    assert calls == tries


def test_a_refused_connection_is_retried_even_for_a_write() -> None:
    import requests
    from urllib3.exceptions import MaxRetryError, NewConnectionError

    calls = 0

    def send(method: str, url: str) -> str:
        nonlocal calls
        calls += 1
        if calls == 1:
            reason = NewConnectionError(None, "refused")  # type: ignore[arg-type]
            raise requests.exceptions.ConnectionError(MaxRetryError(None, url, reason))  # type: ignore[arg-type]
        return "ok"

    wrapped = with_retries(send, RetryPolicy(), sleep=lambda s: None)
    assert wrapped("POST", "http://jira/rest/api/2/issue") == "ok"
    assert calls == 2


def test_a_connection_dropped_mid_reply_is_not_retried_for_a_write() -> None:
    import requests

    calls = 0

    def send(method: str, url: str) -> None:
        nonlocal calls
        calls += 1
        raise requests.exceptions.ConnectionError("Connection aborted: RemoteDisconnected")

    with pytest.raises(requests.exceptions.ConnectionError):
        with_retries(send, RetryPolicy(), sleep=lambda s: None)("POST", "http://jira/x/comment")
    assert calls == 1


# --- error mapping --------------------------------------------------------------------------
def test_401_names_the_variables_and_never_the_headers() -> None:
    error = translate(_jira_error(401, {"errorMessages": ["nope"]}), CONTEXT)
    assert isinstance(error, JiraAccessError)
    assert error.message == "Jira rejected the credentials (401)"
    assert error.hint is not None and "JIRA_API_TOKEN" in error.hint
    token_ctx = ErrorContext("https://jira.example.com", 20.0, "token")
    assert "JIRA_PERSONAL_TOKEN" in (translate(_jira_error(401, {}), token_ctx).hint or "")
    for text in (error.message, error.hint or "", *error.jira_messages):
        assert "c2VjcmV0" not in text and "Authorization" not in text


def test_404_names_the_issue() -> None:
    error = translate(
        _jira_error(404, {"errorMessages": ["Issue does not exist"]}), CONTEXT, subject="WEB-999"
    )
    assert error.message == "WEB-999 does not exist or you cannot see it"


def test_400_on_a_search_is_a_jql_rejection_with_jiras_words() -> None:
    body = {
        "errorMessages": ["Field 'sttus' does not exist or you do not have permission to view it."]
    }
    error = translate(_jira_error(400, body), CONTEXT, jql="sttus = Done")
    assert isinstance(error, JqlRejectedError)
    assert error.jql == "sttus = Done"
    assert error.jira_messages == body["errorMessages"]


def test_400_field_errors_are_named() -> None:
    error = translate(
        _jira_error(400, {"errors": {"priority": "Priority name 'Urgent' is not valid"}}), CONTEXT
    )
    assert "priority: Priority name 'Urgent' is not valid" in error.message


@pytest.mark.parametrize("status", [400, 401, 403, 404, 405, 409, 410, 422, 429, 500, 502, 503])
def test_every_http_error_is_one_line_with_a_hint_and_no_headers(status: int) -> None:
    body = {"errorMessages": ["first line\nsecond line"], "errors": {"summary": "too\nlong"}}
    error = translate(_jira_error(status, body), CONTEXT, subject="WEB-1")
    assert isinstance(error, JiraAccessError)
    assert "\n" not in error.message
    assert error.hint and "\n" not in error.hint
    assert "c2VjcmV0LXRva2Vu" not in error.message + error.hint + repr(error)


def test_transport_errors() -> None:
    refused = translate(requests.exceptions.ConnectionError("boom"), CONTEXT)
    assert refused.message == "cannot reach Jira at https://jira.example.com"
    slow = translate(requests.exceptions.ReadTimeout("slow"), CONTEXT)
    assert slow.message == "Jira did not answer within 20 s"


# --- rich text ------------------------------------------------------------------------------
def test_markdown_goes_out_as_wiki_and_comes_back_readable() -> None:
    markdown = "Steps:\n\n- open **login**\n- see `500`"
    wiki = markdown_to_wiki(markdown)
    assert "*login*" in wiki and "{{500}}" in wiki
    back = wiki_to_markdown(wiki)
    assert back is not None and "**login**" in back and "`500`" in back
    assert same_text(markdown, back)
    assert not same_text(markdown, "Steps: open login")


# --- metadata cache -------------------------------------------------------------------------
def _metadata(url: str) -> InstanceMetadata:
    return InstanceMetadata(
        server_url=url,
        flavor="cloud",
        current_user=UserRef("acc-1", "Sam Rivera", "sam.rivera@example.com"),
        projects=(ProjectMeta("WEB", "Web Storefront", "10000", ("Checkout",)),),
        issue_types=("Bug", "Task"),
        statuses=(StatusMeta("To Do", "new"),),
        priorities=("High",),
    )


def test_cache_is_private_round_trips_and_expires(tmp_path: Path) -> None:
    url = "https://jira.example.com"
    path = metadata_cache.cache_path(tmp_path / "cache", url, "user:sam")
    metadata_cache.save(path, _metadata(url), (1001, 0, 0))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    loaded = metadata_cache.load(path, server_url=url)
    assert loaded is not None
    assert loaded[0].projects == _metadata(url).projects and loaded[1] == (1001, 0, 0)
    assert metadata_cache.load(path, server_url=url, ttl=dt.timedelta(0)) is None
    assert metadata_cache.load(path, server_url="https://other.example.com") is None
    other_user = metadata_cache.cache_path(tmp_path / "cache", url, "user:alice")
    assert other_user != path


def test_same_text_ignores_list_numbering_but_not_words() -> None:
    assert same_text("1. open\n2. pay", "1. open\n1. pay")
    assert same_text("- a\n- b", "* a\n* b")
    assert not same_text("1. open\n2. pay", "1. open\n1. refund")


def test_a_server_that_is_not_jira_is_named(tmp_path: Path) -> None:
    import threading
    from http.server import BaseHTTPRequestHandler, HTTPServer

    from jira_chat.config import Settings
    from jira_chat.jira_access.service import JiraService

    class LoginPage(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = b"<html>Please log in</html>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), LoginPage)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}"
    try:
        service = JiraService(Settings(jira_url=url, jira_username="a@b.c", jira_api_token="t"))
        with pytest.raises(JiraAccessError) as caught:
            service.server_info()
    finally:
        server.shutdown()
    assert caught.value.message == f"the server at {url} did not answer like Jira (no JSON)"

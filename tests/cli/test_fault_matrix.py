"""The fault matrix: every Jira fault against `ask` (search), `ask` (write) and `apply`.

Each cell runs the real CLI against a sandbox that misbehaves on purpose, then asserts what a
person would notice: the exit code, one error line (no HTML, no traceback), the sandbox's
state afterwards read through python-jira, and how many write requests reached the sandbox
(its request log), so that a write is never applied twice. `pytest -s` prints the matrix.
"""

from __future__ import annotations

import re
import socket
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.cli.helpers import assert_no_traceback, run_cli, write_plan
from tests.fixtures.sandbox import jira_client

GATEWAY_PAGE = (
    "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head>"
    "<body><h1>Bad Gateway</h1><p>upstream went away</p></body></html>"
)
PAST_DATE = "Wed, 21 Oct 2015 07:28:00 GMT"
STALL_S = 2.5  # the faulty request sleeps this long; the client waits TIMEOUT_S
TIMEOUT_S = "1"
COMMENT = "fault matrix comment"
NEW_SUMMARY = "Renamed by the fault matrix"


@dataclass(frozen=True)
class Fault:
    name: str
    rule: dict[str, Any] = field(default_factory=dict)  # FaultController.add(...) arguments
    special: str | None = None  # "refused" or "401": set up through the environment
    writes_only: bool = False


FAULTS = [
    Fault("429, Retry-After 0", {"status": 429, "headers": {"Retry-After": "0"}}),
    Fault("429, Retry-After 1", {"status": 429, "headers": {"Retry-After": "1"}}),
    Fault("429, Retry-After date", {"status": 429, "headers": {"Retry-After": PAST_DATE}}),
    Fault("503 once", {"status": 503, "headers": {"Retry-After": "0"}}),
    Fault("503 persistent", {"status": 503, "headers": {"Retry-After": "0"}, "times": 10}),
    Fault("500", {"status": 500, "times": 10}),
    Fault(
        "502 HTML",
        {"status": 502, "raw_body": GATEWAY_PAGE, "content_type": "text/html", "times": 10},
    ),
    Fault("stall", {"delay": STALL_S}),
    Fault("refused connection", special="refused"),
    Fault("401", special="401"),
    Fault("403", {"status": 403}),
    Fault("404", {"status": 404}),
    Fault("success, not applied", {"skip_write": True}, writes_only=True),
    Fault("truncated JSON", {"status": 200, "raw_body": '{"id": "10'}),
    Fault("lands, then 503", {"status": 503, "after_write": True}, writes_only=True),
    Fault(
        "lands, then truncated",
        {"status": 201, "raw_body": '{"id": "10', "after_write": True},
        writes_only=True,
    ),
    Fault(
        "lands, then 502 HTML",
        {"status": 502, "raw_body": GATEWAY_PAGE, "content_type": "text/html", "after_write": True},
        writes_only=True,
    ),
]


@dataclass(frozen=True)
class Expected:
    exit_code: int
    message: str | None  # a regex the one error line must match; None: no error line
    applied: int  # changes visible in the sandbox afterwards (comments added / summary set)
    write_requests: int  # requests to the write endpoint that reached the sandbox


# What each entry point must do under each fault. A write is never applied twice; a write
# whose outcome is unknown is read back: found (exit 0), not there ("did not land"), or
# "sent, not verified" when the read back cannot settle it (a stall may still land).
NOT_LANDED = r"did not land"
EXPECTED: dict[str, dict[str, Expected]] = {
    "ask search": {
        "429, Retry-After 0": Expected(0, None, 0, 0),
        "429, Retry-After 1": Expected(0, None, 0, 0),
        "429, Retry-After date": Expected(0, None, 0, 0),
        "503 once": Expected(0, None, 0, 0),
        "503 persistent": Expected(1, r"server error \(503\), still after 3 attempts", 0, 0),
        "500": Expected(1, r"server error \(500\)", 0, 0),
        "502 HTML": Expected(
            1, r"server error \(502\), still after 3 attempts: 502 Bad Gateway", 0, 0
        ),
        "stall": Expected(1, r"did not answer within 1 s", 0, 0),
        "refused connection": Expected(1, r"cannot reach Jira at", 0, 0),
        "401": Expected(1, r"rejected the credentials \(401\)", 0, 0),
        "403": Expected(1, r"refused this \(403\)", 0, 0),
        "404": Expected(1, r"no such resource \(404\)", 0, 0),
        "truncated JSON": Expected(1, r"Jira's answer was not what jira-chat expected", 0, 0),
    },
    "ask write (comment)": {
        "429, Retry-After 0": Expected(0, None, 1, 2),
        "429, Retry-After 1": Expected(0, None, 1, 2),
        "429, Retry-After date": Expected(0, None, 1, 2),
        "503 once": Expected(1, NOT_LANDED + r": Jira failed with a server error \(503\)", 0, 1),
        "503 persistent": Expected(1, NOT_LANDED, 0, 1),
        "500": Expected(1, NOT_LANDED + r": Jira failed with a server error \(500\)", 0, 1),
        "502 HTML": Expected(1, NOT_LANDED + r".*\(502\): 502 Bad Gateway", 0, 1),
        "stall": Expected(1, r"sent, not verified: Jira did not answer within 1 s", 1, 1),
        "refused connection": Expected(1, r"cannot reach Jira at", 0, 0),
        "401": Expected(1, r"rejected the credentials \(401\)", 0, 0),
        "403": Expected(1, r"refused this \(403\)", 0, 1),
        "404": Expected(1, r"WEB-1 does not exist or you cannot see it", 0, 1),
        "success, not applied": Expected(1, NOT_LANDED, 0, 1),
        "truncated JSON": Expected(1, NOT_LANDED + r": Jira's answer was not what", 0, 1),
        "lands, then 503": Expected(0, None, 1, 1),
        "lands, then truncated": Expected(0, None, 1, 1),
        "lands, then 502 HTML": Expected(0, None, 1, 1),
    },
    "apply (update, idempotent)": {
        "429, Retry-After 0": Expected(0, None, 1, 2),
        "429, Retry-After 1": Expected(0, None, 1, 2),
        "429, Retry-After date": Expected(0, None, 1, 2),
        # Read back: not there, and a PUT of the same fields is safe to send once more.
        "503 once": Expected(0, None, 1, 2),
        "503 persistent": Expected(1, NOT_LANDED, 0, 2),
        "500": Expected(1, NOT_LANDED, 0, 2),
        "502 HTML": Expected(1, NOT_LANDED + r".*\(502\): 502 Bad Gateway", 0, 2),
        "stall": Expected(1, r"sent, not verified: Jira did not answer within 1 s", 1, 1),
        "refused connection": Expected(1, r"cannot reach Jira at", 0, 0),
        "401": Expected(1, r"rejected the credentials \(401\)", 0, 0),
        "403": Expected(1, r"refused this \(403\)", 0, 1),
        "404": Expected(1, r"WEB-1 does not exist or you cannot see it", 0, 1),
        "success, not applied": Expected(1, NOT_LANDED, 0, 1),
        # A PUT's reply body is not read; the read back shows the change is not there.
        "truncated JSON": Expected(1, NOT_LANDED, 0, 1),
        "lands, then 503": Expected(0, None, 1, 1),
        "lands, then truncated": Expected(0, None, 1, 1),
        "lands, then 502 HTML": Expected(0, None, 1, 1),
    },
}


@dataclass(frozen=True)
class Entry:
    """One way in: its fault target, how to run it, and how to count what it changed."""

    name: str
    method: str
    path: str  # regex for the request the fault hits
    run: Callable[[Path], Any]
    applied: Callable[[Any], int]  # from a python-jira client


def _comments(client: Any) -> int:
    return sum(1 for c in client.comments("WEB-1") if COMMENT in (c.body or ""))


def _renamed(client: Any) -> int:
    return int(client.issue("WEB-1", fields="summary").fields.summary == NEW_SUMMARY)


def _apply(tmp: Path) -> Any:
    plan = {
        "actions": [
            {"action": "update_issue", "parameters": {"key": "WEB-1", "summary": NEW_SUMMARY}}
        ]
    }
    return run_cli("apply", str(write_plan(tmp, plan)), "--yes")


ENTRIES = [
    Entry(
        "ask search",
        "GET",
        r"/search",
        lambda tmp: run_cli("ask", "jql: project = WEB ORDER BY key", "--format", "keys"),
        lambda client: 0,
    ),
    Entry(
        "ask write (comment)",
        "POST",
        r"/issue/WEB-1/comment$",
        lambda tmp: run_cli("ask", f"comment on WEB-1: {COMMENT}", "--yes"),
        _comments,
    ),
    Entry("apply (update, idempotent)", "PUT", r"/issue/WEB-1$", _apply, _renamed),
]

CELLS = [
    pytest.param(entry, fault, id=f"{entry.name}|{fault.name}")
    for entry in ENTRIES
    for fault in FAULTS
    if fault.name in EXPECTED[entry.name]
]

_TABLE: list[tuple[str, str, int, str, int, int]] = []


@pytest.fixture(scope="module", autouse=True)
def _print_matrix() -> Iterator[None]:
    yield
    if not _TABLE:
        return
    lines = [
        f"{'entry':<28} {'fault':<22} {'exit':>4}  {'applied':>7} {'writes':>6}  message",
    ]
    for entry, fault, code, message, applied, writes in _TABLE:
        lines.append(f"{entry:<28} {fault:<22} {code:>4}  {applied:>7} {writes:>6}  {message}")
    print("\n\nFault matrix (exit code, changes in the sandbox, write requests it received)")
    print("\n".join(lines))


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.parametrize(("entry", "fault"), CELLS)
def test_fault_cell(
    entry: Entry,
    fault: Fault,
    sandbox_env: Any,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    expected = EXPECTED[entry.name][fault.name]
    # Warm the metadata cache first, so the fault meets the request it is aimed at.
    assert run_cli("ask", "WEB-1", "--format", "keys").exit_code == 0
    if fault.special == "refused":
        monkeypatch.setenv("JIRA_URL", f"http://127.0.0.1:{_closed_port()}")
    elif fault.special == "401":
        monkeypatch.setenv("JIRA_API_TOKEN", "not-the-token")
    else:
        sandbox_env.faults.add(entry.path, method=entry.method, **fault.rule)
    if fault.name == "stall":
        monkeypatch.setenv("JIRA_CHAT_JIRA_TIMEOUT", TIMEOUT_S)
    sandbox_env.request_log.clear()

    result = entry.run(tmp_path)
    client = jira_client(sandbox_env)
    applied = entry.applied(client)
    deadline = time.monotonic() + STALL_S + 10
    while fault.name == "stall" and not applied and time.monotonic() < deadline:
        time.sleep(0.2)  # the stalled request lands after its client gave up waiting
        applied = entry.applied(client)
    writes = 0 if entry.method == "GET" else sandbox_env.request_log.count(entry.method, entry.path)
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    message = errors[0][len("error: ") :] if errors else "(ok)"
    _TABLE.append((entry.name, fault.name, result.exit_code, message[:110], applied, writes))

    assert result.exit_code == expected.exit_code, result.stderr
    assert_no_traceback(result)
    assert "<" not in result.stderr, result.stderr  # never a page of HTML
    if expected.message is None:
        assert errors == [], result.stderr
    else:
        assert len(errors) == 1, result.stderr
        assert re.search(expected.message, errors[0]), result.stderr
    assert applied == expected.applied
    assert writes == expected.write_requests
    assert applied <= 1  # never a duplicate

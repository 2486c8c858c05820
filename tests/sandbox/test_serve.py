"""`jira-chat sandbox serve` as a user runs it: a real process, its stdout, Ctrl-C, --issues."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from jira_chat.sandbox import db
from jira_chat.sandbox.runner import prepare_database

_CHILDREN: list[subprocess.Popen[str]] = []


@pytest.fixture(autouse=True)
def _no_server_outlives_its_test() -> Iterator[None]:
    yield
    while _CHILDREN:
        child = _CHILDREN.pop()
        if child.poll() is None:
            child.kill()
            child.communicate(timeout=10)


def _serve(*args: str) -> subprocess.Popen[str]:
    child = subprocess.Popen(
        [sys.executable, "-m", "jira_chat", "sandbox", "serve", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    _CHILDREN.append(child)
    return child


def _exports(child: subprocess.Popen[str]) -> dict[str, str]:
    assert child.stdout is not None
    lines = [child.stdout.readline().strip() for _ in range(3)]
    assert all(line.startswith("export ") for line in lines)
    return dict(line.removeprefix("export ").split("=", 1) for line in lines)


def test_serve_prints_exports_serves_them_and_stops_cleanly_on_ctrl_c(
    isolated_env: Path,
) -> None:
    child = _serve("--flavor", "server", "--port", "0")
    try:
        env = _exports(child)
        assert set(env) == {"JIRA_URL", "JIRA_USERNAME", "JIRA_PERSONAL_TOKEN"}
        assert env["JIRA_URL"].startswith("http://127.0.0.1:") and env["JIRA_USERNAME"] == "srivera"
        me = requests.get(
            f"{env['JIRA_URL']}/rest/api/2/myself",
            headers={"Authorization": f"Bearer {env['JIRA_PERSONAL_TOKEN']}"},
            timeout=10,
        )
        assert me.status_code == 200 and me.json()["name"] == "srivera"
    finally:
        child.send_signal(signal.SIGINT)
        _, stderr = child.communicate(timeout=20)
    assert child.returncode == 0, stderr
    assert "Sandbox stopped." in stderr and "Traceback" not in stderr
    assert (isolated_env / "sandbox.sqlite3").exists()


def test_serve_with_another_issue_count_on_a_seeded_home_asks_for_reset(
    isolated_env: Path,
) -> None:
    path = isolated_env / "sandbox.sqlite3"
    prepare_database(path, seed_issues=None, reset=False)  # the demo: 150 issues
    conn = db.connect(path)
    conn.execute("UPDATE issues SET summary = 'my change' WHERE key = 'WEB-1'")
    conn.close()

    child = _serve("--issues", "400")
    stdout, stderr = child.communicate(timeout=60)
    assert child.returncode == 2 and stdout == ""
    assert "was seeded with 150 issues, not 400" in stderr and "--reset" in stderr
    conn = db.connect(path)
    try:  # nothing was thrown away
        assert conn.execute("SELECT COUNT(*) FROM issues").fetchone()[0] == 150
        summary = conn.execute("SELECT summary FROM issues WHERE key = 'WEB-1'").fetchone()[0]
        assert summary == "my change"
    finally:
        conn.close()

    child = _serve("--issues", "400", "--reset", "--port", "0")
    try:
        env = _exports(child)
        count = requests.post(
            f"{env['JIRA_URL']}/rest/api/3/search/approximate-count",
            json={"jql": "project in (WEB, API, OPS)"},
            auth=(env["JIRA_USERNAME"], env["JIRA_API_TOKEN"]),
            timeout=10,
        )
        assert count.json() == {"count": 400}
    finally:
        child.send_signal(signal.SIGINT)
        child.communicate(timeout=20)
    # Same size again, without --reset: served as it is.
    child = _serve("--issues", "400", "--port", "0")
    try:
        assert _exports(child)["JIRA_URL"].startswith("http://127.0.0.1:")
    finally:
        child.send_signal(signal.SIGINT)
        child.communicate(timeout=20)
    assert child.returncode == 0
    assert os.stat(path).st_mode & 0o777 == 0o600


def test_a_busy_port_is_one_line_error_not_werkzeug_exiting() -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        child = _serve("--port", str(port))
        stdout, stderr = child.communicate(timeout=60)
    assert child.returncode == 2 and stdout == ""
    assert stderr.splitlines()[-2:] == [
        f"error: the sandbox cannot listen on 127.0.0.1:{port}: Address already in use",
        "  hint: choose another --port (0 picks a free one) or --host",
    ]

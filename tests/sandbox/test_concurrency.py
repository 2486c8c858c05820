"""Two processes serving one SQLite file: concurrent writes all land, nothing is corrupted."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests

from jira_chat.sandbox.runner import SandboxHandle
from tests.fixtures.sandbox import SandboxFactory

CHILD = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from jira_chat.sandbox.runner import start_sandbox

    handle = start_sandbox(Path(sys.argv[1]))
    print(handle.url, flush=True)
    sys.stdin.read()  # serve until the parent closes our stdin
    handle.stop()
    """
)


@pytest.fixture
def other_process_url(sandbox: SandboxHandle) -> Iterator[str]:
    """A second sandbox server, in a child process, on the same database file."""
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(sandbox.db_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    try:
        assert child.stdout is not None
        yield child.stdout.readline().strip()
    finally:
        assert child.stdin is not None
        child.stdin.close()
        child.wait(timeout=10)


def _create(url: str, handle: SandboxHandle, n: int) -> str:
    response = requests.post(
        f"{url}/rest/api/2/issue",
        json={
            "fields": {
                "project": {"key": "WEB"},
                "issuetype": {"name": "Task"},
                "summary": f"concurrent {n}",
            }
        },
        auth=(handle.username, handle.api_token),
        timeout=30,
    )
    assert response.status_code == 201, response.text
    return str(response.json()["key"])


def test_two_processes_create_concurrently_without_lost_writes(
    sandbox: SandboxHandle, other_process_url: str
) -> None:
    assert other_process_url.startswith("http://127.0.0.1:")
    urls = [sandbox.url, other_process_url] * 12
    with ThreadPoolExecutor(max_workers=8) as pool:
        keys = list(pool.map(lambda pair: _create(pair[1], sandbox, pair[0]), enumerate(urls)))
    assert len(set(keys)) == 24
    assert sorted(int(k.split("-")[1]) for k in keys) == list(range(61, 85))
    conn = sqlite3.connect(sandbox.db_path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        summaries = {
            r[0]
            for r in conn.execute("SELECT summary FROM issues WHERE summary LIKE 'concurrent %'")
        }
        assert summaries == {f"concurrent {n}" for n in range(24)}
    finally:
        conn.close()
    # Both servers see every write (same tokens too: they come from the shared file).
    seen = requests.get(
        f"{other_process_url}/rest/api/2/issue/{keys[0]}",
        auth=(sandbox.username, sandbox.api_token),
        timeout=10,
    )
    assert seen.status_code == 200 and seen.json()["fields"]["summary"] == "concurrent 0"


def test_second_server_on_same_file_keeps_data_and_credentials(
    sandbox: SandboxHandle, sandbox_factory: SandboxFactory
) -> None:
    requests.put(
        f"{sandbox.url}/rest/api/2/issue/WEB-1",
        json={"fields": {"summary": "Persisted"}},
        auth=(sandbox.username, sandbox.api_token),
        timeout=10,
    ).raise_for_status()
    second = sandbox_factory("cloud", db_path=sandbox.db_path)
    assert second.api_token == sandbox.api_token
    got = requests.get(
        f"{second.url}/rest/api/2/issue/WEB-1", auth=(second.username, second.api_token), timeout=10
    )
    assert got.json()["fields"]["summary"] == "Persisted"


def test_two_starts_on_a_fresh_file_seed_it_once(tmp_path: Path) -> None:
    from jira_chat.sandbox import db
    from jira_chat.sandbox.runner import prepare_database

    path = tmp_path / "fresh.sqlite3"
    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(lambda _: prepare_database(path, seed_issues=None, reset=False), range(2)))
    conn = db.connect(path)
    try:
        assert conn.execute("SELECT COUNT(*) FROM issues").fetchone()[0] == 150
        assert conn.execute("SELECT COUNT(*) FROM meta WHERE key = 'api_token'").fetchone()[0] == 1
    finally:
        conn.close()

"""SQLite access for the sandbox: safe for several threads and processes on one file.

WAL mode lets readers and one writer work at once; busy_timeout makes a second writer
wait instead of failing; every write runs in one short `BEGIN IMMEDIATE` transaction.
"""

from __future__ import annotations

import re
import secrets
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

BUSY_TIMEOUT_MS = 15_000


def connect(db_path: Path) -> sqlite3.Connection:
    """Open a connection in autocommit mode; transactions are explicit (see `write_tx`)."""
    conn = sqlite3.connect(
        str(db_path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False
    )
    conn.row_factory = sqlite3.Row
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA synchronous = NORMAL")
    return conn


@contextmanager
def write_tx(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One write = one transaction, taken eagerly so concurrent writers queue up cleanly."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def schema_sql() -> str:
    return resources.files("jira_chat.sandbox").joinpath("schema.sql").read_text(encoding="utf-8")


def init_schema(conn: sqlite3.Connection) -> None:
    """Create tables (idempotent) and switch the file to WAL mode."""
    _enable_wal(conn)
    with write_tx(conn):
        without_comments = re.sub(r"--[^\n]*", "", schema_sql())
        for statement in without_comments.split(";"):
            if statement.strip():
                conn.execute(statement)


def _enable_wal(conn: sqlite3.Connection) -> None:
    """Switching to WAL needs a moment alone with the file, and SQLite does not wait for it
    (no busy handler here), so a second process starting at the same time retries."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def get_meta(conn: sqlite3.Connection, key: str) -> str | None:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return None if row is None else str(row[0])


def set_meta(conn: sqlite3.Connection, key: str, value: str) -> None:
    conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (key, value))


@dataclass(frozen=True)
class Credentials:
    """Tokens generated once per database, so every process on the file shares them."""

    api_token: str
    personal_token: str


def ensure_credentials(conn: sqlite3.Connection) -> Credentials:
    with write_tx(conn):
        api_token = get_meta(conn, "api_token")
        personal_token = get_meta(conn, "personal_token")
        if api_token is None:
            api_token = secrets.token_urlsafe(24)
            set_meta(conn, "api_token", api_token)
        if personal_token is None:
            personal_token = secrets.token_urlsafe(32)
            set_meta(conn, "personal_token", personal_token)
    return Credentials(api_token=api_token, personal_token=personal_token)

"""Starting the sandbox: in a background thread (tests, `--sandbox`) or in the foreground (`serve`)."""

from __future__ import annotations

import os
import socket
import socketserver
import sqlite3
import threading
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any, Literal

from werkzeug.serving import (
    BaseWSGIServer,
    WSGIRequestHandler,
    make_server,
    select_address_family,
)

from jira_chat.config import ensure_private_dir
from jira_chat.sandbox import db, seeding
from jira_chat.sandbox.app import SandboxApp
from jira_chat.sandbox.faults import FaultController, RequestLog
from jira_chat.sandbox.seed_data import CURRENT_USER

Flavor = Literal["cloud", "server"]


class _QuietRequestHandler(WSGIRequestHandler):
    """No per-request lines on stderr: the CLI owns the terminal."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        return None

    def log(self, type: str, message: str, *args: Any) -> None:
        return None


@dataclass
class SandboxHandle:
    url: str
    flavor: Flavor
    username: str
    api_token: str = field(repr=False)
    personal_token: str = field(repr=False)
    db_path: Path
    faults: FaultController | None
    request_log: RequestLog
    _server: BaseWSGIServer | None = field(default=None, repr=False)
    _thread: threading.Thread | None = field(default=None, repr=False)

    def env(self) -> dict[str, str]:
        """Environment that points jira-chat (or any Jira client) at this sandbox."""
        values = {"JIRA_URL": self.url, "JIRA_USERNAME": self.username}
        if self.flavor == "cloud":
            values["JIRA_API_TOKEN"] = self.api_token
        else:
            values["JIRA_PERSONAL_TOKEN"] = self.personal_token
        return values

    def stop(self) -> None:
        server, thread = self._server, self._thread
        self._server = self._thread = None
        if server is not None:
            server.shutdown()
            server.server_close()
        if thread is not None:
            thread.join(timeout=5)

    def __enter__(self) -> SandboxHandle:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def prepare_database(db_path: Path, *, seed_issues: int | None, reset: bool) -> None:
    """Create the schema and credentials; seed when empty or when `reset` is asked.

    The file holds the sandbox's tokens, so it is created mode 0600 in a 0700 directory
    (SQLite gives its -wal and -shm files the database's mode).
    Asking for `seed_issues` on a file already seeded with another size, without `reset`,
    is a UsageError: the data (and the user's changes) are kept, and the message says how
    to re-seed, instead of silently serving an instance of the wrong size.
    """
    ensure_private_dir(db_path.parent)
    os.close(os.open(db_path, os.O_WRONLY | os.O_CREAT, 0o600))
    os.chmod(db_path, 0o600)
    conn = db.connect(db_path)
    try:
        db.init_schema(conn)
        db.ensure_credentials(conn)
        seeded = seeding.seed_database(conn, issues=seed_issues, only_if_empty=not reset)
        if not seeded and seed_issues is not None:
            _check_seed_size(conn, db_path, seed_issues)
    finally:
        conn.close()


def _check_seed_size(conn: sqlite3.Connection, db_path: Path, wanted: int) -> None:
    from jira_chat.errors import UsageError

    held = db.get_meta(conn, "seeded_issues")
    if held is not None and held.isdigit() and int(held) != seeding.issue_count(wanted):
        raise UsageError(
            f"the sandbox at {db_path} was seeded with {held} issues, not {wanted}",
            hint=f"add --reset to seed it again with {wanted} issues (this discards the "
            "changes made in it), or set JIRA_CHAT_HOME to another directory",
        )


def _url(host: str, port: int) -> str:
    shown = "127.0.0.1" if host in ("", "0.0.0.0") else host
    if ":" in shown:
        shown = f"[{shown}]"
    return f"http://{shown}:{port}"


def _listen(host: str, port: int) -> socket.socket:
    """The listening socket, bound here so a busy port or an unknown host is a one-line
    UsageError (werkzeug would print its own text and exit the process)."""
    from jira_chat.errors import UsageError

    try:
        return socket.create_server((host, port), family=select_address_family(host, port))
    except OSError as exc:
        reason = (exc.strerror or str(exc)).split(" (while attempting")[0]
        raise UsageError(
            f"the sandbox cannot listen on {host}:{port}: {reason}",
            hint="choose another --port (0 picks a free one) or --host",
        ) from None


STABLE_PORTS = range(20000, 30000)


def stable_port(db_path: Path) -> int:
    """The port a data file prefers, the same on every run (derived from its path), so URLs
    printed or pasted from one `--sandbox` run still work in the next."""
    digest = zlib.crc32(str(db_path.resolve()).encode("utf-8"))
    return STABLE_PORTS.start + digest % len(STABLE_PORTS)


def _listen_preferred(host: str, port: int | None, db_path: Path) -> socket.socket:
    """`port` None: the data file's stable port when it is free, else any free port."""
    if port is not None:
        return _listen(host, port)
    try:
        return socket.create_server(
            (host, stable_port(db_path)), family=select_address_family(host, 0)
        )
    except OSError:
        return _listen(host, 0)


def _build(
    db_path: Path, flavor: Flavor, host: str, port: int | None, faults: FaultController | None
) -> tuple[BaseWSGIServer, SandboxHandle]:
    request_log = RequestLog()
    # Bind first so the app knows its own URL (for `self` links), then attach it.
    listener = _listen_preferred(host, port, db_path)
    try:
        server = make_server(
            host, listener.getsockname()[1], _placeholder_app, threaded=True,
            request_handler=_QuietRequestHandler, fd=listener.fileno(),
        )  # fmt: skip
    finally:
        listener.close()  # the server holds its own duplicate of the socket
    url = _url(host, server.socket.getsockname()[1])
    app = SandboxApp(db_path, flavor=flavor, base_url=url, faults=faults, request_log=request_log)
    server.app = app
    handle = SandboxHandle(
        url=url,
        flavor=flavor,
        username=CURRENT_USER.email if flavor == "cloud" else CURRENT_USER.username,
        api_token=app.api_token,
        personal_token=app.personal_token,
        db_path=db_path,
        faults=faults,
        request_log=request_log,
        _server=server,
    )
    return server, handle


def _preload_jql() -> None:
    """Build the JQL parser up front (once per process, ~50 ms) so the first search is not slow.

    Only `serve` does this: a long-running server should answer its first client quickly.
    `start_sandbox` (`jira-chat --sandbox`, tests) does not: most one-shot commands (an
    issue view, a write) never parse JQL, and one that does pays the same 50 ms either way.
    """
    from jira_chat.sandbox import jql

    jql.preload()


def _placeholder_app(environ: dict[str, Any], start_response: Any) -> Any:
    start_response("503 Service Unavailable", [("Content-Type", "text/plain")])
    return [b"starting"]


def start_sandbox(
    db_path: Path,
    *,
    flavor: Flavor = "cloud",
    host: str = "127.0.0.1",
    port: int | None = 0,
    seed_issues: int | None = None,
    reset: bool = False,
    enable_faults: bool = False,
) -> SandboxHandle:
    """Serve in a background thread (threaded werkzeug server). Seeds when the DB is empty or reset=True.

    `port` 0 takes any free port; None takes the data file's stable port when it is free.
    """
    db_path = Path(db_path)
    prepare_database(db_path, seed_issues=seed_issues, reset=reset)
    server, handle = _build(
        db_path, flavor, host, port, FaultController() if enable_faults else None
    )
    thread = threading.Thread(
        target=server.serve_forever,
        kwargs={"poll_interval": 0.05},  # so stop() returns promptly
        name=f"jira-sandbox-{handle.url}",
        daemon=True,
    )
    handle._thread = thread
    thread.start()
    return handle


def serve_forever(
    db_path: Path,
    *,
    flavor: Flavor,
    host: str,
    port: int | None,
    seed_issues: int | None,
    reset: bool,
    on_ready: Callable[[SandboxHandle], None],
) -> None:
    """Foreground server for `jira-chat sandbox serve`; faults are never enabled here.

    Ctrl-C (KeyboardInterrupt) closes the socket and then reaches the caller, which says
    the sandbox stopped.
    """
    db_path = Path(db_path)
    prepare_database(db_path, seed_issues=seed_issues, reset=reset)
    _preload_jql()
    server, handle = _build(db_path, flavor, host, port, None)
    on_ready(handle)
    try:
        # socketserver's loop, not werkzeug's wrapper around it, which swallows Ctrl-C.
        socketserver.BaseServer.serve_forever(server)
    finally:
        server.server_close()

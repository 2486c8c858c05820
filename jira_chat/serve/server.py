"""Running the app on uvicorn: in the foreground for `serve`, in a thread for tests and bench.

uvicorn (h11, asyncio) is a production server: keep-alive timeouts, bounded concurrency, a
graceful shutdown on Ctrl-C. The pipeline is synchronous (python-jira), so Starlette runs each
request's work in its thread pool; one conversation's requests run one at a time.
"""

from __future__ import annotations

import socket
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import uvicorn
    from starlette.applications import Starlette

# More simultaneous connections than this are answered 503 by uvicorn instead of queueing.
LIMIT_CONCURRENCY = 64
KEEP_ALIVE_S = 5
GRACEFUL_SHUTDOWN_S = 5


def bind(host: str, port: int) -> socket.socket:
    """Bind first, so that "address in use" is one line from the CLI and port 0 is known."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    return socket.create_server((host, port), family=family, backlog=512)


def _config(app: Starlette, *, quiet: bool) -> uvicorn.Config:
    import uvicorn

    options: dict[str, Any] = {}
    if quiet:
        options["log_config"] = None
    else:  # uvicorn's own format, but the access log on stderr too: stdout carries the URL only
        import copy

        from uvicorn.config import LOGGING_CONFIG

        log_config = copy.deepcopy(LOGGING_CONFIG)
        log_config["handlers"]["access"]["stream"] = "ext://sys.stderr"
        options["log_config"] = log_config
    return uvicorn.Config(
        app,
        http="h11",
        loop="asyncio",
        ws="none",
        lifespan="off",
        log_level="warning" if quiet else "info",
        access_log=not quiet,
        server_header=False,
        proxy_headers=False,
        limit_concurrency=LIMIT_CONCURRENCY,
        timeout_keep_alive=KEEP_ALIVE_S,
        timeout_graceful_shutdown=GRACEFUL_SHUTDOWN_S,
        **options,
    )


def url_of(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}"


def serve_forever(app: Starlette, sock: socket.socket) -> None:
    """Serve until Ctrl-C (uvicorn handles SIGINT/SIGTERM and drains requests)."""
    import uvicorn

    uvicorn.Server(_config(app, quiet=False)).run(sockets=[sock])


@dataclass
class RunningServer:
    url: str
    server: uvicorn.Server
    thread: threading.Thread

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


def start_in_thread(app: Starlette, host: str = "127.0.0.1", port: int = 0) -> RunningServer:
    """A real server on a free port, for tests and the bench; `stop()` ends it."""
    import time

    import uvicorn

    sock = bind(host, port)
    server = uvicorn.Server(_config(app, quiet=True))
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [sock]}, name="jira-chat-serve", daemon=True
    )
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the server did not start")
        time.sleep(0.01)
    return RunningServer(url=url_of(sock), server=server, thread=thread)

"""`jira-chat sandbox serve`: run the demo Jira in the foreground for any client."""

from __future__ import annotations

import shlex
from typing import TYPE_CHECKING, Literal

import typer

from jira_chat.cli.state import configure_logging, get_state, run_guarded
from jira_chat.errors import UsageError

if TYPE_CHECKING:
    from jira_chat.sandbox.runner import SandboxHandle

sandbox_app = typer.Typer(
    help="The built-in demo Jira (a Jira-compatible server on loopback, backed by SQLite).",
    no_args_is_help=True,
)


@sandbox_app.command("serve")
def serve(
    ctx: typer.Context,
    host: str = typer.Option("127.0.0.1", "--host", help="Address to bind (loopback by default)."),
    port: int | None = typer.Option(
        None,
        "--port",
        help="Port to listen on (default: the same port every run for this data directory, "
        "when free; 0 picks any free one).",
    ),
    flavor: str = typer.Option("cloud", "--flavor", help="cloud or server (Data Center)."),
    issues: int | None = typer.Option(
        None, "--issues", min=1, help="Seed this many issues (e.g. 10000 for benchmarks)."
    ),
    reset: bool = typer.Option(False, "--reset", help="Throw away the data and seed again."),
) -> None:
    """Serve the sandbox in the foreground; prints `export JIRA_URL=...` lines for a shell."""
    state = get_state(ctx)
    output = state.output()

    def body() -> int:
        from jira_chat.sandbox.runner import serve_forever

        # A server's own errors belong on its console (the handler answers a Jira-shaped 500).
        configure_logging(to_stderr=True)
        if flavor not in ("cloud", "server"):
            raise UsageError(
                f"unknown flavor {flavor!r}", hint="use --flavor cloud or --flavor server"
            )
        chosen: Literal["cloud", "server"] = "cloud" if flavor == "cloud" else "server"
        if host not in ("127.0.0.1", "localhost", "::1"):
            output.warn(f"binding to {host}: anyone who can reach it can use these credentials")

        def on_ready(handle: SandboxHandle) -> None:
            # Shell-ready: `. ./sandbox.env` (or eval, or a paste) sets them (see README).
            from jira_chat.rendering.formatters import write_exact

            lines = (
                f"export {name}={shlex.quote(value)}\n" for name, value in handle.env().items()
            )
            write_exact(output.env, "".join(lines))
            output.info(
                f"Sandbox ({chosen}) serving {state.settings.sandbox_db_path}; Ctrl-C stops it."
            )

        try:
            serve_forever(
                state.settings.sandbox_db_path,
                flavor=chosen,
                host=host,
                port=port,
                seed_issues=issues,
                reset=reset,
                on_ready=on_ready,
            )
        except KeyboardInterrupt:
            output.info("Sandbox stopped.")
        return 0

    raise typer.Exit(run_guarded(state, output, body))

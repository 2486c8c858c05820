"""`jira-chat serve`: the assistant over HTTP and the chat page (thin: the work is in serve/).

Starlette and uvicorn are imported inside the command only, so the CLI starts as fast as before.
"""

from __future__ import annotations

import contextlib
import os

import typer

from jira_chat.cli.state import configure_logging, get_state, run_guarded
from jira_chat.errors import UsageError

ENV_CORS = "JIRA_CHAT_SERVE_CORS_ORIGINS"


def serve(
    ctx: typer.Context,
    host: str = typer.Option("127.0.0.1", "--host", help="Address to bind (loopback by default)."),
    port: int = typer.Option(8000, "--port", min=0, max=65535, help="Port to listen on."),
    cors_origin: list[str] = typer.Option(
        [],
        "--cors-origin",
        metavar="ORIGIN",
        help=f"Allow cross-origin requests from this origin (repeatable; also {ENV_CORS}).",
    ),
) -> None:
    """Serve POST /process-llm-prompt and the chat page at /, with the same pipeline."""
    state = get_state(ctx)
    output = state.output()

    def body() -> int:
        from jira_chat.serve.app import create_app
        from jira_chat.serve.config import ServeConfig, is_loopback
        from jira_chat.serve.server import bind, serve_forever, url_of
        from jira_chat.serve.token import ENV_TOKEN, load_token
        from jira_chat.text_utils import redact_url

        token = load_token()
        exposed = not is_loopback(host)
        if exposed and token.source != "environment":
            raise UsageError(
                f"--host {host} exposes the server beyond this machine: set {ENV_TOKEN} first",
                hint="choose a long random token and give it only to the people who may use it",
            )
        origins = [*cors_origin, *_split(os.environ.get(ENV_CORS, ""))]
        settings = state.settings_for_jira(output)
        configure_logging(to_stderr=True)  # a server's errors belong on its console
        sock = bind(host, port)
        app = create_app(settings, ServeConfig(token=token.value, cors_origins=tuple(origins)))
        url = url_of(sock) + "/"
        if exposed:
            output.warn(
                f"serving on {host}: anyone who can reach it and holds the token can change Jira "
                "as the configured account; put TLS in front of it"
            )
        output.info(
            f"jira-chat serving {redact_url(settings.jira_url or '')}"
            f"{' (sandbox)' if settings.sandbox else ''}; Ctrl-C stops it."
        )
        if token.generated:
            output.info(f"A new access token was stored in {token.source}.")
        elif not settings.sandbox:
            where = ENV_TOKEN if token.source == "environment" else token.source
            output.info(f"Access token: the one in {where}.")
        # The URL comes last: whoever reads it knows the server is listening (the socket is).
        show_token = token.generated or settings.sandbox
        output.show_reply(f"{url}#token={token.value}" if show_token else url)
        with contextlib.suppress(KeyboardInterrupt):  # uvicorn drains, then we say so
            serve_forever(app, sock)
        output.info("Stopped.")
        return 0

    raise typer.Exit(run_guarded(state, output, body))


def _split(value: str) -> list[str]:
    return [origin.strip() for origin in value.split(",") if origin.strip()]

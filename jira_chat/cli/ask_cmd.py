"""`jira-chat ask`: answer one request, for people and for pipelines."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from jira_chat.cli.options import (
    DryRunOption,
    FormatOption,
    JsonOption,
    MaxOption,
    YesOption,
    run_with_assistant,
)
from jira_chat.errors import UsageError

if TYPE_CHECKING:
    from jira_chat.rendering.environment import Environment

# Piped stdin is attached to the request as context, up to this size (documented in README).
MAX_ATTACHED_BYTES = 64 * 1024


def ask(
    ctx: typer.Context,
    text: str = typer.Argument(
        ..., metavar="REQUEST", help="What you want, or - to read it from stdin."
    ),
    plan: bool = typer.Option(False, "--plan", help="Print the plan as JSON and stop."),
    fmt: str | None = FormatOption,
    json_flag: bool = JsonOption,
    yes: bool = YesOption,
    dry_run: bool = DryRunOption,
    bulk_max: int | None = MaxOption,
) -> None:
    """Answer one request, e.g. jira-chat ask "open bugs in WEB"."""
    run_with_assistant(
        ctx,
        fmt=fmt,
        json_flag=json_flag,
        yes=yes,
        dry_run=dry_run,
        load=lambda state: read_request(text, state.env),
        work=lambda assistant, request: assistant.handle(
            request[0], attached=request[1], plan_only=plan
        ),
        bulk_max=bulk_max,
    )


def read_request(text: str, env: Environment) -> tuple[str, str | None]:
    """The request text and, when stdin is piped alongside a prompt, stdin as context."""
    if text == "-":
        request = _read_stdin_limited(env, "the request")
        if not request.strip():
            raise UsageError("no request on stdin", hint='pipe a request in, or pass it: ask "..."')
        return request, None
    if not text.strip():
        raise UsageError(
            "nothing to do: the request is empty",
            hint='say what you want, e.g. jira-chat ask "open bugs in WEB"',
        )
    if env.stdin is None or env.stdin_isatty:
        return text, None
    attached = _read_stdin_limited(env, "piped context")
    return text, (attached if attached.strip() else None)


def _read_stdin_limited(env: Environment, what: str) -> str:
    try:
        data = env.stdin.read(MAX_ATTACHED_BYTES + 1)
    except UnicodeDecodeError:
        raise UsageError(
            f"{what} on stdin is not valid UTF-8 text",
            hint="convert it to UTF-8 first, e.g. `| iconv -f latin1 -t utf-8`",
        ) from None
    try:
        size = len(data.encode("utf-8"))
    except UnicodeEncodeError:  # undecodable bytes smuggled in as surrogates
        raise UsageError(
            f"{what} on stdin is not valid UTF-8 text",
            hint="convert it to UTF-8 first, e.g. `| iconv -f latin1 -t utf-8`",
        ) from None
    if size > MAX_ATTACHED_BYTES:
        raise UsageError(
            f"{what} on stdin is larger than {MAX_ATTACHED_BYTES // 1024} KiB",
            hint="trim it first, e.g. `| head -c 60000`",
        )
    return data

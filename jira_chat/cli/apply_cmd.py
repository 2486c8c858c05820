"""`jira-chat apply`: validate, preview, confirm and execute a saved plan."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from jira_chat.cli.options import DryRunOption, FormatOption, JsonOption, YesOption, make_output
from jira_chat.cli.state import get_state, run_guarded
from jira_chat.errors import UsageError


def apply(
    ctx: typer.Context,
    plan_file: str = typer.Argument(..., metavar="PLAN", help="A plan JSON file, or - for stdin."),
    fmt: str | None = FormatOption,
    json_flag: bool = JsonOption,
    yes: bool = YesOption,
    dry_run: bool = DryRunOption,
) -> None:
    """Run a saved plan (as printed by ask --plan), with the same preview and confirmation."""
    state = get_state(ctx)
    output = state.output()

    def body() -> int:
        from jira_chat.conversation.assistant import Assistant
        from jira_chat.conversation.context import SessionContext
        from jira_chat.planning.schema import parse_plan

        nonlocal output
        output = make_output(state, fmt, json_flag)
        plan = parse_plan(_read_plan(plan_file))
        settings = state.settings_for_jira(output)
        context = SessionContext(default_project=settings.default_project, last_plan=plan)
        assistant = Assistant(settings, output, context, yes=yes, dry_run=dry_run)
        return int(assistant.run_plan(plan))

    raise typer.Exit(run_guarded(state, output, body))


def _read_plan(source: str) -> str:
    if source == "-":
        return sys.stdin.read()
    path = Path(source)
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UsageError(f"no such plan file: {source}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read plan file {source}: {exc.__class__.__name__}") from None

"""`jira-chat apply`: validate, preview, confirm and execute a saved plan."""

from __future__ import annotations

from pathlib import Path
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
from jira_chat.errors import ExitCode, UsageError

if TYPE_CHECKING:
    from jira_chat.cli.state import AppState
    from jira_chat.conversation.assistant import Assistant
    from jira_chat.planning.schema import Plan
    from jira_chat.rendering.environment import Environment


def apply(
    ctx: typer.Context,
    plan_file: str = typer.Argument(..., metavar="PLAN", help="A plan JSON file, or - for stdin."),
    fmt: str | None = FormatOption,
    json_flag: bool = JsonOption,
    yes: bool = YesOption,
    dry_run: bool = DryRunOption,
    bulk_max: int | None = MaxOption,
) -> None:
    """Run a saved plan (as printed by ask --plan), with the same preview and confirmation."""

    def load(state: AppState) -> Plan:
        from jira_chat.planning.schema import parse_plan

        plan = parse_plan(_read_plan(plan_file, state.env))
        if not plan.actions and not (plan.reply or "").strip():
            raise UsageError(
                "nothing to do: the plan has no actions",
                hint='write one with jira-chat ask --plan "..." > plan.json',
            )
        return plan

    def work(assistant: Assistant, plan: Plan) -> ExitCode:
        assistant.context.last_plan = plan
        return assistant.run_plan(plan)

    run_with_assistant(
        ctx,
        fmt=fmt,
        json_flag=json_flag,
        yes=yes,
        dry_run=dry_run,
        load=load,
        work=work,
        bulk_max=bulk_max,
    )


def _read_plan(source: str, env: Environment) -> str:
    if source == "-":
        return env.stdin.read()
    path = Path(source)
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UsageError(f"no such plan file: {source}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read plan file {source}: {exc.__class__.__name__}") from None

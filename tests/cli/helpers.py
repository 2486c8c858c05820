"""Helpers for driving the CLI through Typer's CliRunner, as a script would."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner, Result

from jira_chat.cli.app import app


def run_cli(*args: str, input: str | None = None) -> Result:
    """Invoke jira-chat in-process; stdin is not a TTY, as in a pipeline."""
    return CliRunner().invoke(app, list(args), input=input)


def write_plan(directory: Path, plan: dict[str, Any]) -> Path:
    """A plan file for `jira-chat apply`, as `ask --plan > plan.json` would leave it."""
    plan_file = directory / "plan.json"
    plan_file.write_text(json.dumps(plan))
    return plan_file


def assert_no_traceback(result: Result) -> None:
    assert "Traceback" not in result.stdout + result.stderr

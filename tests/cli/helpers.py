"""Helpers for driving the CLI through Typer's CliRunner, as a script would."""

from __future__ import annotations

from typer.testing import CliRunner, Result

from jira_chat.cli.app import app


def run_cli(*args: str, input: str | None = None) -> Result:
    """Invoke jira-chat in-process; stdin is not a TTY, as in a pipeline."""
    return CliRunner().invoke(app, list(args), input=input)


def assert_no_traceback(result: Result) -> None:
    assert "Traceback" not in result.stdout + result.stderr

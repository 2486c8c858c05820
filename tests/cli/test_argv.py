"""Global options after the command, switches with values, and --help without `<bool>`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from jira_chat.cli.argv import normalize_argv
from tests.cli.helpers import run_cli


@pytest.mark.parametrize(
    ("typed", "parsed"),
    [
        (["ask", "WEB-1", "--sandbox"], ["--sandbox", "ask", "WEB-1"]),
        (
            ["ask", "open bugs", "--project", "WEB", "--json"],
            ["--project", "WEB", "ask", "open bugs", "--json"],
        ),
        (["doctor", "--debug", "--model=m"], ["--debug", "--model=m", "doctor"]),
        (["--sandbox=1", "ask", "x", "--yes=true"], ["--sandbox", "ask", "x", "--yes"]),
        (["--sandbox=0", "ask", "x", "--dry-run=no"], ["ask", "x"]),
        (["ask", "--", "--sandbox"], ["ask", "--", "--sandbox"]),  # after --, it is the request
        (["-p", "WEB", "ask", "x"], ["-p", "WEB", "ask", "x"]),
    ],
)
def test_the_command_line_people_type_is_the_one_typer_parses(
    typed: list[str], parsed: list[str]
) -> None:
    assert normalize_argv(typed) == parsed


def test_a_global_option_after_the_command_works_end_to_end(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JIRA_", "GEMINI_", "GOOGLE_"))}
    env["JIRA_CHAT_HOME"] = str(tmp_path / "home")
    result = subprocess.run(
        [sys.executable, "-m", "jira_chat", "ask", "WEB-1", "--sandbox=1", "--format", "keys"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "WEB-1\n"


def test_help_shows_no_type_for_plain_switches() -> None:
    for args in (["--help"], ["ask", "--help"], ["apply", "--help"]):
        shown = run_cli(*args).stdout
        assert "<bool>" not in shown
        assert "--dry-run" in shown or "--sandbox" in shown
    assert "KEY" in run_cli("--help").stdout  # options that take a value still say so

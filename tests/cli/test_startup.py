"""Start-up is a feature: `--help` must not pay for Gemini, Jira, the REPL or the sandbox."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = ("google.genai", "jira", "prompt_toolkit", "werkzeug", "lark", "jira_chat.sandbox")

PROBE = """
import json, sys
from jira_chat.cli.app import main
code = main(sys.argv[1:])
loaded = sorted(m for m in sys.modules if m.split(".")[0] in {"google", "jira", "prompt_toolkit", "werkzeug", "lark"} or m.startswith("jira_chat.sandbox"))
sys.stderr.write("LOADED=" + json.dumps(loaded) + "\\n")
raise SystemExit(code)
"""


def _loaded_modules(*args: str) -> tuple[int, list[str], str]:
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, *args], capture_output=True, text=True, timeout=60
    )
    line = next(ln for ln in proc.stderr.splitlines() if ln.startswith("LOADED="))
    return proc.returncode, json.loads(line.removeprefix("LOADED=")), proc.stdout


def test_help_loads_no_heavy_module() -> None:
    code, loaded, stdout = _loaded_modules("--help")
    assert code == 0
    assert "Manage Jira in plain language" in stdout
    assert not [m for m in loaded if m.startswith(HEAVY)], loaded


def test_subcommand_help_loads_no_heavy_module() -> None:
    for command in ("ask", "apply", "doctor", "sandbox"):
        code, loaded, stdout = _loaded_modules(command, "--help")
        assert code == 0, command
        assert "Usage" in stdout
        assert not [m for m in loaded if m.startswith(HEAVY)], (command, loaded)


def test_library_logs_are_silent_by_default_and_shown_when_asked(
    capsys: pytest.CaptureFixture[str],
) -> None:
    import logging

    from jira_chat.cli.state import configure_logging

    root = logging.getLogger()
    saved = list(root.handlers)
    try:
        root.handlers = []  # as in a real process, before jira-chat configures anything
        configure_logging(to_stderr=False)
        logging.getLogger("jira_chat.sandbox.app").error("quiet failure")
        assert "quiet failure" not in capsys.readouterr().err
        configure_logging(to_stderr=True)  # --debug, or `sandbox serve`
        configure_logging(to_stderr=True)  # twice adds nothing
        logging.getLogger("jira_chat.sandbox.app").error("loud failure")
        assert capsys.readouterr().err.count("jira_chat.sandbox.app: loud failure") == 1
    finally:
        root.handlers = saved

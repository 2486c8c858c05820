"""Start-up is a feature: `--help` must not pay for Gemini, Jira, the REPL or the sandbox."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from jira_chat.sandbox.runner import SandboxHandle

HEAVY = (
    "google.genai",
    "jira",
    "prompt_toolkit",
    "werkzeug",
    "lark",
    "jira_chat.sandbox",
    "keyring",
)

PROBE = """
import json, sys
from jira_chat.cli.app import main
code = main(sys.argv[1:])
loaded = sorted(m for m in sys.modules if m.split(".")[0] in {"google", "jira", "prompt_toolkit", "werkzeug", "lark", "keyring"} or m.startswith("jira_chat.sandbox"))
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


READ_PROBE = """
import json, sys
from jira_chat.cli.app import main
code = main(sys.argv[1:])
loaded = sorted(m for m in sys.modules if m.split(".")[0] in {"pydantic", "tenacity", "rich"})
sys.stderr.write("LOADED=" + json.dumps(loaded) + "\\n")
raise SystemExit(code)
"""


@pytest.mark.parametrize("request_text", ["WEB-1", "jql: project = WEB ORDER BY key"])
def test_a_lookup_or_a_jql_search_loads_no_pydantic_tenacity_or_rich(
    sandbox: SandboxHandle, tmp_path: Path, request_text: str
) -> None:
    """The paired bench (bench/bench_cli.py) keeps these reads within 1.5x of a bare
    python-jira script only while they skip pydantic, tenacity (no retry needed) and Rich
    (plain output); this names the module that came back."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JIRA_", "GEMINI_"))}
    env.update(sandbox.env(), JIRA_CHAT_HOME=str(tmp_path / "home"), NO_COLOR="1")
    proc = subprocess.run(
        [sys.executable, "-c", READ_PROBE, "ask", request_text, "--format", "plain"],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("WEB-1\t")
    line = next(ln for ln in proc.stderr.splitlines() if ln.startswith("LOADED="))
    assert json.loads(line.removeprefix("LOADED=")) == []


def test_subcommand_help_loads_no_heavy_module() -> None:
    for command in ("ask", "apply", "doctor", "sandbox", "init", "login"):
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


def _lazy_heavy_imports() -> list[tuple[Path, str]]:
    """Every function-level import of a banned module in the start-up path's modules."""
    import ast

    root = Path(__file__).resolve().parents[2]
    found = []
    for path in sorted((root / "jira_chat").rglob("*.py")):
        relative = path.relative_to(root).as_posix()
        if relative.startswith(("jira_chat/sandbox/", "jira_chat/serve/")):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(function):
                names = []
                if isinstance(node, ast.ImportFrom) and node.module:
                    names = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
                elif isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                if any(name.startswith(BANNED_PREFIXES) for name in names):
                    found.append((path, ast.unparse(node)))
    return found


RUFF = (sys.executable, "-m", "ruff", "check", "--select", "TID253", "--no-cache")
BANNED_PREFIXES = (
    "google.genai",
    "jira.",
    "prompt_toolkit",
    "werkzeug",
    "lark",
    "jira_chat.sandbox",
    "keyring",
)


def test_hoisting_any_lazy_heavy_import_to_module_level_fails_ruff() -> None:
    """The rule (ruff TID253 in pyproject.toml) guards what the --help probe above measures."""
    lazy = _lazy_heavy_imports()
    modules = {path.name for path, _ in lazy}
    assert {"state.py", "repl.py", "client.py", "gemini.py", "sandbox_cmd.py"} <= modules
    root = Path(__file__).resolve().parents[2]
    for path, statement in lazy:
        hoisted = path.read_text(encoding="utf-8") + f"\n{statement}\n"
        relative = path.relative_to(root).as_posix()
        done = subprocess.run(
            [*RUFF, "--stdin-filename", relative, "-"],
            input=hoisted,
            capture_output=True,
            text=True,
            cwd=root,
            timeout=60,
        )
        assert done.returncode == 1 and "TID253" in done.stdout, (relative, statement)


def test_main_takes_argv_and_an_environment_and_returns_the_exit_code(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from jira_chat.cli.app import main
    from jira_chat.rendering.environment import Environment

    env = Environment.buffered()
    assert main(["ask", "WEB-1", "--format", "bogus"], env) == 2
    assert env.stderr.getvalue() == (  # type: ignore[attr-defined]
        "error: unknown format 'bogus'\n  hint: choose one of: table, plain, json, csv, keys\n"
    )
    assert main(["--version"], env) == 0
    assert capsys.readouterr().out.startswith("jira-chat ")
    assert main(["no-such-command"], env) == 2  # Click's usage error, its own exit code

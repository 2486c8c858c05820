"""The REPL's banner (what the session talks to) and /help (what offline requests look like),
in-process against the sandbox."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from jira_chat.cli.app import main
from jira_chat.errors import ExitCode
from jira_chat.planning.grammar.hints import FORMS, OFFLINE_GRAMMAR
from jira_chat.rendering.environment import Environment
from tests.repl.inprocess import CTRL_D, ENTER, terminal

README = Path(__file__).resolve().parents[2] / "README.md"


def warm_the_metadata_cache() -> None:
    """What any earlier run leaves behind: the instance's metadata, saved on disk."""
    env = Environment.buffered()
    assert main(["ask", "my open issues"], env) == ExitCode.OK, env.stderr.getvalue()  # type: ignore[attr-defined]


def banner(stderr: str) -> list[str]:
    lines = stderr.splitlines()
    start = lines.index("jira-chat: ask in plain words, /help for commands, Ctrl-D to leave.")
    return lines[start + 1 : start + 5]


def test_the_banner_names_the_jira_the_user_the_project_and_the_planner(
    sandbox_env: Any,
) -> None:
    warm_the_metadata_cache()
    sandbox_env.request_log.clear()
    with terminal() as term:
        term.keys.send_text(CTRL_D)
        assert term.run("--project", "WEB") == ExitCode.OK
    assert banner(term.stderr) == [
        f"  jira     {sandbox_env.url} (Cloud)",
        "  user     Sam Rivera <sam.rivera@example.com>",
        "  project  WEB",
        "  planner  offline (no GEMINI_API_KEY: the forms /help lists)",
    ]
    assert sandbox_env.request_log.entries == []  # drawn from what is on disk: no request


def test_before_jira_was_ever_asked_the_banner_shows_the_login_and_whoami_asks(
    sandbox_env: Any,
) -> None:
    with terminal() as term:
        term.keys.send_text("/whoami" + ENTER + CTRL_D)
        assert term.run() == ExitCode.OK
    assert banner(term.stderr)[1] == (
        "  user     sam.rivera@example.com (not checked yet: /whoami asks Jira)"
    )
    assert banner(term.stderr)[2] == "  project  none (/project KEY sets one)"
    after = term.stderr.split("/whoami asks Jira)", 1)[1]
    assert "  user     Sam Rivera <sam.rivera@example.com>" in after


def test_on_the_sandbox_the_banner_says_so(sandbox_template: Path, isolated_env: Path) -> None:
    shutil.copyfile(sandbox_template, isolated_env / "sandbox.sqlite3")  # no seeding: fast
    with terminal() as term:
        term.keys.send_text(CTRL_D)
        assert term.run("--sandbox") == ExitCode.OK
    first = banner(term.stderr)[0]
    assert re.fullmatch(r"  jira     sandbox \(demo data at http://127\.0\.0\.1:\d+\)", first)


def test_with_a_gemini_key_the_banner_names_the_model_and_calls_nobody(
    sandbox_env: Any, fake_gemini: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GEMINI_API_KEY", fake_gemini.api_key)
    monkeypatch.setenv("GOOGLE_GEMINI_BASE_URL", fake_gemini.url)
    with terminal() as term:
        term.keys.send_text("/model gemini-2.5-pro" + ENTER + "/whoami" + ENTER + CTRL_D)
        assert term.run("--model", "gemini-2.5-flash") == ExitCode.OK
    assert banner(term.stderr)[3] == "  planner  Gemini gemini-2.5-flash"
    assert "  planner  Gemini gemini-2.5-pro" in term.stderr  # /whoami after /model
    assert fake_gemini.requests == []


def test_help_shows_the_offline_grammar_with_examples(sandbox_env: Any) -> None:
    with terminal() as term:
        term.keys.send_text("/help" + ENTER + "/help examples" + ENTER + CTRL_D)
        assert term.run() == ExitCode.OK
    shown = term.stderr
    assert "  /whoami " in shown and "  /jql " in shown
    assert "Offline (no GEMINI_API_KEY), these forms work:" in shown
    for line in OFFLINE_GRAMMAR.splitlines():
        assert f"  {line}\n" in shown
    assert "e.g. WEB-12 · jql: project = WEB · my open bugs in WEB" in shown
    examples = shown.split("Requests the offline planner understands", 1)[1]
    for example, does in FORMS:
        assert example in examples and does in examples


def test_the_readme_shows_the_grammar_help_shows() -> None:
    """One grammar: README's block is the constant /help prints."""
    assert f"```text\n{OFFLINE_GRAMMAR}\n```" in README.read_text(encoding="utf-8")

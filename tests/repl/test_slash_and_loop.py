"""Slash commands and the plain line loop, against a stand-in assistant."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jira_chat.conversation.repl import ReplSession, prepare_history_file, prompt_text, run_repl
from jira_chat.conversation.slash import Next, SlashCommands
from jira_chat.errors import ExitCode, JiraAccessError, UsageError
from jira_chat.planning.schema import parse_plan
from jira_chat.rendering.output import Output, OutputFormat
from tests.repl.fakes import FakeAssistant


def fed(stdin: str) -> FakeAssistant:
    """A stand-in assistant whose Output reads `stdin` (a pipe, not a terminal)."""
    return FakeAssistant(output=Output.buffered(OutputFormat.PLAIN, stdin_text=stdin))


def session_with(stdin: str = "") -> tuple[ReplSession, FakeAssistant]:
    assistant = fed(stdin)
    return ReplSession(assistant), assistant


def err(assistant: FakeAssistant) -> str:
    return assistant.output.env.stderr.getvalue()  # type: ignore[attr-defined,no-any-return]


def out(assistant: FakeAssistant) -> str:
    return assistant.output.env.stdout.getvalue()  # type: ignore[attr-defined,no-any-return]


def test_help_lists_every_command_with_its_docstring() -> None:
    session, assistant = session_with()
    session.handle_line("/help")
    text = err(assistant)
    for name in SlashCommands.names():
        assert f"/{name}" in text
    assert "Run a JQL search" in text and "Ctrl-X Ctrl-E" in text


def test_jql_runs_a_search_through_the_assistant() -> None:
    session, assistant = session_with()
    session.handle_line("/jql project = WEB ORDER BY key")
    assert assistant.requests == ["jql: project = WEB ORDER BY key"]
    assert out(assistant).splitlines()[0].startswith("WEB-1\t")


def test_unknown_command_is_an_error_listing_the_commands_and_the_session_goes_on() -> None:
    session, assistant = session_with()
    assert session.handle_line("/frobnicate") is Next.CONTINUE
    assert "error: unknown command /frobnicate" in err(assistant)
    assert "hint: commands: /help, /jql, /open" in err(assistant)


def test_project_sets_the_default_and_the_prompt_and_rejects_unknown_keys() -> None:
    session, assistant = session_with()
    assert session.prompt == "jira> "
    session.handle_line("/project web")
    assert assistant.context.default_project == "WEB"
    assert session.prompt == "jira (WEB)> " == prompt_text("WEB")
    session.handle_line("/project NOPE")
    assert assistant.context.default_project == "WEB"
    assert "error: there is no project NOPE" in err(assistant)
    assert "hint: projects: WEB, OPS" in err(assistant)


def test_plan_shows_the_last_plan_as_json() -> None:
    session, assistant = session_with()
    session.handle_line("/plan")
    assert "no plan yet" in err(assistant)
    plan = parse_plan({"actions": [{"action": "get_issue", "parameters": {"key": "WEB-3"}}]})
    assistant.context.last_plan = plan
    session.handle_line("/plan")
    assert json.loads(out(assistant))["actions"][0]["parameters"]["key"] == "WEB-3"


def test_model_clear_and_quit() -> None:
    session, assistant = session_with()
    session.handle_line("/model gemini-2.5-flash")
    assert assistant.context.model == "gemini-2.5-flash"
    assistant.context.remember_shown(["WEB-1"])
    session.handle_line("/clear")
    assert assistant.context.last_issue is None and assistant.context.last_shown == []
    assert session.handle_line("/quit") is Next.QUIT


def test_open_prints_the_url_when_there_is_no_browser() -> None:
    assistant = FakeAssistant()
    opened: list[str] = []
    commands = SlashCommands(assistant, open_url=lambda url: opened.append(url) is not None)
    assistant.context.remember_acted("WEB-5")
    commands.run("/open it")
    assert out(assistant) == "http://127.0.0.1:1/browse/WEB-5\n"
    with pytest.raises(UsageError):
        commands.run("/open not-a-key")


def test_open_uses_the_browser_when_there_is_one(monkeypatch: pytest.MonkeyPatch) -> None:
    assistant = FakeAssistant()
    opened: list[str] = []
    SlashCommands(assistant, open_url=lambda url: not opened.append(url)).run("/open web-7")
    assert opened == ["http://127.0.0.1:1/browse/WEB-7"]
    assert "opened http://127.0.0.1:1/browse/WEB-7" in err(assistant)


def test_open_without_a_display_prints_the_url(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("BROWSER", "DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr("sys.platform", "linux")
    assistant = FakeAssistant()
    SlashCommands(assistant).run("/open WEB-2")
    assert out(assistant) == "http://127.0.0.1:1/browse/WEB-2\n"


def test_errors_and_ctrl_c_in_a_request_are_shown_and_the_session_goes_on() -> None:
    session, assistant = session_with()
    assistant.fail_with = JiraAccessError("Jira is unreachable", hint="check JIRA_URL")
    assert session.handle_line("WEB-1") is Next.CONTINUE
    assert "error: Jira is unreachable\n  hint: check JIRA_URL" in err(assistant)
    assistant.fail_with = KeyboardInterrupt()
    assert session.handle_line("WEB-1") is Next.CONTINUE
    assert "cancelled" in err(assistant)


def test_an_unexpected_error_is_one_line_and_the_session_keeps_its_context() -> None:
    session, assistant = session_with()
    session.handle_line("jql: project = WEB")
    assistant.fail_with = ValueError("a bug")
    assert session.handle_line("WEB-1") is Next.CONTINUE
    assert "error: unexpected error (ValueError)" in err(assistant)
    assert "Traceback" not in err(assistant) and "a bug" not in err(assistant)
    assert assistant.context.last_shown == ["WEB-1", "WEB-2"]


def test_an_unexpected_error_shows_the_traceback_with_debug() -> None:
    session, assistant = session_with()
    assistant.settings = assistant.settings.with_overrides(debug=True)
    assistant.fail_with = ValueError("a bug")
    session.handle_line("WEB-1")
    assert "Traceback" in err(assistant) and "ValueError: a bug" in err(assistant)


def test_plain_loop_runs_lines_until_eof_with_the_prompt_on_stderr() -> None:
    assistant = fed("/project WEB\njql: project = WEB\n\n/bogus\n")
    assert (
        run_repl(assistant.output, lambda prompter: assistant) is ExitCode.USAGE
    )  # piped in: the unknown command's code
    assert assistant.requests == ["jql: project = WEB"]
    assert out(assistant).count("\n") == 2  # only the two result lines on stdout
    assert "jira> " in err(assistant) and "jira (WEB)> " in err(assistant)
    assert "unknown command /bogus" in err(assistant)


def test_plain_loop_stops_at_quit() -> None:
    assistant = fed("/quit\njql: never\n")
    assert run_repl(assistant.output, lambda prompter: assistant) is ExitCode.OK
    assert assistant.requests == []


def test_history_file_is_private(tmp_path: Path) -> None:
    path = prepare_history_file(tmp_path / "sub" / "history")
    assert path.stat().st_mode & 0o777 == 0o600
    assert path.parent.stat().st_mode & 0o777 == 0o700
    path.chmod(0o644)
    prepare_history_file(path)
    assert path.stat().st_mode & 0o777 == 0o600

"""The Environment: streams, terminal facts and NO_COLOR, read once and overridable."""

from __future__ import annotations

import io
import sys

import pytest

from jira_chat.rendering.environment import Environment
from jira_chat.rendering.output import Output, OutputFormat


def test_from_system_honours_no_color_and_term_dumb(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdout", io.StringIO())
    env = Environment.from_system({"NO_COLOR": "1", "TERM": "xterm"})
    assert env.stdout is sys.stdout and env.no_color and not env.stdout_isatty
    assert Environment.from_system({"TERM": "xterm"}).no_color is False
    dumb = Environment.from_system({"TERM": "dumb"})
    assert dumb.no_color and dumb.dumb_terminal and not dumb.spinner_allowed


def test_format_defaults_to_plain_without_a_terminal_and_table_on_one() -> None:
    assert Output(Environment(stdout=io.StringIO())).format is OutputFormat.PLAIN
    assert (
        Output(Environment(stdout=io.StringIO(), stdout_isatty=True)).format is OutputFormat.TABLE
    )
    assert Output(Environment(), OutputFormat.JSON).format is OutputFormat.JSON


def test_fields_are_overridden_one_by_one_and_the_rest_follow_the_streams() -> None:
    stdin = io.StringIO("y\n")
    env = Environment(stdin=stdin, stdin_isatty=True)
    assert env.stdin is stdin and env.stdin_isatty is True
    assert env.stdout is sys.stdout  # untouched fields keep the process's own


def test_a_spinner_needs_a_colour_terminal() -> None:
    assert Environment.buffered(tty=True, no_color=False).spinner_allowed
    assert not Environment.buffered(tty=True, no_color=True).spinner_allowed
    assert not Environment.buffered(tty=False, no_color=False).spinner_allowed

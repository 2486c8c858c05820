"""Jira text keeps its lines on a terminal: lists typed as lines, stack traces, code."""

from __future__ import annotations

from jira_chat.jira_access.parse import issue_record
from jira_chat.rendering.output import Output, OutputFormat
from tests.fixtures import jira_payloads as payloads

CRITERIA = "Acceptance criteria:\n1 - asd\n2 - asdf\n3- qwerty"
TRACE = (
    "Login fails with:\n"
    "java.lang.NullPointerException: user is null\n"
    "\tat com.example.auth.Login.submit(Login.java:42)\n"
    "\tat com.example.web.Router.dispatch(Router.java:7)"
)
PY_TRACE = (
    "Traceback (most recent call last):\n"
    '  File "app.py", line 3, in __init__\n'
    "    total = price * count * 2\n"
    "KeyError: 'user'"
)


def _on_a_terminal(description: str) -> list[str]:
    raw = payloads.issue(description=description, transitions=[])
    record = issue_record(raw, browse_base=payloads.BASE, flavor="cloud")
    out = Output.buffered(OutputFormat.TABLE, tty=True, no_color=True)
    out.show_issue(record)
    lines = out.env.stdout.getvalue().splitlines()
    start = lines.index("Description")
    return [line.strip() for line in lines[start + 1 :] if line.strip()]


def test_lines_typed_as_a_list_stay_lines() -> None:
    assert _on_a_terminal(CRITERIA)[:4] == [
        "Acceptance criteria:",
        "1 - asd",
        "2 - asdf",
        "3- qwerty",
    ]


def test_a_java_stack_trace_keeps_one_frame_per_line() -> None:
    shown = _on_a_terminal(TRACE)
    assert "at com.example.auth.Login.submit(Login.java:42)" in shown
    assert "at com.example.web.Router.dispatch(Router.java:7)" in shown


def test_a_python_traceback_keeps_its_lines_and_symbols() -> None:
    shown = _on_a_terminal(PY_TRACE)
    assert 'File "app.py", line 3, in __init__' in shown
    assert "total = price * count * 2" in shown
    assert "KeyError: 'user'" in shown


def test_markdown_still_renders_on_a_terminal() -> None:
    shown = _on_a_terminal("Steps:\n\n* open *Safari*\n* log in\n\n{code}\nx = 1\ny = 2\n{code}")
    assert any(line.endswith("open Safari") for line in shown)
    assert "*Safari*" not in " ".join(shown) and "**Safari**" not in " ".join(shown)
    assert "x = 1" in shown and "y = 2" in shown

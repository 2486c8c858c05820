"""Table, detail view, preview, prompts and messages as a person sees them."""

from __future__ import annotations

import datetime as dt
import io
import re
import sys

import pytest

from jira_chat.execution.records import ActionPreview, FieldChange
from jira_chat.jira_access.records import SearchResult
from jira_chat.rendering.humanize import relative_time
from jira_chat.rendering.output import Output, OutputFormat
from tests.rendering.records import detailed_issue, issue, preview, search

# SGR colours and OSC 8 hyperlinks, to compare what the eye sees.
ANSI_SGR = re.compile(r"\x1b\[[0-9;]*m|\x1b\]8;[^\x1b]*\x1b\\\\")


def table_output(**kwargs: object) -> Output:
    return Output.buffered(OutputFormat.TABLE, **kwargs)  # type: ignore[arg-type]


def test_search_table_has_the_columns_and_rows_and_the_jql_goes_to_stderr() -> None:
    out = table_output()
    out.show_search(search(issue("WEB-1"), issue("WEB-2", assignee=None, status="To Do")))
    lines = out.stdout.getvalue().splitlines()
    assert lines[0].split() == [
        "Key",
        "Type",
        "Status",
        "Priority",
        "Assignee",
        "Summary",
        "Updated",
    ]
    body = out.stdout.getvalue()
    assert "WEB-1" in body and "Alice Nguyen" in body and "Unassigned" in body
    assert "ago" in body  # relative times, not timestamps
    assert "project = WEB" not in body
    assert out.stderr.getvalue().splitlines() == [
        "JQL: project = WEB ORDER BY key ASC",
        "2 of 2 issues",
    ]


def test_a_cut_short_table_says_how_many_exist_and_what_to_do() -> None:
    out = table_output()
    out.show_search(search(issue(), total=143, approx=True))
    err = out.stderr.getvalue()
    assert "1 of ≈143 issues" in err
    assert "warning: more issues match" in err and "limit" in err
    assert err.count("143") == 1  # the count is said once, not twice


def test_an_unknown_total_is_never_silent() -> None:
    out = table_output()
    out.show_search(SearchResult("project = WEB", (issue(),), total=None))
    assert "total unknown" in out.stderr.getvalue()
    assert "there may be more" in out.stderr.getvalue()


def test_detail_view_shows_fields_description_last_comments_and_transitions() -> None:
    out = table_output()
    out.show_issue(detailed_issue())
    text = out.stdout.getvalue()
    for expected in (
        "WEB-5",
        "Login fails on Safari",
        "Bob Stone",
        "auth, safari",
        "2026-12-31",
        "Open **Safari**",  # not a TTY: the description as written
        "Comments (last 3 of 4)",
        "Latest: fixed in build 42",
        "Start progress → In Progress",
        "Close → Done",
    ):
        assert expected in text
    assert "first comment" not in text


def test_detail_view_renders_markdown_on_a_terminal() -> None:
    out = table_output(tty=True, no_color=True)
    out.show_issue(detailed_issue())
    assert "**Safari**" not in out.stdout.getvalue()
    assert "Safari" in out.stdout.getvalue()


def test_a_write_in_table_format_says_what_was_done() -> None:
    from tests.rendering.records import write

    out = table_output()
    out.show_outcomes([write()])
    assert "Assigned WEB-2: assignee → Alice Nguyen" in out.stdout.getvalue()


def test_preview_shows_each_field_old_to_new_and_totals_on_stderr() -> None:
    create = ActionPreview(
        "create_issue",
        None,
        "Create Bug in WEB",
        (FieldChange("summary", None, "Login fails"), FieldChange("labels", None, ["a", "b"])),
    )
    comment = ActionPreview(
        "add_comment",
        "WEB-2",
        "Comment on WEB-2",
        (FieldChange("comment", None, "line 1\nline 2"),),
    )
    out = table_output()
    out.show_preview([preview("WEB-2"), comment, create])
    assert out.stdout.getvalue() == ""
    assert out.stderr.getvalue().splitlines() == [
        "Assign WEB-2",
        "  assignee: Bob Stone → Alice Nguyen",
        "",
        "Comment on WEB-2",
        "  comment:",
        "    + line 1",
        "    + line 2",
        "",
        "Create Bug in WEB",
        "  summary: (none) → Login fails",
        "  labels: (none) → a, b",
        "",
        "3 changes to 2 issues",
    ]


def test_a_single_write_has_no_totals_line() -> None:
    out = table_output()
    out.show_preview([preview()])
    assert "change" not in out.stderr.getvalue()


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("y\n", True),
        ("YES\n", True),
        ("n\n", False),
        ("\n", False),
        ("", False),
        ("maybe\n", False),
    ],
)
def test_confirm_defaults_to_no(typed: str, expected: bool) -> None:
    out = Output.buffered(stdin_text=typed)
    assert out.confirm("Apply these changes?") is expected
    assert out.stderr.getvalue().startswith("Apply these changes? [y/N] ")


def test_confirm_and_choose_use_the_hooks_when_set() -> None:
    out = Output.buffered(stdin_text="y\n")
    asked: list[str] = []
    out.confirm_hook = lambda question: asked.append(question) is not None
    out.choose_hook = lambda question, options: options[-1]
    assert out.confirm("Apply?") is False
    assert asked == ["Apply?"]
    assert out.choose("Which Alex?", ["Alex A", "Alex B"]) == "Alex B"
    assert out.stdin.read() == "y\n"  # the hooks did not touch stdin


def test_choose_lists_numbered_options_and_reads_a_number() -> None:
    out = Output.buffered(stdin_text="7\n2\n")
    assert out.choose("Which Alex?", ["Alex Adams", "Alex Brown"]) == "Alex Brown"
    err = out.stderr.getvalue()
    assert "Which Alex?" in err and "  1. Alex Adams" in err and "  2. Alex Brown" in err
    assert "please enter a number from 1 to 2" in err


def test_choose_is_cancelled_by_an_empty_line_or_eof() -> None:
    assert Output.buffered(stdin_text="\n").choose("Q", ["a", "b"]) is None
    assert Output.buffered(stdin_text="").choose("Q", ["a", "b"]) is None


def test_error_is_one_line_plus_an_indented_hint() -> None:
    out = Output.buffered()
    out.error("WEB-99 does not exist", "check the key")
    out.warn("slow")
    out.info("hello")
    assert out.stderr.getvalue() == (
        "error: WEB-99 does not exist\n  hint: check the key\nwarning: slow\nhello\n"
    )
    assert out.stdout.getvalue() == ""


def test_long_messages_are_not_wrapped() -> None:
    out = Output.buffered()
    out.error("x" * 300)
    assert out.stderr.getvalue() == "error: " + "x" * 300 + "\n"


def test_status_writes_nothing_without_a_terminal() -> None:
    out = Output.buffered()
    with out.status("Asking Gemini…"):
        pass
    assert out.stderr.getvalue() == "" and out.stdout.getvalue() == ""


def test_from_environment_picks_plain_without_a_tty_and_honours_no_color(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sys, "stdout", io.StringIO())
    monkeypatch.setenv("NO_COLOR", "1")
    out = Output.from_environment()
    assert out.format is OutputFormat.PLAIN and out.no_color and not out.stdout_isatty
    assert Output.from_environment(OutputFormat.JSON).format is OutputFormat.JSON

    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("TERM", "xterm")
    assert Output.from_environment().no_color is False
    monkeypatch.setenv("TERM", "dumb")
    dumb = Output.from_environment()
    assert dumb.no_color and dumb.dumb_terminal


def test_relative_time() -> None:
    now = dt.datetime(2026, 11, 25, 12, 0, tzinfo=dt.UTC)
    assert relative_time(now - dt.timedelta(seconds=5), now) == "just now"
    assert relative_time(now - dt.timedelta(minutes=7), now) == "7m ago"
    assert relative_time(now - dt.timedelta(hours=3), now) == "3h ago"
    assert relative_time(now - dt.timedelta(days=3, hours=2), now) == "3d ago"
    assert relative_time(now - dt.timedelta(days=65), now) == "2mo ago"
    assert relative_time(now + dt.timedelta(days=2), now) == "in 2d"
    assert relative_time(None, now) == "-"


LONG_SUMMARY = "Let admins configure the checkout form for the mobile app"


def table_at(width: int) -> list[str]:
    out = table_output(tty=True, no_color=True)
    out.out_console.width = width
    out.show_search(
        search(
            issue("WEB-1", summary=LONG_SUMMARY),
            issue("WEB-22", assignee="Christopher Montgomery-Smith", issue_type="Sub-task"),
        )
    )
    return out.stdout.getvalue().splitlines()


@pytest.mark.parametrize("width", [80, 100, 150])
def test_the_table_fits_the_terminal_and_cuts_no_column(width: int) -> None:
    lines = table_at(width)
    assert lines[0].split() == [
        "Key",
        "Type",
        "Status",
        "Priority",
        "Assignee",
        "Summary",
        "Updated",
    ]
    assert all(len(line) <= width for line in lines)
    assert all(line == line.rstrip() for line in lines)  # no padding to copy along
    rows = [line for line in lines if line.startswith("WEB-")]
    assert len(rows) == 2 and all(row.endswith(" ago") for row in rows)  # "5d ago", whole
    start, end = lines[0].index("Summary"), len(lines[0]) - len("Updated")
    summary_column = " ".join(line[start:end].strip() for line in lines[2:])
    assert LONG_SUMMARY in summary_column  # wrapped, every word kept
    assert "Christopher" in rows[1]  # long names are shortened with an ellipsis, not dropped


def test_a_narrow_terminal_drops_priority_then_type_rather_than_cutting_text() -> None:
    assert table_at(72)[0].split() == ["Key", "Type", "Status", "Assignee", "Summary", "Updated"]
    lines = table_at(60)
    assert lines[0].split() == ["Key", "Status", "Assignee", "Summary", "Updated"]
    assert all(len(line) <= 60 for line in lines)
    assert [line.endswith(" ago") for line in lines if line.startswith("WEB-")] == [True, True]


def test_detail_view_lines_carry_no_trailing_padding_on_a_wide_terminal() -> None:
    out = table_output(tty=True, no_color=False)
    out.out_console.width = 200
    out.show_issue(detailed_issue())
    text = out.stdout.getvalue()
    plain = ANSI_SGR.sub("", text)
    assert "Safari" in plain and "**Safari**" not in plain  # still rendered as Markdown
    assert "\x1b[33mIn Progress" in text  # and still coloured
    assert [line for line in plain.splitlines() if line != line.rstrip()] == []


class _InterruptedStdin(io.StringIO):
    def readline(self, size: int | None = -1) -> str:
        raise KeyboardInterrupt


def test_ctrl_c_at_a_question_is_no_for_ask_and_cancels_in_the_repl() -> None:
    out = Output.buffered()
    out.stdin = _InterruptedStdin()
    assert out.confirm("Apply?") is False
    assert out.choose("Which Alex?", ["Alex A", "Alex B"]) is None
    out.interrupt_cancels = True  # what the REPL's plain loop sets
    with pytest.raises(KeyboardInterrupt):
        out.confirm("Apply?")
    with pytest.raises(KeyboardInterrupt):
        out.choose("Which Alex?", ["Alex A", "Alex B"])

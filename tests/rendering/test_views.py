"""Table, detail view, preview, prompts and messages as a person sees them."""

from __future__ import annotations

import datetime as dt
import re

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
    lines = out.env.stdout.getvalue().splitlines()
    assert lines[0].split() == [
        "Key",
        "Type",
        "Status",
        "Priority",
        "Assignee",
        "Summary",
        "Updated",
    ]
    body = out.env.stdout.getvalue()
    assert "WEB-1" in body and "Alice Nguyen" in body and "Unassigned" in body
    assert "ago" in body  # relative times, not timestamps
    assert "project = WEB" not in body
    assert out.env.stderr.getvalue().splitlines() == [
        "JQL: project = WEB ORDER BY key ASC",
        "2 of 2 issues",
    ]


def test_a_cut_short_table_says_how_many_exist_and_what_to_do() -> None:
    out = table_output()
    out.show_search(search(issue(), total=143, approx=True))
    err = out.env.stderr.getvalue()
    assert "1 of ≈143 issues" in err
    assert "warning: more issues match" in err and "limit" in err
    assert err.count("143") == 1  # the count is said once, not twice


def test_an_unknown_total_is_never_silent() -> None:
    out = table_output()
    out.show_search(SearchResult("project = WEB", (issue(),), total=None))
    assert "total unknown" in out.env.stderr.getvalue()
    assert "there may be more" in out.env.stderr.getvalue()


def test_detail_view_shows_fields_description_last_comments_and_transitions() -> None:
    out = table_output()
    out.show_issue(detailed_issue())
    text = out.env.stdout.getvalue()
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
    assert "**Safari**" not in out.env.stdout.getvalue()
    assert "Safari" in out.env.stdout.getvalue()


def test_a_write_in_table_format_says_what_was_done() -> None:
    from tests.rendering.records import write

    out = table_output()
    out.show_outcomes([write()])
    assert "Assigned WEB-2: assignee → Alice Nguyen" in out.env.stdout.getvalue()


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
    assert out.env.stdout.getvalue() == ""
    assert out.env.stderr.getvalue().splitlines() == [
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
    assert "change" not in out.env.stderr.getvalue()


def test_error_is_one_line_plus_an_indented_hint() -> None:
    out = Output.buffered()
    out.error("WEB-99 does not exist", "check the key")
    out.warn("slow")
    out.info("hello")
    assert out.env.stderr.getvalue() == (
        "error: WEB-99 does not exist\n  hint: check the key\nwarning: slow\nhello\n"
    )
    assert out.env.stdout.getvalue() == ""


def test_long_messages_are_not_wrapped() -> None:
    out = Output.buffered()
    out.error("x" * 300)
    assert out.env.stderr.getvalue() == "error: " + "x" * 300 + "\n"


def test_status_writes_nothing_without_a_terminal() -> None:
    out = Output.buffered()
    with out.status("Asking Gemini…"):
        pass
    assert out.env.stderr.getvalue() == "" and out.env.stdout.getvalue() == ""


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
    out.env.out_console.width = width
    out.show_search(
        search(
            issue("WEB-1", summary=LONG_SUMMARY),
            issue("WEB-22", assignee="Christopher Montgomery-Smith", issue_type="Sub-task"),
        )
    )
    return out.env.stdout.getvalue().splitlines()


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
    out.env.out_console.width = 200
    out.show_issue(detailed_issue())
    text = out.env.stdout.getvalue()
    plain = ANSI_SGR.sub("", text)
    assert "Safari" in plain and "**Safari**" not in plain  # still rendered as Markdown
    assert "\x1b[33mIn Progress" in text  # and still coloured
    assert [line for line in plain.splitlines() if line != line.rstrip()] == []


def test_a_comment_preview_shows_the_count_before_and_after_and_the_body(
    sandbox_env: object,
) -> None:
    from tests.cli.helpers import run_cli
    from tests.fixtures.sandbox import jira_client

    client = jira_client(sandbox_env)  # type: ignore[arg-type]
    before = len(client.comments("WEB-1"))
    result = run_cli("ask", "comment on WEB-1: one more", "--dry-run")
    assert result.exit_code == 0, result.stderr
    lines = result.stderr.splitlines()
    assert f"  comments: {before} → {before + 1}" in lines
    assert lines[lines.index("  comment:") + 1] == "    + one more"
    assert "(none)" not in result.stderr

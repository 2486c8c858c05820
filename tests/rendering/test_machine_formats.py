"""The machine formats are contracts for scripts: check their exact bytes."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from jira_chat.execution.records import FieldChange, WriteResult
from jira_chat.rendering.output import MACHINE_FORMATS, Output, OutputFormat
from tests.rendering.records import detailed_issue, issue, search, write

ANSI = re.compile(r"\x1b[\[\]]")
SEARCH_KEYS = [
    "key",
    "summary",
    "status",
    "status_category",
    "issue_type",
    "priority",
    "assignee",
    "reporter",
    "labels",
    "created",
    "updated",
    "url",
]


def render(fmt: OutputFormat, *outcomes: object) -> Output:
    out = Output.buffered(fmt)
    out.show_outcomes(list(outcomes))  # type: ignore[arg-type]
    return out


def test_plain_is_tab_separated_in_the_documented_order() -> None:
    messy = issue("WEB-2", summary="tab\there\nnew line", assignee=None, priority=None)
    out = render(OutputFormat.PLAIN, search(issue(), messy))
    assert out.env.stdout.getvalue() == (
        "WEB-1\tIn Progress\tBug\tHigh\tAlice Nguyen\t2026-11-20T14:05:07Z\tLogin fails on Safari\n"
        "WEB-2\tIn Progress\tBug\t-\t-\t2026-11-20T14:05:07Z\ttab here new line\n"
    )
    assert out.env.stderr.getvalue() == ""  # a complete result adds nothing to stderr


def test_plain_for_one_issue_is_the_search_line_and_a_write_is_key_action_url_result() -> None:
    out = render(OutputFormat.PLAIN, detailed_issue(), write())
    lines = out.env.stdout.getvalue().splitlines()
    assert lines[0].split("\t")[:3] == ["WEB-5", "In Progress", "Bug"]
    assert lines[1] == "WEB-2\tassign_issue\thttps://sandbox.example/browse/WEB-2\tdone"


def test_keys_prints_one_key_per_line_and_nothing_else() -> None:
    out = render(OutputFormat.KEYS, search(issue("WEB-1"), issue("WEB-7")), write("WEB-9"))
    assert out.env.stdout.getvalue() == "WEB-1\nWEB-7\nWEB-9\n"


def test_csv_has_a_header_and_one_row_per_issue() -> None:
    out = render(OutputFormat.CSV, search(issue(), issue("WEB-2", summary='say "hi", ok')))
    text = out.env.stdout.getvalue()
    assert text.splitlines()[0] == ",".join(SEARCH_KEYS)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [row["key"] for row in rows] == ["WEB-1", "WEB-2"]
    assert rows[0]["labels"] == "auth;safari"
    assert rows[0]["updated"] == "2026-11-20T14:05:07Z"
    assert rows[1]["summary"] == 'say "hi", ok'


def test_csv_for_a_write_is_key_action_url() -> None:
    out = render(OutputFormat.CSV, write())
    assert out.env.stdout.getvalue() == (
        "key,action,url,result\nWEB-2,assign_issue,https://sandbox.example/browse/WEB-2,done\n"
    )


def test_csv_for_several_writes_is_one_table_and_a_new_kind_gets_its_own_header() -> None:
    out = render(OutputFormat.CSV, write("WEB-2"), write("WEB-3"), search(issue(), total=9))
    lines = out.env.stdout.getvalue().splitlines()
    assert lines[:3] == [
        "key,action,url,result",
        "WEB-2,assign_issue,https://sandbox.example/browse/WEB-2,done",
        "WEB-3,assign_issue,https://sandbox.example/browse/WEB-3,done",
    ]
    assert lines[3] == ",".join(SEARCH_KEYS) and lines[4].startswith("WEB-1,")
    assert len(lines) == 5
    assert "showing 1 of 9" in out.env.stderr.getvalue()  # the search still says it was cut short


def test_json_search_is_an_array_with_exactly_the_documented_keys() -> None:
    out = render(OutputFormat.JSON, search(issue(), issue("WEB-2", assignee=None)))
    data = json.loads(out.env.stdout.getvalue())
    assert isinstance(data, list) and len(data) == 2
    assert list(data[0]) == SEARCH_KEYS
    assert data[0]["labels"] == ["auth", "safari"]
    assert data[0]["created"] == "2026-11-01T09:30:00Z"
    assert data[1]["assignee"] is None


def test_json_get_adds_description_comments_and_transitions() -> None:
    data = json.loads(render(OutputFormat.JSON, detailed_issue()).env.stdout.getvalue())
    assert list(data) == [
        *SEARCH_KEYS,
        "description",
        "comments",
        "transitions",
        "parent",
        "subtasks",
        "epic_children",
        "links",
        "components",
        "fix_versions",
        "time_spent_seconds",
        "watch_count",
        "sprints",
        "story_points",
        "custom_fields",
        "attachments",
    ]
    assert data["comments"][-1] == {
        "author": "Frank",
        "created": "2026-11-20T14:05:07Z",
        "body": "Latest: fixed in build 42",
    }
    assert data["transitions"][0]["to_status"] == "In Progress"


def test_json_write_is_the_write_result_and_several_actions_make_an_array() -> None:
    one = json.loads(render(OutputFormat.JSON, write()).env.stdout.getvalue())
    assert one == {
        "action": "assign_issue",
        "verb": "Assigned",
        "key": "WEB-2",
        "url": "https://sandbox.example/browse/WEB-2",
        "changes": {"assignee": {"from": None, "to": "Alice Nguyen"}},
        "result": "done",
    }
    several = json.loads(
        render(
            OutputFormat.JSON, write("WEB-2"), search(issue()), write("WEB-3")
        ).env.stdout.getvalue()
    )
    assert [type(item).__name__ for item in several] == ["dict", "list", "dict"]
    assert [several[0]["key"], several[1][0]["key"], several[2]["key"]] == [
        "WEB-2",
        "WEB-1",
        "WEB-3",
    ]


def test_json_write_with_a_date_change_is_valid_json() -> None:
    import datetime as dt

    result = WriteResult(
        "update_issue", "WEB-1", "u", (FieldChange("due_date", None, dt.date(2026, 12, 31)),)
    )
    data = json.loads(render(OutputFormat.JSON, result).env.stdout.getvalue())
    assert data["changes"]["due_date"]["to"] == "2026-12-31"


@pytest.mark.parametrize("fmt", list(OutputFormat))
def test_no_ansi_escapes_without_a_terminal(fmt: OutputFormat) -> None:
    out = render(fmt, search(issue(), total=40), detailed_issue(), write())
    out.error("boom", "do this")
    out.warn("careful")
    assert not ANSI.search(out.env.stdout.getvalue())
    assert not ANSI.search(out.env.stderr.getvalue())


@pytest.mark.parametrize("fmt", sorted(MACHINE_FORMATS))
def test_machine_formats_carry_no_escapes_even_on_a_colour_terminal(fmt: OutputFormat) -> None:
    out = Output.buffered(fmt, tty=True, no_color=False)
    out.show_outcomes([search(issue(), total=40), detailed_issue(), write()])
    assert out.env.stdout.getvalue() and not ANSI.search(out.env.stdout.getvalue())


def test_no_color_on_a_terminal_still_means_no_escapes() -> None:
    out = Output.buffered(OutputFormat.TABLE, tty=True, no_color=True)
    out.show_outcomes([search(issue()), detailed_issue(), write()])
    out.error("boom")
    assert "WEB-1" in out.env.stdout.getvalue()
    assert not ANSI.search(out.env.stdout.getvalue() + out.env.stderr.getvalue())


def test_a_colour_terminal_gets_colours_and_hyperlinked_keys() -> None:
    out = Output.buffered(OutputFormat.TABLE, tty=True, no_color=False)
    out.show_search(search(issue(), issue("WEB-10")))
    text = out.env.stdout.getvalue()
    assert "\x1b]8;" in text and "https://sandbox.example/browse/WEB-1" in text
    # The link covers the key only, not the cell's padding after it.
    assert re.search(r"browse/WEB-1\x1b\\(\x1b\[[0-9;]*m)*WEB-1(\x1b\[[0-9;]*m)*\x1b\]8;;", text)
    assert "\x1b[33m" in text  # "In Progress" is yellow (indeterminate)


@pytest.mark.parametrize("fmt", [OutputFormat.PLAIN, OutputFormat.KEYS, OutputFormat.CSV])
def test_a_truncated_result_says_so_on_stderr_only(fmt: OutputFormat) -> None:
    out = render(fmt, search(issue(), total=143, approx=True))
    assert "showing 1 of ≈143" in out.env.stderr.getvalue()
    assert "143" not in out.env.stdout.getvalue()


def test_json_reply_only_when_there_are_no_actions() -> None:
    out = Output.buffered(OutputFormat.JSON)
    out.show_response([], "Which project do you mean?")
    assert json.loads(out.env.stdout.getvalue()) == {"reply": "Which project do you mean?"}

    out = Output.buffered(OutputFormat.JSON)
    out.show_response([write()], "Done.")
    assert json.loads(out.env.stdout.getvalue())["key"] == "WEB-2"
    assert "Done." in out.env.stderr.getvalue()


def test_keys_output_keeps_the_reply_off_stdout_when_there_are_results() -> None:
    out = Output.buffered(OutputFormat.KEYS)
    out.show_response([search(issue())], "Here you go")
    assert out.env.stdout.getvalue() == "WEB-1\n"
    assert "Here you go" in out.env.stderr.getvalue()
    plain = Output.buffered(OutputFormat.PLAIN)
    plain.show_response([], "Nothing to do")
    assert plain.env.stdout.getvalue() == "Nothing to do\n"


def test_show_plan_prints_parseable_json() -> None:
    from jira_chat.planning.schema import parse_plan

    plan = parse_plan({"actions": [{"action": "get_issue", "parameters": {"key": "WEB-1"}}]})
    out = Output.buffered(OutputFormat.TABLE)
    out.show_plan(plan)
    assert parse_plan(out.env.stdout.getvalue()) == plan

"""Payloads in real Jira's shapes that the sandbox never sends: ADF bodies, transitions
without `to` or not available, missing timestamps and types. Decoded, then shown."""

from __future__ import annotations

import json
from typing import Any

import pytest

from jira_chat.jira_access.parse import issue_record
from jira_chat.rendering.output import Output, OutputFormat
from tests.cli.helpers import assert_no_traceback, run_cli
from tests.fixtures import jira_payloads as payloads


def _record(raw: dict[str, Any]) -> Any:
    return issue_record(raw, browse_base=payloads.BASE, flavor="cloud")


def _shown(raw: dict[str, Any], *, tty: bool = False) -> str:
    out = Output.buffered(OutputFormat.TABLE, tty=tty, no_color=True)
    out.show_issue(_record(raw))
    return out.env.stdout.getvalue()


def _serve(sandbox: Any, raw: dict[str, Any], key: str = "WEB-1") -> None:
    """The sandbox answers GET issue/KEY with this payload, as a real instance would."""
    assert sandbox.faults is not None
    sandbox.faults.add(rf"/issue/{key}$", method="GET", status=200, body=raw, times=10)


# --- ADF -----------------------------------------------------------------------------------
def test_an_adf_description_is_shown_not_dropped() -> None:
    record = _record(payloads.issue(description=payloads.ADF_DESCRIPTION))
    assert record.description is not None
    assert "Acceptance criteria for the **login** page:" in record.description
    assert "1. asd" in record.description and "asdf" in record.description
    assert "at com.example.Login.submit(Login.java:42)" in record.description
    # as typed: no entities, no backslashes, the hard break a line break
    assert "Held-out cases: 5*3 & <none>\nsecond line" in record.description
    assert "(no description)" not in _shown(payloads.issue(description=payloads.ADF_DESCRIPTION))


def test_an_adf_comment_names_the_person_mentioned_and_reads_as_typed() -> None:
    raw = payloads.issue(
        comments=[
            payloads.comment("100", "plain wiki comment", created="2026-11-03T10:00:00.000+0000"),
            payloads.comment(
                "101", payloads.ADF_COMMENT_BODY, created="2026-11-04T10:00:00.000+0000"
            ),
        ]
    )
    body = _record(raw).comments[-1].body
    assert body.startswith("@Alice Nguyen can you look? It fails _every_ time.")
    assert body.endswith("Held-out comment")


def test_an_adf_document_the_converter_refuses_still_shows_its_words() -> None:
    odd = payloads.adf(
        {"type": "futureBlock", "content": [payloads.paragraph(payloads.text("still here"))]}
    )
    record = _record(payloads.issue(description=odd, comments=[payloads.comment("1", odd)]))
    assert record.description == "still here"
    assert record.comments[0].body == "still here"


def test_adf_bodies_in_the_detail_view_and_a_write_preview_over_http(sandbox_env: Any) -> None:
    raw = payloads.issue(
        "WEB-1",
        description=payloads.ADF_DESCRIPTION,
        comments=[
            payloads.comment(
                "101", payloads.ADF_COMMENT_BODY, created="2026-11-04T10:00:00.000+0000"
            )
        ],
    )
    _serve(sandbox_env, raw)
    shown = run_cli("ask", "WEB-1", "--format", "table")
    assert shown.exit_code == 0, shown.stderr
    assert "@Alice Nguyen can you look?" in shown.stdout
    assert "Acceptance criteria" in shown.stdout
    as_json = json.loads(run_cli("ask", "WEB-1", "--json").stdout)
    assert as_json["comments"][-1]["body"].endswith("Held-out comment")
    preview = run_cli("ask", "comment on WEB-1: looks fine", "--dry-run")
    assert preview.exit_code == 0, preview.stderr
    assert "looks fine" in preview.stderr
    assert_no_traceback(preview)


# --- transitions -----------------------------------------------------------------------------
def test_a_transition_without_a_target_is_named_and_its_target_said_unknown() -> None:
    text = _shown(payloads.issue())
    assert "Start progress → In Progress" in text
    assert "Done → target status unknown" in text
    assert "Done →\n" not in text


def test_an_unavailable_transition_is_never_offered() -> None:
    record = _record(payloads.issue())
    assert [t.name for t in record.transitions] == ["Start progress", "Done"]
    assert "Reopen" not in _shown(payloads.issue())


def test_moving_through_an_unavailable_transition_is_refused_over_http(sandbox_env: Any) -> None:
    _serve(sandbox_env, payloads.issue("WEB-1"))
    result = run_cli("ask", "move WEB-1 to reopened", "--dry-run")
    assert result.exit_code != 0
    assert "no transition to 'reopened'" in result.stderr
    assert "Start progress" in result.stderr and "Reopen," not in result.stderr
    assert_no_traceback(result)


def test_the_preview_of_a_transition_without_a_target_says_so(sandbox_env: Any) -> None:
    _serve(sandbox_env, payloads.issue("WEB-1"))
    result = run_cli("ask", "move WEB-1 to done", "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert "(none)" not in result.stderr
    assert 'status: To Do → unknown (Jira does not say where "Done" leads)' in result.stderr


# --- missing values ----------------------------------------------------------------------------
def test_missing_timestamps_and_type_are_a_dash_not_1970_or_blank() -> None:
    raw = payloads.issue(
        drop=("created", "updated", "issuetype"),
        comments=[payloads.comment("1", "no date on this one")],
    )
    record = _record(raw)
    assert record.created is None and record.updated is None
    assert record.comments[0].created is None
    text = _shown(raw)
    assert "1970" not in text and "56y" not in text
    lines = {line.split()[0]: line.split()[1:] for line in text.splitlines() if line.strip()}
    assert lines["Created"] == ["-"] and lines["Updated"] == ["-"] and lines["Type"] == ["-"]


@pytest.mark.parametrize("value", ["", "not a date", None, 12])
def test_an_unreadable_timestamp_is_unknown(value: object) -> None:
    raw = payloads.issue()
    raw["fields"]["updated"] = value
    assert _record(raw).updated is None

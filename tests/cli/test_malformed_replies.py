"""Jira answers 200 with the wrong shape, or an HTML page: one line, exit 1, no markup."""

from __future__ import annotations

from typing import Any

import pytest

from tests.cli.helpers import assert_no_traceback, run_cli

UNEXPECTED = "error: Jira's answer was not what jira-chat expected"


def _one_error_line(result: Any) -> str:
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, result.stderr
    assert "<" not in result.stderr
    assert_no_traceback(result)
    return errors[0]


def test_an_issue_with_only_a_key_is_not_shown_as_an_issue(sandbox_env: Any) -> None:
    sandbox_env.faults.add(r"/issue/WEB-1$", method="GET", status=200, body={"key": "WEB-1"})
    result = run_cli("ask", "WEB-1", "--format", "json")
    assert result.exit_code == 1
    assert result.stdout == ""  # nothing with 1970 dates
    assert _one_error_line(result) == f"{UNEXPECTED} (issue WEB-1 came without its fields)"


@pytest.mark.parametrize(
    "body",
    [{"issues": "not a list"}, ["a", "list"], {"issues": [1, 2]}],
    ids=["issues-not-a-list", "top-level-list", "issues-not-objects"],
)
def test_a_search_of_the_wrong_shape_is_one_line(sandbox_env: Any, body: object) -> None:
    sandbox_env.faults.add(r"/search", method="GET", status=200, body=body)
    result = run_cli("ask", "jql: project = WEB ORDER BY key")
    assert result.exit_code == 1
    assert _one_error_line(result).startswith(UNEXPECTED + " (a search")


def test_issues_without_fields_in_a_search_are_refused(sandbox_env: Any) -> None:
    sandbox_env.faults.add(r"/search", method="GET", status=200, body={"issues": [{"key": "X-1"}]})
    result = run_cli("ask", "jql: project = WEB ORDER BY key", "--format", "csv")
    assert result.exit_code == 1
    assert "1970" not in result.stdout
    assert _one_error_line(result) == f"{UNEXPECTED} (issue X-1 came without its fields)"


@pytest.mark.parametrize(
    ("status", "title", "expected"),
    [
        (502, "502 Bad Gateway", r"server error \(502\), still after 3 attempts: 502 Bad Gateway"),
        (414, "414 Request-URI Too Large", r"Jira answered 414: 414 Request-URI Too Large"),
    ],
)
def test_an_html_error_page_is_summarised_by_status_and_title(
    sandbox_env: Any, status: int, title: str, expected: str
) -> None:
    import re

    page = f"<html><head><title>{title}</title></head><body><h1>{title}</h1><hr>nginx</body></html>"
    sandbox_env.faults.add(
        r"/issue/WEB-1$",
        status=status,
        raw_body=page,
        content_type="text/html",
        times=5,
        headers={"Retry-After": "0"},
    )
    result = run_cli("ask", "WEB-1")
    assert result.exit_code == 1
    line = _one_error_line(result)
    assert re.search(expected, line), line
    assert "nginx" not in result.stderr and "<h1>" not in result.stderr


def test_a_reply_cut_short_is_one_line(sandbox_env: Any) -> None:
    sandbox_env.faults.add(r"/issue/WEB-1$", method="GET", status=200, raw_body='{"key": "WE')
    result = run_cli("ask", "WEB-1")
    assert result.exit_code == 1
    assert _one_error_line(result).startswith(UNEXPECTED)

"""The fast path: issue keys and `jql:` become plans without any model call."""

from __future__ import annotations

import pytest

from jira_chat.errors import UsageError
from jira_chat.planning.base import fast_path
from jira_chat.planning.context import SessionContext


@pytest.mark.parametrize("text", ["WEB-12", "web-12", "  Web-12  "])
def test_a_lone_issue_key_gets_that_issue(text: str) -> None:
    plan = fast_path(text, SessionContext())
    assert plan is not None
    assert plan.to_dict()["actions"] == [{"action": "get_issue", "parameters": {"key": "WEB-12"}}]


@pytest.mark.parametrize("prefix", ["jql:", "JQL:", "jql :", "  jql:   "])
def test_jql_prefix_runs_the_query_as_written(prefix: str) -> None:
    query = 'project = WEB AND status = "In Review" ORDER BY updated DESC'
    plan = fast_path(f"{prefix}{query}", SessionContext())
    assert plan is not None
    assert plan.to_dict()["actions"] == [{"action": "search_issues", "parameters": {"jql": query}}]


@pytest.mark.parametrize(
    "text", ["WEB-12 please", "show WEB-12", "WEB-0", "12", "my open issues", "jqlx: a = b", ""]
)
def test_anything_else_is_not_fast(text: str) -> None:
    assert fast_path(text, SessionContext()) is None


def test_an_empty_jql_query_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="needs a query"):
        fast_path("jql:   ", SessionContext())


def test_jql_with_a_trailing_limit_sets_the_limit() -> None:
    plan = fast_path("jql: project = WEB ORDER BY key limit 50", SessionContext())
    assert plan is not None
    assert plan.to_dict()["actions"] == [
        {
            "action": "search_issues",
            "parameters": {"jql": "project = WEB ORDER BY key", "limit": 50},
        }
    ]

"""The duplicate check: one request to the sandbox, near-identical flagged, unrelated not."""

from __future__ import annotations

from typing import Any

from jira_chat.execution.duplicates import duplicate_jql, find_duplicates, similarity
from tests.execution.helpers import fresh_issue, independent_client, service_for


def test_a_near_identical_summary_is_flagged_in_one_request(any_sandbox: Any) -> None:
    client = independent_client(any_sandbox)
    twin = fresh_issue(client, "Checkout fails when the cart holds 100 items")
    service = service_for(any_sandbox)
    service.metadata()  # warm: the check itself must cost one request
    any_sandbox.request_log.clear()
    found = find_duplicates(service, "WEB", "checkout fails when cart holds 100 items!")
    assert any_sandbox.request_log.count("GET") + any_sandbox.request_log.count("POST") == 1
    assert [d.key for d in found][:1] == [twin]
    assert found[0].similarity >= 90
    assert len(found) <= 3


def test_an_unrelated_summary_is_not_flagged(any_sandbox: Any) -> None:
    client = independent_client(any_sandbox)
    fresh_issue(client, "Checkout fails when the cart holds 100 items")
    found = find_duplicates(service_for(any_sandbox), "WEB", "Rotate the staging TLS certificates")
    assert found == []


def test_done_issues_and_other_projects_are_not_candidates() -> None:
    jql = duplicate_jql("WEB", "Login fails on Safari")
    assert jql == (
        'project = "WEB" AND statusCategory != Done AND '
        '(summary ~ "safari" OR summary ~ "login" OR summary ~ "fails")'
    )
    assert duplicate_jql("WEB", "a b !!") is None


def test_similarity_ignores_order_but_not_length() -> None:
    assert similarity("Login fails on Safari", "Safari: login fails") >= 90
    assert similarity("Login fails on Safari", "Login") < 75
    assert similarity("Add dark mode", "Add rate limiting to API") < 75

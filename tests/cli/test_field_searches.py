"""Offline searches on versions and custom fields, run through the CLI on both sandbox
flavors: the keys shown are exactly what python-jira finds for the JQL the words mean."""

from __future__ import annotations

from typing import Any

import pytest

from tests.cli.helpers import assert_no_traceback, run_cli
from tests.fixtures.sandbox import SandboxFactory, jira_client

CASES = [
    ("bugs in WEB fixed in 1.1", 'project = WEB AND issuetype = Bug AND fixVersion = "1.1"'),
    ("issues in WEB for version 2.0", 'project = WEB AND fixVersion = "2.0"'),
    ("open issues in OPS fixVersion 2.0", 'project = OPS AND fixVersion = "2.0" AND statusCategory != Done'),
    ("bugs in API affecting 1.0", 'project = API AND issuetype = Bug AND affectedVersion = "1.0"'),
    ("issues with story points over 3", '"Story Points" > 3'),
    ("stories in API with at least 5 story points", 'project = API AND issuetype = Story AND cf[10016] >= 5'),
    ("team Payments issues", 'Team = "Payments"'),
    ("open bugs for the Growth team", 'issuetype = Bug AND Team = "Growth" AND statusCategory != Done'),
    ("issues in WEB without a team", "project = WEB AND cf[10040] is EMPTY"),
]  # fmt: skip


@pytest.fixture(params=["cloud", "server"])
def flavored(
    request: pytest.FixtureRequest, sandbox_factory: SandboxFactory, monkeypatch: pytest.MonkeyPatch
) -> Any:
    handle = sandbox_factory(request.param)
    for name, value in handle.env().items():
        monkeypatch.setenv(name, value)
    return handle


def test_version_and_custom_field_searches_find_what_the_words_mean(flavored: Any) -> None:
    client = jira_client(flavored)
    for text, jql in CASES:
        expected = {str(i.key) for i in client.search_issues(jql, maxResults=False)}
        assert expected, jql  # a gold that finds nothing could not tell right from wrong
        result = run_cli("ask", f"{text} limit 1000", "--format", "keys")
        assert result.exit_code == 0, (text, result.stderr)
        assert_no_traceback(result)
        assert set(result.stdout.split()) == expected, text


def test_a_version_the_instance_does_not_have_is_named_in_the_answer(flavored: Any) -> None:
    result = run_cli("ask", "bugs in WEB fixed in 9.9")
    assert_no_traceback(result)
    assert result.exit_code == 1
    assert "'9.9' does not exist for the field 'fixVersion'" in result.stderr
    assert result.stdout.strip() == ""

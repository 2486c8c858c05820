"""Helpers shared by the execution and Jira-access tests: a service on a sandbox handle, an
independent python-jira client to check what really changed, and plan builders."""

from __future__ import annotations

from typing import Any

import pytest
from jira import JIRA

from jira_chat.config import Settings
from jira_chat.jira_access.retry import RetryPolicy
from jira_chat.jira_access.service import JiraService
from jira_chat.planning.schema import Plan, parse_plan
from tests.fixtures.sandbox import jira_client

# Short waits so fault tests stay quick; the shape (3 attempts, a total cap) is the real one.
FAST_RETRY = RetryPolicy(attempts=3, max_total_wait=3.0, backoff=0.05)


def settings_for(handle: Any) -> Settings:
    env = handle.env()
    return Settings(
        jira_url=env["JIRA_URL"],
        jira_username=env.get("JIRA_USERNAME"),
        jira_api_token=env.get("JIRA_API_TOKEN"),
        jira_personal_token=env.get("JIRA_PERSONAL_TOKEN"),
    )


def service_for(
    handle: Any, *, timeout: tuple[float, float] = (2.0, 10.0), retry: RetryPolicy = FAST_RETRY
) -> JiraService:
    return JiraService(settings_for(handle), timeout=timeout, retry=retry)


def independent_client(handle: Any) -> JIRA:
    """A plain python-jira client (the sandbox's own helper), sharing nothing with
    JiraService, to check what really landed."""
    return jira_client(handle)


def fresh_issue(client: JIRA, summary: str, **fields: Any) -> str:
    """A new WEB Task in To Do, so a test never depends on (or disturbs) seeded issues."""
    issue = client.create_issue(
        fields={
            "project": {"key": "WEB"},
            "issuetype": {"name": "Task"},
            "summary": summary,
            **fields,
        }
    )
    return str(issue.key)


def raw_fields(client: JIRA, key: str) -> dict[str, Any]:
    fields: dict[str, Any] = client.issue(key).raw["fields"]
    return fields


def plan(*actions: tuple[str, dict[str, Any]]) -> Plan:
    return parse_plan(
        {"actions": [{"action": name, "parameters": params} for name, params in actions]}
    )


def writes_in(log_entries: list[str]) -> list[str]:
    return [e for e in log_entries if not e.startswith("GET ")]


@pytest.fixture(params=["cloud", "server"])
def any_sandbox(request: pytest.FixtureRequest) -> Any:
    """The cloud sandbox (accountIds, /search/jql) and the server one (names, /search)."""
    return request.getfixturevalue("sandbox" if request.param == "cloud" else "server_sandbox")

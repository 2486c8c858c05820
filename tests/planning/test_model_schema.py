"""The model-facing plan schema: only what Gemini accepts, and it agrees with pydantic."""

from __future__ import annotations

import json
from typing import Any

import jsonschema  # type: ignore[import-untyped]
import pytest

from jira_chat.planning.model_schema import SUPPORTED_KEYWORDS, plan_response_schema
from jira_chat.planning.schema import parse_plan

NAME_MAPS = {"properties"}  # keys under these are property names, not keywords


def _keywords(node: Any, found: set[str]) -> set[str]:
    if isinstance(node, list):
        for item in node:
            _keywords(item, found)
    elif isinstance(node, dict):
        for key, value in node.items():
            found.add(key)
            if key in NAME_MAPS:
                for sub in value.values():
                    _keywords(sub, found)
            else:
                _keywords(value, found)
    return found


def test_only_keywords_gemini_supports_are_used() -> None:
    used = _keywords(plan_response_schema(), set())
    assert used <= SUPPORTED_KEYWORDS, used - SUPPORTED_KEYWORDS
    text = json.dumps(plan_response_schema())
    for unsupported in ("$ref", "const", "discriminator", "default", "minLength", "title"):
        assert f'"{unsupported}":' not in text
    assert '"null"' not in text


VALID_PLANS: list[dict[str, Any]] = [
    {"actions": [{"action": "search_issues", "parameters": {"jql": "project = WEB", "limit": 5}}]},
    {"actions": [], "reply": "Which project?"},
    {
        "actions": [
            {
                "action": "create_issue",
                "parameters": {
                    "project": "WEB",
                    "issue_type": "Bug",
                    "summary": "Login fails",
                    "labels": ["auth"],
                    "assignee": "me",
                },
            },
            {
                "action": "update_issue",
                "parameters": {"key": "WEB-1", "due_date": "2026-12-31", "labels_add": ["x"]},
            },
            {"action": "transition_issue", "parameters": {"key": "WEB-1", "status": "Done"}},
            {"action": "add_comment", "parameters": {"key": "WEB-1", "body": "hi"}},
        ]
    },
]


@pytest.mark.parametrize("plan", VALID_PLANS)
def test_valid_plans_satisfy_both_the_model_schema_and_pydantic(plan: dict[str, Any]) -> None:
    jsonschema.validate(plan, plan_response_schema())
    parse_plan(plan)


@pytest.mark.parametrize(
    "plan",
    [
        {"actions": [{"action": "delete_everything", "parameters": {"key": "WEB-1"}}]},
        {"actions": [{"action": "get_issue", "parameters": {"key": "WEB-1", "extra": 1}}]},
        {"actions": [{"action": "assign_issue", "parameters": {"key": "WEB-1"}}]},
        {"actions": [], "surprise": True},
    ],
)
def test_the_model_schema_rejects_what_pydantic_rejects(plan: dict[str, Any]) -> None:
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(plan, plan_response_schema())


def test_callers_get_their_own_copy() -> None:
    plan_response_schema()["properties"].clear()
    assert "actions" in plan_response_schema()["properties"]

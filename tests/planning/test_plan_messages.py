"""An invalid plan is explained in the product's words, never pydantic's."""

from __future__ import annotations

from typing import Any

import pytest

from jira_chat.errors import PlanError
from jira_chat.planning.schema import parse_plan

PYDANTIC_PHRASES = ("Value error", "Input should", "String should", "Field required", "pydantic")


def _message(plan: dict[str, Any]) -> str:
    with pytest.raises(PlanError) as caught:
        parse_plan(plan)
    message = caught.value.message
    for phrase in PYDANTIC_PHRASES:
        assert phrase not in message, message
    return message


def test_an_update_that_changes_nothing_is_said_plainly() -> None:
    message = _message({"actions": [{"action": "update_issue", "parameters": {"key": "WEB-1"}}]})
    assert (
        message
        == "invalid plan: actions[0].parameters: update_issue must change at least one field"
    )


@pytest.mark.parametrize(
    ("parameters", "expected"),
    [
        ({"project": "WEB", "issue_type": "Bug"}, "summary: is required"),
        ({"project": "WEB", "issue_type": "Bug", "summary": ""}, "summary: must not be empty"),
        ({"project": "WEB", "issue_type": 7, "summary": "x"}, "issue_type: must be text"),
    ],
)
def test_missing_empty_and_mistyped_parameters(parameters: dict[str, Any], expected: str) -> None:
    message = _message({"actions": [{"action": "create_issue", "parameters": parameters}]})
    assert expected in message

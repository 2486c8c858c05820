"""Plan limits and hidden text: a hostile plan is a plan error (exit 2), never a crash."""

from __future__ import annotations

import json
from typing import Any

import pytest

from jira_chat.errors import ExitCode, PlanError
from jira_chat.planning import limits
from jira_chat.planning.schema import parse_plan


def _comment(body: str) -> str:
    return json.dumps(
        {"actions": [{"action": "add_comment", "parameters": {"key": "WEB-1", "body": body}}]}
    )


@pytest.mark.parametrize(
    ("char", "name"),
    [
        ("\u202e", "U+202E"),  # right-to-left override
        ("\u202a", "U+202A"),
        ("\u2066", "U+2066"),  # left-to-right isolate
        ("\u2069", "U+2069"),
        ("\u200b", "U+200B"),  # zero-width space
        ("\u200d", "U+200D"),
        ("\u2060", "U+2060"),  # word joiner
        ("\ufeff", "U+FEFF"),
        ("\U000e0041", "U+E0041"),  # TAG LATIN CAPITAL LETTER A
        ("\U000e007f", "U+E007F"),
    ],
)
def test_each_class_of_hidden_character_is_refused_by_name(char: str, name: str) -> None:
    with pytest.raises(PlanError) as caught:
        parse_plan(_comment(f"looks fine{char}but is not"))
    assert "actions[0].parameters.body: contains an invisible" in caught.value.message
    assert f"({name})" in caught.value.message
    assert caught.value.exit_code == ExitCode.USAGE


def test_hidden_characters_are_refused_in_every_field_and_list() -> None:
    plan = {
        "actions": [
            {
                "action": "update_issue",
                "parameters": {"key": "WEB-1", "labels_add": ["ok", "b\u200bad"]},
            }
        ]
    }
    with pytest.raises(PlanError, match=r"labels_add: .*\(U\+200B\)"):
        parse_plan(plan)


def test_a_comment_of_only_invisible_characters_is_refused() -> None:
    with pytest.raises(PlanError, match="contains only invisible characters"):
        parse_plan(_comment("\u2063\u2064\u3164"))


def test_text_from_jira_shows_hidden_characters_visibly() -> None:
    from jira_chat.jira_access.parse import without_controls

    assert without_controls({"summary": "invoice\u202egnp.exe"}) == {
        "summary": "invoice<U+202E>gnp.exe"
    }
    assert without_controls(["a\U000e0041b"]) == ["a<U+E0041>b"]


def _get(n: int) -> list[dict[str, Any]]:
    return [{"action": "get_issue", "parameters": {"key": f"WEB-{i + 1}"}} for i in range(n)]


def test_too_many_actions_is_a_plan_error() -> None:
    parse_plan({"actions": _get(limits.MAX_PLAN_ACTIONS)})  # at the limit: fine
    with pytest.raises(PlanError) as caught:
        parse_plan(json.dumps({"actions": _get(10_000)}))
    assert caught.value.message == "the plan has 10000 actions; the limit is 20 per plan"
    assert caught.value.exit_code == ExitCode.USAGE


def test_deeply_nested_json_is_a_plan_error_not_a_recursion_error() -> None:
    with pytest.raises(PlanError, match="nested more than 12 levels deep"):
        parse_plan("[" * 100_000 + "]" * 100_000)
    with pytest.raises(PlanError, match="nested more than 12 levels deep"):
        parse_plan('{"actions": [], "reply": ' + '{"a": ' * 40 + "1" + "}" * 41)


def test_a_huge_integer_is_a_plan_error_not_a_value_error() -> None:
    with pytest.raises(PlanError, match=r"not usable JSON: Exceeds the limit \(4300 digits\)"):
        parse_plan(
            '{"actions": [{"action": "search_issues", "parameters": {"jql": "x", "limit": '
            + "9" * 5000
            + "}}]}"
        )


def test_oversized_strings_lists_and_plans_are_plan_errors() -> None:
    with pytest.raises(PlanError, match="is 32,001 characters long; the limit is 32,000"):
        parse_plan(_comment("x" * 32_001))
    labels = [f"l{i}" for i in range(limits.MAX_LIST_ITEMS + 1)]
    plan = {
        "actions": [
            {"action": "update_issue", "parameters": {"key": "WEB-1", "labels_add": labels}}
        ]
    }
    with pytest.raises(PlanError, match="has 101 items; the limit is 100"):
        parse_plan(plan)
    with pytest.raises(PlanError, match="bytes; the limit is 1,000,000"):
        parse_plan(" " * 1_000_001)


def test_the_cli_reports_a_hostile_plan_as_exit_2(tmp_path: Any) -> None:
    from tests.cli.helpers import assert_no_traceback, run_cli

    plan_file = tmp_path / "deep.json"
    plan_file.write_text("[" * 50_000 + "]" * 50_000)
    result = run_cli("apply", str(plan_file), "--yes")
    assert result.exit_code == 2
    assert "unexpected" not in result.stderr
    assert "nested more than 12 levels deep" in result.stderr
    assert_no_traceback(result)

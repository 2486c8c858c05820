"""`ask` with Gemini: the real google-genai SDK talking to the fake Gemini server over HTTP."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.cli.helpers import assert_no_traceback, run_cli
from tests.fixtures.sandbox import jira_client


@pytest.fixture
def gemini(sandbox_env: Any, fake_gemini: Any) -> Any:
    fake_gemini.sandbox = sandbox_env
    return fake_gemini


def test_the_request_is_grounded_in_the_instance(gemini: Any) -> None:
    gemini.queue_plan({"actions": [], "reply": "WEB is the Web Storefront project."})
    result = run_cli("--project", "WEB", "ask", "what is WEB?")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == "WEB is the Web Storefront project."
    request = gemini.last_request
    instruction = request.system_instruction
    for fact in ("WEB", "Web Storefront", "OPS", "In Review", "Highest", "Sam Rivera"):
        assert fact in instruction, fact
    config = request.generation_config
    assert config["responseMimeType"] == "application/json"
    assert "responseJsonSchema" in config or "responseSchema" in config
    assert config.get("temperature") == 0


def test_a_model_plan_runs_with_yes(gemini: Any) -> None:
    gemini.queue_plan(
        {"actions": [{"action": "add_comment", "parameters": {"key": "OPS-3", "body": "On it"}}]}
    )
    result = run_cli("ask", "tell OPS-3 I'm on it", "--yes", "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["key"] == "OPS-3"
    assert jira_client(gemini.sandbox).comments("OPS-3")[-1].body.strip() == "On it"


def test_invalid_answer_gets_exactly_one_repair_call(gemini: Any) -> None:
    gemini.queue_text('{"actions": [{"action": "delete_everything", "parameters": {}}]}')
    gemini.queue_text("still not a plan")
    result = run_cli("ask", "do something odd")
    assert result.exit_code == 2
    assert len(gemini.requests) == 2
    assert "delete_everything" in gemini.requests[1].contents_text
    assert_no_traceback(result)


@pytest.mark.parametrize(
    ("script", "words"),
    [
        (lambda g: g.queue_error(429, "Quota exceeded"), "quota"),
        (lambda g: g.queue_error(500, "Internal error"), "500"),
        (lambda g: g.queue_delay(4.0), "did not answer"),
        (lambda g: g.queue_safety_block(), "block"),
    ],
    ids=["429", "500", "timeout", "safety"],
)
def test_model_failures_are_one_line_with_exit_1(gemini: Any, script: Any, words: str) -> None:
    script(gemini)
    result = run_cli("ask", "summarise what changed this week")
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert lines[0].startswith("error:") and words in lines[0].lower(), lines
    assert len(lines) <= 2
    assert gemini.api_key not in result.stderr
    assert_no_traceback(result)


def test_rejected_jql_gets_one_repair_call_with_jiras_message(gemini: Any) -> None:
    gemini.queue_plan(
        {
            "actions": [
                {
                    "action": "search_issues",
                    "parameters": {"jql": "project = WEB AND sttaus = Done"},
                }
            ]
        }
    )
    gemini.queue_text(json.dumps({"jql": "project = WEB AND status = Done ORDER BY key ASC"}))
    result = run_cli("ask", "done issues in web", "--format", "keys")
    assert result.exit_code == 0, result.stderr
    assert len(gemini.requests) == 2
    assert "sttaus" in gemini.requests[1].contents_text
    assert "does not exist" in gemini.requests[1].contents_text  # Jira's own words
    assert result.stdout.startswith("WEB-")


def test_piped_context_reaches_the_model(gemini: Any) -> None:
    gemini.queue_plan({"actions": [], "reply": "noted"})
    result = run_cli(
        "ask", "create a task in WEB from this commit message", input="Fix flaky login test\n"
    )
    assert result.exit_code == 0, result.stderr
    assert "Fix flaky login test" in gemini.last_request.contents_text
    assert "Using 21 bytes from stdin as context" in result.stderr


def test_issue_keys_never_reach_the_model(gemini: Any) -> None:
    result = run_cli("ask", "WEB-1", "--format", "keys")
    assert result.exit_code == 0, result.stderr
    assert gemini.requests == []


def test_an_issue_key_with_piped_stdin_takes_the_fast_path(gemini: Any) -> None:
    result = run_cli("ask", "WEB-1", "--format", "keys", input="some piped text\n")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "WEB-1\n"
    assert gemini.requests == []  # no model call, and no claim that stdin was used
    assert "from stdin as context" not in result.stderr

"""The system instruction: grounded, compact, and free of piped data."""

from __future__ import annotations

import os
import subprocess
import sys

from jira_chat.planning.base import system_instruction
from jira_chat.planning.context import SessionContext
from tests.planning.conftest import MakeRequest


def test_grounding_names_the_instance_and_the_rules(make_request: MakeRequest) -> None:
    text = system_instruction(make_request("x", context=SessionContext(default_project="OPS")))
    assert "Today is 2026-11-25 (Wednesday)" in text
    assert "Sam Rivera <sam.rivera@example.com>" in text
    assert "Default project: OPS." in text
    assert 'API "Public API" [Gateway, Auth, Billing]' in text
    assert "new: To Do; indeterminate: In Progress, In Review; done: Done" in text
    assert "Priorities: Highest, High, Medium, Low, Lowest" in text
    assert "statusCategory != Done" in text and "ORDER BY" in text
    assert "Never invent issue keys" in text
    assert "never a transition name" in text


def test_without_metadata_it_says_so(make_request: MakeRequest) -> None:
    text = system_instruction(make_request("x", metadata=None))
    assert "Instance names are unavailable" in text
    assert "Default project: none" in text


def test_a_fresh_session_has_no_conversation_section(make_request: MakeRequest) -> None:
    assert "Last list shown" not in system_instruction(make_request("x"))


def test_it_stays_compact(make_request: MakeRequest) -> None:
    """A budget, so growth is a decision: bench/bench_prompt.py prints the real figures."""
    context = SessionContext(default_project="WEB")
    for n in range(10):
        context.add_turn(f"request number {n} " + "x" * 300, "summary " + "y" * 300)
    context.remember_shown([f"WEB-{n}" for n in range(1, 51)])
    plain = system_instruction(make_request("x"))
    busy = system_instruction(make_request("x", context=context))
    assert len(plain) < 3000  # every declared action, one line each
    assert len(busy) <= 6000  # 6 turns clipped to 200 chars each, 50 keys: the cap


def test_importing_the_planning_contract_does_not_load_google_genai() -> None:
    code = (
        "import sys\n"
        "import jira_chat.planning.base as base\n"
        "from jira_chat.config import Settings\n"
        "planner = base.make_planner(Settings(gemini_api_key='k'))\n"
        "base.make_planner(Settings())\n"
        "print('google.genai' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=dict(os.environ),
        timeout=30,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"


def test_the_last_plan_reaches_the_model(make_request: MakeRequest) -> None:
    from jira_chat.planning.schema import parse_plan

    context = SessionContext()
    context.last_plan = parse_plan(
        {
            "actions": [
                {"action": "assign_issue", "parameters": {"key": "WEB-8", "assignee": "Alex"}}
            ]
        }
    )
    instruction = system_instruction(make_request("no, to Alice instead", context=context))
    assert "Last plan:" in instruction
    assert '"assign_issue"' in instruction and "WEB-8" in instruction

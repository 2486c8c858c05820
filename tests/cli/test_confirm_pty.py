"""A Gemini plan is previewed in a real terminal: "n" changes nothing, "y" applies it."""

from __future__ import annotations

import os
import sys
from typing import Any

import pytest

from tests.fixtures.sandbox import jira_client

pexpect = pytest.importorskip("pexpect")


def _spawn_ask(request: str) -> Any:
    env = dict(os.environ, NO_COLOR="1", TERM="xterm", PYTHONUNBUFFERED="1")
    return pexpect.spawn(
        sys.executable,
        ["-m", "jira_chat", "ask", request],
        env=env,
        encoding="utf-8",
        timeout=20,
        dimensions=(40, 160),
    )


@pytest.mark.parametrize("answer", ["n", "y"])
def test_model_plan_is_previewed_then_confirmed(
    sandbox_env: Any, fake_gemini: Any, answer: str
) -> None:
    client = jira_client(sandbox_env)
    before = client.issue("API-4").fields.priority.name
    target = "Lowest" if before != "Lowest" else "Highest"
    fake_gemini.queue_plan(
        {
            "actions": [
                {"action": "update_issue", "parameters": {"key": "API-4", "priority": target}}
            ]
        }
    )
    child = _spawn_ask("make API-4 less urgent")
    child.expect("API-4")
    child.expect(f"{before}.*{target}")  # the preview shows old → new
    child.expect(r"\[y/N\]")
    child.sendline(answer)
    child.expect(pexpect.EOF)
    child.close()
    after = client.issue("API-4").fields.priority.name
    if answer == "y":
        assert child.exitstatus == 0
        assert after == target
    else:
        assert child.exitstatus == 3
        assert after == before

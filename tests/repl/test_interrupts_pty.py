"""Ctrl-C while a request is in flight, in the real REPL, against a sandbox that is slow on
purpose (its fault injector delays chosen requests) and a fake Gemini that answers late.

A read or a model call is cancelled at once and the session goes on; a write that was already
sent is allowed to finish, and the REPL says it was done.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any

import pexpect

from tests.fixtures.sandbox import jira_client
from tests.repl.pty_session import leave_with_ctrl_d, stop

PROMPT = r"jira(?: \([A-Z0-9_]+\))?>"


def spawn(handle: Any, home: Path, **extra: str) -> Any:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JIRA_", "GEMINI", "GOOGLE"))}
    env.update(
        handle.env(),
        **extra,
        JIRA_CHAT_HOME=str(home),
        NO_COLOR="1",
        TERM="xterm",
        PROMPT_TOOLKIT_NO_CPR="1",
        PYTHONUNBUFFERED="1",
    )
    child = pexpect.spawn(
        sys.executable,
        ["-m", "jira_chat"],
        env=env,
        encoding="utf-8",
        timeout=20,
        dimensions=(50, 200),
    )
    child.expect_exact("Ctrl-D to leave.")
    child.expect(PROMPT)
    return child


def test_ctrl_c_cancels_a_slow_read_and_lets_a_slow_write_finish(
    sandbox: Any, isolated_env: Path
) -> None:
    assert sandbox.faults is not None
    jira = jira_client(sandbox)
    before = jira.issue("WEB-4").fields.assignee.displayName
    child = spawn(sandbox, isolated_env)
    try:
        # A slow search: Ctrl-C returns to the prompt long before Jira would have answered.
        sandbox.faults.add(r"/search", delay=8)
        child.sendline("jql: project = WEB ORDER BY key")
        time.sleep(1.0)
        started = time.monotonic()
        child.sendintr()
        child.expect_exact("cancelled")
        child.expect(PROMPT)
        assert time.monotonic() - started < 4
        child.sendline("jql: key = WEB-4")  # the session still works
        child.expect(r"1 of 1 issue")
        child.expect(PROMPT)

        # A slow write: Ctrl-C after "y" waits for it, then says it was done.
        sandbox.faults.add(r"/issue/WEB-4/assignee$", method="PUT", delay=2.5)
        child.sendline("assign WEB-4 to me")
        child.expect_exact("[y/N]")
        child.sendline("y")
        time.sleep(1.0)
        child.sendintr()
        child.expect_exact("it was completed")
        child.expect(r"Assigned WEB-4")  # the finished write is shown, not swallowed
        child.expect(PROMPT)
        assert jira.issue("WEB-4").fields.assignee.displayName != before  # complete, not lost
        # ...and remembered: "it" is the issue just written
        child.sendline("show it")
        child.expect(r"WEB-4\s")
        child.expect(PROMPT)

        leave_with_ctrl_d(child)
    finally:
        stop(child)


def test_ctrl_c_cancels_a_slow_model_call_and_the_next_request_is_planned(
    sandbox: Any, fake_gemini: Any, isolated_env: Path
) -> None:
    child = spawn(
        sandbox,
        isolated_env,
        GOOGLE_GEMINI_BASE_URL=fake_gemini.url,
        GEMINI_API_KEY=fake_gemini.api_key,
        JIRA_CHAT_GEMINI_TIMEOUT="30",
    )
    try:
        fake_gemini.queue_delay(15)
        child.sendline("what is blocking the checkout release?")
        deadline = time.monotonic() + 10
        while not fake_gemini.requests and time.monotonic() < deadline:
            time.sleep(0.05)
        assert fake_gemini.requests, "the request never reached the model"
        started = time.monotonic()
        child.sendintr()
        child.expect_exact("cancelled")
        child.expect(PROMPT)
        assert time.monotonic() - started < 4

        fake_gemini.queue_plan(
            {"actions": [{"action": "get_issue", "parameters": {"key": "WEB-3"}}]}
        )
        child.sendline("show me the wishlist cleanup task")
        child.expect(r"WEB-3\s+Clean up feature flags")
        child.expect(PROMPT)
        assert len(fake_gemini.requests) == 2

        child.sendline("/quit")
        child.expect(pexpect.EOF)
        child.close()
        assert child.exitstatus == 0
    finally:
        stop(child)

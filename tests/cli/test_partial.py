"""When a plan stops midway, the user learns what was done and what was not."""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from jira_chat.conversation.interrupts import defer_interrupts
from tests.cli.helpers import assert_no_traceback, run_cli, write_plan
from tests.fixtures.sandbox import jira_client


def test_failure_midway_reports_done_and_not_done(sandbox_env: Any, tmp_path: Path) -> None:
    sandbox_env.faults.add(r"/issue/OPS-5/comment$", method="POST", status=500, times=5)
    plan = {
        "actions": [
            {"action": "add_comment", "parameters": {"key": "OPS-4", "body": "step one"}},
            {"action": "add_comment", "parameters": {"key": "OPS-5", "body": "step two"}},
            {"action": "add_comment", "parameters": {"key": "OPS-6", "body": "step three"}},
        ]
    }
    plan_file = write_plan(tmp_path, plan)
    result = run_cli("apply", str(plan_file), "--yes", "--format", "keys")
    assert result.exit_code == 1
    assert result.stdout == "OPS-4\n"  # what was done is still reported as data
    done = next(line for line in result.stderr.splitlines() if line.startswith("warning: done:"))
    not_done = next(
        line for line in result.stderr.splitlines() if line.startswith("warning: not done:")
    )
    assert "OPS-4" in done and "OPS-5" not in done
    assert "OPS-5" in not_done and "OPS-6" in not_done
    assert_no_traceback(result)
    client = jira_client(sandbox_env)
    assert any("step one" in c.body for c in client.comments("OPS-4"))
    assert not any("step three" in c.body for c in client.comments("OPS-6"))


@pytest.mark.skipif(
    threading.current_thread() is not threading.main_thread(), reason="signals need main thread"
)
def test_ctrl_c_during_a_write_is_held_until_it_finishes() -> None:
    finished: list[bool] = []
    with defer_interrupts() as held:
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(0.05)
        finished.append(True)  # the write's work completes despite Ctrl-C
    assert finished == [True]
    assert held.arrived
    # and the normal handler is back afterwards
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_opening_one_issue_keeps_the_list_for_ordinals(sandbox_env: Any) -> None:
    from jira_chat.config import load_settings
    from jira_chat.conversation.assistant import Assistant
    from jira_chat.planning.context import SessionContext
    from jira_chat.rendering.output import Output, OutputFormat

    output = Output.buffered(OutputFormat.KEYS)
    assistant = Assistant(load_settings(), output, SessionContext())
    assistant.handle("jql: project = API ORDER BY key ASC limit 5")
    assistant.handle("show the second one")
    assert assistant.context.last_issue == "API-2"
    assistant.handle("show the third one")
    assert assistant.context.last_issue == "API-3"
    assert assistant.context.last_shown == [f"API-{n}" for n in range(1, 6)]


def test_two_writes_to_one_field_are_refused_before_anything_changes(
    sandbox_env: Any, tmp_path: Path
) -> None:
    client = jira_client(sandbox_env)
    before = sorted(client.issue("WEB-3").fields.labels)
    plan = {
        "actions": [
            {"action": "update_issue", "parameters": {"key": "WEB-3", "labels_add": ["one"]}},
            {"action": "update_issue", "parameters": {"key": "WEB-3", "labels_add": ["two"]}},
        ]
    }
    plan_file = write_plan(tmp_path, plan)
    result = run_cli("apply", str(plan_file), "--yes")
    assert result.exit_code == 2
    assert "two actions in this plan change the labels of WEB-3" in result.stderr
    assert sorted(client.issue("WEB-3").fields.labels) == before


def test_a_write_that_cannot_be_read_back_is_not_called_not_done(
    sandbox_env: Any, tmp_path: Path
) -> None:
    sandbox_env.faults.add(r"/issue/WEB-2/comment/\d+$", method="GET", status=500, times=5)
    plan = {
        "actions": [
            {"action": "add_comment", "parameters": {"key": "WEB-2", "body": "sent once"}},
            {"action": "add_comment", "parameters": {"key": "WEB-9", "body": "second"}},
        ]
    }
    plan_file = write_plan(tmp_path, plan)
    result = run_cli("apply", str(plan_file), "--yes")
    assert result.exit_code == 1
    assert "done: comment on WEB-2 (sent, not verified)" in result.stderr
    assert "not done: comment on WEB-9" in result.stderr
    assert "probably been applied" in result.stderr
    bodies = [c.body for c in jira_client(sandbox_env).comments("WEB-2")]
    assert any("sent once" in body for body in bodies)


def test_a_declined_plan_is_remembered_for_the_next_request(sandbox_env: Any) -> None:
    from jira_chat.config import load_settings
    from jira_chat.conversation.assistant import Assistant
    from jira_chat.conversation.prompter import StreamPrompter
    from jira_chat.planning.context import SessionContext
    from jira_chat.rendering.output import Output, OutputFormat

    output = Output.buffered(OutputFormat.KEYS, stdin_text="n\n", tty=True)
    prompter = StreamPrompter(output, interrupt_cancels=False)
    assistant = Assistant(load_settings(), output, SessionContext(), prompter=prompter)
    assistant.handle("assign WEB-8 to jordan")
    turn = assistant.context.turns[-1]
    assert turn.request == "assign WEB-8 to jordan"
    assert "WEB-8" in turn.summary and turn.summary.endswith("declined")

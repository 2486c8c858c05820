"""The prompt-toolkit REPL in-process (pipe input, DummyOutput) against the sandbox."""

from __future__ import annotations

import time
from typing import Any

from jira_chat.errors import ExitCode
from tests.fixtures.sandbox import jira_client
from tests.repl.inprocess import CTRL_C, CTRL_D, ENTER, Terminal, in_background, terminal

ME = "Sam Rivera"  # the sandbox's current user


def test_a_session_searches_declines_cancels_and_applies(sandbox_env: Any) -> None:
    client = jira_client(sandbox_env)
    before = client.issue("WEB-4").fields.assignee
    with terminal() as term:
        term.keys.send_text(
            "jql: project = WEB ORDER BY key ASC" + ENTER
            + "assign WEB-4 to me" + ENTER + "n" + ENTER  # declined
            + "assign WEB-4 to me" + ENTER + CTRL_C  # Ctrl-C at the question: cancelled
            + "half a line" + CTRL_C  # Ctrl-C while typing: the line is dropped
            + "/project WEB" + ENTER
            + "assign WEB-6 to me" + ENTER + "y" + ENTER
            + CTRL_D
        )  # fmt: skip
        assert term.run() == ExitCode.OK
    rows = term.stdout.splitlines()
    assert rows[0].startswith("WEB-1\t") and rows[1].startswith("WEB-2\t")
    assert rows[-1].startswith("WEB-6\tassign_issue\t")  # the applied write, as plain data
    assert "jira-chat: ask in plain words" in term.stderr
    assert term.stderr.count("Nothing was changed.") == 1
    assert "cancelled" in term.stderr
    assert "default project: WEB" in term.stderr
    assert ME in term.stderr  # the preview named the new assignee
    assert client.issue("WEB-4").fields.assignee == before
    assert client.issue("WEB-6").fields.assignee.displayName == ME


def test_an_ambiguous_name_is_chosen_from_a_numbered_list(sandbox_env: Any) -> None:
    client = jira_client(sandbox_env)
    with terminal() as term:
        term.keys.send_text(
            "assign WEB-5 to alex" + ENTER + "7" + ENTER + "2" + ENTER + "y" + ENTER + CTRL_D
        )
        assert term.run() == ExitCode.OK
    assert "  1. Alex" in term.stderr and "  2. Alex" in term.stderr
    assert "please enter a number from 1 to 2" in term.stderr
    chosen = client.issue("WEB-5").fields.assignee.displayName
    assert chosen.startswith("Alex") and f"  2. {chosen}" in term.stderr


def test_eof_at_a_question_is_no_and_ends_the_session(sandbox_env: Any) -> None:
    with terminal() as term:
        term.keys.send_text("assign WEB-4 to me" + ENTER + CTRL_D + CTRL_D)
        assert term.run() == ExitCode.OK
    assert "Nothing was changed." in term.stderr


def test_the_spinner_is_paused_while_a_question_waits_for_an_answer(sandbox_env: Any) -> None:
    """On a colour terminal "Checking with Jira…" spins while names are resolved; when an
    ambiguous name needs a choice, nothing may draw over the question until it is answered."""
    drawn_while_asking: list[str] = []

    def watch_then_answer(term: Terminal) -> None:
        term.wait_for("  2. Alex")
        time.sleep(0.1)
        asked_at = len(term.stderr)
        time.sleep(0.5)  # a running spinner redraws about 12 times a second
        drawn_while_asking.append(term.stderr[asked_at:])
        term.keys.send_text(ENTER + CTRL_D)  # Enter cancels the choice; Ctrl-D leaves

    with terminal(colour=True) as term:
        term.keys.send_text("assign WEB-5 to alex" + ENTER)
        with in_background(term, watch_then_answer):
            assert term.run() == ExitCode.OK
    assert not term.failures, term.failures
    assert drawn_while_asking == [""]
    assert "Checking with Jira" in term.stderr  # the spinner did run before the question

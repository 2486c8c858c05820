"""Questions asked on stderr and answered on stdin: `ask` at a terminal and the plain loop."""

from __future__ import annotations

import io

import pytest

from jira_chat.conversation.prompter import StreamPrompter, pick_option, terminal_prompter
from jira_chat.rendering.output import Output


def prompter(stdin: str = "", *, interrupt_cancels: bool = False) -> StreamPrompter:
    return StreamPrompter(Output.buffered(stdin_text=stdin), interrupt_cancels=interrupt_cancels)


def err(asker: StreamPrompter) -> str:
    return asker.output.env.stderr.getvalue()  # type: ignore[attr-defined,no-any-return]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("y\n", True),
        ("YES\n", True),
        ("n\n", False),
        ("\n", False),
        ("", False),
        ("maybe\n", False),
    ],
)
def test_confirm_defaults_to_no(typed: str, expected: bool) -> None:
    asker = prompter(typed)
    assert asker.confirm("Apply these changes?") is expected
    assert err(asker).startswith("Apply these changes? [y/N] ")


def test_choose_lists_numbered_options_and_reads_a_number_or_a_name() -> None:
    asker = prompter("7\n2\n")
    assert asker.choose("Which Alex?", ["Alex Adams", "Alex Brown"]) == "Alex Brown"
    text = err(asker)
    assert "Which Alex?" in text and "  1. Alex Adams" in text and "  2. Alex Brown" in text
    assert "please enter a number from 1 to 2" in text
    assert prompter("alex adams\n").choose("Which?", ["Alex Adams", "Alex Brown"]) == "Alex Adams"


def test_choose_gives_up_after_three_wrong_answers() -> None:
    asker = prompter("9\nx\n0\n1\n")
    assert asker.choose("Which?", ["a", "b"]) is None
    assert err(asker).count("please enter a number from 1 to 2") == 3


def test_choose_is_cancelled_by_an_empty_line_or_eof_and_needs_options() -> None:
    assert prompter("\n").choose("Q", ["a", "b"]) is None
    assert prompter("").choose("Q", ["a", "b"]) is None
    asker = prompter("1\n")
    assert asker.choose("Q", []) is None
    assert err(asker) == ""  # nothing to choose from: nothing asked


class _InterruptedStdin(io.StringIO):
    def readline(self, size: int | None = -1) -> str:
        raise KeyboardInterrupt


def test_ctrl_c_at_a_question_is_no_for_ask_and_cancels_in_the_repl() -> None:
    for_ask = prompter()
    for_ask.output.env.stdin = _InterruptedStdin()
    assert for_ask.confirm("Apply?") is False
    assert for_ask.choose("Which Alex?", ["Alex A", "Alex B"]) is None
    for_repl = prompter(interrupt_cancels=True)
    for_repl.output.env.stdin = _InterruptedStdin()
    with pytest.raises(KeyboardInterrupt):
        for_repl.confirm("Apply?")
    with pytest.raises(KeyboardInterrupt):
        for_repl.choose("Which Alex?", ["Alex A", "Alex B"])


def test_nobody_is_asked_when_stdin_is_not_a_terminal() -> None:
    assert terminal_prompter(Output.buffered(tty=False), interrupt_cancels=False) is None
    at_terminal = terminal_prompter(Output.buffered(tty=True), interrupt_cancels=False)
    assert isinstance(at_terminal, StreamPrompter)


def test_pick_option() -> None:
    assert pick_option("2", ["a", "b"]) == "b"
    assert pick_option(" B ", ["a", "b"]) == "b"
    assert pick_option("3", ["a", "b"]) is None
    assert pick_option(None, ["a"]) is None

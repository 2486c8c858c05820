"""Questions to the person: confirm a write, choose between candidates.

Each front end supplies a `Prompter`: the prompt-toolkit REPL its own, the plain loop and
`ask` at a terminal a `StreamPrompter`, and a front end where nobody can answer none at all
(then writes are refused). The prompter also decides what Ctrl-C at a question means: in the
REPL it cancels the request (KeyboardInterrupt propagates), in `ask` it answers No.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from jira_chat.rendering.output import Output

CHOOSE_ATTEMPTS = 3


class Prompter(Protocol):
    """What the assistant asks the person. Raising KeyboardInterrupt cancels the request."""

    def confirm(self, question: str) -> bool:
        """y/N, default No."""
        ...

    def choose(self, question: str, options: Sequence[str]) -> str | None:
        """One of `options`, or None when the person cancels."""
        ...

    def confirm_typed(self, question: str, expected: str) -> bool:
        """Yes only when the person types `expected` (a deletion: the issue key)."""
        ...


class LinePrompter(ABC):
    """confirm and choose, asked one line at a time; subclasses say how a line is read."""

    def __init__(self, output: Output) -> None:
        self.output = output

    @abstractmethod
    def read_line(self, prompt: str) -> str | None:
        """One answer after `prompt`; None at end of input (or Ctrl-C, where that means No)."""

    def confirm(self, question: str) -> bool:
        answer = self.read_line(f"{question} [y/N] ")
        return answer is not None and answer.strip().lower() in {"y", "yes"}

    def confirm_typed(self, question: str, expected: str) -> bool:
        """As `gh repo delete` asks for the name: a reflexive "y" is not enough."""
        answer = self.read_line(f"{question} ")
        return answer is not None and answer.strip().upper() == expected.upper()

    def choose(self, question: str, options: Sequence[str]) -> str | None:
        """A numbered list on stderr; a number or a name picks, Enter or EOF cancels."""
        if not options:
            return None
        say = self.output.info
        say(question)
        for number, option in enumerate(options, start=1):
            say(f"  {number}. {option}")
        for _attempt in range(CHOOSE_ATTEMPTS):
            answer = self.read_line(f"Choose 1-{len(options)} (Enter to cancel): ")
            if answer is None or not answer.strip():
                return None
            picked = pick_option(answer, options)
            if picked is not None:
                return picked
            say(f"please enter a number from 1 to {len(options)}")
        return None


class StreamPrompter(LinePrompter):
    """The question on stderr, the answer from stdin: `ask` at a terminal, the plain loop."""

    def __init__(self, output: Output, *, interrupt_cancels: bool) -> None:
        super().__init__(output)
        self.interrupt_cancels = interrupt_cancels

    def read_line(self, prompt: str) -> str | None:
        env = self.output.env
        env.stderr.write(prompt)
        env.stderr.flush()
        try:
            line = env.stdin.readline()
        except KeyboardInterrupt:
            env.stderr.write("\n")
            if self.interrupt_cancels:
                raise
            return None
        if not line:
            env.stderr.write("\n")
            return None
        return line.rstrip("\r\n")


def terminal_prompter(output: Output, *, interrupt_cancels: bool) -> Prompter | None:
    """A StreamPrompter when a person is at stdin; None (nobody can answer) otherwise."""
    if not output.env.stdin_isatty:
        return None
    return StreamPrompter(output, interrupt_cancels=interrupt_cancels)


def pick_option(answer: str | None, options: Sequence[str]) -> str | None:
    """A number from the list, or an option typed out in full (case-insensitive)."""
    text = (answer or "").strip()
    if not text:
        return None
    if text.isdigit() and 1 <= int(text) <= len(options):
        return options[int(text) - 1]
    for option in options:
        if option.lower() == text.lower():
            return option
    return None

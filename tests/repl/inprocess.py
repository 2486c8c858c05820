"""Drive the real prompt-toolkit REPL in-process: keys from a pipe, output to buffers.

`main([], env)` runs the whole CLI (Typer, the REPL, the assistant, python-jira against the
sandbox) with prompt-toolkit reading `create_pipe_input()` and drawing to `DummyOutput()`, as
aider's tests do. What jira-chat itself writes lands in the Environment's StringIO streams.
The pty tests stay the whole-system check; these are quick and measurable by coverage.
"""

from __future__ import annotations

import io
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from prompt_toolkit.input import PipeInput, create_pipe_input
from prompt_toolkit.output import DummyOutput

from jira_chat.cli.app import main
from jira_chat.rendering.environment import Environment

CTRL_C = "\x03"
CTRL_D = "\x04"
ENTER = "\r"


@dataclass
class Terminal:
    env: Environment
    keys: PipeInput
    failures: list[str] = field(default_factory=list)

    @property
    def stdout(self) -> str:
        return self.env.stdout.getvalue()  # type: ignore[attr-defined,no-any-return]

    @property
    def stderr(self) -> str:
        return self.env.stderr.getvalue()  # type: ignore[attr-defined,no-any-return]

    def run(self, *argv: str) -> int:
        """`jira-chat ARGV` with this terminal; the keys must already be queued (or fed)."""
        return main(list(argv), self.env)

    def wait_for(self, text: str, *, after: int = 0, timeout: float = 20.0) -> int:
        """Block until `text` is on stderr past offset `after`; returns where it ends."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.stderr.find(text, after)
            if found >= 0:
                return found + len(text)
            time.sleep(0.02)
        raise TimeoutError(f"{text!r} never appeared on stderr")


@contextmanager
def terminal(*, colour: bool = False, table: bool = False) -> Iterator[Terminal]:
    """A person at a terminal: stdin and stderr are TTYs; stdout one too when `table`."""
    with create_pipe_input() as keys:
        env = Environment(
            stdin=io.StringIO(),
            stdout=io.StringIO(),
            stderr=io.StringIO(),
            stdin_isatty=True,
            stdout_isatty=table,
            stderr_isatty=True,
            no_color=not colour,
            prompt_input=keys,
            prompt_output=DummyOutput(),
        )
        yield Terminal(env, keys)


@contextmanager
def in_background(term: Terminal, person: Callable[[Terminal], None]) -> Iterator[None]:
    """Run `person` (who watches stderr and types) in a thread while the REPL runs here.

    If the person gives up waiting, the failure is recorded and the session is ended
    (Ctrl-C, Ctrl-D), so a broken REPL fails its test instead of hanging it.
    """

    def act() -> None:
        try:
            person(term)
        except TimeoutError as exc:
            term.failures.append(str(exc))
            for _ in range(5):
                term.keys.send_text(CTRL_C + CTRL_D)
                time.sleep(0.2)

    thread = threading.Thread(target=act, daemon=True)
    thread.start()
    try:
        yield
    finally:
        thread.join(timeout=30)

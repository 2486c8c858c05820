"""`Environment`: the streams, the terminal facts and the two consoles of one invocation.

Everything jira-chat learns about where it runs (is stdout a terminal? NO_COLOR? TERM=dumb?)
is read here once, so that nothing else looks at `sys` or `os.environ` for it. Tests replace
any field they care about and keep the defaults for the rest, as httpie's `Environment` does:

    Environment(stdin=io.StringIO("y\\n"), stdin_isatty=True)

Rich is imported only when a console is first used: the CLI builds an Environment at start-up.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from rich.console import Console


# What Rich drops from printed text (bell, backspace, VT, FF, CR): the plain path does too.
_RICH_STRIPS = dict.fromkeys([7, 8, 11, 12, 13])


def is_tty(stream: Any) -> bool:
    """isatty() that tolerates closed, missing or fake streams."""
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):
        return False


def _stdin() -> TextIO:
    return sys.stdin


def _stdout() -> TextIO:
    return sys.stdout


def _stderr() -> TextIO:
    return sys.stderr


@dataclass
class Environment:
    """Where output goes and what the terminal allows. Unset TTY flags come from the streams."""

    stdin: TextIO = field(default_factory=_stdin)
    stdout: TextIO = field(default_factory=_stdout)
    stderr: TextIO = field(default_factory=_stderr)
    # None (the default): ask the stream; always a bool once constructed.
    stdin_isatty: bool | None = None
    stdout_isatty: bool | None = None
    stderr_isatty: bool | None = None
    no_color: bool = False
    # TERM=dumb: no colour, no spinner, no Markdown, and the REPL uses a plain input() loop.
    dumb_terminal: bool = False
    # The prompt-toolkit REPL's input and output; None means the real terminal. Tests pass
    # `create_pipe_input()` and `DummyOutput()` to drive the REPL in-process.
    prompt_input: Any = None
    prompt_output: Any = None
    _out_console: Console | None = field(default=None, init=False, repr=False)
    _err_console: Console | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        if self.stdin_isatty is None:
            self.stdin_isatty = is_tty(self.stdin)
        if self.stdout_isatty is None:
            self.stdout_isatty = is_tty(self.stdout)
        if self.stderr_isatty is None:
            self.stderr_isatty = is_tty(self.stderr)

    @classmethod
    def from_system(cls, environ: Mapping[str, str] | None = None) -> Environment:
        """The process's own streams (as they are now), NO_COLOR and TERM from the environment."""
        environ = os.environ if environ is None else environ
        dumb = environ.get("TERM", "") == "dumb"
        return cls(no_color=bool(environ.get("NO_COLOR")) or dumb, dumb_terminal=dumb)

    @classmethod
    def buffered(
        cls, *, stdin_text: str = "", tty: bool = False, no_color: bool = True
    ) -> Environment:
        """StringIO streams, for tests: read `.stdout.getvalue()` afterwards."""
        return cls(
            stdin=io.StringIO(stdin_text),
            stdout=io.StringIO(),
            stderr=io.StringIO(),
            stdin_isatty=tty,
            stdout_isatty=tty,
            stderr_isatty=tty,
            no_color=no_color,
        )

    # --- consoles, created on first use ---------------------------------------------------
    @property
    def out_console(self) -> Console:
        if self._out_console is None:
            from jira_chat.rendering.console import make_console

            self._out_console = make_console(
                self.stdout, is_tty=bool(self.stdout_isatty), no_color=self.no_color
            )
        return self._out_console

    @property
    def err_console(self) -> Console:
        if self._err_console is None:
            from jira_chat.rendering.console import make_console

            self._err_console = make_console(
                self.stderr, is_tty=bool(self.stderr_isatty), no_color=self.no_color
            )
        return self._err_console

    def say(self, text: str, style: str = "") -> None:
        """One line on stderr, never wrapped (a long path or URL stays copyable).

        Without colour there is nothing for Rich to add: the line is written as is, and a
        script's `ask` never pays for importing Rich.
        """
        if not self.stderr_coloured:
            self.stderr.write(text.translate(_RICH_STRIPS).expandtabs() + "\n")
            self.stderr.flush()
            return
        from rich.text import Text

        self.err_console.print(Text(text, style=style), soft_wrap=True)

    @property
    def stderr_coloured(self) -> bool:
        """What `make_console` decides for stderr: styles only on a terminal without NO_COLOR."""
        return bool(self.stderr_isatty) and not self.no_color

    @property
    def spinner_allowed(self) -> bool:
        """A spinner only on a colour terminal: elsewhere its cursor escapes would litter logs."""
        return bool(self.stderr_isatty) and not self.no_color and not self.dumb_terminal

    @property
    def rich_text(self) -> bool:
        """Markdown and styles in detail views: a real terminal, not TERM=dumb."""
        return bool(self.stdout_isatty) and not self.dumb_terminal

"""INTERFACE STUB — to be implemented by the rendering/REPL owner. Signatures are the contract.

`Output` owns the streams, the TTY flags and the two Rich consoles (stdout for data, stderr for
everything else). Commands call its semantic methods and never `print`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from typing import TextIO

from jira_chat.jira_access.records import ActionPreview, IssueRecord, Outcome, SearchResult
from jira_chat.planning.schema import Plan


class OutputFormat(StrEnum):
    TABLE = "table"  # default when stdout is a TTY
    PLAIN = "plain"  # default otherwise: tab-separated, stable columns, no colour
    JSON = "json"
    CSV = "csv"
    KEYS = "keys"  # one issue key per line, for xargs


@dataclass
class Output:
    stdout: TextIO
    stderr: TextIO
    stdin: TextIO
    stdout_isatty: bool
    stderr_isatty: bool
    stdin_isatty: bool
    no_color: bool
    format: OutputFormat
    # The REPL replaces these so that confirmation and choice use prompt-toolkit.
    confirm_hook: Callable[[str], bool] | None = None
    choose_hook: Callable[[str, Sequence[str]], str | None] | None = None

    @classmethod
    def from_environment(cls, fmt: OutputFormat | None = None) -> Output:
        """Streams from sys, TTY flags from isatty(), NO_COLOR from the environment;
        fmt None → TABLE on a TTY else PLAIN."""
        raise NotImplementedError

    # --- data, to stdout ----------------------------------------------------------------
    def show_outcomes(self, outcomes: Sequence[Outcome]) -> None:
        """Show what a plan produced. In JSON: one action → its object (search → array),
        several → an array with one element per action. Otherwise each in turn."""
        raise NotImplementedError

    def show_search(self, result: SearchResult) -> None:
        raise NotImplementedError

    def show_issue(self, issue: IssueRecord) -> None:
        raise NotImplementedError

    def show_plan(self, plan: Plan) -> None:
        """The plan's JSON, to stdout (`ask --plan`, `/plan`)."""
        raise NotImplementedError

    def show_reply(self, text: str) -> None:
        """The model's answer or clarifying question, to stdout."""
        raise NotImplementedError

    # --- everything else, to stderr -----------------------------------------------------
    def show_preview(self, previews: Sequence[ActionPreview]) -> None:
        raise NotImplementedError

    def info(self, message: str) -> None:
        raise NotImplementedError

    def warn(self, message: str) -> None:
        raise NotImplementedError

    def error(self, message: str, hint: str | None = None) -> None:
        raise NotImplementedError

    def confirm(self, question: str) -> bool:
        """y/N, default No. Uses confirm_hook when set."""
        raise NotImplementedError

    def choose(self, question: str, options: Sequence[str]) -> str | None:
        """Pick one of several candidates (ambiguous names). None = cancelled."""
        raise NotImplementedError

    @contextmanager
    def status(self, message: str) -> Iterator[None]:
        """A spinner on stderr while waiting on Gemini or Jira (only when stderr is a TTY)."""
        raise NotImplementedError
        yield

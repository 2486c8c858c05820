"""`Output` owns the streams, the TTY flags and the two Rich consoles.

stdout carries data only (tables, detail views, plain/csv/json/keys, replies); everything else
(previews, prompts, spinners, warnings, errors, "N of M" lines) goes to stderr, so that
`jira-chat ask ... --format keys | xargs ...` only ever sees keys. Commands call the semantic
methods here and never `print`.

Rich and the view modules are imported inside methods: the CLI imports this module at start-up.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any, TextIO

from jira_chat.execution.records import ActionPreview, Outcome, WriteResult
from jira_chat.jira_access.records import IssueRecord, SearchResult

if TYPE_CHECKING:
    from rich.console import Console
    from rich.status import Status

    from jira_chat.planning.schema import Plan


class OutputFormat(StrEnum):
    TABLE = "table"  # default when stdout is a TTY
    PLAIN = "plain"  # default otherwise: tab-separated, stable columns, no colour
    JSON = "json"
    CSV = "csv"
    KEYS = "keys"  # one issue key per line, for xargs


MACHINE_FORMATS = frozenset(
    {OutputFormat.PLAIN, OutputFormat.JSON, OutputFormat.CSV, OutputFormat.KEYS}
)


def _is_tty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):
        return False


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
    # TERM=dumb: no colour, no spinner, and the REPL falls back to a plain input() loop.
    dumb_terminal: bool = False
    # The REPL sets this: Ctrl-C at a question cancels the request ("cancelled"), as it does at
    # a prompt-toolkit question. Otherwise (`ask`) Ctrl-C at a question is an answer of No.
    interrupt_cancels: bool = False
    # Called with each outcome shown (the REPL collects issue keys for completion).
    outcome_listeners: list[Callable[[Outcome], None]] = field(default_factory=list)
    _out_console: Console | None = field(default=None, init=False, repr=False)
    _err_console: Console | None = field(default=None, init=False, repr=False)
    _spinners: list[Status] = field(default_factory=list, init=False, repr=False)

    @classmethod
    def from_environment(cls, fmt: OutputFormat | None = None) -> Output:
        """Streams from sys, TTY flags from isatty(), NO_COLOR from the environment;
        fmt None → TABLE on a TTY else PLAIN."""
        dumb = os.environ.get("TERM", "") == "dumb"
        stdout_isatty = _is_tty(sys.stdout)
        if fmt is None:
            fmt = OutputFormat.TABLE if stdout_isatty else OutputFormat.PLAIN
        return cls(
            stdout=sys.stdout,
            stderr=sys.stderr,
            stdin=sys.stdin,
            stdout_isatty=stdout_isatty,
            stderr_isatty=_is_tty(sys.stderr),
            stdin_isatty=_is_tty(sys.stdin),
            no_color=bool(os.environ.get("NO_COLOR")) or dumb,
            format=fmt,
            dumb_terminal=dumb,
        )

    @classmethod
    def buffered(
        cls,
        fmt: OutputFormat = OutputFormat.PLAIN,
        *,
        stdin_text: str = "",
        tty: bool = False,
        no_color: bool = True,
    ) -> Output:
        """An Output over StringIO streams, for tests: read `.stdout.getvalue()` afterwards."""
        return cls(
            stdout=io.StringIO(),
            stderr=io.StringIO(),
            stdin=io.StringIO(stdin_text),
            stdout_isatty=tty,
            stderr_isatty=tty,
            stdin_isatty=tty,
            no_color=no_color,
            format=fmt,
        )

    # --- consoles, created on first use ---------------------------------------------------
    @property
    def out_console(self) -> Console:
        if self._out_console is None:
            from jira_chat.rendering.console import make_console

            self._out_console = make_console(
                self.stdout, is_tty=self.stdout_isatty, no_color=self.no_color
            )
        return self._out_console

    @property
    def err_console(self) -> Console:
        if self._err_console is None:
            from jira_chat.rendering.console import make_console

            self._err_console = make_console(
                self.stderr, is_tty=self.stderr_isatty, no_color=self.no_color
            )
        return self._err_console

    @property
    def is_machine(self) -> bool:
        return self.format in MACHINE_FORMATS

    def _write_out(self, text: str) -> None:
        """Machine formats bypass Rich entirely: exact bytes, no wrapping, no escapes."""
        if text:
            self.stdout.write(text if text.endswith("\n") else text + "\n")
        self.stdout.flush()

    def _say(self, text: str, style: str = "") -> None:
        from rich.text import Text

        self.err_console.print(Text(text, style=style), soft_wrap=True)

    # --- data, to stdout ----------------------------------------------------------------
    def show_outcomes(self, outcomes: Sequence[Outcome]) -> None:
        """Show what a plan produced. In JSON: one action → its object (search → array),
        several → an array with one element per action. Otherwise each in turn."""
        for listener in self.outcome_listeners:
            for outcome in outcomes:
                listener(outcome)
        if self.format is OutputFormat.JSON:
            from jira_chat.rendering import machine

            if outcomes:
                self._write_out(machine.dump_json(machine.outcomes_json(outcomes)))
            return
        if self.format is OutputFormat.CSV and len(outcomes) > 1:
            from jira_chat.rendering import machine

            self._write_out(machine.csv_document(outcomes))
            for outcome in outcomes:
                if isinstance(outcome, SearchResult):
                    self._search_notes(outcome)
            return
        for index, outcome in enumerate(outcomes):
            if index and self.format is OutputFormat.TABLE:
                self.out_console.print()
            self._show_one(outcome)

    def _show_one(self, outcome: Outcome) -> None:
        if isinstance(outcome, SearchResult):
            self.show_search(outcome)
        elif isinstance(outcome, IssueRecord):
            self.show_issue(outcome)
        else:
            self.show_write(outcome)

    def show_response(self, outcomes: Sequence[Outcome], reply: str | None) -> None:
        """Outcomes and the model's reply together, following the documented rule.

        On a table the reply is shown first, as text. In the machine formats stdout must stay
        parseable: the reply goes to stdout only when there are no outcomes (JSON wraps it as
        `{"reply": ...}`), and to stderr otherwise.
        """
        if not self.is_machine:
            if reply:
                self.show_reply(reply)
            self.show_outcomes(outcomes)
            return
        if not outcomes:
            if reply:
                self.show_reply(reply)
            return
        if reply:
            self.info(reply)
        self.show_outcomes(outcomes)

    def show_search(self, result: SearchResult) -> None:
        from jira_chat.rendering import humanize, machine

        if self.format is OutputFormat.TABLE:
            self._say(f"JQL: {result.jql}", "dim")
            if result.issues:
                from jira_chat.rendering.console import RightTrimmed
                from jira_chat.rendering.tables import search_table

                table = search_table(result, width=self.out_console.width)
                self.out_console.print(RightTrimmed(table))
            self._say(humanize.count_line(result), "dim")
        elif self.format is OutputFormat.JSON:
            self._write_out(machine.dump_json(machine.outcome_json(result)))
        elif self.format is OutputFormat.CSV:
            self._write_out(machine.csv_text(result))
        elif self.format is OutputFormat.KEYS:
            self._write_out("\n".join(machine.key_lines(result)))
        else:
            self._write_out("\n".join(machine.plain_lines(result)))
        self._search_notes(result)

    def _search_notes(self, result: SearchResult) -> None:
        """On stderr: a result cut short says so; an empty one says what ran."""
        from jira_chat.rendering import humanize

        warning = humanize.truncation_warning(result)
        if warning and self.format is OutputFormat.TABLE:
            more = "there may be more" if result.total is None else "more issues match"
            self.warn(f"{more}; {humanize.TRUNCATION_HINT}")  # the count line is just above
        elif warning:
            self.warn(f"{warning}; {humanize.TRUNCATION_HINT}")
        elif not result.issues and self.format is not OutputFormat.TABLE:
            self.info(f"no issues match: {result.jql}")

    def show_issue(self, issue: IssueRecord) -> None:
        from jira_chat.rendering import machine

        if self.format is OutputFormat.TABLE:
            from jira_chat.rendering.console import RightTrimmed
            from jira_chat.rendering.detail import issue_detail

            markdown = self.stdout_isatty and not self.dumb_terminal
            self.out_console.print(RightTrimmed(issue_detail(issue, markdown=markdown)))
        elif self.format is OutputFormat.JSON:
            self._write_out(machine.dump_json(machine.issue_detail_json(issue)))
        elif self.format is OutputFormat.CSV:
            self._write_out(machine.csv_text(issue))
        elif self.format is OutputFormat.KEYS:
            self._write_out(issue.key)
        else:
            self._write_out(machine.plain_issue_line(issue))

    def show_write(self, result: WriteResult) -> None:
        """One write as done: a sentence on a table, `key<TAB>action<TAB>url` in plain."""
        from jira_chat.rendering import machine

        if self.format is OutputFormat.TABLE:
            from rich.text import Text

            from jira_chat.rendering.humanize import format_value

            verb = result.verb or result.action
            line = Text.assemble("✓ ", (f"{verb} {result.key}", "bold green"))
            changes = [
                f"{change.field} → {_clip(format_value(change.new))}" for change in result.changes
            ]
            if changes:
                line.append(": " + "; ".join(changes))
            self.out_console.print(line, soft_wrap=True)
            self.out_console.print(
                Text(f"  {result.url}", style=f"dim link {result.url}"), soft_wrap=True
            )
        elif self.format is OutputFormat.JSON:
            self._write_out(machine.dump_json(machine.outcome_json(result)))
        elif self.format is OutputFormat.CSV:
            self._write_out(machine.csv_text(result))
        elif self.format is OutputFormat.KEYS:
            self._write_out(result.key)
        else:
            self._write_out(machine.plain_write_line(result))

    def show_plan(self, plan: Plan) -> None:
        """The plan's JSON, to stdout (`ask --plan`, `/plan`)."""
        self._write_out(plan.to_json())

    def show_reply(self, text: str) -> None:
        """The model's answer or clarifying question, to stdout (JSON: `{"reply": ...}`)."""
        if self.format is OutputFormat.JSON:
            from jira_chat.rendering.machine import dump_json

            self._write_out(dump_json({"reply": text}))
        elif self.format is OutputFormat.TABLE:
            from rich.text import Text

            self.out_console.print(Text(text), soft_wrap=True)
        else:
            self._write_out(text)

    # --- everything else, to stderr -----------------------------------------------------
    def show_preview(self, previews: Sequence[ActionPreview]) -> None:
        if not previews:
            return
        from jira_chat.rendering.preview import previews_renderable

        self.err_console.print(previews_renderable(previews), soft_wrap=True)

    def info(self, message: str) -> None:
        self._say(message)

    def warn(self, message: str) -> None:
        self._say(f"warning: {message}", "yellow")

    def error(self, message: str, hint: str | None = None) -> None:
        self._say(f"error: {message}", "bold red")
        if hint:
            self._say(f"  hint: {hint}", "dim")

    def confirm(self, question: str) -> bool:
        """y/N, default No. Uses confirm_hook when set. EOF or Ctrl-C mean No."""
        with self._spinner_paused():
            if self.confirm_hook is not None:
                return self.confirm_hook(question)
            answer = self._ask_line(f"{question} [y/N] ")
            return answer is not None and answer.strip().lower() in {"y", "yes"}

    def choose(self, question: str, options: Sequence[str]) -> str | None:
        """Pick one of several candidates (ambiguous names). None = cancelled."""
        with self._spinner_paused():
            return self._choose(question, options)

    def _choose(self, question: str, options: Sequence[str]) -> str | None:
        if self.choose_hook is not None:
            return self.choose_hook(question, options)
        if not options:
            return None
        self._say(question)
        for number, option in enumerate(options, start=1):
            self._say(f"  {number}. {option}")
        for _attempt in range(3):
            answer = self._ask_line(f"Choose 1-{len(options)} (Enter to cancel): ")
            picked = pick_option(answer, options)
            if picked is not None or not (answer or "").strip():
                return picked
            self._say(f"please enter a number from 1 to {len(options)}")
        return None

    def _ask_line(self, prompt: str) -> str | None:
        """One line from stdin after a prompt on stderr; None on EOF or Ctrl-C (Ctrl-C is
        raised instead when `interrupt_cancels` is set)."""
        self.stderr.write(prompt)
        self.stderr.flush()
        try:
            line = self.stdin.readline()
        except KeyboardInterrupt:
            self.stderr.write("\n")
            if self.interrupt_cancels:
                raise
            return None
        if not line:
            self.stderr.write("\n")
            return None
        return line.rstrip("\r\n")

    @contextmanager
    def status(self, message: str) -> Iterator[None]:
        """A spinner on stderr while waiting on Gemini or Jira (only when stderr is a TTY)."""
        if not self.stderr_isatty or self.no_color or self.dumb_terminal:
            # No spinner: it would put cursor escapes into a log or a NO_COLOR terminal.
            yield
            return
        with self.err_console.status(message, spinner="dots") as spinner:
            self._spinners.append(spinner)
            try:
                yield
            finally:
                self._spinners.remove(spinner)

    @contextmanager
    def _spinner_paused(self) -> Iterator[None]:
        """A question asked while waiting on Jira (an ambiguous name) must not share its line
        with a spinner: stop the spinner while the person answers, then resume it."""
        spinners = list(self._spinners)
        for spinner in spinners:
            spinner.stop()
        try:
            yield
        finally:
            for spinner in spinners:
                spinner.start()


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


def _clip(text: str, limit: int = 60) -> str:
    text = " ".join(text.splitlines())
    return text if len(text) <= limit else text[: limit - 1] + "…"

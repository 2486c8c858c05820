"""`Output`: what jira-chat shows, in the format chosen for this invocation.

stdout carries data only (tables, detail views, plain/csv/json/keys, replies); everything else
(previews, spinners, warnings, errors, "N of M" lines) goes to stderr, so that
`jira-chat ask ... --format keys | xargs ...` only ever sees keys. Commands call the semantic
methods here and never `print`.

The streams, terminal facts and consoles belong to the `Environment`; how records look belongs
to the format's `Formatter`; questions belong to a `Prompter` (jira_chat.conversation.prompter).
Rich and the view modules are imported inside methods: the CLI imports this module at start-up.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING

from jira_chat.rendering.environment import Environment
from jira_chat.rendering.formatters import (
    MACHINE_FORMATS,
    OutputFormat,
    formatter_for,
    write_exact,
)

if TYPE_CHECKING:
    from rich.status import Status

    from jira_chat.execution.records import ActionPreview, Outcome, WriteResult
    from jira_chat.jira_access.records import IssueRecord, SearchResult
    from jira_chat.planning.schema import Plan

__all__ = ["MACHINE_FORMATS", "Environment", "Output", "OutputFormat"]


class Output:
    """Data to stdout through one formatter; messages and spinners to stderr."""

    def __init__(self, env: Environment, fmt: OutputFormat | None = None) -> None:
        """fmt None → TABLE when stdout is a terminal, else PLAIN."""
        self.env = env
        if fmt is None:
            fmt = OutputFormat.TABLE if env.stdout_isatty else OutputFormat.PLAIN
        self.format = fmt
        self._formatter = formatter_for(self.format, env, self)
        self._spinners: list[Status] = []

    @classmethod
    def buffered(
        cls,
        fmt: OutputFormat = OutputFormat.PLAIN,
        *,
        stdin_text: str = "",
        tty: bool = False,
        no_color: bool = True,
    ) -> Output:
        """An Output over StringIO streams, for tests: read `.env.stdout.getvalue()` after."""
        return cls(Environment.buffered(stdin_text=stdin_text, tty=tty, no_color=no_color), fmt)

    @property
    def is_machine(self) -> bool:
        return self.format in MACHINE_FORMATS

    # --- data, to stdout ----------------------------------------------------------------
    def show_outcomes(self, outcomes: Sequence[Outcome]) -> None:
        """Show what a plan produced. In JSON: one action → its object (search → array),
        several → an array with one element per action. Otherwise each in turn."""
        self._formatter.outcomes(outcomes)

    def show_response(self, outcomes: Sequence[Outcome], reply: str | None) -> None:
        """Outcomes and the model's reply together, following the documented rule.

        On a table the reply is shown first, as text. In the machine formats stdout must stay
        parseable: the reply goes to stdout only when there are no outcomes (JSON wraps it as
        `{"reply": ...}`), and to stderr otherwise.
        """
        self._formatter.response(outcomes, reply)

    def show_search(self, result: SearchResult) -> None:
        self._formatter.search(result)

    def show_issue(self, issue: IssueRecord) -> None:
        self._formatter.issue(issue)

    def show_write(self, result: WriteResult) -> None:
        """One write as done: a sentence on a table, `key<TAB>action<TAB>url` in plain."""
        self._formatter.write_result(result)

    def show_plan(self, plan: Plan) -> None:
        """The plan's JSON, to stdout (`ask --plan`, `/plan`)."""
        write_exact(self.env, plan.to_json())

    def show_reply(self, text: str) -> None:
        """The model's answer or clarifying question, to stdout (JSON: `{"reply": ...}`)."""
        self._formatter.reply(text)

    # --- everything else, to stderr -----------------------------------------------------
    def show_preview(self, previews: Sequence[ActionPreview], already: Sequence[str] = ()) -> None:
        """Each write's preview (a bulk change as its table), then what is already true."""
        from jira_chat.execution.bulk_action import BulkActionPreview

        console = self.env.err_console
        single = [p for p in previews if not isinstance(p, BulkActionPreview)]
        if single:
            from jira_chat.rendering.preview import previews_renderable

            console.print(previews_renderable(single), soft_wrap=True)
        for preview in previews:
            if isinstance(preview, BulkActionPreview):
                from jira_chat.rendering.bulk_view import preview_renderables

                for part in preview_renderables(preview.bulk):
                    console.print(part, soft_wrap=not hasattr(part, "columns"))
        for message in already:
            self.env.say(f"already: {message} (skipped)", "dim")

    def info(self, message: str) -> None:
        self.env.say(message)

    def warn(self, message: str) -> None:
        self.env.say(f"warning: {message}", "yellow")

    def error(self, message: str, hint: str | None = None) -> None:
        self.env.say(f"error: {message}", "bold red")
        if hint:
            self.env.say(f"  hint: {hint}", "dim")

    @contextmanager
    def status(self, message: str) -> Iterator[None]:
        """A spinner on stderr while waiting on Gemini or Jira (only on a colour terminal)."""
        if not self.env.spinner_allowed:
            yield
            return
        with self.env.err_console.status(message, spinner="dots") as spinner:
            self._spinners.append(spinner)
            try:
                yield
            finally:
                self._spinners.remove(spinner)

    @contextmanager
    def spinner_paused(self) -> Iterator[None]:
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

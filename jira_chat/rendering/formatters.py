"""One formatter per output format, chosen once when the Output is made.

A formatter turns records into stdout: a Rich table or detail view on a terminal, or one of
the machine formats documented in the README (plain, json, csv, keys). The notes that go with
a search (cut short, nothing matched) go to stderr through the Output's own messages.

The machine formats bypass Rich entirely (exact bytes, no wrapping, no escapes); the table
formatter imports Rich and the view modules only when it draws.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from typing import TYPE_CHECKING, ClassVar, Protocol

from jira_chat.execution.bulk_records import BulkResult
from jira_chat.execution.noop import AlreadyResult
from jira_chat.execution.records import BoardList, Outcome, SprintList, WriteResult
from jira_chat.jira_access.records import IssueRecord, SearchResult

if TYPE_CHECKING:
    from jira_chat.rendering.environment import Environment


class OutputFormat(StrEnum):
    TABLE = "table"  # default when stdout is a TTY
    PLAIN = "plain"  # default otherwise: tab-separated, stable columns, no colour
    JSON = "json"
    CSV = "csv"
    KEYS = "keys"  # one issue key per line, for xargs


MACHINE_FORMATS = frozenset(
    {OutputFormat.PLAIN, OutputFormat.JSON, OutputFormat.CSV, OutputFormat.KEYS}
)


class Notes(Protocol):
    """Where a formatter sends what is not data (the Output's stderr messages)."""

    def info(self, message: str) -> None: ...

    def warn(self, message: str) -> None: ...


def write_exact(env: Environment, text: str) -> None:
    """Text to stdout as is, ending in one newline; flushed, so pipes see it at once."""
    if text:
        env.stdout.write(text if text.endswith("\n") else text + "\n")
    env.stdout.flush()


class Formatter:
    """What every format does alike; subclasses say how one record looks."""

    format: ClassVar[OutputFormat]

    def __init__(self, env: Environment, notes: Notes) -> None:
        self.env = env
        self.notes = notes

    @property
    def is_machine(self) -> bool:
        return self.format in MACHINE_FORMATS

    # --- what Output calls ------------------------------------------------------------
    def outcomes(self, outcomes: Sequence[Outcome]) -> None:
        """Each outcome in turn (JSON and CSV join several into one document)."""
        for outcome in outcomes:
            self.outcome(outcome)

    def outcome(self, outcome: Outcome) -> None:
        if isinstance(outcome, SearchResult):
            self.search(outcome)
        elif isinstance(outcome, IssueRecord):
            self.issue(outcome)
        elif isinstance(outcome, BulkResult):
            self.bulk(outcome)
        elif isinstance(outcome, AlreadyResult):
            self.already(outcome)
        elif isinstance(outcome, BoardList | SprintList):
            self.listing(outcome)
        else:
            self.write_result(outcome)

    def response(self, outcomes: Sequence[Outcome], reply: str | None) -> None:
        """Outcomes and the model's reply. stdout must stay parseable: the reply goes to
        stdout only when there are no outcomes, and to stderr otherwise."""
        if not outcomes:
            if reply:
                self.reply(reply)
            return
        if reply:
            self.notes.info(reply)
        self.outcomes(outcomes)

    def search(self, result: SearchResult) -> None:
        self._write(self._search_text(result))
        self.search_notes(result)

    def search_notes(self, result: SearchResult) -> None:
        """On stderr: a result cut short says so; an empty one says what ran."""
        from jira_chat.rendering import humanize

        warning = humanize.truncation_warning(result)
        if warning:
            self.notes.warn(f"{warning}; {humanize.TRUNCATION_HINT}")
        elif not result.issues:
            self.notes.info(f"no issues match: {result.jql}")

    def issue(self, issue: IssueRecord) -> None:
        self._write(self._issue_text(issue))

    def write_result(self, result: WriteResult) -> None:
        self._write(self._write_text(result))

    def reply(self, text: str) -> None:
        self._write(text)

    def bulk(self, result: BulkResult) -> None:
        """A bulk change's report, one record per issue; its summary line on stderr."""
        self._write(self._bulk_text(result))
        self.bulk_notes([result])

    def bulk_notes(self, outcomes: Sequence[Outcome]) -> None:
        from jira_chat.rendering.bulk_view import show_summary

        for outcome in outcomes:
            if isinstance(outcome, BulkResult):
                show_summary(self.notes, outcome)

    def already(self, result: AlreadyResult) -> None:
        """A change that was already true (nothing was sent)."""
        self._write(self._already_text(result))

    def listing(self, listing: BoardList | SprintList) -> None:
        """Boards or sprints: every machine format from machine.listing_rows."""
        from jira_chat.rendering import machine

        if self.format is OutputFormat.JSON:
            self._write(machine.dump_json(machine.outcome_json(listing)))
        elif self.format is OutputFormat.CSV:
            self._write(machine.csv_text(listing))
        elif self.format is OutputFormat.KEYS:
            self._write("\n".join(machine.key_lines(listing)))
        else:
            self._write("\n".join(machine.plain_lines(listing)))

    # --- what each machine format defines ----------------------------------------------
    def _bulk_text(self, result: BulkResult) -> str:
        raise NotImplementedError

    def _already_text(self, result: AlreadyResult) -> str:
        from jira_chat.rendering import machine

        return machine.plain_write_line(result)

    def _search_text(self, result: SearchResult) -> str:
        raise NotImplementedError

    def _issue_text(self, issue: IssueRecord) -> str:
        raise NotImplementedError

    def _write_text(self, result: WriteResult) -> str:
        raise NotImplementedError

    def _write(self, text: str) -> None:
        write_exact(self.env, text)


class PlainFormatter(Formatter):
    """Tab-separated lines with stable columns: the default in pipes."""

    format = OutputFormat.PLAIN

    def _search_text(self, result: SearchResult) -> str:
        from jira_chat.rendering import machine

        return "\n".join(machine.plain_lines(result))

    def _issue_text(self, issue: IssueRecord) -> str:
        from jira_chat.rendering import machine

        return machine.plain_issue_line(issue)

    def _write_text(self, result: WriteResult) -> str:
        from jira_chat.rendering import machine

        return machine.plain_write_line(result)

    def _bulk_text(self, result: BulkResult) -> str:
        from jira_chat.rendering.bulk_view import report_plain

        return report_plain(result)


class KeysFormatter(Formatter):
    """One issue key per line, for xargs."""

    format = OutputFormat.KEYS

    def _search_text(self, result: SearchResult) -> str:
        from jira_chat.rendering import machine

        return "\n".join(machine.key_lines(result))

    def _issue_text(self, issue: IssueRecord) -> str:
        return issue.key

    def _write_text(self, result: WriteResult) -> str:
        return result.key

    def _bulk_text(self, result: BulkResult) -> str:
        return "\n".join(row.key for row in result.of_result("done"))

    def _already_text(self, result: AlreadyResult) -> str:
        return result.key


class CsvFormatter(Formatter):
    """RFC 4180 with a header; several outcomes become one document."""

    format = OutputFormat.CSV

    def outcomes(self, outcomes: Sequence[Outcome]) -> None:
        if len(outcomes) <= 1:
            super().outcomes(outcomes)
            return
        from jira_chat.rendering import machine

        self._write(machine.csv_document(outcomes))
        for outcome in outcomes:
            if isinstance(outcome, SearchResult):
                self.search_notes(outcome)
        self.bulk_notes(outcomes)

    def _search_text(self, result: SearchResult) -> str:
        from jira_chat.rendering import machine

        return machine.csv_text(result)

    def _issue_text(self, issue: IssueRecord) -> str:
        from jira_chat.rendering import machine

        return machine.csv_text(issue)

    def _write_text(self, result: WriteResult) -> str:
        from jira_chat.rendering import machine

        return machine.csv_text(result)

    def _bulk_text(self, result: BulkResult) -> str:
        from jira_chat.rendering.bulk_view import report_csv

        return report_csv(result)

    def _already_text(self, result: AlreadyResult) -> str:
        from jira_chat.rendering import machine

        return machine.csv_text(result)


class JsonFormatter(Formatter):
    """One action → its object (search → array); several → an array, one element each."""

    format = OutputFormat.JSON

    def outcomes(self, outcomes: Sequence[Outcome]) -> None:
        from jira_chat.rendering import machine

        if outcomes:
            self._write(machine.dump_json(machine.outcomes_json(outcomes)))
        self.bulk_notes(outcomes)

    def reply(self, text: str) -> None:
        from jira_chat.rendering.machine import dump_json

        self._write(dump_json({"reply": text}))

    def _search_text(self, result: SearchResult) -> str:
        from jira_chat.rendering import machine

        return machine.dump_json(machine.outcome_json(result))

    def _issue_text(self, issue: IssueRecord) -> str:
        from jira_chat.rendering import machine

        return machine.dump_json(machine.issue_detail_json(issue))

    def _write_text(self, result: WriteResult) -> str:
        from jira_chat.rendering import machine

        return machine.dump_json(machine.outcome_json(result))

    def _bulk_text(self, result: BulkResult) -> str:
        from jira_chat.rendering import machine

        return machine.dump_json(machine.outcome_json(result))

    def _already_text(self, result: AlreadyResult) -> str:
        from jira_chat.rendering import machine

        return machine.dump_json(machine.outcome_json(result))


class TableFormatter(Formatter):
    """Rich tables, detail views and sentences, for a person at a terminal."""

    format = OutputFormat.TABLE

    def outcomes(self, outcomes: Sequence[Outcome]) -> None:
        for index, outcome in enumerate(outcomes):
            if index:
                self.env.out_console.print()
            self.outcome(outcome)

    def response(self, outcomes: Sequence[Outcome], reply: str | None) -> None:
        """On a table the reply comes first, as text."""
        if reply:
            self.reply(reply)
        self.outcomes(outcomes)

    def search(self, result: SearchResult) -> None:
        from jira_chat.rendering import humanize

        self.env.say(f"JQL: {result.jql}", "dim")
        if result.issues:
            from jira_chat.rendering.console import RightTrimmed
            from jira_chat.rendering.tables import search_table

            table = search_table(result, width=self.env.out_console.width)
            self.env.out_console.print(RightTrimmed(table))
        self.env.say(humanize.count_line(result), "dim")
        self.search_notes(result)

    def search_notes(self, result: SearchResult) -> None:
        from jira_chat.rendering import humanize

        if humanize.truncation_warning(result):  # the count line just above gives the numbers
            more = "there may be more" if result.total is None else "more issues match"
            self.notes.warn(f"{more}; {humanize.TRUNCATION_HINT}")

    def issue(self, issue: IssueRecord) -> None:
        from jira_chat.rendering.console import RightTrimmed
        from jira_chat.rendering.detail import issue_detail

        detail = issue_detail(issue, markdown=self.env.rich_text)
        self.env.out_console.print(RightTrimmed(detail))

    def write_result(self, result: WriteResult) -> None:
        """One write as done: a sentence, then the issue's URL."""
        from rich.text import Text

        from jira_chat.rendering.humanize import format_value
        from jira_chat.text_utils import one_line

        verb = result.verb or result.action
        line = Text.assemble("✓ ", (f"{verb} {result.key}", "bold green"))
        changes = [
            f"{change.field} → {one_line(format_value(change.new), 60)}"
            for change in result.changes
        ]
        if changes:
            line.append(": " + "; ".join(changes))
        console = self.env.out_console
        console.print(line, soft_wrap=True)
        console.print(Text(f"  {result.url}", style=f"dim link {result.url}"), soft_wrap=True)

    def reply(self, text: str) -> None:
        from rich.text import Text

        self.env.out_console.print(Text(text), soft_wrap=True)

    def bulk(self, result: BulkResult) -> None:
        from jira_chat.rendering.bulk_view import report_table

        self.env.out_console.print(report_table(result))
        self.bulk_notes([result])

    def already(self, result: AlreadyResult) -> None:
        """`already: WEB-12 is assigned to Sam Rivera`."""
        from rich.text import Text

        line = Text.assemble(("already: ", "dim"), result.message)
        self.env.out_console.print(line, soft_wrap=True)

    def listing(self, listing: BoardList | SprintList) -> None:
        from jira_chat.rendering import machine
        from jira_chat.rendering.tables import listing_table

        columns, rows = machine.listing_rows(listing)
        if rows:
            self.env.out_console.print(listing_table(columns, rows))
        kind = "boards" if isinstance(listing, BoardList) else "sprints"
        self.env.say(f"{len(rows)} {kind}", "dim")


_FORMATTERS: dict[OutputFormat, type[Formatter]] = {
    cls.format: cls
    for cls in (TableFormatter, PlainFormatter, JsonFormatter, CsvFormatter, KeysFormatter)
}


def formatter_for(fmt: OutputFormat, env: Environment, notes: Notes) -> Formatter:
    return _FORMATTERS[fmt](env, notes)

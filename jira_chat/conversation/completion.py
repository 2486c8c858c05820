"""Tab completion for the REPL: slash commands, issue keys, project keys, statuses after "to".

The completer only reads what the session already knows (seen keys, cached metadata), so it is
cheap; the REPL still wraps it in a ThreadedCompleter so that a first metadata fetch never
freezes typing. Imported only by the REPL: prompt-toolkit is a heavy import.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator

from prompt_toolkit.completion import CompleteEvent, Completer, Completion
from prompt_toolkit.document import Document

from jira_chat.conversation.slash import SlashCommands
from jira_chat.jira_access.records import InstanceMetadata

# "move WEB-3 to In Pr" → "In Pr"; the status may hold spaces, so take all after the last "to".
_AFTER_TO = re.compile(r"(?:^|\s)to\s+((?:(?!\sto\s).)*)$", re.IGNORECASE)
# "assign WEB-3 to ..." names a person, not a status.
_ASSIGN = re.compile(r"\s*(?:re)?assign\b", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_]*(?:-[0-9]*)?$")


class JiraChatCompleter(Completer):
    def __init__(
        self,
        commands: SlashCommands,
        *,
        metadata: Callable[[], InstanceMetadata | None],
        seen_keys: Callable[[], Iterable[str]],
    ) -> None:
        self.commands = commands
        self.metadata = metadata
        self.seen_keys = seen_keys

    def get_completions(
        self, document: Document, complete_event: CompleteEvent
    ) -> Iterator[Completion]:
        text = document.text_before_cursor
        if text.lstrip().startswith("/"):
            yield from self._slash(text.lstrip())
            return
        yield from self._statuses(text)
        yield from self._keys(text)

    # --- slash commands and their arguments --------------------------------------------
    def _slash(self, text: str) -> Iterator[Completion]:
        name, space, argument = text[1:].partition(" ")
        if not space:
            for candidate in self.commands.names():
                if candidate.startswith(name.lower()):
                    yield Completion(
                        f"/{candidate}",
                        start_position=-len(text),
                        display_meta=self.commands.help_line(candidate),
                    )
            return
        argument = argument.lstrip()
        for candidate in self.commands.completions(name, argument):
            if (
                candidate.lower().startswith(argument.lower())
                and candidate.lower() != argument.lower()
            ):
                yield Completion(candidate, start_position=-len(argument))

    # --- statuses after "to" -----------------------------------------------------------
    def _statuses(self, text: str) -> Iterator[Completion]:
        match = _AFTER_TO.search(text)
        if match is None or _ASSIGN.match(text):
            return
        partial = match.group(1)
        metadata = self.metadata()
        if metadata is None:
            return
        for status in dict.fromkeys(s.name for s in metadata.statuses):
            if status.lower().startswith(partial.lower()) and status != partial:
                yield Completion(status, start_position=-len(partial), display_meta="status")

    # --- issue keys and project keys ---------------------------------------------------
    def _keys(self, text: str) -> Iterator[Completion]:
        match = _WORD.search(text)
        if match is None or (match.start() > 0 and not text[match.start() - 1].isspace()):
            return
        word = match.group(0)
        upper = word.upper()
        seen = list(dict.fromkeys(self.seen_keys()))
        for key in seen:
            if key.startswith(upper) and key != upper:
                yield Completion(key, start_position=-len(word), display_meta="issue")
        if "-" in word:
            return
        metadata = self.metadata()
        projects = [p.key for p in metadata.projects] if metadata else []
        for project in projects:
            if project.startswith(upper) and project != upper:
                yield Completion(project, start_position=-len(word), display_meta="project")

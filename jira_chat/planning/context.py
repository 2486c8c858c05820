"""What a session remembers, so that "it", "those" and "the second one" mean something.

The planners read it (references, the Gemini prompt) and the front ends' assistant updates
it; it lives with planning so that planning depends on no front end.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jira_chat.planning.schema import Plan


@dataclass
class Turn:
    request: str
    summary: str  # a short account of what was done, for the model's next prompt


@dataclass
class SessionContext:
    """Conversation state for one REPL session (or one `ask`)."""

    default_project: str | None = None
    last_shown: list[str] = field(default_factory=list)  # issue keys, in display order
    last_issue: str | None = None  # the last issue shown alone or acted on
    last_plan: Plan | None = None
    turns: list[Turn] = field(default_factory=list)
    model: str | None = None
    max_turns: int = 6
    # Every issue key met in the session, the latest first (REPL completion); /clear keeps it.
    seen_keys: list[str] = field(default_factory=list)

    def remember_shown(self, keys: list[str]) -> None:
        self.last_shown = list(keys)
        if len(keys) == 1:
            self.last_issue = keys[0]
        elif len(keys) > 1:  # "it" now means one of these, never an older issue
            self.last_issue = None
        self._saw(keys)

    def remember_acted(self, key: str) -> None:
        self.last_issue = key
        self._saw([key])

    def _saw(self, keys: list[str]) -> None:
        self.seen_keys = list(dict.fromkeys([*keys, *self.seen_keys]))

    def add_turn(self, request: str, summary: str) -> None:
        self.turns.append(Turn(request, summary))
        del self.turns[: -self.max_turns]

    def clear(self) -> None:
        """`/clear`: forget everything but the session's settings."""
        self.last_shown = []
        self.last_issue = None
        self.last_plan = None
        self.turns = []

"""The one exception the JQL engine raises, carrying Jira-worded messages."""

from __future__ import annotations

from collections.abc import Sequence

SYNTAX_PREFIX = "Error in the JQL Query: "


class JqlError(Exception):
    """An invalid or unsupported query; `messages` go to `errorMessages` with HTTP 400."""

    def __init__(self, messages: str | Sequence[str]) -> None:
        self.messages: list[str] = [messages] if isinstance(messages, str) else list(messages)
        super().__init__(" ".join(self.messages))

    def __str__(self) -> str:
        return " ".join(self.messages)

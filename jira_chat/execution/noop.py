"""A change that is already true: not an error, but nothing to send either.

An action's `prepare` raises `AlreadyDone` when Jira already has what the action asks for
(the assignee is already the assignee, the status already reached, the label already there).
The executor turns it into a skipped action: previewed as "already", reported as
`already: WEB-12 is assigned to Sam Rivera`, exit 0, `"result": "already"` in JSON.
"""

from __future__ import annotations

from typing import Any

from jira_chat.record import Record


class AlreadyDone(Exception):
    """Raised by a prepare function: `message` reads after "already: "."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.key = key
        self.message = message


class AlreadyResult(Record):
    """An action that had nothing to do, as reported after the plan ran."""

    action: str
    key: str
    url: str
    message: str  # e.g. "WEB-12 is assigned to Sam Rivera"

    def as_json(self) -> dict[str, Any]:
        return {
            "action": self.action,
            "key": self.key,
            "url": self.url,
            "result": "already",
            "message": self.message,
        }

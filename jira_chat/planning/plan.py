"""The plan every front end runs: what to do, in order, and an optional reply.

A plain dataclass, so that a plan built in code (`ask KEY`, `ask "jql: ..."`, the offline
planner) costs no pydantic. Plans from outside (Gemini, `apply`, a pipe) are validated into
it by `jira_chat.planning.schema.parse_plan`, the one public JSON schema.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from jira_chat.planning.actions._base import PlanAction, dump_action


@dataclass
class Plan:
    """No actions plus a reply is how the model answers a question or asks for clarification."""

    actions: list[PlanAction] = field(default_factory=list)
    reply: str | None = None

    @property
    def writes(self) -> list[PlanAction]:
        """The actions that change Jira, in plan order."""
        return [a for a in self.actions if a.declaration.writes]

    def to_dict(self) -> dict[str, Any]:
        """The plan as the JSON schema spells it (what `--plan` prints and `apply` reads)."""
        data: dict[str, Any] = {"actions": [dump_action(a) for a in self.actions]}
        if self.reply is not None:
            data["reply"] = self.reply
        return data

    def to_json(self, *, compact: bool = False) -> str:
        if compact:  # for a prompt: every character counts
            return json.dumps(self.to_dict(), separators=(",", ":"), ensure_ascii=False)
        return json.dumps(self.to_dict(), indent=2)

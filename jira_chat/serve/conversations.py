"""Conversations in memory: the REPL's context per conversation, bounded and expiring.

Each conversation owns one `Assistant` (so "assign it to me" refers to what this conversation
last saw) and the plans it previewed. A lock per conversation runs its requests one at a time,
which is also what makes a double confirm impossible to race.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from jira_chat.conversation.assistant import Assistant
    from jira_chat.execution.executor import PreparedPlan
    from jira_chat.planning.base import PlanRequest
    from jira_chat.planning.schema import Plan

PlanState = Literal["pending", "running", "confirmed", "cancelled", "failed", "stale"]
Clock = Callable[[], float]


@dataclass
class PendingPlan:
    """A previewed write, waiting for the person's yes."""

    id: str
    plan: Plan
    prepared: PreparedPlan
    request: PlanRequest | None
    text: str
    expires_at: float  # clock time
    state: PlanState = "pending"


@dataclass
class Conversation:
    id: str
    assistant: Assistant
    last_used: float
    lock: threading.Lock = field(default_factory=threading.Lock)
    plans: OrderedDict[str, PendingPlan] = field(default_factory=OrderedDict)

    def add_plan(self, pending: PendingPlan, *, keep: int) -> None:
        self.plans[pending.id] = pending
        while len(self.plans) > keep:
            self.plans.popitem(last=False)


def new_id() -> str:
    """Unguessable: an id is what ties a confirm to the conversation that saw the preview."""
    return secrets.token_urlsafe(16)


class ConversationStore:
    """At most `limit` conversations; one idle for `ttl` seconds is forgotten."""

    def __init__(
        self,
        make_assistant: Callable[[], Assistant],
        *,
        limit: int,
        ttl: float,
        clock: Clock = time.monotonic,
    ) -> None:
        self._make_assistant = make_assistant
        self._limit = limit
        self._ttl = ttl
        self._clock = clock
        self._lock = threading.Lock()
        self._items: OrderedDict[str, Conversation] = OrderedDict()

    def __len__(self) -> int:
        return len(self._items)

    def now(self) -> float:
        return self._clock()

    def create(self) -> Conversation:
        assistant = self._make_assistant()  # outside the lock: it may be slow-ish
        with self._lock:
            self._sweep()
            conversation = Conversation(id=new_id(), assistant=assistant, last_used=self._clock())
            self._items[conversation.id] = conversation
            while len(self._items) > self._limit:
                self._items.popitem(last=False)
            return conversation

    def get(self, conversation_id: str) -> Conversation | None:
        """The live conversation with this id, or None (unknown, expired or dropped)."""
        with self._lock:
            self._sweep()
            conversation = self._items.get(conversation_id)
            if conversation is None:
                return None
            conversation.last_used = self._clock()
            self._items.move_to_end(conversation_id)
            return conversation

    def _sweep(self) -> None:
        """Least recently used first, so the expired ones are all at the front."""
        cutoff = self._clock() - self._ttl
        while self._items:
            oldest = next(iter(self._items.values()))
            if oldest.last_used >= cutoff:
                return
            del self._items[oldest.id]

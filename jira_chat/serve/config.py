"""The server's documented limits and lifetimes (README: "Serve over HTTP")."""

from __future__ import annotations

from dataclasses import dataclass

# Request bodies above this are refused with 413 before they are parsed.
MAX_BODY_BYTES = 64 * 1024
# A prompt is one request in plain language; longer text is refused with 413.
MAX_PROMPT_CHARS = 4000
# A previewed write can be confirmed within this many seconds, then it expires.
PLAN_TTL_S = 600.0
# A conversation forgets everything after this long without a request.
CONVERSATION_TTL_S = 3600.0
# At most this many conversations are kept; the least recently used is dropped first.
MAX_CONVERSATIONS = 200
# Pending plans kept per conversation (older ones are dropped).
MAX_PLANS_PER_CONVERSATION = 20

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


@dataclass(frozen=True)
class ServeConfig:
    """Everything the app needs besides Jira settings; tests shorten the lifetimes."""

    token: str
    max_body_bytes: int = MAX_BODY_BYTES
    max_prompt_chars: int = MAX_PROMPT_CHARS
    plan_ttl_s: float = PLAN_TTL_S
    conversation_ttl_s: float = CONVERSATION_TTL_S
    max_conversations: int = MAX_CONVERSATIONS
    cors_origins: tuple[str, ...] = ()

    def __repr__(self) -> str:  # never the token
        return f"ServeConfig(cors_origins={self.cors_origins!r})"


def is_loopback(host: str) -> bool:
    return host in LOOPBACK_HOSTS or host.startswith("127.")

"""`jira-chat doctor`'s Gemini check: does one tiny model call work with this key?"""

from __future__ import annotations

from typing import TYPE_CHECKING

from jira_chat.errors import ConfigError

if TYPE_CHECKING:
    from jira_chat.config import Settings


def ping_model(settings: Settings) -> None:
    """Make one minimal call to `settings.model`; raise ModelError (or ConfigError) if it fails.

    Uses the planner's own client setup (base URL, v1beta, timeout, no retries) and error
    mapping, so doctor reports exactly what `ask` would meet. Costs a handful of tokens.
    """
    if not settings.gemini_api_key:
        from jira_chat.planning.catalog import gemini_hint

        raise ConfigError("no Gemini key is set", hint=gemini_hint())
    from jira_chat.planning.gemini import GeminiPlanner

    GeminiPlanner(settings).ping()

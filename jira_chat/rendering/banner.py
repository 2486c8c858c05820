"""The REPL's banner: what this session talks to, before the first prompt (and on /whoami).

Built from facts the session already has (the settings, metadata saved by an earlier run):
drawing it costs no request to Jira, so the first prompt appears at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from jira_chat.text_utils import redact_url

if TYPE_CHECKING:
    from jira_chat.config import Settings
    from jira_chat.jira_access.records import InstanceMetadata, UserRef

GREETING = "jira-chat: ask in plain words, /help for commands, Ctrl-D to leave."
FLAVOR_LABELS = {"cloud": "Cloud", "server": "Server/Data Center"}


@dataclass(frozen=True)
class SessionFacts:
    """One line each: the Jira, the user, the default project, the planner."""

    jira: str
    user: str
    project: str
    planner: str

    def lines(self) -> list[str]:
        rows = (
            ("jira", self.jira),
            ("user", self.user),
            ("project", self.project),
            ("planner", self.planner),
        )
        return [f"  {name:<8} {value}" for name, value in rows]


def jira_label(settings: Settings, flavor: str | None = None) -> str:
    """`https://acme.atlassian.net (Cloud)`, or `sandbox (demo data at http://127.0.0.1:…)`."""
    url = redact_url(settings.jira_url) if settings.jira_url else "(not configured)"
    if settings.sandbox:
        return f"sandbox (demo data at {url})"
    kind = FLAVOR_LABELS.get(flavor or settings.flavor or "")
    return f"{url} ({kind})" if kind else url


def user_label(user: UserRef | None, settings: Settings) -> str:
    """The display name Jira gave; before Jira has been asked, the configured login."""
    if user is not None:
        email = f" <{user.email}>" if user.email else ""
        return f"{user.display_name}{email}"
    login = settings.jira_username or (
        "a personal access token" if settings.jira_personal_token else "unknown"
    )
    return f"{login} (not checked yet: /whoami asks Jira)"


def planner_label(settings: Settings, model: str | None = None) -> str:
    if settings.gemini_api_key:
        return f"Gemini {model or settings.model}"
    return "offline (no GEMINI_API_KEY: the forms /help lists)"


def session_facts(
    settings: Settings,
    metadata: InstanceMetadata | None,
    *,
    default_project: str | None,
    model: str | None,
    user: UserRef | None = None,
) -> SessionFacts:
    """`user` (asked live) wins over the one in `metadata` (saved earlier)."""
    who = user or (metadata.current_user if metadata else None)
    return SessionFacts(
        jira=jira_label(settings, metadata.flavor if metadata else None),
        user=user_label(who, settings),
        project=default_project or "none (/project KEY sets one)",
        planner=planner_label(settings, model),
    )

"""The planner contract: a request in, a validated `Plan` out, by Gemini or offline.

The assistant pipeline calls `fast_path` first (issue keys and `jql:` never need a model),
then `make_planner(settings).plan(request)`. Both planners also try the fast path
themselves, so a caller that skips it gets the same answer. Nothing heavy is imported here:
google-genai loads only when `GeminiPlanner` makes its first model call.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from jira_chat.errors import PlanError, UsageError
from jira_chat.planning.actions.get_issue import GetIssue, GetIssueParams
from jira_chat.planning.actions.search_issues import SearchIssues, SearchIssuesParams
from jira_chat.planning.plan import Plan

if TYPE_CHECKING:
    from jira_chat.config import Settings
    from jira_chat.jira_access.records import InstanceMetadata
    from jira_chat.planning.context import SessionContext

# "WEB-12" or "web-12", alone; the key is upper-cased before it reaches Jira.
LONE_KEY_RE = re.compile(r"^\s*([A-Za-z][A-Za-z0-9_]*-[1-9][0-9]*)\s*$")
JQL_PREFIX_RE = re.compile(r"^\s*jql\s*:\s*(?P<query>.*?)\s*$", re.IGNORECASE | re.DOTALL)
# "… limit 100" after a search asks for more rows (the truncation hint suggests it).
TRAILING_LIMIT_RE = re.compile(
    r"^(?P<rest>.*?)[\s,;]+(?:limit|max|top)\s*[:=]?\s*(?P<limit>\d{1,6})\s*$",
    re.IGNORECASE | re.DOTALL,
)
MAX_LIMIT = 1000


@dataclass
class PlanRequest:
    """Everything a planner may use: the words, the conversation and the instance."""

    text: str
    context: SessionContext
    metadata: InstanceMetadata | None  # None when Jira metadata is unavailable
    today: dt.date
    attached: str | None = None  # piped stdin, already size-checked by the CLI
    # Asks the person to pick one of several (the REPL); None in scripts, which then fail
    # listing the candidates. Used for "it" after a list of several issues.
    choose: Callable[[str, Sequence[str]], str | None] | None = None


class Planner(Protocol):
    """Turns a request into a Plan; `name` is "gemini" or "offline"."""

    name: str

    def plan(self, request: PlanRequest) -> Plan: ...

    def repair_jql(self, request: PlanRequest, jql: str, jira_messages: list[str]) -> str:
        """Return corrected JQL after Jira rejected `jql` (one model call at most)."""
        ...


def fast_path(text: str, context: SessionContext) -> Plan | None:
    """Issue key alone → get_issue; "jql: <query>" → search_issues. No model call.

    Returns None for anything else. `context` is accepted for symmetry with the planners;
    the fast path never depends on it, so it behaves the same in `ask` and in the REPL.
    """
    del context  # the fast path is context-free by design
    # Both actions are stdlib dataclasses that check themselves as they are built: a lookup
    # or a search imports no pydantic (start-up is a feature).
    key_match = LONE_KEY_RE.match(text)
    if key_match:
        key = key_match.group(1).upper()
        return Plan(actions=[GetIssue(action="get_issue", parameters=GetIssueParams(key=key))])
    jql_match = JQL_PREFIX_RE.match(text)
    if jql_match:
        query, limit = split_limit(jql_match.group("query"))
        if not query:
            raise UsageError(
                "`jql:` needs a query after it",
                hint="e.g. jql: project = WEB AND statusCategory != Done ORDER BY updated DESC",
            )
        try:
            params = SearchIssuesParams(jql=query, limit=limit)
        except ValueError as exc:
            raise PlanError(
                f"cannot make that request into a valid plan: {exc}",
                hint="limit takes 1 to 1000; the query must be plain visible text",
            ) from None
        return Plan(actions=[SearchIssues(action="search_issues", parameters=params)])
    return None


def split_limit(text: str) -> tuple[str, int | None]:
    """Split "… limit 100" into the text before it and 100 (JQL itself has no LIMIT)."""
    match = TRAILING_LIMIT_RE.match(text)
    if match is None:
        return text, None
    limit = int(match.group("limit"))
    if not 1 <= limit <= MAX_LIMIT:
        raise UsageError(f"limit must be between 1 and {MAX_LIMIT}, not {limit}")
    return match.group("rest").strip(), limit


def make_planner(settings: Settings) -> Planner:
    """GeminiPlanner when a Gemini key is configured, else the deterministic OfflinePlanner."""
    if settings.gemini_api_key:
        from jira_chat.planning.gemini import GeminiPlanner

        return GeminiPlanner(settings)
    from jira_chat.planning.offline import OfflinePlanner

    return OfflinePlanner()


def system_instruction(request: PlanRequest) -> str:
    """The grounded system instruction Gemini receives (exposed for tests and the bench)."""
    from jira_chat.planning.prompt import build_system_instruction

    return build_system_instruction(request)

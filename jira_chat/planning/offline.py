"""The offline planner: requests understood from the instance's own values, no model, no key.

The entity linker (planning/linking) finds what the words name in this Jira (projects,
types, statuses, priorities, people, labels, components, sprints, dates); a small grammar
(planning/grammar) turns them into a plan:
- a request that starts with a write verb is a sequence of write clauses (grammar/writes),
  or, with "all"/"every" before a search phrase, one change to every issue found (grammar/bulk);
- "show <issues>" shows them;
- anything else is a search, whose phrases fill JQL slots (grammar/search) and compose.
What it cannot read fully it refuses, naming the part it did not understand and the
nearest supported form: a half-understood request is never guessed.
"""

from __future__ import annotations

import dataclasses

from jira_chat.errors import PlanError, UsageError
from jira_chat.planning.actions._base import replace_parameters
from jira_chat.planning.base import PlanRequest, fast_path, split_limit
from jira_chat.planning.grammar import bulk, more
from jira_chat.planning.grammar.hints import FORMS, SEARCH_PARTS, nearest_hint, offline_hint
from jira_chat.planning.grammar.search import SearchParser
from jira_chat.planning.grammar.writes import WRITE_STARTS, WriteParser
from jira_chat.planning.linking import Linker, Token, tokenize
from jira_chat.planning.references import is_reference, resolve_in_request
from jira_chat.planning.schema import ACTION_NAMES, Plan, SearchIssues, parse_plan

__all__ = ["OfflinePlanner", "offline_forms_markdown", "offline_help", "offline_hint"]

REFERENCE_WORDS = "it/this, the first…tenth, the 2nd, #3, the last one, those/them/both"
LIMIT_NOTE = "End any search with `limit N` (1–1000) for more rows."
_SHOW_VERBS = frozenset({"show", "open", "view", "display", "get", "see"})


def offline_help() -> str:
    """Multi-line list of the supported forms (for help text and the README)."""
    width = max(len(example) for example, _ in FORMS)
    lines = [f"  {example:<{width}}  {does}" for example, does in FORMS]
    lines.append(f"  A search combines: {SEARCH_PARTS}.")
    lines.append(f"  Instead of a key: {REFERENCE_WORDS}.")
    lines.append(f"  {LIMIT_NOTE}")
    return "\n".join(lines)


def offline_forms_markdown() -> str:
    """The same grammar as a Markdown table, for the README."""
    rows = ["| You type | It does |", "| --- | --- |"]
    rows.extend(f"| `{example}` | {does} |" for example, does in FORMS)
    rows.append(f"\nA search combines {SEARCH_PARTS}.")
    rows.append(f"Instead of a key you can say: {REFERENCE_WORDS}. {LIMIT_NOTE}")
    return "\n".join(rows)


class OfflinePlanner:
    """Deterministic planner over the linked values; anything not understood is a UsageError."""

    name = "offline"

    def plan(self, request: PlanRequest) -> Plan:
        text = request.text.strip()
        quick = fast_path(text, request.context)
        if quick is not None:
            return quick
        rest, limit = split_limit(text)
        if limit is not None:
            try:
                plan = self._plan_text(rest, dataclasses.replace(request, text=rest))
            except UsageError:
                plan = None
            if (
                plan is not None
                and plan.actions
                and all(isinstance(a, SearchIssues) for a in plan.actions)
            ):
                plan.actions = [replace_parameters(a, limit=limit) for a in plan.actions]
                return plan
        return self._plan_text(text, request)

    def _plan_text(self, text: str, request: PlanRequest) -> Plan:
        tokens = tokenize(text)
        if not tokens:
            raise _refusal(text)
        linker = Linker(request.metadata)
        first = _first_word(tokens)
        if first in _SHOW_VERBS:
            shown = self._show(tokens[1:], request)
            if shown is not None:
                return shown
        listing = more.listing_plan(tokens, linker)
        if listing is not None:
            return _validated(listing)
        starts_write = first in WRITE_STARTS or (
            tokens[0].is_key and more.link_between(tokens) is not None
        )
        if starts_write and not _is_search_start(tokens):
            at = bulk.bulk_start(tokens)
            if at is not None:  # "close all open bugs in OPS": one change to a searched set
                bulk_parser = bulk.BulkParser(
                    tokens, at, linker, text=text, today=request.today,
                    default_project=request.context.default_project, choose=request.choose,
                )  # fmt: skip
                return _validated(bulk_parser.parse())
            parser = WriteParser(
                text, tokens, linker, request.context, request.today, request.attached
            )
            parser.choose = request.choose
            return _validated(parser.parse())
        then = _write_after_search(tokens)
        if then is not None:  # "open bugs in WEB and assign WEB-1 to me": a search, then writes
            search = self._search(
                text[: tokens[then - 1].start], tokens[: then - 1], linker, request
            )
            rest = text[tokens[then].start :]
            writes = self._plan_text(rest, dataclasses.replace(request, text=rest))
            return Plan(actions=[*search.actions, *writes.actions])
        return self._search(text, tokens, linker, request)

    def _show(self, rest: list[Token], request: PlanRequest) -> Plan | None:
        words = [t for t in rest if t.low != "me"]
        phrase = " ".join(t.text for t in words)
        if not words or not is_reference(phrase):
            return None
        keys = resolve_in_request(phrase, request.context, None, request.choose)
        if len(keys) == 1:
            return _validated([{"action": "get_issue", "parameters": {"key": keys[0]}}])
        jql = f"key in ({', '.join(keys)}) ORDER BY updated DESC"
        return _validated([{"action": "search_issues", "parameters": {"jql": jql}}])

    def _search(self, text: str, tokens: list[Token], linker: Linker, request: PlanRequest) -> Plan:
        slots = SearchParser(tokens, linker, request.today, request.choose).parse()
        if slots.unknown:
            unknown = " ".join(slots.unknown)
            raise UsageError(
                f"offline mode did not understand {_short(unknown)!r} in {_short(text)!r}",
                hint=nearest_hint(text),
            )
        if not slots.filled and not any(t.low in _NOUNS for t in tokens):
            raise _refusal(text)
        jql = slots.jql(request.context.default_project if not slots.project else None)
        return _validated([{"action": "search_issues", "parameters": {"jql": jql}}])

    def repair_jql(self, request: PlanRequest, jql: str, jira_messages: list[str]) -> str:
        """Without a model there is nobody to repair the query: tell the person why."""
        detail = "; ".join(jira_messages) or "invalid JQL"
        raise UsageError(
            f"Jira rejected the JQL: {detail}",
            hint=f"fix the query ({_short(jql)}), or set GEMINI_API_KEY so jira-chat can repair it",
        )


_NOUNS = frozenset({"issues", "tickets", "items", "work", "everything", "anything"})


def _first_word(tokens: list[Token]) -> str:
    for token in tokens:
        if token.low not in ("please", "now", "also", "ok", "okay"):
            return token.low
    return ""


def _is_search_start(tokens: list[Token]) -> bool:
    """ "open bugs in WEB", "new issues this week", "done issues": searches, not writes."""
    from jira_chat.planning.grammar.creating import is_create

    if is_create(tokens):
        return False
    first = tokens[0].low
    if first == "log" and len(tokens) > 1 and tokens[1].low[:1].isdigit():
        return False  # "log 2h on OPS-3"
    if first in ("open", "new", "closed", "done", "raise", "log", "make"):
        return not (len(tokens) > 1 and (tokens[1].is_key or is_reference(tokens[1].text)))
    return False


_REFERENCE_WORDS = frozenset({"it", "them", "those", "these", "both", "this", "that"})
_SEARCH_WORDS = frozenset({"open", "new", "done", "closed", "due", "make", "raise"})


def _write_after_search(tokens: list[Token]) -> int | None:
    """Where a write clause starts after a search ("… and assign WEB-1 to me"), if it does."""
    for index in range(1, len(tokens) - 1):
        word = tokens[index].low
        joined = tokens[index - 1].low in ("and", "then", ";", ",")
        if joined and word in WRITE_STARTS and word not in _SEARCH_WORDS:
            rest = tokens[index + 1 :]
            if any(t.is_key or t.low in _REFERENCE_WORDS for t in rest):
                return index
    return None


def _validated(actions: list[dict[str, object]]) -> Plan:
    """The plan schema decides: an action it does not know yet is refused by name."""
    try:
        return parse_plan({"actions": actions})
    except PlanError as exc:
        known = set(ACTION_NAMES)
        missing = [str(a.get("action")) for a in actions if a.get("action") not in known]
        if missing:
            raise UsageError(
                f"{missing[0]} is not available in this version of jira-chat",
                hint="use Jira itself for this, or update jira-chat",
            ) from None
        detail = exc.message.removeprefix("invalid plan: ")
        raise PlanError(
            f"cannot make that request into a valid plan: {detail}",
            hint="rephrase it; summaries are one line of at most 255 characters",
        ) from None


def _refusal(text: str) -> UsageError:
    return UsageError(f"offline mode did not understand {_short(text)!r}", hint=offline_hint())


def _short(text: str, limit: int = 60) -> str:
    one_line = " ".join(text.split())
    return one_line if len(one_line) <= limit else one_line[: limit - 1] + "…"

"""The offline planner: a small, documented set of English forms, no model and no key.

It keeps the sandbox demo and quick commands working without Gemini. The forms live in one
table (`OFFLINE_FORMS`); the help text, the "did not understand" hint and the README list
are all generated from it, so they cannot drift apart. Matching is case-insensitive; names
(statuses, people) are passed on as typed and resolved later by the executor.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from jira_chat.errors import AmbiguityError, ResolutionError, UsageError
from jira_chat.jira_access.names import matching_projects
from jira_chat.planning.base import PlanRequest, fast_path, split_limit
from jira_chat.planning.references import is_reference, resolve_reference
from jira_chat.planning.schema import (
    Action,
    AddComment,
    AddCommentParams,
    AssignIssue,
    AssignIssueParams,
    BulkChange,
    BulkChangeParams,
    BulkChangeSpec,
    CreateIssue,
    CreateIssueParams,
    GetIssue,
    GetIssueParams,
    Plan,
    SearchIssues,
    SearchIssuesParams,
    TransitionIssue,
    TransitionIssueParams,
)
from jira_chat.text_utils import one_line

_FLAGS = re.IGNORECASE | re.DOTALL
_END = r"[\s?.!]*"  # trailing punctuation people type after a query
# A project key or name of up to four words, optionally quoted: WEB, web storefront, "Public API".
_PROJECT = (
    r"(?:\s+(?:in|for|on|from)\s+(?:the\s+)?(?:project\s+)?[\"“']?"
    r"(?P<project>[\w-]+(?:\s+[\w-]+){0,3}?)[\"”']?(?:\s+project)?)?"
)

OPEN_ISSUES_ORDER = "ORDER BY updated DESC"
BUGS_ORDER = "ORDER BY priority DESC, updated DESC"

Builder = Callable[[re.Match[str], PlanRequest], list[Action]]


class NotThisForm(Exception):
    """A pattern matched the words but not the meaning (e.g. "show me something")."""


@dataclass(frozen=True)
class OfflineForm:
    """One supported phrasing: how it is shown to people and how it becomes actions."""

    example: str  # what to type, shown in help and hints
    does: str  # what it does, a few words
    pattern: re.Pattern[str]
    build: Builder
    free_text: bool = False  # the form ends in free text (a summary, a comment body)
    in_hint: bool = True  # listed in the one-line "did not understand" hint


# --- builders -------------------------------------------------------------------------------


def _fast(match: re.Match[str], request: PlanRequest) -> list[Action]:
    plan = fast_path(match.string, request.context)
    if plan is None:
        raise NotThisForm
    return list(plan.actions)


def _search(jql: str) -> list[Action]:
    return [SearchIssues(action="search_issues", parameters=SearchIssuesParams(jql=jql))]


def _my_issues(match: re.Match[str], request: PlanRequest) -> list[Action]:
    return _search(f"assignee = currentUser() AND statusCategory != Done {OPEN_ISSUES_ORDER}")


def _open_bugs(match: re.Match[str], request: PlanRequest) -> list[Action]:
    named = match.group("project")
    project = _project_key(named, request) if named else request.context.default_project
    scope = f"project = {_jql_value(project)} AND " if project else ""
    return _search(f"{scope}issuetype = Bug AND statusCategory != Done {BUGS_ORDER}")


def _create(match: re.Match[str], request: PlanRequest) -> list[Action]:
    issue_type = match.group("type").capitalize()
    project = _create_project(match, request)
    summary = _unquote(match.group("summary"))
    if not summary:
        raise UsageError(f"the new {issue_type.lower()} needs a summary after the colon")
    params = CreateIssueParams(project=project, issue_type=issue_type, summary=summary)
    return [CreateIssue(action="create_issue", parameters=params)]


def _create_from_attached(match: re.Match[str], request: PlanRequest) -> list[Action]:
    """ "create a task in WEB from this": the piped text's first line is the summary."""
    issue_type = match.group("type").capitalize()
    project = _create_project(match, request)
    lines = (request.attached or "").strip().splitlines()
    if not lines:
        raise UsageError(
            "nothing was piped in to create the issue from",
            hint='pipe text in, e.g. git log -1 --format=%B | jira-chat ask "create a task in WEB '
            'from this"',
        )
    summary = lines[0].strip()[:250]
    description = "\n".join(lines[1:]).strip() or None
    params = CreateIssueParams(
        project=project, issue_type=issue_type, summary=summary, description=description
    )
    return [CreateIssue(action="create_issue", parameters=params)]


def _move(match: re.Match[str], request: PlanRequest) -> list[Action]:
    status = _status_name(_unquote(match.group("status")), request)
    return _transition_all(_refs(match, request), status)


_VERB_TARGETS = {
    "close": "done",
    "resolve": "done",
    "finish": "done",
    "complete": "done",
    "start": "indeterminate",
    "reopen": "new",
}
_CATEGORY_FALLBACK = {"done": "Done", "indeterminate": "In Progress", "new": "To Do"}


def _close_like(match: re.Match[str], request: PlanRequest) -> list[Action]:
    category = _VERB_TARGETS[match.group("verb").lower()]
    return _transition_all(_refs(match, request), _status_for_category(category, request))


def _assign(match: re.Match[str], request: PlanRequest) -> list[Action]:
    who = _unquote(match.group("who"))
    lowered = who.lower()
    if lowered in {"me", "myself", "i"}:
        who = "me"
    elif lowered in {"nobody", "no one", "noone", "none", "unassigned"}:
        who = "none"
    return _assign_all(_refs(match, request), who)


def _unassign(match: re.Match[str], request: PlanRequest) -> list[Action]:
    return _assign_all(_refs(match, request), "none")


def _comment(match: re.Match[str], request: PlanRequest) -> list[Action]:
    body = match.group("body").strip()
    return [
        AddComment(action="add_comment", parameters=AddCommentParams(key=key, body=body))
        for key in _refs(match, request)
    ]


def _show(match: re.Match[str], request: PlanRequest) -> list[Action]:
    keys = _refs(match, request)
    if len(keys) == 1:
        return [GetIssue(action="get_issue", parameters=GetIssueParams(key=keys[0]))]
    return _search(f"key in ({', '.join(keys)}) ORDER BY updated DESC")


# --- the table ------------------------------------------------------------------------------


def _form(
    example: str,
    does: str,
    pattern: str,
    build: Builder,
    *,
    free_text: bool = False,
    in_hint: bool = True,
) -> OfflineForm:
    return OfflineForm(example, does, re.compile(pattern, _FLAGS), build, free_text, in_hint)


_REF = r"(?P<ref>.+?)"

OFFLINE_FORMS: tuple[OfflineForm, ...] = (
    _form("WEB-12", "show an issue", r"\s*[A-Za-z][A-Za-z0-9_]*-[1-9][0-9]*\s*", _fast),
    _form("jql: <query>", "run a JQL search", r"\s*jql\s*:.*", _fast, free_text=True),
    _form(
        "my open issues",
        "open issues assigned to you",
        r"(?:(?:show|list|find|get)\s+(?:me\s+)?|what\s+are\s+)?(?:all\s+)?my\s+"
        r"(?:open\s+|unresolved\s+|current\s+)?(?:issues|tickets|work)" + _END,
        _my_issues,
    ),
    _form(
        "open bugs in WEB",
        "open bugs, in a project or the default one",
        r"(?:(?:show|list|find|get)\s+(?:me\s+)?|what\s+)?(?:all\s+)?(?:the\s+)?(?:open\s+)?"
        r"bugs(?:\s+are\s+open)?" + _PROJECT + r"(?:\s+are\s+open)?" + _END,
        _open_bugs,
    ),
    _form(
        "create a task in WEB from this",
        "create an issue from piped text (first line = summary)",
        r"(?:create|new|add|file|open|raise|log|make)\s+(?:(?:a|an|new)\s+)*"
        r"(?P<type>bug|task|story)" + _PROJECT + r"\s+(?:from|using|with)\s+"
        r"(?:this|that|it|stdin|the\s+(?:piped|attached)\b)(?:\s+[\w ]*)?" + _END,
        _create_from_attached,
        in_hint=False,
    ),
    _form(
        "create a bug in WEB: Login fails",
        "create a bug, task or story (also: titled …, or a quoted summary)",
        r"(?:create|new|add|file|open|raise|log|make)\s+(?:(?:a|an|new)\s+)*"
        r"(?P<type>bug|task|story)" + _PROJECT + r"(?:\s*:\s*|\s+(?:titled|called|named|"
        r"with\s+(?:the\s+)?(?:summary|title))\s+|\s+(?=[\"“']))(?P<summary>.+)",
        _create,
        free_text=True,
    ),
    _form(
        "move WEB-12 to In Progress",
        "change an issue's status",
        r"(?:move|transition|mark|set\s+the\s+status\s+of|set\s+status\s+of)\s+"
        + _REF
        + r"\s+(?:to|as|into)\s+(?P<status>.+?)"
        + _END,
        _move,
    ),
    _form(
        "close those",
        "close (or start, reopen) issues",
        r"(?P<verb>close|resolve|finish|complete|start|reopen)\s+" + _REF + _END,
        _close_like,
    ),
    _form(
        "assign WEB-12 to me",
        "assign to me, to someone by name, or to nobody",
        r"(?:assign|reassign|give|hand)\s+" + _REF + r"\s+to\s+(?P<who>.+?)" + _END,
        _assign,
    ),
    _form(
        "unassign WEB-12",
        "remove the assignee",
        r"unassign\s+" + _REF + _END,
        _unassign,
        in_hint=False,
    ),
    _form(
        "comment on WEB-12: Deployed to staging",
        "add a comment",
        r"(?:add\s+(?:a\s+)?)?comment(?:\s+on)?\s+(?P<ref>[^:]+?)(?:\s*:\s*|\s+saying\s+)"
        r"(?P<body>.+)",
        _comment,
        free_text=True,
    ),
    _form(
        "show the second one",
        "show an issue from the last list (it, the 2nd, #3, last, those)",
        r"(?:show|open|view|display|get|see)(?:\s+me)?\s+" + _REF + _END,
        _show,
    ),
)

REFERENCE_WORDS = "it/this, the first…tenth, the 2nd, #3, the last one, those/them"
LIMIT_NOTE = "End any search with `limit N` (1–1000) for more rows."


def offline_help() -> str:
    """Multi-line list of the supported forms (for /help, `--help` epilogs and the README)."""
    width = max(len(form.example) for form in OFFLINE_FORMS)
    lines = [f"  {form.example:<{width}}  {form.does}" for form in OFFLINE_FORMS]
    lines.append(f"  Instead of a key: {REFERENCE_WORDS}.")
    lines.append(f"  {LIMIT_NOTE}")
    return "\n".join(lines)


def offline_forms_markdown() -> str:
    """The same list as a Markdown table, for the README."""
    rows = ["| You type | It does |", "| --- | --- |"]
    rows.extend(f"| `{form.example}` | {form.does} |" for form in OFFLINE_FORMS)
    rows.append(f"\nInstead of a key you can say: {REFERENCE_WORDS}. {LIMIT_NOTE}")
    return "\n".join(rows)


def offline_hint() -> str:
    """One line: the forms, compactly, and how to ask anything."""
    examples = " · ".join(form.example for form in OFFLINE_FORMS if form.in_hint)
    return f"try: {examples}; set GEMINI_API_KEY to ask anything"


# --- the planner ----------------------------------------------------------------------------


class OfflinePlanner:
    """Deterministic planner for the documented forms; everything else is a UsageError."""

    name = "offline"

    def plan(self, request: PlanRequest) -> Plan:
        text = request.text.strip()
        limited = self._with_limit(text, request)
        if limited is not None:
            return limited
        return self._plan_text(text, request)

    def _with_limit(self, text: str, request: PlanRequest) -> Plan | None:
        """ "my open issues limit 100": a search form plus a row limit, or None."""
        rest, limit = split_limit(text)
        if limit is None or rest.lower().startswith("jql"):
            return None  # no limit, or `jql:` (the fast path reads its own limit)
        try:
            plan = self._plan_text(rest, dataclasses.replace(request, text=rest))
        except UsageError:
            return None
        searches = [a for a in plan.actions if isinstance(a, SearchIssues)]
        if not searches or len(searches) != len(plan.actions):
            return None  # the number belonged to free text, e.g. a summary
        for search in searches:
            search.parameters.limit = limit
        return plan

    def _plan_text(self, text: str, request: PlanRequest) -> Plan:
        whole = _match_one(text, request)
        if whole is not None and whole[1].free_text:
            return Plan(actions=whole[0])
        clauses = _split_clauses(text)
        if len(clauses) > 1:
            chained = _plan_clauses(clauses, request)
            if chained is not None:
                return Plan(actions=chained)
        if whole is not None:
            return Plan(actions=whole[0])
        raise UsageError(
            f"offline mode did not understand {one_line(text, 60)!r}", hint=offline_hint()
        )

    def repair_jql(self, request: PlanRequest, jql: str, jira_messages: list[str]) -> str:
        """Without a model there is nobody to repair the query: tell the person why."""
        detail = "; ".join(jira_messages) or "invalid JQL"
        raise UsageError(
            f"Jira rejected the JQL: {detail}",
            hint=f"fix the query ({one_line(jql, 60)}), or set GEMINI_API_KEY so jira-chat can repair it",
        )


def _match_one(text: str, request: PlanRequest) -> tuple[list[Action], OfflineForm] | None:
    """The first form whose pattern and meaning both fit, with its actions."""
    for form in OFFLINE_FORMS:
        match = form.pattern.fullmatch(text)
        if match is None:
            continue
        try:
            return form.build(match, request), form
        except NotThisForm:
            continue
    return None


_CLAUSE_SPLIT_RE = re.compile(r"\s*;\s*|\s*,?\s+(?:and\s+then|then|and)\s+", re.IGNORECASE)


def _split_clauses(text: str) -> list[str]:
    return [part for part in _CLAUSE_SPLIT_RE.split(text) if part.strip()]


def _plan_clauses(clauses: Sequence[str], request: PlanRequest) -> list[Action] | None:
    """Plan "move WEB-12 to done and assign it to me" clause by clause, or None.

    "it" in a later clause means the issue the previous clause acted on.
    """
    actions: list[Action] = []
    current = request
    for clause in clauses:
        try:
            found = _match_one(clause, current)
        except UsageError:
            return None
        if found is None:
            return None
        actions.extend(found[0])
        keys = [key for action in found[0] if (key := getattr(action.parameters, "key", None))]
        if len(keys) == 1:
            context = dataclasses.replace(current.context, last_issue=keys[0])
            current = dataclasses.replace(current, context=context)
    return actions


# --- helpers --------------------------------------------------------------------------------


def _refs(match: re.Match[str], request: PlanRequest) -> list[str]:
    phrase = match.group("ref")
    if not is_reference(phrase):
        raise NotThisForm
    return resolve_reference(phrase, request.context)


def _bulk(keys: list[str], change: str, parameters: dict[str, str]) -> list[Action]:
    """Several issues ("close those"): one bulk_change, previewed as one table."""
    params = BulkChangeParams(
        keys=keys, change=BulkChangeSpec(action=change, parameters=parameters)
    )
    return [BulkChange(action="bulk_change", parameters=params)]


def _transition_all(keys: list[str], status: str) -> list[Action]:
    if len(keys) > 1:
        return _bulk(keys, "transition_issue", {"status": status})
    return [
        TransitionIssue(
            action="transition_issue", parameters=TransitionIssueParams(key=key, status=status)
        )
        for key in keys
    ]


def _assign_all(keys: list[str], who: str) -> list[Action]:
    if len(keys) > 1:
        return _bulk(keys, "assign_issue", {"assignee": who})
    return [
        AssignIssue(action="assign_issue", parameters=AssignIssueParams(key=key, assignee=who))
        for key in keys
    ]


def _create_project(match: re.Match[str], request: PlanRequest) -> str:
    named = match.group("project")
    if named:
        return _project_key(named, request, for_search=False)
    if request.context.default_project:
        return request.context.default_project
    raise UsageError(
        "which project? say e.g. 'create a bug in WEB: Login fails'",
        hint="or set a default project: --project KEY, JIRA_DEFAULT_PROJECT, or /project KEY",
    )


def _project_key(named: str, request: PlanRequest, *, for_search: bool = True) -> str:
    """A project key from what was typed: a key, the project's name, or a word of its name.

    Never a guess: for a search, a name that fits several projects (or none) is an error
    listing them; for a create, it is passed on as typed and the executor resolves it (and
    asks which one, in the REPL). Several words that name no project are not a project at
    all ("open bugs in WEB and …" is two requests), so that form does not apply.
    """
    typed = " ".join(named.split())
    several_words = " " in typed
    if request.metadata is None:
        return typed if several_words else typed.upper()
    projects = request.metadata.projects
    found = matching_projects(projects, typed)
    if len(found) == 1:
        return found[0].key
    if not for_search:
        return typed
    if not found and several_words:
        raise NotThisForm
    listing = [f"{p.key} ({p.name})" for p in (found or projects)]
    if found:
        raise AmbiguityError(
            f"'{typed}' matches more than one project: {'; '.join(listing)}",
            choices=[p.key for p in found],
            hint=f"use the project key, e.g. 'open bugs in {found[0].key}'",
        )
    raise ResolutionError(
        f"no project '{typed}' in this Jira; projects: {', '.join(listing)}",
        choices=[p.key for p in projects],
        hint="name a project by its key or its name",
    )


def _status_name(typed: str, request: PlanRequest) -> str:
    """The instance's spelling of a status when it matches exactly (ignoring case)."""
    if request.metadata is not None:
        for status in request.metadata.statuses:
            if status.name.lower() == typed.lower():
                return status.name
    return typed


def _status_for_category(category: str, request: PlanRequest) -> str:
    fallback = _CATEGORY_FALLBACK[category]
    if request.metadata is None:
        return fallback
    in_category = [s.name for s in request.metadata.statuses if s.category == category]
    if fallback in in_category or not in_category:
        return fallback
    return in_category[0]


def _jql_value(value: str) -> str:
    if re.fullmatch(r"[A-Za-z0-9_]+", value):
        return value
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


_QUOTES = "\"'“”‘’"


def _unquote(text: str) -> str:
    return text.strip().strip(_QUOTES).strip()

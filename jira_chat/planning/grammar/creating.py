"""Creating an issue: "create a bug in API: refunds time out, high priority".

verb [a|an|new] TYPE [in PROJECT] then the summary: after a colon, after "titled" (or
called, named, with summary), or quoted. Trailing comma-separated parts that are fields
(a priority, "assigned to X", "label x", "due Friday") are taken off the summary and set;
any other trailing text stays in the summary, since it is the person's words. After a
quoted summary, the rest must be such fields, or the request is refused.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from jira_chat.errors import UsageError
from jira_chat.planning.grammar.values import (
    day_named,
    labels_named,
    person_named,
    priority_named,
    text_of,
    unquote,
)
from jira_chat.planning.linking import Token

if TYPE_CHECKING:
    from jira_chat.planning.grammar.writes import WriteParser

CREATE_VERBS = frozenset({"create", "new", "add", "file", "open", "raise", "log", "make", "report"})
_ARTICLES = frozenset({"a", "an", "new", "another"})
_TITLE_WORDS = (("titled",), ("called",), ("named",), ("with", "summary"), ("with", "the", "summary"),
                ("with", "title"), ("with", "the", "title"), ("summary",))  # fmt: skip
_FROM_ATTACHED = frozenset({"this", "that", "it", "stdin", "the"})


def _type_at(tokens: list[Token]) -> int | None:
    index = 1
    while index < len(tokens) and tokens[index].low in _ARTICLES:
        index += 1
    return index if index < len(tokens) else None


def is_create(tokens: list[Token]) -> bool:
    """A create verb, a type word, and a summary marker (so "open bugs in WEB" is a search)."""
    if not tokens or tokens[0].low not in CREATE_VERBS:
        return False
    at = _type_at(tokens)
    if at is None or tokens[at].low.rstrip("s") not in _TYPE_WORDS:
        return False
    rest = [t.low for t in tokens[at + 1 :]]
    return (
        ":" in rest
        or any(_quoted_summary(tokens, i) for i in range(at + 1, len(tokens)))
        or any(tuple(rest[i : i + len(w)]) == w for w in _TITLE_WORDS for i in range(len(rest)))
        or _from_attached_at(tokens[at + 1 :]) is not None
    )


def _quoted_summary(tokens: list[Token], index: int) -> bool:
    """A quoted summary, not a quoted project name ('in "Public API"')."""
    before = tokens[index - 1].low if index else ""
    return tokens[index].quoted and before not in ("in", "for", "on", "to", "project", "into")


_TYPE_WORDS = frozenset({"bug", "task", "story", "storie", "epic", "sub-task", "subtask", "issue"})


def _from_attached_at(tokens: list[Token]) -> int | None:
    words = [t.low for t in tokens]
    for i, word in enumerate(words):
        if word in ("from", "using") and i + 1 < len(words) and words[i + 1] in _FROM_ATTACHED:
            return i
    return None


def create_action(tokens: list[Token], parser: WriteParser) -> dict[str, Any]:
    at = _type_at(tokens)
    assert at is not None
    issue_type = _issue_type(tokens[at].text, parser)
    rest = tokens[at + 1 :]
    attached_at = _from_attached_at(rest)
    marker = _marker(rest)
    if attached_at is not None and (marker is None or attached_at < marker[0]):
        project = _project(rest[:attached_at], parser)
        return _from_attached(project, issue_type, parser)
    if marker is None:
        raise UsageError(
            "the new issue needs a summary", hint="e.g. create a bug in WEB: Login fails"
        )
    index, size = marker
    project = _project(rest[:index], parser)
    params: dict[str, Any] = {"project": project, "issue_type": issue_type}
    after = rest[index + size :]
    if after and after[0].quoted:
        params["summary"] = after[0].text
        _fields(after[1:], params, parser, strict=True)
    else:
        start = rest[index + size - 1].end if size else after[0].start if after else None
        text = parser.text[start:] if start is not None else ""
        params["summary"] = _summary_with_fields(text, params, parser)
    if not params["summary"]:
        raise UsageError(f"the new {issue_type.lower()} needs a summary after the colon")
    return {"action": "create_issue", "parameters": params}


def _marker(tokens: list[Token]) -> tuple[int, int] | None:
    """Where the summary starts: (index of the marker, how many tokens it has)."""
    words = [t.low for t in tokens]
    for i, token in enumerate(tokens):
        if token.text == ":":
            return i, 1
        for phrase in _TITLE_WORDS:
            if tuple(words[i : i + len(phrase)]) == phrase:
                return i, len(phrase)
        if _quoted_summary(tokens, i):
            return i, 0
    return None


def _issue_type(word: str, parser: WriteParser) -> str:
    found = parser.linker.lookup(word, ("issue_type",))
    if len(found) == 1:
        return found[0].value
    return "Task" if word.lower() == "issue" else word.capitalize()


def _project(tokens: list[Token], parser: WriteParser) -> str:
    words = [t for t in tokens if t.low not in ("in", "for", "on", "to", "the", "project", "into")]
    named = text_of(words)
    if not named:
        if parser.context.default_project:
            return str(parser.context.default_project)
        raise UsageError(
            "which project? say e.g. 'create a bug in WEB: Login fails'",
            hint="or set a default project: --project KEY, JIRA_DEFAULT_PROJECT, or /project KEY",
        )
    found = {r.value for r in parser.linker.lookup(unquote(named), ("project",))}
    if len(found) == 1:
        return found.pop()
    return unquote(named) if parser.linker.metadata is not None or " " in named else named.upper()


def _from_attached(project: str, issue_type: str, parser: WriteParser) -> dict[str, Any]:
    lines = (parser.attached or "").strip().splitlines()
    if not lines:
        raise UsageError(
            "nothing was piped in to create the issue from",
            hint='pipe text in, e.g. git log -1 --format=%B | jira-chat ask "create a task in WEB '
            'from this"',
        )
    params: dict[str, Any] = {"project": project, "issue_type": issue_type,
                              "summary": lines[0].strip()[:250]}  # fmt: skip
    description = "\n".join(lines[1:]).strip()
    if description:
        params["description"] = description
    return {"action": "create_issue", "parameters": params}


def _summary_with_fields(text: str, params: dict[str, Any], parser: WriteParser) -> str:
    from jira_chat.planning.linking import tokenize

    parts = text.split(",")
    while len(parts) > 1:
        tail = tokenize(parts[-1])
        trial = dict(params)
        try:
            _fields(tail, trial, parser, strict=True)
        except UsageError:
            break
        if trial == params:
            break
        params.update(trial)
        parts.pop()
    return unquote(",".join(parts))


_ACTIVE = (["current", "sprint"], ["active", "sprint"], ["this", "sprint"])


def _sprint_of(group: list[Token], parser: WriteParser) -> str | None:
    words = [t.low for t in group if t.low not in ("in", "the", "to", "into")]
    if words in _ACTIVE:
        return "active"
    if words[:1] == ["sprint"]:
        words = words[1:]
    found = {r.value for r in parser.linker.lookup(" ".join(words), ("sprint",))}
    return found.pop() if len(found) == 1 else None


def sprint_named(group: list[Token], parser: WriteParser) -> str:
    """ "in the current sprint" → active; "sprint WEB Sprint 3" / "in WEB Sprint 3" → its name."""
    name = _sprint_of(group, parser)
    if name is None:
        raise UsageError(
            f"'{text_of(group)}' is not a sprint jira-chat knows",
            hint="say 'the current sprint' or a sprint's name, e.g. 'sprint WEB Sprint 3'",
        )
    return name


def _fields(
    tokens: list[Token], params: dict[str, Any], parser: WriteParser, *, strict: bool
) -> None:
    """ "and priority Medium", "high priority", "assigned to me", "label customer", "due Friday"."""
    groups: list[list[Token]] = [[]]
    for token in tokens:
        if token.low in ("and", ",", "with"):
            if groups[-1]:
                groups.append([])
            continue
        groups[-1].append(token)
    for group in (g for g in groups if g):
        words = [t.low for t in group]
        if "priority" in words:
            value = [t for t in group if t.low not in ("priority", "is", "of")]
            params["priority"] = priority_named(text_of(value), parser.linker)
        elif words[:2] in (["assigned", "to"], ["assign", "to"]) or words[:1] == ["assignee"]:
            who = group[2:] if words[0] != "assignee" else group[1:]
            params["assignee"] = person_named(text_of(who), parser.linker)
        elif words[0] in ("label", "labels", "labelled", "labeled", "tagged", "tag"):
            params["labels"] = [*params.get("labels", []), *labels_named(group[1:])]
        elif "sprint" in words or (words[:1] == ["in"] and _sprint_of(group, parser)):
            params["sprint"] = sprint_named(group, parser)
        elif words[0] in ("under", "parent", "epic") or words[:2] == ["in", "epic"]:
            keys = [t.text.upper() for t in group if t.is_key]
            if len(keys) != 1:
                raise UsageError(
                    f"offline mode did not understand {text_of(group)!r} in the new issue"
                )
            params["parent"] = keys[0]
        elif words[0] == "due":
            day_named(group[1:], parser.today)  # a readable day, but create has no due date
            raise UsageError("a due date is set after the issue exists: 'due date of KEY to …'")
        elif strict:
            raise UsageError(f"offline mode did not understand {text_of(group)!r} in the new issue")

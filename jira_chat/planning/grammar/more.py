"""Links, worklogs, watchers, deletion, boards and sprints: the newer actions' clauses.

link WEB-1 to WEB-2 [as blocks]    WEB-1 blocks|duplicates|relates to WEB-2
unlink WEB-1 from WEB-2            log 2h [of work] on OPS-3[: comment]
watch WEB-5 | stop watching WEB-5 | unwatch WEB-5     delete WEB-9 [and its subtasks]
sprints [in WEB] | boards [in WEB]
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from jira_chat.planning.grammar.values import person_named, text_of
from jira_chat.planning.linking import Token

if TYPE_CHECKING:
    from jira_chat.planning.grammar.writes import WriteParser

LINK_WORDS = {
    ("blocks",): "blocks",
    ("is", "blocked", "by"): "is blocked by",
    ("duplicates",): "duplicates",
    ("is", "duplicated", "by"): "is duplicated by",
    ("relates", "to"): "relates to",
    ("is", "related", "to"): "relates to",
}
_DURATION_RE = re.compile(r"^\d+(?:\.\d+)?[wdhm]$", re.IGNORECASE)
_DURATION_WORDS = {"hour": "h", "hours": "h", "minute": "m", "minutes": "m", "min": "m",
                   "mins": "m", "day": "d", "days": "d"}  # fmt: skip


def _action(name: str, **parameters: Any) -> dict[str, Any]:
    return {"action": name, "parameters": {k: v for k, v in parameters.items() if v is not None}}


def link_between(tokens: list[Token]) -> tuple[int, int] | None:
    """ "WEB-1 blocks WEB-2": where the link words start and how many there are."""
    words = [t.low for t in tokens]
    for index in range(1, len(words)):
        for phrase in LINK_WORDS:
            if tuple(words[index : index + len(phrase)]) == phrase:
                return index, len(phrase)
    return None


def link_clause(tokens: list[Token], parser: WriteParser) -> list[dict[str, Any]]:
    words = [t.low for t in tokens]
    if words[0] == "link":
        cut = words.index("to") if "to" in words else words.index("with")
        keys, rest = tokens[1:cut], tokens[cut + 1 :]
        kind = "relates to"
        if "as" in [t.low for t in rest]:
            at = [t.low for t in rest].index("as")
            kind = text_of(rest[at + 1 :]) or kind
            rest = rest[:at]
        (key,) = parser.refs(keys)
        (other,) = parser.refs(rest)
        return [_action("link_issues", key=key, other=other, type=kind)]
    found = link_between(tokens)
    assert found is not None
    at, size = found
    (key,) = parser.refs(tokens[:at])
    (other,) = parser.refs(tokens[at + size :])
    return [
        _action("link_issues", key=key, other=other, type=LINK_WORDS[tuple(words[at : at + size])])
    ]


def unlink_clause(tokens: list[Token], parser: WriteParser) -> list[dict[str, Any]]:
    words = [t.low for t in tokens]
    cut = words.index("from") if "from" in words else words.index("and")
    (key,) = parser.refs(tokens[1:cut])
    (other,) = parser.refs(tokens[cut + 1 :])
    return [_action("unlink_issues", key=key, other=other)]


def worklog_clause(tokens: list[Token], parser: WriteParser) -> list[dict[str, Any]]:
    """ "log 2h on OPS-3", "log 90 minutes of work on OPS-3: pairing"."""
    words = [t.low for t in tokens]
    on = words.index("on") if "on" in words else words.index("to")
    amount = [w for w in words[1:on] if w not in ("of", "work", "spent")]
    time_spent = _duration(amount)
    rest = tokens[on + 1 :]
    comment = None
    colon = next((i for i, t in enumerate(rest) if t.text == ":"), None)
    if colon is not None:
        comment = parser.text[rest[colon].end :].strip() or None
        rest = rest[:colon]
    keys = parser.refs(rest)
    return [_action("add_worklog", key=k, time_spent=time_spent, comment=comment) for k in keys]


def _duration(words: list[str]) -> str:
    from jira_chat.errors import UsageError

    parts: list[str] = []
    index = 0
    while index < len(words):
        word = words[index]
        if _DURATION_RE.match(word):
            parts.append(word)
        elif (
            word.replace(".", "").isdigit()
            and index + 1 < len(words)
            and words[index + 1] in _DURATION_WORDS
        ):
            parts.append(word + _DURATION_WORDS[words[index + 1]])
            index += 1
        else:
            raise UsageError(
                f"'{' '.join(words)}' is not a time spent", hint="e.g. log 2h on OPS-3"
            )
        index += 1
    if not parts:
        raise UsageError("how much time? e.g. log 2h on OPS-3")
    return " ".join(parts)


def watch_clause(tokens: list[Token], parser: WriteParser, *, stop: bool) -> list[dict[str, Any]]:
    words = [t.low for t in tokens]
    start = 2 if words[:2] == ["stop", "watching"] else 1
    rest = tokens[start:]
    user = None
    rest_words = [t.low for t in rest]
    if "for" in rest_words:  # "watch WEB-5 for alice"
        at = rest_words.index("for")
        user = person_named(text_of(rest[at + 1 :]), parser.linker)
        rest = rest[:at]
    name = "unwatch_issue" if stop else "watch_issue"
    return [_action(name, key=k, user=user) for k in parser.refs(rest)]


def delete_clause(tokens: list[Token], parser: WriteParser) -> list[dict[str, Any]]:
    words = [t.low for t in tokens]
    subtasks = None
    rest = tokens[1:]
    if "subtasks" in words or "sub-tasks" in words:
        subtasks = True
        cut = next(i for i, w in enumerate(words) if w in ("and", "with", "including"))
        rest = tokens[1:cut]
    return [_action("delete_issue", key=k, delete_subtasks=subtasks) for k in parser.refs(rest)]


def listing_plan(tokens: list[Token], parser: Any) -> list[dict[str, Any]] | None:
    """ "sprints in WEB", "list the boards", "show sprints of the web project"."""
    words = [t.low for t in tokens if t.low not in ("list", "show", "me", "the", "all", "get")]
    if not words or words[0] not in ("sprints", "boards"):
        return None
    name = "list_sprints" if words[0] == "sprints" else "list_boards"
    rest = [w for w in words[1:] if w not in ("in", "of", "for", "project")]
    if not rest:
        return [_action(name)]
    found = {r.value for r in parser.lookup(" ".join(rest), ("project",))}
    if len(found) != 1:
        return None
    return [_action(name, project=found.pop())]

"""Values inside write clauses: a status, a priority, a person, a label list, a date.

Each comes from the linker (the instance's own spelling) or, when the instance has no such
value, is refused naming the valid ones; people not in the bounded cache are passed on as
typed, and the executor looks them up in Jira. Nothing is guessed: an ambiguous person or
status is an AmbiguityError listing the candidates.
"""

from __future__ import annotations

import datetime as dt

from jira_chat.errors import AmbiguityError, UsageError
from jira_chat.planning.linking import Linker, Token, parse_date_phrase

ME_WORDS = frozenset({"me", "myself", "i"})
NOBODY_WORDS = frozenset({"nobody", "no one", "noone", "none", "unassigned", "no-one"})
_DONE_SYNONYMS = frozenset({"closed", "complete", "completed", "finished", "resolved", "fixed"})
_CATEGORY_FALLBACK = {"done": "Done", "indeterminate": "In Progress", "new": "To Do"}

_QUOTES = "\"'“”‘’"


def text_of(tokens: list[Token]) -> str:
    return " ".join(t.text for t in tokens).strip()


def unquote(text: str) -> str:
    return text.strip().strip(_QUOTES).strip()


def status_for_category(category: str, linker: Linker) -> str:
    fallback = _CATEGORY_FALLBACK[category]
    metadata = linker.metadata
    if metadata is None:
        return fallback
    names = [s.name for s in metadata.statuses if s.category == category]
    return fallback if fallback in names or not names else names[0]


def status_named(typed: str, linker: Linker) -> str:
    """A target status from "done", "in progress", "progress", "review"; else UsageError."""
    words = unquote(typed).lower()
    if linker.metadata is None or not words:
        return unquote(typed)  # nothing to check against (or nothing said): the schema decides
    if words in _DONE_SYNONYMS:
        return status_for_category("done", linker)
    found = linker.lookup(words, ("status",))
    names = list(dict.fromkeys(r.value for r in found))
    if len(names) == 1:
        return names[0]
    if names:
        raise AmbiguityError(
            f"'{typed}' could be the status {' or '.join(names)}",
            choices=names,
            hint=f"name the status exactly, e.g. 'move WEB-12 to {names[0]}'",
        )
    # Not a status here: passed on as typed; the executor lists the transitions there are.
    return unquote(typed)


def priority_named(typed: str, linker: Linker) -> str:
    if linker.metadata is None:
        return unquote(typed).capitalize()
    found = list(dict.fromkeys(r.value for r in linker.lookup(unquote(typed), ("priority",))))
    if len(found) == 1:
        return found[0]
    valid = ", ".join(linker.metadata.priorities)
    raise UsageError(f"'{typed}' is not a priority in this Jira", hint=f"priorities: {valid}")


def person_named(typed: str, linker: Linker) -> str:
    """'me', 'none', a cached user's display name, or the words as typed (Jira looks them up)."""
    words = " ".join(unquote(typed).lower().split())
    if words in ME_WORDS:
        return "me"
    if words in NOBODY_WORDS:
        return "none"
    found = linker.exact(words, ("user",))
    names = list(dict.fromkeys(r.value for r in found))
    if len(names) == 1:
        return names[0]
    # Several people (or none in the bounded cache): the executor asks Jira and, in the REPL,
    # asks which one; in a script it fails listing them. Never picked here.
    return unquote(typed)


def labels_named(tokens: list[Token]) -> list[str]:
    """ "security", "security and payments", "a, b" → the label names, as typed."""
    labels = [t.text for t in tokens if t.low not in ("and", ",", "&", "labels", "label", "the")]
    if not labels or any(" " in label for label in labels):
        raise UsageError("a label is one word, e.g. 'add label security to API-2'")
    return labels


def day_named(tokens: list[Token], today: dt.date) -> dt.date:
    words = [t.low for t in tokens]
    found = parse_date_phrase(words, today)
    if found is None or found[0] != len(words) or found[1].day is None:
        raise UsageError(
            f"'{text_of(tokens)}' is not a day I can read",
            hint="say e.g. Friday, tomorrow, next Monday or 2026-12-04",
        )
    return found[1].day

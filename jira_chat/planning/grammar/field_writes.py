"""Custom fields and attachments: the offline forms.

set [the] story points of WEB-3 to 5     change the team of WEB-3 and WEB-4 to Payments
attach ./error.log to WEB-3              attach "my notes.txt" to it

The field's words are passed on as typed: the executor resolves them against Jira's field
list and, for a name it does not know, lists the closest ones.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from jira_chat.errors import UsageError
from jira_chat.planning.grammar.values import text_of, unquote
from jira_chat.planning.linking import Token

if TYPE_CHECKING:
    from jira_chat.planning.grammar.writes import WriteParser

SET_VERBS = frozenset({"set", "change"})
# Words that name a field with its own parameter or form ("set the priority of WEB-4 to
# high", "set the due date of WEB-3 to Friday"): never read as a custom field.
_OWN_FORMS = frozenset({
    "status", "priority", "due", "date", "duedate", "summary", "title", "name", "parent",
    "epic", "assignee", "label", "labels", "description", "sprint", "component", "components",
    "version", "versions", "fix", "type",
})  # fmt: skip
_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?$")


def _field_words(words: list[str]) -> tuple[int, int] | None:
    """ "set [the] <field> of|for|on <refs> to <value>": where the field's words end and
    where "to" is, or None when the request has another form."""
    if len(words) < 5 or words[0] not in SET_VERBS:
        return None
    start = 2 if words[1] == "the" else 1
    cut = next((i for i, w in enumerate(words) if w in ("of", "for", "on") and i > start), None)
    if cut is None or "to" not in words[cut + 1 :]:
        return None
    if any(w in _OWN_FORMS for w in words[start:cut]):
        return None
    return cut, words.index("to", cut + 1)


def is_field_clause(words: list[str]) -> bool:
    return _field_words(words) is not None


def field_clause(tokens: list[Token], parser: WriteParser) -> list[dict[str, Any]]:
    words = [t.low for t in tokens]
    found = _field_words(words)
    assert found is not None
    cut, to = found
    start = 2 if words[1] == "the" else 1
    name = text_of(tokens[start:cut])
    raw = unquote(parser.text[tokens[to].end :])
    if not raw:
        raise UsageError(f"set {name} to what?", hint=f"e.g. set {name} of WEB-3 to 5")
    value: Any = raw
    if _NUMBER.match(raw):
        value = float(raw) if "." in raw else int(raw)
    elif raw.lower() in ("nothing", "none", "empty"):
        value = None
    keys = parser.refs(tokens[cut + 1 : to])
    return [
        {"action": "update_issue", "parameters": {"key": key, "fields": {name: value}}}
        for key in keys
    ]


def attach_clause(tokens: list[Token], parser: WriteParser) -> list[dict[str, Any]]:
    """ "attach ./error.log to WEB-3": the path is the text between the verb and the last
    "to", as typed (quotes removed), so dots, slashes and spaces survive."""
    words = [t.low for t in tokens]
    if "to" not in words[2:]:
        raise UsageError("attach what to which issue?", hint="e.g. attach ./error.log to WEB-3")
    to = len(words) - 1 - words[::-1].index("to")
    path = unquote(parser.text[tokens[0].end : tokens[to].start])
    for filler in ("the file ", "file "):
        if path.lower().startswith(filler):
            path = unquote(path[len(filler) :])
    if not path:
        raise UsageError("attach which file?", hint="e.g. attach ./error.log to WEB-3")
    keys = parser.refs(tokens[to + 1 :])
    return [{"action": "attach_file", "parameters": {"key": key, "path": path}} for key in keys]

"""Search phrases on versions and custom fields, as slots of the search grammar.

Versions: "fixed in 2.0", "for version 2.0", "fix version 2.0", "fixVersion = 2.0", "release
2.0", or a bare version the instance has ("tickets in 2.0") fill `fixVersion`; "affects 1.0",
"affects version 1.0", "found in 1.0" fill `affectedVersion`. A version the bounded cache does
not hold is taken as typed only after an explicit version word and only when it looks like
one (digits and dots, or quoted): Jira then says whether it exists.

Custom fields, by the display name the instance gives them (the linker knows them), in JQL by
that name: "story points over 3" → `"Story Points" > 3`, "at least 5 story points" → `>= 5`,
"team Payments" / "the Payments team" → `Team = "Payments"`, "with story points" → `is not
EMPTY`, "without a team" → `is EMPTY`. Sprint and epic fields have their own phrases.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from jira_chat.planning.grammar.search_words import (
    DATE_FIELDS,
    DONE_WORDS,
    FILLER,
    IN_PROGRESS,
    ME,
    NOBODY,
    OPEN,
)
from jira_chat.planning.linking import jql_quote

if TYPE_CHECKING:
    from jira_chat.planning.grammar.search import SearchParser

_FIX_LEADS = (
    ("fixed", "in"), ("fixed", "for"), ("fix", "version"), ("fix", "versions"), ("fixversion",),
    ("fixversions",), ("version",), ("versions",), ("release",), ("targeted", "for"),
    ("targeted", "at"), ("planned", "for"), ("scheduled", "for"), ("shipped", "in"),
    ("released", "in"),
)  # fmt: skip
_AFFECTS_LEADS = (
    ("affects", "version"), ("affects", "versions"), ("affected", "version"),
    ("affected", "versions"), ("affectsversion",), ("affectedversion",), ("affects",),
    ("affecting",), ("found", "in"), ("broken", "in"), ("introduced", "in"),
)  # fmt: skip
_LEADS = frozenset({"with", "in", "for", "of", "has", "have", "where", "whose", "that"})
_ARTICLES = frozenset({"a", "an", "the"})
_EQUALS = frozenset({"of", "=", "is", "as", ":"})
_VERSION_LIKE = re.compile(r"^v?\d+(?:\.\d+)+[\w.-]*$", re.IGNORECASE)
# Custom fields that other phrases already handle (or that no one searches by value).
_HANDLED_ELSEWHERE = frozenset({"sprint", "epic link", "epic name", "rank", "parent link"})
_COMPARISONS: tuple[tuple[str, tuple[tuple[str, ...], ...]], ...] = (
    (">=", (("at", "least"), (">=",), ("no", "less", "than"), ("not", "less", "than"))),
    ("<=", (("at", "most"), ("<=",), ("no", "more", "than"), ("not", "more", "than"))),
    ("!=", (("!=",), ("is", "not"), ("not",))),
    (">", (("over",), ("above",), ("more", "than"), ("greater", "than"), ("higher", "than"),
           ("bigger", "than"), ("larger", "than"), (">",))),
    ("<", (("under",), ("below",), ("less", "than"), ("fewer", "than"), ("lower", "than"),
           ("smaller", "than"), ("<",))),
    ("=", (("=",), ("equal", "to"), ("equals",), ("is",), ("of",), (":",))),
)  # fmt: skip
_OR_MORE = {("or", "more"): ">=", ("or", "above"): ">=", ("or", "higher"): ">=",
            ("or", "less"): "<=", ("or", "fewer"): "<=", ("or", "below"): "<="}  # fmt: skip
_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?$")
# Words with a meaning of their own in a search: never a custom field's value.
_RESERVED = (
    FILLER | DONE_WORDS | frozenset(DATE_FIELDS) | ME | NOBODY
    | {word for phrase in OPEN + IN_PROGRESS for word in phrase}
    | {"and", "or", "not", "no", "without", "my", "unassigned", "overdue", "late"}
)  # fmt: skip


def version(parser: SearchParser) -> bool:
    """ "fixed in 2.0", "affects version 1.0", "with a fix version of 2.0"."""
    words, start = parser.words, parser.pos
    index = start
    if words[index] in _LEADS and index + 1 < len(words):
        index += 1
        if words[index] in _ARTICLES and index + 1 < len(words):
            index += 1
    for leads, target in ((_AFFECTS_LEADS, "affected"), (_FIX_LEADS, "fix")):
        used = _phrase_at(words, index, leads)
        if not used:
            continue
        at = index + used
        if at < len(words) and words[at] in ("version", "release") and used > 0:
            at += 1  # "targeted for version 2.0"
        if at < len(words) and words[at] in _EQUALS:
            at += 1
        value = _version_at(parser, at)
        if value is None:
            return False
        jql, size = value
        (
            parser.slots.affected_version if target == "affected" else parser.slots.fix_version
        ).append(jql)
        return parser.fill(at + size - start)
    return False


def _version_at(parser: SearchParser, index: int) -> tuple[str, int] | None:
    if index >= len(parser.tokens):
        return None
    span = parser.linker.span_at(parser.tokens, index, kinds=("version",))
    if span is not None:
        return span.readings[0].jql, span.end - index
    token = parser.tokens[index]
    typed = token.text.rstrip(".")
    if token.quoted or _VERSION_LIKE.match(typed):
        return _quoted(typed), 1
    return None


def custom_field(parser: SearchParser) -> bool:
    """A custom field with a comparison or a value, in either order, or its presence."""
    return _value_first(parser) or _field_first(parser)


def _field_first(parser: SearchParser) -> bool:
    """ "story points over 3", "with story points", "team Payments", "without a team"."""
    words, start = parser.words, parser.pos
    index, absent, present = start, False, False
    if words[index] in ("without", "no") and index + 1 < len(words):
        absent, index = True, index + 1
    elif words[index] in _LEADS and index + 1 < len(words):
        present, index = words[index] in ("with", "has", "have"), index + 1
    if index < len(words) and words[index] in _ARTICLES and index + 1 < len(words):
        index += 1
    found = _field_at(parser, index)
    if found is None:
        return False
    name, at = found
    if absent:
        parser.slots.custom.append(f"{name} is EMPTY")
        return parser.fill(at - start)
    compared = _comparison(parser, at)
    if compared is not None:
        op, value, size = compared
        parser.slots.custom.append(f"{name} {op} {value}")
        return parser.fill(at + size - start)
    if present:
        parser.slots.custom.append(f"{name} is not EMPTY")
        return parser.fill(at - start)
    return False


def _value_first(parser: SearchParser) -> bool:
    """ "at least 5 story points", "8 points or more story points", "the Payments team"."""
    words, start = parser.words, parser.pos
    op, index = "=", start
    for candidate, phrases in _COMPARISONS[:5]:  # not "=": "is"/"of" do not start a phrase
        used = _phrase_at(words, index, phrases)
        if used:
            op, index = candidate, index + used
            break
    if index >= len(words):
        return False
    token = parser.tokens[index]
    number = _NUMBER.match(token.text) is not None
    at = index + 1
    if number and op == "=" and (more := _or_more(words, at)):
        op, at = more, at + 2
    found = _field_at(parser, at)
    if found is None:
        return False
    name, end = found
    if number:
        value = token.text
    elif op == "=" and _plain_value(parser, index):
        value = _quoted(token.text)
    else:
        return False
    if number and op == "=" and (more := _or_more(words, end)):
        op, end = more, end + 2
    parser.slots.custom.append(f"{name} {op} {value}")
    return parser.fill(end - start)


def _field_at(parser: SearchParser, index: int) -> tuple[str, int] | None:
    """The JQL name of the custom field named at `index`, and where its name ends."""
    if index >= len(parser.tokens):
        return None
    span = parser.linker.span_at(parser.tokens, index, kinds=("field",))
    if span is None or span.readings[0].value.lower() in _HANDLED_ELSEWHERE:
        return None
    names = {r.value for r in span.readings}
    if len(names) != 1:
        return None
    return jql_quote(span.readings[0].value), span.end


def _comparison(parser: SearchParser, index: int) -> tuple[str, str, int] | None:
    """After a field's name: an operator (or none) and a value; (op, JQL value, words used)."""
    words, tokens = parser.words, parser.tokens
    op, at = "=", index
    for candidate, phrases in _COMPARISONS:
        used = _phrase_at(words, index, phrases)
        if used:
            op, at = candidate, index + used
            break
    if at >= len(tokens):
        return None
    token = tokens[at]
    if _NUMBER.match(token.text):
        more = _or_more(words, at + 1)
        if more and op == "=":
            return more, token.text, at + 3 - index
        return op, token.text, at + 1 - index
    if op not in ("=", "!=") or not _plain_value(parser, at):
        return None
    return op, _quoted(token.text), at + 1 - index


def _plain_value(parser: SearchParser, index: int) -> bool:
    """A word that can be a field's value: quoted, or no word of the grammar or the instance's
    projects, types, statuses, priorities or people ("team open" is not Team = open)."""
    token = parser.tokens[index]
    if token.quoted:
        return True
    if token.low in _RESERVED or token.is_key or not token.text[:1].isalnum():
        return False
    kinds = ("project", "issue_type", "status", "priority", "user", "field")
    return not parser.linker.exact(token.text, kinds)


def _or_more(words: list[str], index: int) -> str | None:
    """ "5 or more" → ">=", "3 or less" → "<=" (the two words at `index`)."""
    pair = words[index : index + 2]
    return _OR_MORE.get((pair[0], pair[1])) if len(pair) == 2 else None


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _phrase_at(words: list[str], index: int, phrases: tuple[tuple[str, ...], ...]) -> int:
    for phrase in sorted(phrases, key=len, reverse=True):
        if tuple(words[index : index + len(phrase)]) == phrase:
            return len(phrase)
    return 0

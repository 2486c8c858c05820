"""Words that point at issues: keys, "it", "the second one", "#3", "those", "both".

The offline planner resolves them against the session's context (what was last shown and
last acted on), so that a REPL conversation can say "assign it to me" without a model.
"it" never reaches back past a list: after a list of several issues, it asks which one
(through `choose`, in the REPL) or fails listing them (scripts).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from jira_chat.errors import AmbiguityError, UsageError

if TYPE_CHECKING:
    from jira_chat.planning.context import SessionContext

Chooser = Callable[[str, Sequence[str]], str | None]

_KEY = r"[A-Za-z][A-Za-z0-9_]*-[1-9][0-9]*"
KEY_LIST_RE = re.compile(rf"^{_KEY}(?:\s*(?:,|\band\b|&)\s*{_KEY})*$", re.IGNORECASE)
KEY_RE = re.compile(_KEY)

ORDINAL_WORDS: dict[str, int] = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "last": -1,
}

_SINGULAR_RE = re.compile(
    r"^(?:it|this|that|this one|that one|this issue|that issue|the issue|the same one)$",
    re.IGNORECASE,
)
_PLURAL_RE = re.compile(
    r"^(?:all\s+)?(?:of\s+)?(?:those|these|them|the ones shown|all|both)(?:\s+(?:issues|of them|all))?$",
    re.IGNORECASE,
)
_ORDINAL_RE = re.compile(
    r"^(?:the\s+)?(?:"
    rf"(?P<word>{'|'.join(ORDINAL_WORDS)})"
    r"|(?P<num>[1-9][0-9]?)(?:st|nd|rd|th)"
    r"|#\s*(?P<hash>[1-9][0-9]?)"
    r"|(?:number|no\.?)\s*(?P<number>[1-9][0-9]?)"
    r")(?:\s+(?:one|issue|ticket))?$",
    re.IGNORECASE,
)


def is_reference(text: str) -> bool:
    """Whether `text` is something `resolve_reference` understands (keys or a context word)."""
    phrase = text.strip()
    return bool(
        KEY_LIST_RE.match(phrase)
        or _SINGULAR_RE.match(phrase)
        or _PLURAL_RE.match(phrase)
        or _ORDINAL_RE.match(phrase)
    )


def resolve_in_request(
    text: str,
    context: SessionContext,
    before: list[str] | None,
    choose: Chooser | None = None,
) -> list[str]:
    """Like `resolve_reference`, but "it"/"them"/"both" first mean what an earlier clause of
    the same request named (`before`): "assign WEB-5 to me and close it"."""
    phrase = " ".join(text.split())
    if before and not KEY_LIST_RE.match(phrase):
        if _SINGULAR_RE.match(phrase):
            return [before[0]] if len(before) == 1 else [_which_one(phrase, before, choose)]
        if _PLURAL_RE.match(phrase):
            return list(before)
    return resolve_reference(phrase, context, choose)


def _which_one(phrase: str, keys: Sequence[str], choose: Chooser | None) -> str:
    question = f"'{phrase}' could be any of {len(keys)} issues; which one?"
    if choose is not None:
        answer = choose(question, list(keys))
        if answer in keys:
            return str(answer)
    raise AmbiguityError(
        f"'{phrase}' could be any of {', '.join(keys[:10])}" + ("…" if len(keys) > 10 else ""),
        choices=list(keys),
        hint="name the issue by key, or say the first one, the second one…",
    )


def resolve_reference(
    text: str, context: SessionContext, choose: Chooser | None = None
) -> list[str]:
    """Turn a reference into issue keys, or raise UsageError saying why it cannot.

    Keys are taken as written (upper-cased). "it" is the last issue (after a list of several,
    the person is asked which one); an ordinal counts from 1 in the last list shown;
    "those" is the whole last list.
    """
    phrase = text.strip()
    if KEY_LIST_RE.match(phrase):
        return [key.upper() for key in KEY_RE.findall(phrase)]
    if _SINGULAR_RE.match(phrase):
        if context.last_issue:
            return [context.last_issue]
        if len(context.last_shown) == 1:
            return list(context.last_shown)
        if len(context.last_shown) > 1:
            return [_which_one(phrase, context.last_shown, choose)]
        raise _nothing_to_refer_to(phrase)
    if _PLURAL_RE.match(phrase):
        if not context.last_shown:
            raise _nothing_to_refer_to(phrase)
        return list(context.last_shown)
    ordinal = _ORDINAL_RE.match(phrase)
    if ordinal:
        return [_pick(_ordinal_value(ordinal), phrase, context)]
    raise UsageError(
        f"'{phrase}' does not name an issue",
        hint="use an issue key like WEB-12, or it / the second one / those after a list",
    )


def _ordinal_value(match: re.Match[str]) -> int:
    word = match.group("word")
    if word:
        return ORDINAL_WORDS[word.lower()]
    digits = match.group("num") or match.group("hash") or match.group("number")
    return int(digits)


def _pick(position: int, phrase: str, context: SessionContext) -> str:
    shown = context.last_shown
    if not shown:
        raise _nothing_to_refer_to(phrase)
    if position == -1:
        return shown[-1]
    if position > len(shown):
        raise UsageError(
            f"'{phrase}' is out of range: the last list had {len(shown)} issue"
            + ("s" if len(shown) != 1 else ""),
            hint="count from 1 in the last list shown, or use the issue key",
        )
    return shown[position - 1]


def _nothing_to_refer_to(phrase: str) -> UsageError:
    return UsageError(
        f"there is nothing to refer to yet: '{phrase}' needs issues shown first",
        hint="search or show an issue first, or name it by key, e.g. WEB-12",
    )

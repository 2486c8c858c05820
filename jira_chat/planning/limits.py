"""Plan limits and the text every plan string must pass: one module every action shares.

Documented in the README ("Security notes"). A plan over a limit is a plan error (exit 2),
never an "unexpected error": a model, a pipe or a file can produce any size or depth.

Hidden text: bidi overrides and isolates (U+202A–202E, U+2066–2069), zero-width characters
(U+200B–200D, U+2060, U+FEFF) and Unicode TAG characters (U+E0000–E007F) are refused in
plans, as control characters are: each could make a preview read differently from what is
written to Jira. Text read *from* Jira shows them visibly instead (`reveal_hidden`).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

MAX_PLAN_ACTIONS = 20  # actions in one plan: more is almost surely a runaway model or pipe
BULK_DEFAULT_MAX = 50  # issues one bulk change may touch unless `--max N` raises it
MAX_PLAN_DEPTH = 12  # nesting of the plan's JSON (a plan needs about 7)
MAX_PLAN_BYTES = 1_000_000  # a plan file, piped plan or model answer
MAX_TEXT_CHARS = 32_000  # any one string: a description or comment (Jira's own cap is 32,767)
MAX_LIST_ITEMS = 100  # any one list inside an action (labels, keys...)

# C0/C1 control characters but tab and newline.
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
HIDDEN_CHARS = re.compile(
    "[\u202a-\u202e\u2066-\u2069\u200b-\u200d\u2060\ufeff\U000e0000-\U000e007f]"
)


def text_problem(text: str) -> str | None:
    """Why a plan string is refused, or None."""
    if CONTROL_CHARS.search(text):
        return "contains control characters (such as terminal escape codes)"
    hidden = HIDDEN_CHARS.search(text)
    if hidden:
        return (
            f"contains an invisible or direction-changing character ({codepoint(hidden.group())}) "
            "that would hide part of the text in the preview"
        )
    if text and all(_invisible(char) for char in text):
        return "contains only invisible characters"
    if len(text) > MAX_TEXT_CHARS:
        return f"is {len(text):,} characters long; the limit is {MAX_TEXT_CHARS:,}"
    return None


# Letters that render as nothing (Hangul fillers, Braille blank) though Unicode calls them letters.
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")


def _invisible(char: str) -> bool:
    return char in _BLANK_LETTERS or unicodedata.category(char) in {
        "Cf",
        "Cc",
        "Zs",
        "Zl",
        "Zp",
        "Mn",
        "Me",
    }


def check_plan_value(value: Any) -> Any:
    """A pydantic after-validator body for every field: strings, lists and dicts of them."""
    if isinstance(value, dict):
        texts: list[Any] = [*value, *value.values()]
    elif isinstance(value, list):
        if len(value) > MAX_LIST_ITEMS:
            raise ValueError(f"has {len(value)} items; the limit is {MAX_LIST_ITEMS}")
        texts = value
    else:
        texts = [value]
    for text in texts:
        if isinstance(text, str):
            problem = text_problem(text)
            if problem:
                raise ValueError(problem)
    return value


def codepoint(char: str) -> str:
    return f"U+{ord(char):04X}"


def reveal_hidden(text: str) -> str:
    """Text from Jira with every hidden character shown as <U+202E>, so nothing is unseen."""
    return HIDDEN_CHARS.sub(lambda m: f"<{codepoint(m.group())}>", text)


def json_depth(value: Any) -> int:
    """The nesting depth of decoded JSON, without recursion (a deep value would overflow)."""
    deepest = 0
    pending: list[tuple[Any, int]] = [(value, 1)]
    while pending:
        item, depth = pending.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, depth)
            if deepest > MAX_PLAN_DEPTH:
                return deepest
            children = item.values() if isinstance(item, dict) else item
            pending.extend((child, depth + 1) for child in children)
    return deepest

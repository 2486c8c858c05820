"""Rich text at the REST v2 boundary: Markdown in plans and views, wiki markup on the wire.

python-jira talks REST v2, which takes and returns Jira wiki markup. People and the planner
write Markdown, so every description and comment body crosses this module exactly once.

Reading is on the path of every detail view and read back, so it is kept cheap: text with
no wiki markup (most comments) is already Markdown and skips the parser, and the parser's
grammar (jira2markdown over pyparsing, ~40 ms to build) is built once per process instead of
once per text as `jira2markdown.convert` does.
"""

from __future__ import annotations

import re
import threading
from typing import Any

_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)
# List bullets and numbers are markup: "1." may come back as "#" and then as "1." again.
_LIST_MARKER = re.compile(r"^\s*(?:\d+[.)]|[-*+#]+)\s+", re.MULTILINE)
# Everything jira2markdown's grammar reacts to: effect and list marks (* - + ^ ~ ??  #),
# braces ({code}, {{mono}}, {color}, {quote}, {panel}), brackets (links, mentions,
# attachments), ! (images), | (tables), \\ (line breaks), and headings / bq. anywhere.
# Text without any of these comes out of jira2markdown unchanged.
_WIKI_MARKUP = re.compile(r"[*\-+^~?#{}\[\]!|\\]|(?:h[1-6]|bq)\.", re.IGNORECASE)

_LIST_ITEM = re.compile(r"(?P<bullet>[*#])(?P<text> +\S.*)")

_grammar_lock = threading.Lock()
_grammar: Any = None  # (markup expression, list elements whose indent state needs a reset)


def markdown_to_wiki(markdown: str) -> str:
    """Markdown (plans, people) → Jira wiki markup (what REST v2 stores)."""
    import mistletoe
    from mistletoe.contrib.jira_renderer import JiraRenderer

    return str(mistletoe.markdown(markdown, JiraRenderer)).strip()


def wiki_to_markdown(wiki: str | None) -> str | None:
    """Jira wiki markup (REST v2 answers) → readable Markdown; None stays None."""
    if wiki is None:
        return None
    if not _WIKI_MARKUP.search(wiki):
        return wiki.strip()  # plain prose: nothing to convert
    simple = _simple_lists(wiki)
    if simple is not None:
        return simple
    with _grammar_lock:  # the grammar keeps list-indent state while it parses
        markup, lists = _build_grammar()
        for element in lists:
            element.indent_state.reset()
        try:
            return str(markup.transform_string(wiki)).strip()
        except Exception:  # jira2markdown fails on some odd markup (a lone "||" line):
            return wiki.strip()  # showing the text as Jira stored it beats crashing


def _simple_lists(wiki: str) -> str | None:
    """Prose with one-level "* item" / "# item" lists, converted as jira2markdown would
    ("- item", "1. item"); None for anything else (nesting, continuation lines, markup).

    The commonest description shape, so the common detail view needs no parser at all.
    """
    if "\r" in wiki:
        return None  # jira2markdown drops some carriage returns; let it decide which
    out: list[str] = []
    after_item = False
    for line in wiki.split("\n"):
        if not line.strip(" \t"):  # a list ends at a blank line (spaces and tabs only)
            out.append(line)
            after_item = False
            continue
        item = _LIST_ITEM.fullmatch(line)
        if item is not None:
            if _WIKI_MARKUP.search(item.group("text")):
                return None
            out.append(("-" if item.group("bullet") == "*" else "1.") + item.group("text"))
            after_item = True
        elif after_item or _WIKI_MARKUP.search(line):
            return None  # a line right after an item continues it: leave that to the parser
        else:
            out.append(line)
    return "\n".join(out).strip()


def _build_grammar() -> Any:
    """jira2markdown.convert's grammar, built once (same elements, same order, no usernames)."""
    global _grammar
    if _grammar is None:
        from jira2markdown.elements import MarkupElements
        from pyparsing import Forward, MatchFirst

        elements = MarkupElements()
        inline_markup, markup = Forward(), Forward()

        def expr(kinds: Any) -> tuple[Any, list[Any]]:
            made = [
                kind(inline_markup=inline_markup, markup=markup, usernames={}) for kind in kinds
            ]
            return MatchFirst([m.expr for m in made]), made

        inline_expr, inline_made = expr([e for e in elements if e.is_inline_element])
        block_expr, block_made = expr(elements)
        inline_markup <<= inline_expr
        markup <<= block_expr
        lists = [m for m in inline_made + block_made if hasattr(m, "indent_state")]
        _grammar = (markup, lists)
    return _grammar


def same_text(expected_markdown: str | None, actual_markdown: str | None) -> bool:
    """Whether two rich texts say the same words, ignoring markup flavour and spacing.

    A round trip Markdown → wiki → (server) → wiki → Markdown may change list bullets or
    emphasis marks; what matters for "did the write land" is the words.
    """
    return _words(expected_markdown) == _words(actual_markdown)


def _words(text: str | None) -> str:
    return _NON_WORD.sub(" ", _LIST_MARKER.sub("", text or "")).strip().lower()

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
_renderer_class: Any = None


def markdown_to_wiki(markdown: str) -> str:
    """Markdown (plans, people) → Jira wiki markup (what REST v2 stores).

    A line break stays a line break, and only what wiki markup would misread is escaped:
    "Held-out" goes out as typed, "-not struck-" as "\\-not struck-".
    """
    import mistletoe

    return str(mistletoe.markdown(markdown, _wiki_renderer())).strip()


def _wiki_renderer() -> Any:
    """mistletoe's Jira renderer with line breaks kept and escaping kept to what is needed."""
    global _renderer_class
    if _renderer_class is None:
        from mistletoe.contrib.jira_renderer import JiraRenderer

        class WikiRenderer(JiraRenderer):
            def render_raw_text(self, token: Any, escape: bool = True) -> str:
                return wiki_escape(token.content) if escape else str(token.content)

            def render_escape_sequence(self, token: Any) -> str:
                # The person escaped it on purpose: keep it literal in wiki markup too.
                char = str(token.children[0].content)
                return "\\" + char if char in _WIKI_SPECIAL else char

            @staticmethod
            def render_line_break(token: Any) -> str:
                return "\n" if token.soft else "\\\\\n"

        _renderer_class = WikiRenderer
    return _renderer_class


# Wiki effects (*bold* _em_ -strike- +under+ ^sup^ ~sub~) need an opening mark that is not
# inside a word and is followed by text, and a closing one later on the same line.
_EFFECTS = frozenset("*_-+^~")
_WIKI_SPECIAL = frozenset("*_-+^~?{}[]!|#")


def wiki_escape(text: str) -> str:
    """Backslash only the characters wiki markup would read as markup in this text."""
    out: list[str] = []
    for index, char in enumerate(text):
        if _misread_as_wiki(text, index):
            out.append("\\")
        out.append(char)
    return "".join(out)


def _misread_as_wiki(text: str, index: int) -> bool:
    char = text[index]
    before = text[index - 1] if index > 0 else ""
    after = text[index + 1] if index + 1 < len(text) else ""
    rest = text[index + 1 :].split("\n", 1)[0]
    at_line_start = not text[:index].rsplit("\n", 1)[-1].strip()
    if char == "-" and after == "-" and before in ("", " "):
        return True  # " -- " and " --- " would read as dashes
    if char in _EFFECTS:
        if at_line_start and char in "*-" and after in (" ", ""):
            return True  # a list bullet
        opens = not (before.isalnum()) and after not in ("", " ", "\t") and not after.isspace()
        return opens and _closes_later(char, rest)
    if char == "{":
        return after.isalpha() or after == "{"  # a macro ({code}, {color}) or {{monospace}}
    if char == "[":
        return "]" in rest  # a link or mention
    if char == "!":
        return bool(after) and not after.isspace() and "!" in rest  # an image
    if char in "|#":
        return at_line_start  # a table row, a numbered list
    return False


def _closes_later(char: str, rest: str) -> bool:
    """Whether a later `char` on the line could close an effect opened here."""
    for offset, candidate in enumerate(rest):
        if candidate != char or offset == 0:
            continue
        following = rest[offset + 1] if offset + 1 < len(rest) else ""
        if not rest[offset - 1].isspace() and not following.isalnum():
            return True
    return False


def wiki_to_markdown(wiki: str | None) -> str | None:
    """Jira wiki markup (REST v2 answers) → readable Markdown; None stays None.

    Escapes that only wiki markup needed ("Held\\-out") are dropped, so text reads as typed.
    """
    if wiki is None:
        return None
    if not _WIKI_MARKUP.search(wiki):
        return wiki.strip()  # plain prose: nothing to convert
    protected = _WIKI_ESCAPE.sub(_protect, wiki)
    converted = _simple_lists(protected)
    if converted is None:
        converted = _parse_wiki(protected)
    restored = converted.translate(_RESTORE)
    return drop_needless_escapes(restored)


def _parse_wiki(wiki: str) -> str:
    with _grammar_lock:  # the grammar keeps list-indent state while it parses
        markup, lists = _build_grammar()
        for element in lists:
            element.indent_state.reset()
        try:
            return str(markup.transform_string(wiki)).strip()
        except Exception:  # jira2markdown fails on some odd markup (a lone "||" line):
            return wiki.strip()  # showing the text as Jira stored it beats crashing


# A wiki escape (\\-) becomes a private-use character while jira2markdown reads the text, so
# that its grammar neither sees markup there nor re-escapes it, then a Markdown escape.
_WIKI_ESCAPE = re.compile(r"\\\\|\\([*_\-+^~?{}\[\]!|#])")
_PRIVATE_BASE = 0xE000
_RESTORE = {_PRIVATE_BASE + ord(c): "\\" + c for c in "*_-+^~?{}[]!|#"}


def _protect(match: re.Match[str]) -> str:
    char = match.group(1)
    return chr(_PRIVATE_BASE + ord(char)) if char else match.group(0)


def adf_to_markdown(document: dict[str, Any]) -> str:
    """An Atlassian Document (REST v3, some proxies) → readable Markdown.

    adf-bridge does the conversion; mentions and emoji become their text first (the bridge
    would keep only an account id), and its Markdown escapes are dropped where not needed.
    A document the bridge refuses still shows its words.
    """
    import adf_bridge

    document = _inline_people_and_emoji(document)
    try:
        markdown = str(adf_bridge.adf_to_markdown(document).value)
    except Exception:  # the bridge validates strictly; a newer node type must not crash a view
        return re.sub(r"\n{3,}", "\n\n", _adf_words(document)).strip()
    return drop_needless_escapes(markdown, entities=True)


def rich_text_to_markdown(value: Any) -> str | None:
    """A description or comment body as Jira sent it: wiki string, ADF document or nothing."""
    if value is None:
        return None
    if isinstance(value, str):
        return wiki_to_markdown(value)
    if isinstance(value, dict):
        return adf_to_markdown(value) if value.get("type") == "doc" else _adf_words(value).strip()
    return str(value)


def _inline_people_and_emoji(node: Any) -> Any:
    if isinstance(node, list):
        return [_inline_people_and_emoji(item) for item in node]
    if not isinstance(node, dict):
        return node
    kind = node.get("type")
    attrs = node.get("attrs") or {}
    if kind in ("mention", "emoji", "status", "date", "inlineCard"):
        words = attrs.get("text") or attrs.get("shortName") or attrs.get("url") or ""
        if kind == "date" and str(attrs.get("timestamp", "")).isdigit():
            import datetime as dt

            stamp = int(attrs["timestamp"]) / 1000
            words = dt.datetime.fromtimestamp(stamp, dt.UTC).date().isoformat()
        return {"type": "text", "text": str(words or kind)}
    return {key: _inline_people_and_emoji(item) for key, item in node.items()}


def _adf_words(node: Any) -> str:
    """Every text in a document, blocks on their own lines (when the bridge cannot read it)."""
    if isinstance(node, list):
        return "".join(_adf_words(item) for item in node)
    if not isinstance(node, dict):
        return ""
    if node.get("type") == "text":
        return str(node.get("text", ""))
    if node.get("type") == "hardBreak":
        return "\n"
    inner = _adf_words(node.get("content") or [])
    inline = node.get("type") in ("paragraph", "heading", "listItem", "codeBlock")
    return inner + "\n" if inline or "content" in node else inner


# Markdown escapes: what converters emit to be safe, and what makes text read as not typed.
_TABLE_DELIMITER_ROW = re.compile(r"^\s*\|?\s*:?-+:?\s*\|", re.MULTILINE)
_MD_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_CODE = re.compile(r"(^(?:```|~~~).*?^(?:```|~~~)[ \t]*$|`+[^`\n]*`+)", re.MULTILINE | re.DOTALL)


def drop_needless_escapes(markdown: str, *, entities: bool = False) -> str:
    """Drop the backslashes (and, for ADF, HTML entities) Markdown does not need here.

    Code spans and blocks are left alone: there, every character is literal already.
    """
    parts = _CODE.split(markdown)
    for index in range(0, len(parts), 2):  # even parts are outside code
        text = parts[index]
        if entities:
            import html

            text = html.unescape(text)
        text = text.replace("\\\n", "\n")  # a hard line break is a line break
        parts[index] = _MD_ESCAPE.sub(lambda m, t=text: _keep_escape(t, m), text)
    return "".join(parts).strip()


def _keep_escape(text: str, match: re.Match[str]) -> str:
    char = match.group(1)
    start, end = match.start(), match.end()
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    line_head = text[:start].rsplit("\n", 1)[-1]
    at_line_start = not line_head.strip()
    needed = False
    if char in "*_":
        line = f" {line_head} {text[end:].split(chr(10), 1)[0]} ".replace("\\", "")
        # Nothing else on the line that could pair with it (a mark between spaces cannot).
        alone = not re.search(rf"(?<!\s){re.escape(char)}|{re.escape(char)}(?!\s)", line)
        inert = alone or (before.isalnum() and after.isalnum() and char == "_")
        needed = not inert and not (before in ("", " ") and after in ("", " "))
    elif char in "-+":
        needed = at_line_start and (after == " " or (char == "-" and after == "-"))
    elif char == "#" or char == ">":
        needed = at_line_start
    elif char in ".)":
        needed = line_head.strip().isdigit() and after in (" ", "")
    elif char == "!":
        needed = after == "["
    elif char == "]":
        needed = after in ("(", ":", "[")
    elif char == "[":
        needed = "](" in text[end:].split("\n", 1)[0]
    elif char == "<":
        needed = after.isalpha() or after in ("/", "!", "?")
    elif char == "|":
        in_row = line_head.lstrip().startswith("|") or at_line_start
        needed = in_row and bool(_TABLE_DELIMITER_ROW.search(text))  # a GFM table needs one
    elif char in "`\\&":
        needed = True
    return match.group(0) if needed else char


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

"""Rich text at the REST v2 boundary: Markdown in plans and views, wiki markup on the wire.

python-jira talks REST v2, which takes and returns Jira wiki markup. People and the planner
write Markdown, so every description and comment body crosses this module exactly once.
"""

from __future__ import annotations

import re

_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)
# List bullets and numbers are markup: "1." may come back as "#" and then as "1." again.
_LIST_MARKER = re.compile(r"^\s*(?:\d+[.)]|[-*+#]+)\s+", re.MULTILINE)


def markdown_to_wiki(markdown: str) -> str:
    """Markdown (plans, people) → Jira wiki markup (what REST v2 stores)."""
    import mistletoe
    from mistletoe.contrib.jira_renderer import JiraRenderer

    return str(mistletoe.markdown(markdown, JiraRenderer)).strip()


def wiki_to_markdown(wiki: str | None) -> str | None:
    """Jira wiki markup (REST v2 answers) → readable Markdown; None stays None."""
    if wiki is None:
        return None
    import jira2markdown

    return str(jira2markdown.convert(wiki)).strip()


def same_text(expected_markdown: str | None, actual_markdown: str | None) -> bool:
    """Whether two rich texts say the same words, ignoring markup flavour and spacing.

    A round trip Markdown → wiki → (server) → wiki → Markdown may change list bullets or
    emphasis marks; what matters for "did the write land" is the words.
    """
    return _words(expected_markdown) == _words(actual_markdown)


def _words(text: str | None) -> str:
    return _NON_WORD.sub(" ", _LIST_MARKER.sub("", text or "")).strip().lower()

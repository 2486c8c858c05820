"""Rich text at the HTTP boundary: Markdown is stored; v3 speaks ADF, v2 speaks wiki markup."""

from __future__ import annotations

import functools
import json
import threading
from typing import Any

from jira_chat.sandbox.errors import ApiError

# mistletoe swaps its token tables globally per renderer, and pyparsing (under jira2markdown)
# keeps shared caches: the threaded server converts one body at a time.
_CONVERT_LOCK = threading.Lock()

ADF_REQUIRED = "Operation value must be an Atlassian Document (see the Atlassian Document Format)"


def markdown_to_wire(markdown: str | None, *, adf: bool) -> Any:
    """Render stored Markdown as the API version's body format (None stays None)."""
    if markdown is None:
        return None
    if adf:
        return json.loads(_adf_json(markdown))  # a fresh copy: callers may mutate it
    return _wiki(markdown)


@functools.lru_cache(maxsize=4096)
def _adf_json(markdown: str) -> str:
    """Cached: a page of 100 issues would otherwise re-render the same bodies every search."""
    import adf_bridge

    with _CONVERT_LOCK:
        return json.dumps(adf_bridge.markdown_to_adf(markdown).value)


@functools.lru_cache(maxsize=4096)
def _wiki(markdown: str) -> str:
    # The client's own converter: line breaks kept, only what wiki would misread escaped,
    # so the sandbox answers what Jira would store for the same body.
    from jira_chat.jira_access.text import markdown_to_wiki

    with _CONVERT_LOCK:
        return markdown_to_wiki(markdown)


def markdown_to_html(markdown: str | None) -> str | None:
    """For expand=renderedFields."""
    if markdown is None:
        return None
    import mistletoe

    with _CONVERT_LOCK:
        return str(mistletoe.markdown(markdown))


def wire_to_markdown(value: object, *, adf: bool, field: str) -> str | None:
    """Parse a request body value into stored Markdown, or raise a Jira-shaped 400."""
    if value is None:
        return None
    if adf:
        if not isinstance(value, dict) or value.get("type") != "doc":
            raise ApiError(400, errors={field: ADF_REQUIRED})
        import adf_bridge

        try:
            with _CONVERT_LOCK:
                markdown = str(adf_bridge.adf_to_markdown(value).value)
        except Exception as exc:  # the bridge rejects malformed documents in its own ways
            raise ApiError(400, errors={field: ADF_REQUIRED}) from exc
        return markdown or None
    if not isinstance(value, str):
        raise ApiError(400, errors={field: f"Field '{field}' must be a string."})
    if not value.strip():
        return None
    from jira_chat.jira_access.text import wiki_to_markdown

    with _CONVERT_LOCK:  # (it keeps text it cannot parse, such as a line of only "||")
        return wiki_to_markdown(value)

"""Small text helpers shared by every layer: one line for a message, a URL fit to show.

Messages quote text from Jira, Gemini or the person (summaries, error bodies, requests);
each is flattened to one line and clipped, so that one line of output stays one line.
"""

from __future__ import annotations


def one_line(text: str, limit: int) -> str:
    """`text` with every run of whitespace (newlines too) as one space, at most `limit`
    characters; a clipped text ends in "…"."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def redact_url(url: str) -> str:
    """A URL fit for a message: no user:password@ (proxies, odd JIRA_URLs), no query string."""
    from urllib.parse import urlsplit, urlunsplit

    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = f":{parts.port}" if parts.port else ""
    except ValueError:
        return "(the configured URL)"
    if not parts.scheme or not host:
        return url if "@" not in url and "?" not in url else "(the configured URL)"
    netloc = f"[{host}]{port}" if ":" in host else f"{host}{port}"
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))

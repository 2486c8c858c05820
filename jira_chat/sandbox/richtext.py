"""Rich text at the HTTP boundary: Markdown is stored; v3 speaks ADF, v2 speaks wiki markup."""

from __future__ import annotations

from typing import Any

from jira_chat.sandbox.errors import ApiError

ADF_REQUIRED = "Operation value must be an Atlassian Document (see the Atlassian Document Format)"


def markdown_to_wire(markdown: str | None, *, adf: bool) -> Any:
    """Render stored Markdown as the API version's body format (None stays None)."""
    if markdown is None:
        return None
    if adf:
        import adf_bridge

        return adf_bridge.markdown_to_adf(markdown).value
    import mistletoe
    from mistletoe.contrib.jira_renderer import JiraRenderer

    return str(mistletoe.markdown(markdown, JiraRenderer)).rstrip("\n")


def markdown_to_html(markdown: str | None) -> str | None:
    """For expand=renderedFields."""
    if markdown is None:
        return None
    import mistletoe

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
            markdown = str(adf_bridge.adf_to_markdown(value).value)
        except Exception as exc:  # the bridge rejects malformed documents in its own ways
            raise ApiError(400, errors={field: ADF_REQUIRED}) from exc
        return markdown or None
    if not isinstance(value, str):
        raise ApiError(400, errors={field: f"Field '{field}' must be a string."})
    if not value.strip():
        return None
    import jira2markdown

    return str(jira2markdown.convert(value))

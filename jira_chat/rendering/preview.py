"""The preview before a write: each issue, each field, what it is now → what it will be.

A preview of several actions ends with a compact summary, one line per action, so that what
stays on screen right above the question is the whole plan, however long the bodies above
it were; long values are clipped to `MAX_VALUE_LINES` lines with "(N more lines)".
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group, RenderableType
from rich.text import Text

from jira_chat.execution.records import ActionPreview, FieldChange
from jira_chat.rendering.humanize import NONE_TEXT, change_totals, format_value

# Longer values (descriptions, comments) go on their own lines instead of "old → new".
INLINE_LIMIT = 60
MAX_VALUE_LINES = 12  # lines of one long value shown in a preview; the rest is counted
UNREQUESTED = "not in your request"


def _is_long(text: str) -> bool:
    return "\n" in text or len(text) > INLINE_LIMIT


def _indented(text: str, prefix: str, style: str) -> list[Text]:
    lines = text.splitlines() or [""]
    shown = [Text(f"{prefix}{line}", style=style) for line in lines[:MAX_VALUE_LINES]]
    hidden = len(lines) - MAX_VALUE_LINES
    if hidden > 0:
        shown.append(Text(f"{prefix}… ({hidden} more lines)", style="dim"))
    return shown


def change_lines(change: FieldChange) -> list[Text]:
    old, new = format_value(change.old), format_value(change.new)
    if not (_is_long(old) or _is_long(new)):
        return [
            Text.assemble(
                f"  {change.field}: ",
                (old, "dim" if old == NONE_TEXT else "red"),
                " → ",
                (new, "green"),
            )
        ]
    lines = [Text(f"  {change.field}:")]
    if old != NONE_TEXT:
        lines.extend(_indented(old, "    - ", "red"))
    lines.extend(_indented(new, "    + ", "green"))
    return lines


def _warning(preview: ActionPreview) -> Text:
    targets = ", ".join(preview.unrequested)
    return Text(f"  ⚠ {UNREQUESTED}: {targets}", style="bold yellow")


def preview_block(preview: ActionPreview) -> list[Text]:
    lines = [Text(preview.title, style="bold")]
    if preview.unrequested:
        lines.append(_warning(preview))
    for change in preview.changes:
        lines.extend(change_lines(change))
    if not preview.changes:
        lines.append(Text("  (no field changes)", style="dim"))
    if preview.duplicates:
        lines.append(Text("  possible duplicates (open, similar summary):", style="yellow"))
        for duplicate in preview.duplicates:
            lines.append(
                Text(
                    f"    {duplicate.key} ({duplicate.similarity}%, {duplicate.status}): "
                    f"{duplicate.summary}",
                    style="yellow",
                )
            )
    return lines


def summary_lines(previews: Sequence[ActionPreview]) -> list[Text]:
    """One line per action (key, action, fields): the last thing before the question."""
    lines = [Text(f"Summary: {change_totals([p.key for p in previews])}", style="bold")]
    for number, preview in enumerate(previews, start=1):
        fields = ", ".join(c.field for c in preview.changes) or "-"
        line = Text(f"  {number}. {preview.key or '(new issue)'}  {preview.action}  {fields}")
        if preview.unrequested:
            line.append(f"  ⚠ {UNREQUESTED}", style="bold yellow")
        lines.append(line)
    return lines


def previews_renderable(previews: Sequence[ActionPreview]) -> RenderableType:
    parts: list[Text] = []
    for index, preview in enumerate(previews):
        if index:
            parts.append(Text(""))
        parts.extend(preview_block(preview))
    if len(previews) > 1:
        parts.append(Text(""))
        parts.extend(summary_lines(previews))
    return Group(*parts)

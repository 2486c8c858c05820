"""The preview before a write: each issue, each field, what it is now → what it will be."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group, RenderableType
from rich.text import Text

from jira_chat.execution.records import ActionPreview, FieldChange
from jira_chat.rendering.humanize import NONE_TEXT, change_totals, format_value

# Longer values (descriptions, comments) go on their own lines instead of "old → new".
INLINE_LIMIT = 60
# A new comment is a body, never a value replacing "(none)": always on its own lines.
BLOCK_FIELDS = frozenset({"comment"})


def _is_long(text: str) -> bool:
    return "\n" in text or len(text) > INLINE_LIMIT


def _indented(text: str, prefix: str, style: str) -> Text:
    lines = text.splitlines() or [""]
    return Text("\n".join(f"{prefix}{line}" for line in lines), style=style)


def change_lines(change: FieldChange) -> list[Text]:
    old, new = format_value(change.old), format_value(change.new)
    if change.field not in BLOCK_FIELDS and not (_is_long(old) or _is_long(new)):
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
        lines.append(_indented(old, "    - ", "red"))
    lines.append(_indented(new, "    + ", "green"))
    return lines


def preview_block(preview: ActionPreview) -> list[Text]:
    lines = [Text(preview.title, style="bold")]
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


def previews_renderable(previews: Sequence[ActionPreview]) -> RenderableType:
    parts: list[Text] = []
    for index, preview in enumerate(previews):
        if index:
            parts.append(Text(""))
        parts.extend(preview_block(preview))
    if len(previews) > 1:
        parts.append(Text(""))
        parts.append(Text(change_totals([p.key for p in previews]), style="bold"))
    return Group(*parts)

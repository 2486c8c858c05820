"""attach_file: upload a local file to an issue (at most ATTACHMENT_LIMIT bytes)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from jira_chat.planning.actions._base import ActionDeclaration, ActionModel, Strict, issue_key

# Jira's default attachment limit (Cloud and Server/DC: 10 MiB). A larger file is refused
# before anything is sent; the sandbox refuses the same size (checked by a test).
ATTACHMENT_LIMIT = 10 * 1024 * 1024


def format_size(size: int) -> str:
    """1536 → "1.5 KiB", 10485760 → "10 MiB", 900 → "900 bytes" (binary units, as Jira)."""
    if size < 1024:
        return "1 byte" if size == 1 else f"{size} bytes"
    scaled, unit = size / 1024, "KiB"
    for bigger in ("MiB", "GiB"):
        if scaled < 1024:
            break
        scaled, unit = scaled / 1024, bigger
    return f"{scaled:.1f}".removesuffix(".0") + f" {unit}"


class AttachFileParams(Strict):
    key: str
    path: str = Field(min_length=1, max_length=4096, description="A local file's path.")

    _key = field_validator("key")(issue_key)


class AttachFile(ActionModel):
    action: Literal["attach_file"]
    parameters: AttachFileParams


DECLARATION = ActionDeclaration(
    model=AttachFile,
    writes=True,
    verb="Attached {path} to",
    description="attach a local file (≤ 10 MiB)",
    example="attach ./error.log to WEB-3",
    example_parameters={"key": "WEB-3", "path": "./error.log"},
    rank=175,
)

"""attach_file: check the local file, preview name, size and attachment count, upload once,
read back by file name and size.

The file is checked before anything is sent (missing, a directory, unreadable, empty, over
ATTACHMENT_LIMIT or over the instance's own lower limit from attachment/meta: a
FileInputError, exit 2). An upload whose outcome is unknown is never
sent again: the issue's attachments are read back, and one more file of this name and size
than before means it landed.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from jira_chat.errors import FileInputError, ResolutionError
from jira_chat.execution.common import title, write_result
from jira_chat.execution.prepared import PreparedAction
from jira_chat.execution.records import ActionPreview, FieldChange, Outcome
from jira_chat.execution.spec import ActionImpl, ExecContext
from jira_chat.execution.verify import Expect, check_read_back, reading_back, send_write
from jira_chat.jira_access.records import AttachmentRecord
from jira_chat.planning.actions.attach_file import ATTACHMENT_LIMIT, AttachFile, format_size


@dataclass(frozen=True)
class AttachPayload:
    path: Path
    size: int
    count_before: int  # attachments of this name and size already on the issue
    total_before: int


Prepared = PreparedAction[AttachFile, AttachPayload]


def checked_file(typed: str) -> tuple[Path, int]:
    """The file as an absolute path and its size, or a one-line reason it cannot be sent."""
    path = Path(typed).expanduser()
    try:
        path = path.resolve(strict=True)
    except (OSError, RuntimeError):
        raise FileInputError(
            f"no file {typed!r}", hint=f"check the path (relative paths start at {os.getcwd()})"
        ) from None
    if path.is_dir():
        raise FileInputError(f"{typed!r} is a folder, not a file", hint="attach one file at a time")
    if not path.is_file():
        raise FileInputError(f"{typed!r} is not a regular file")
    size = path.stat().st_size
    if size > ATTACHMENT_LIMIT:
        raise FileInputError(
            f"{path.name} is {format_size(size)}; the attachment limit is "
            f"{format_size(ATTACHMENT_LIMIT)}",
            hint="compress it or share a link instead",
        )
    if size == 0:
        raise FileInputError(f"{path.name} is empty", hint="Jira does not keep empty attachments")
    try:
        with path.open("rb") as handle:
            handle.read(1)
    except OSError as exc:
        raise FileInputError(
            f"cannot read {typed!r} ({exc.strerror or type(exc).__name__})",
            hint="check the file's permissions",
        ) from None
    return path, size


def _same_file(found: tuple[AttachmentRecord, ...], name: str, size: int) -> int:
    return sum(1 for a in found if a.filename == name and a.size == size)


def _prepare(ctx: ExecContext, action: AttachFile) -> Prepared:
    p = action.parameters
    path, size = checked_file(p.path)  # before any request: nothing to fetch for a bad file
    issue = ctx.current(p.key)
    enabled, limit = ctx.service.attachment_settings()
    if not enabled:
        raise ResolutionError(
            "this Jira does not accept attachments", hint="ask a Jira admin to turn them on"
        )
    if limit is not None and size > limit:
        raise FileInputError(
            f"{path.name} is {format_size(size)}; this Jira accepts attachments up to "
            f"{format_size(limit)}",
            hint="compress it or share a link instead",
        )
    existing = issue.attachments  # the detail read asks for `attachment`
    changes = (
        FieldChange("file", None, str(path)),
        FieldChange(
            "size", None, format_size(size) + (f" ({size:,} bytes)" if size >= 1024 else "")
        ),
        FieldChange("attachments", len(existing), len(existing) + 1),
    )
    preview = ActionPreview("attach_file", issue.key, title("Attach a file to", issue), changes)
    payload = AttachPayload(path, size, _same_file(existing, path.name, size), len(existing))
    return PreparedAction(action, preview, f"attach {path.name} to {issue.key}", payload)


def _run(ctx: ExecContext, prepared: Prepared) -> Outcome:
    key, payload = prepared.action.parameters.key, prepared.payload
    name = payload.path.name

    def landed() -> AttachmentRecord | None:
        """After an unknown outcome: one more file of this name and size than before."""
        found = ctx.service.attachments(key)
        if _same_file(found, name, payload.size) <= payload.count_before:
            return None
        return next(a for a in reversed(found) if a.filename == name and a.size == payload.size)

    try:
        sent = send_write(
            key,
            lambda: ctx.service.add_attachment(key, payload.path),
            landed,
            idempotent=False,  # a POST: sent twice, the file would be there twice
        )
    except OSError as exc:  # the file vanished or became unreadable after the preview
        raise FileInputError(f"cannot read {str(payload.path)!r} any more ({exc})") from None
    with reading_back(key, "the attachment"):
        after = ctx.service.attachments(key)
    count = _same_file(after, name, payload.size)
    check_read_back(
        key,
        [
            Expect(
                "attachments",
                payload.count_before + 1,
                count,
                shown_expected=f"{payload.count_before + 1} × {name} ({payload.size:,} bytes)",
                shown_actual=f"{count} × {name}",
            )
        ],
    )
    return write_result(ctx, prepared, key, refs={"attachment_id": sent.id})


IMPLEMENTATION = ActionImpl(AttachFile, _prepare, _run)

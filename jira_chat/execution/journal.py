"""The journal: every write jira-chat makes, appended as one JSON line, so it can be undone.

`<data dir>/journal.jsonl`, mode 0600 in a 0700 directory (entries hold issue text). It is
append-only: nothing here rewrites or truncates it, and an undo is journaled as new entries
(`undoes` names the plan it reverses). A torn last line (a crash mid-write) is skipped when
reading, never "repaired". Each entry keeps what undo needs: the values before and after, and
the ids of what was added (comment, link, worklog), which a field diff cannot recover.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import secrets
import stat
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jira_chat.config import ensure_private_dir

JOURNAL_NAME = "journal.jsonl"
# Bump when an entry's meaning changes; readers skip entries of versions they do not know.
JOURNAL_VERSION = 1


def new_plan_id() -> str:
    """Short enough to type (`undo --plan 3fa9c2e1`), random enough never to repeat."""
    return secrets.token_hex(4)


@dataclass(frozen=True)
class JournalEntry:
    """One write to one issue. `before`/`after` map field names to plain JSON values
    (names as previews use them: status, assignee, labels...); ids live under `*_id` keys."""

    plan: str
    issue: str
    action: str
    before: Mapping[str, Any]
    after: Mapping[str, Any]
    request: str = ""  # what the person asked, for `jira-chat log`
    time: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))
    undoes: str | None = None  # the plan this entry reverses, for an undo's own writes
    verified: bool = True  # False: sent and accepted, but the read back failed

    def to_json(self) -> dict[str, Any]:
        return {
            "v": JOURNAL_VERSION,
            "time": self.time.astimezone(dt.UTC).isoformat(timespec="seconds"),
            "plan": self.plan,
            "request": self.request,
            "issue": self.issue,
            "action": self.action,
            "before": dict(self.before),
            "after": dict(self.after),
            "undoes": self.undoes,
            "verified": self.verified,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> JournalEntry:
        return cls(
            plan=str(data["plan"]),
            issue=str(data["issue"]),
            action=str(data["action"]),
            before=dict(data.get("before") or {}),
            after=dict(data.get("after") or {}),
            request=str(data.get("request") or ""),
            time=dt.datetime.fromisoformat(str(data["time"])),
            undoes=data.get("undoes"),
            verified=bool(data.get("verified", True)),
        )


@dataclass(frozen=True)
class JournaledPlan:
    """The entries of one plan, in the order they were written."""

    plan: str
    entries: tuple[JournalEntry, ...]

    @property
    def time(self) -> dt.datetime:
        return self.entries[0].time

    @property
    def request(self) -> str:
        return self.entries[0].request

    @property
    def undoes(self) -> str | None:
        return self.entries[0].undoes


class Journal:
    """Append and read the journal file. Cheap to create; touches the disk only when used."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @classmethod
    def in_home(cls, home: Path) -> Journal:
        return cls(home / JOURNAL_NAME)

    def append(self, entry: JournalEntry) -> None:
        """One line, one write(2) on an O_APPEND descriptor, so concurrent sessions interleave
        whole lines; the file is created 0600 before its first byte."""
        ensure_private_dir(self.path.parent)
        line = json.dumps(entry.to_json(), ensure_ascii=False, default=_json_default) + "\n"
        fd = os.open(self.path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            info = os.fstat(fd)
            if stat.S_IMODE(info.st_mode) != 0o600:
                os.fchmod(fd, 0o600)  # an older or hand-made file: make it private again
            if info.st_size and os.pread(fd, 1, info.st_size - 1) != b"\n":
                line = "\n" + line  # after a torn line: keep this entry on a line of its own
            os.write(fd, line.encode("utf-8"))
        finally:
            os.close(fd)

    def entries(self) -> Iterator[JournalEntry]:
        """Every readable entry, oldest first; unreadable lines are skipped."""
        try:
            handle = self.path.open(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return
        with handle:
            for line in handle:
                entry = _parse_line(line)
                if entry is not None:
                    yield entry

    def plans(self) -> list[JournaledPlan]:
        """Entries grouped by plan, oldest plan first."""
        grouped: dict[str, list[JournalEntry]] = {}
        for entry in self.entries():
            grouped.setdefault(entry.plan, []).append(entry)
        return [JournaledPlan(plan, tuple(entries)) for plan, entries in grouped.items()]

    def find_plan(self, plan_id: str) -> JournaledPlan | None:
        """A plan by its id, or by a unique prefix of it."""
        plans = self.plans()
        exact = [p for p in plans if p.plan == plan_id]
        if exact:
            return exact[0]
        prefixed = [p for p in plans if p.plan.startswith(plan_id)]
        return prefixed[0] if len(prefixed) == 1 else None

    def last_undoable(self) -> JournaledPlan | None:
        """The newest plan that is not itself an undo and has not been undone yet."""
        plans = self.plans()
        undone = {p.undoes for p in plans if p.undoes}
        for journaled in reversed(plans):
            if journaled.undoes is None and journaled.plan not in undone:
                return journaled
        return None

    def undone_by(self, plan_id: str) -> JournaledPlan | None:
        """The undo that already reversed `plan_id`, if any."""
        for journaled in self.plans():
            if journaled.undoes == plan_id:
                return journaled
        return None


def _parse_line(line: str) -> JournalEntry | None:
    text = line.strip()
    if not text:
        return None
    try:
        data = json.loads(text)
        if not isinstance(data, dict) or data.get("v") != JOURNAL_VERSION:
            return None
        return JournalEntry.from_json(data)
    except (ValueError, KeyError, TypeError):
        return None


def _json_default(value: Any) -> Any:
    """Dates and tuples from records become ISO text and lists."""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, tuple | set | frozenset):
        return list(value)
    raise TypeError(f"cannot journal a {type(value).__name__}")

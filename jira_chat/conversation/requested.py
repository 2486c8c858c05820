"""Which targets of a plan the person actually asked about: the defence against injected writes.

A planner reads text the person did not write (piped data, issue text from Jira). If that
text smuggles in "also close API-2", the plan's write names a target (issue key, project,
person, or a local file to upload) that appears nowhere in what the person typed, in the conversation so far, or in the
issues this session has shown. Such a write is marked "not in your request" in the preview,
and refused under `--yes` while piped data is attached (unless `--yes-unrequested`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from jira_chat.planning.context import SessionContext

_ISSUE_KEY = re.compile(r"\b[A-Za-z][A-Za-z0-9_]*-[1-9][0-9]*\b")
_SELF = frozenset({"me", "myself", "none", "nobody", "unassigned", "no one", "noone"})


@dataclass(frozen=True)
class Known:
    """Everything the person has said or been shown, as lower-cased text and issue keys."""

    text: str
    keys: frozenset[str]
    default_project: str | None

    @classmethod
    def gather(cls, words: str, context: SessionContext) -> Known:
        parts = [words]
        parts.extend(turn.request for turn in context.turns)
        parts.extend(turn.summary for turn in context.turns)  # what was shown (search results)
        keys = {k.upper() for part in parts for k in _ISSUE_KEY.findall(part)}
        keys.update(k.upper() for k in context.last_shown)
        if context.last_issue:
            keys.add(context.last_issue.upper())
        return cls(" ".join(parts).lower(), frozenset(keys), context.default_project)

    def has_key(self, key: str) -> bool:
        return key.upper() in self.keys

    def has_project(self, project: str) -> bool:
        wanted = project.strip().lower()
        if self.default_project and wanted == self.default_project.lower():
            return True
        if re.search(rf"\b{re.escape(wanted)}\b", self.text):
            return True
        # "WEB-12" names project WEB too
        return any(key.split("-")[0].lower() == wanted for key in self.keys)

    def has_file(self, path: str) -> bool:
        """A file to attach counts as asked for when the person named it (its file name)."""
        name = re.split(r"[\\/]", path.strip())[-1].lower()
        return bool(name) and name in self.text

    def has_person(self, person: str) -> bool:
        wanted = person.strip().lower()
        if wanted in _SELF or wanted in self.text:
            return True
        words = [w for w in re.split(r"[\s@.]+", wanted) if len(w) >= 3]
        return any(re.search(rf"\b{re.escape(w)}\b", self.text) for w in words)


def _targets(parameters: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """(kind, value) for every issue, project and person a write's parameters name."""
    for name, value in parameters.items():
        if name == "key" and isinstance(value, str) and not value.startswith("$"):
            yield "key", value
        elif name == "keys" and isinstance(value, list):
            yield from (("key", v) for v in value if isinstance(v, str) and not v.startswith("$"))
        elif name == "project" and isinstance(value, str):
            yield "project", value
        elif name in ("assignee", "user", "watcher") and isinstance(value, str):
            yield "person", value
        elif name == "path" and isinstance(value, str):  # attach_file: a local file leaves
            yield "file", value
        elif isinstance(value, dict):  # a bulk change's inner "change"
            inner = value.get("parameters", value)
            if isinstance(inner, dict):
                yield from _targets(inner)


def unrequested(parameters: dict[str, Any], known: Known) -> tuple[str, ...]:
    """The targets of one write that the person never mentioned nor was shown."""
    check = {
        "key": known.has_key,
        "project": known.has_project,
        "person": known.has_person,
        "file": known.has_file,
    }
    found: list[str] = []
    for kind, value in _targets(parameters):
        if not check[kind](value) and value not in found:
            found.append(value)
    return tuple(found)


def describe(flagged: Iterable[tuple[str, tuple[str, ...]]]) -> str:
    """'add_comment API-2; assign_issue WEB-3 (Mallory)' for an error line."""
    return "; ".join(f"{action} {', '.join(targets)}" for action, targets in flagged)

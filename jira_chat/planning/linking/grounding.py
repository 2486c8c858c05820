"""What the linker found in a request, for Gemini; and which JQL values match nothing.

The model is not sent the instance's users or labels wholesale (2,000 people would cost more
than the whole instruction may): it is sent the values the request's own words name, each
spelled as JQL needs it, so "bugs assigned to alice labelled security" arrives with
`assignee = "712020:…"` and `labels = security` already worked out. Ambiguous words are
sent with all their candidates and the instruction to ask.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from jira_chat.planning.linking.dates import parse_date_phrase
from jira_chat.planning.linking.linker import Linker, Reading, tokenize

if TYPE_CHECKING:
    from jira_chat.jira_access.records import InstanceMetadata

MAX_GROUNDED = 12  # lines at most: a long request cannot blow the instruction's budget
_JQL_FIELD = {
    "project": "project",
    "issue_type": "issuetype",
    "status": "status",
    "priority": "priority",
    "user": "assignee/reporter",
    "label": "labels",
    "component": "component",
    "sprint": "sprint",
    "version": "fixVersion",
    "epic": "parent",
}
_SPRINT_WORDS: dict[tuple[str, ...], str] = {
    ("current", "sprint"): "sprint in openSprints()",
    ("this", "sprint"): "sprint in openSprints()",
    ("active", "sprint"): "sprint in openSprints()",
    ("last", "sprint"): "the most recently closed sprint (sprint in closedSprints() holds all)",
    ("previous", "sprint"): "the most recently closed sprint (sprint in closedSprints() holds all)",
    ("next", "sprint"): "sprint in futureSprints()",
}
# The kinds the instruction already lists in full: linking them again would only cost room.
_LISTED = frozenset({"project", "issue_type", "status", "priority"})


def grounding_lines(text: str, metadata: InstanceMetadata | None, today: dt.date) -> list[str]:
    """One line per value the request names: `"alice": assignee/reporter = "712020:…"`."""
    if metadata is None:
        return []
    linker = Linker(metadata)
    tokens = tokenize(text)
    lines: list[str] = []
    index = 0
    while index < len(tokens) and len(lines) < MAX_GROUNDED:
        words = [t.low for t in tokens[index:]]
        date = parse_date_phrase(words, today)
        if date is not None and date[0] >= 1 and words[0] not in ("in", "on", "by"):
            used, found = date
            phrase = " ".join(t.text for t in tokens[index : index + used])
            lines.append(f'"{phrase}": {found.jql("<date field>")}')
            index += used
            continue
        sprint = _SPRINT_WORDS.get(tuple(words[:2]))
        if sprint is not None:
            lines.append(f'"{tokens[index].text} {tokens[index + 1].text}": {sprint}')
            index += 2
            continue
        span = linker.span_at(tokens, index, fuzzy=len(tokens[index].text) >= 5)
        if span is None:
            index += 1
            continue
        readings = [r for r in span.readings if r.kind not in _LISTED or r.how != "exact"]
        if readings:
            lines.append(_line(span.text, readings))
        index = span.end
    return lines


def _line(typed: str, readings: list[Reading]) -> str:
    described = [f"{_JQL_FIELD.get(r.kind, r.kind)} = {r.jql}" + _name(r) for r in readings]
    if len(readings) == 1:
        return f'"{typed}": {described[0]}'
    return f'"{typed}": ambiguous, ask which: ' + " | ".join(described)


def _name(reading: Reading) -> str:
    if reading.kind in ("user", "epic", "field") or reading.jql.strip('"') != reading.value:
        return f" ({reading.value})"
    return ""


_LABEL_RE = re.compile(
    r"\blabels\s*(?:=|in)\s*(?:\((?P<list>[^)]*)\)|(?P<one>\"(?:[^\"\\]|\\.)*\"|[^\s()]+))",
    re.IGNORECASE,
)


def unmatched_values(jql: str, metadata: InstanceMetadata | None) -> list[str]:
    """Labels a JQL names that jira-chat has never seen: why a search may have found nothing.

    Jira rejects an unknown project, status, type, priority, component or sprint outright;
    an unknown label is accepted and simply matches nothing, so labels are what to check.
    """
    if metadata is None or not metadata.labels:
        return []
    known = {label.lower() for label in metadata.labels}
    named: list[str] = []
    for match in _LABEL_RE.finditer(jql):
        values = match.group("list").split(",") if match.group("list") else [match.group("one")]
        named.extend(v.strip().strip('"').strip("'") for v in values if v.strip())
    return [value for value in named if value and value.lower() not in known]

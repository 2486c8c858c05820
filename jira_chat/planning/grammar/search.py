"""Searches as slot filling: each phrase of the request fills one slot, the slots make JQL.

A phrase is a linked value ("bugs" → issue type Bug, "alice" → Alice Nguyen) or one of the
few grammar phrases below ("assigned to X", "in the current sprint", "updated this week").
Slots compose freely, so "high priority bugs assigned to alice in API updated this week"
needs no pattern of its own. Every word must be understood: a word that fills no slot and
is not a filler word makes the whole request a refusal naming that word (never a search
that silently ignores part of what was asked).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from jira_chat.errors import AmbiguityError
from jira_chat.jira_access.names import no_project
from jira_chat.planning.grammar import fields
from jira_chat.planning.grammar.search_words import (
    ASSIGNED,
    COUNT,
    CURRENT_USER,
    DATE_FIELDS,
    DONE_WORDS,
    FILLER,
    IN_PROGRESS,
    ME,
    NOBODY,
    OPEN,
    OVERDUE,
    REPORTED,
    UNASSIGNED,
)
from jira_chat.planning.linking import Linker, Reading, Token, jql_quote, parse_date_phrase
from jira_chat.planning.references import Chooser


@dataclass
class Slots:
    """What the request asks for, one list per JQL field (values already JQL-spelled)."""

    project: list[str] = field(default_factory=list)
    issuetype: list[str] = field(default_factory=list)
    priority: list[str] = field(default_factory=list)
    assignee: list[str] = field(default_factory=list)
    reporter: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    component: list[str] = field(default_factory=list)
    fix_version: list[str] = field(default_factory=list)
    affected_version: list[str] = field(default_factory=list)
    custom: list[str] = field(default_factory=list)  # whole clauses: '"Story Points" > 3'
    sprint: list[str] = field(default_factory=list)
    parent: list[str] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)
    status: list[str] = field(default_factory=list)
    status_category: str | None = None  # "open" or "done"
    count: bool = False
    unknown: list[str] = field(default_factory=list)
    filled: int = 0  # how many slots were filled (0 means: not a search at all)

    def jql(self, default_project: str | None) -> str:
        clauses: list[str] = []
        projects = self.project or ([jql_quote(default_project)] if default_project else [])
        for name, values in (
            ("project", projects),
            ("issuetype", self.issuetype),
            ("priority", self.priority),
            ("assignee", self.assignee),
            ("reporter", self.reporter),
            ("labels", self.labels),
            ("component", self.component),
            ("fixVersion", self.fix_version),
            ("affectedVersion", self.affected_version),
            ("parent", self.parent),
        ):
            clauses.extend(_equals(name, values))
        clauses.extend(dict.fromkeys(self.custom))
        clauses.extend(self.sprint)
        clauses.extend(self.dates)
        clauses.extend(_equals("status", self.status))
        if self.status_category == "open":
            clauses.append("statusCategory != Done")
        elif self.status_category == "done":
            clauses.append("statusCategory = Done")
        order = "priority DESC, updated DESC" if self.issuetype == ["Bug"] else "updated DESC"
        return " AND ".join(clauses) + (" " if clauses else "") + f"ORDER BY {order}"


def _equals(name: str, values: list[str]) -> list[str]:
    unique = list(dict.fromkeys(values))
    if not unique:
        return []
    if unique == ["EMPTY"]:
        return [f"{name} is EMPTY"]
    if len(unique) == 1:
        return [f"{name} = {unique[0]}"]
    return [f"{name} in ({', '.join(unique)})"]


class SearchParser:
    """Fills `Slots` from tokens, left to right, longest phrase first."""

    def __init__(
        self, tokens: list[Token], linker: Linker, today: dt.date, choose: Chooser | None = None
    ) -> None:
        self.choose = choose
        self.tokens = [t for t in tokens if t.text not in ",?!.;"]
        self.words = [t.low for t in self.tokens]
        self.linker = linker
        self.today = today
        self.slots = Slots()
        self.pos = 0
        self.date_field: str | None = None  # set by "updated", "resolved"…, used by a date

    def parse(self) -> Slots:
        while self.pos < len(self.tokens):
            if not self._step():
                word = self.tokens[self.pos].text
                if self.words[self.pos] in FILLER or self.words[self.pos] in ("and", "or", "&"):
                    self.pos += 1
                    continue
                if self._typo():
                    continue
                self._unknown_project(word)
                self.slots.unknown.append(word)
                self.pos += 1
        return self.slots

    def _unknown_project(self, word: str) -> None:
        """ "open bugs in nope": where a project is expected, list the projects there are."""
        before = self.words[self.pos - 1] if self.pos else ""
        metadata = self.linker.metadata
        if metadata is None or before not in ("in", "project") or self.pos + 1 != len(self.words):
            return
        raise no_project(word, metadata.projects, hint="name a project by its key or its name")

    def _typo(self) -> bool:
        """Last resort for a word nothing else read: one clear fuzzy match ("secuirty")."""
        span = self.linker.span_at(self.tokens, self.pos, fuzzy=True)
        if span is None or len({(r.kind, r.value) for r in span.readings}) != 1:
            return False
        self._put(span.readings[0])
        return self.fill(span.end - self.pos)

    # --- helpers ---------------------------------------------------------------------------
    def _at(self, *phrases: tuple[str, ...], offset: int = 0) -> int:
        start = self.pos + offset
        for phrase in sorted(phrases, key=len, reverse=True):
            if tuple(self.words[start : start + len(phrase)]) == phrase:
                return len(phrase)
        return 0

    def fill(self, used: int) -> bool:
        self.pos += used
        self.slots.filled += 1
        return True

    # --- one phrase ------------------------------------------------------------------------
    def _step(self) -> bool:
        slots = self.slots
        if used := self._at(*COUNT):
            slots.count = True
            self.pos += used
            return True
        if used := self._at(*UNASSIGNED):
            slots.assignee = ["EMPTY"]
            return self.fill(used)
        if used := self._at(*OVERDUE):
            slots.dates.append("duedate < now()")
            slots.status_category = "open"
            return self.fill(used)
        if used := self._at(*IN_PROGRESS):
            return self._status_of_category("indeterminate", used)
        if self._people():
            return True
        if fields.version(self) or fields.custom_field(self):
            return True
        if self._sprint() or self._dates():
            return True
        if used := self._at(*OPEN):
            if self.words[self.pos] == "open" and self._next_is_key():
                return False
            slots.status_category = "open"
            return self.fill(used)
        if self._typed_value():
            return True
        word = self.words[self.pos]
        if word in DATE_FIELDS and self._date_field(word):
            return True
        if word in DONE_WORDS:
            slots.status_category = "done"
            return self.fill(1)
        return self._linked()

    def _next_is_key(self) -> bool:
        return self.pos + 1 < len(self.tokens) and self.tokens[self.pos + 1].is_key

    def _status_of_category(self, category: str, used: int) -> bool:
        metadata = self.linker.metadata
        names = [s.name for s in metadata.statuses if s.category == category] if metadata else []
        name = "In Progress" if "In Progress" in names or not names else names[0]
        self.slots.status.append(jql_quote(name))
        return self.fill(used)

    def _people(self) -> bool:
        """my / I reported / assigned to X / reported by X / X's."""
        slots, words, pos = self.slots, self.words, self.pos
        word = words[pos]
        if word in ("my", "mine"):
            slots.assignee.append(CURRENT_USER)
            return self.fill(1)
        if word == "i" or (word == "am" and self._at(("am", "i"))):
            used = 2 if word == "am" else 1
            after = words[pos + used] if pos + used < len(words) else ""
            if after in ("reported", "created", "filed", "raised", "opened"):
                slots.reporter.append(CURRENT_USER)
                return self.fill(used + 1)
            slots.assignee.append(CURRENT_USER)
            return self.fill(used)
        for phrases, target in ((ASSIGNED, slots.assignee), (REPORTED, slots.reporter)):
            if used := self._at(*[p if isinstance(p, tuple) else (p,) for p in phrases]):
                taken = self._person_at(self.pos + used)
                if taken is None:
                    return False
                value, size = taken
                target.append(value)
                return self.fill(used + size)
        if word.endswith("'s"):
            readings = self.linker.lookup(word[:-2], ("user",))
            if readings:
                self.slots.assignee.append(self._one_user(word[:-2], readings))
                return self.fill(1)
        return False

    def _person_at(self, index: int) -> tuple[str, int] | None:
        if index >= len(self.tokens):
            return None
        word = self.words[index]
        if word in ME:
            return CURRENT_USER, 1
        if word in NOBODY or self.words[index : index + 2] == ["no", "one"]:
            return "EMPTY", 2 if word == "no" else 1
        span = self.linker.span_at(self.tokens, index, kinds=("user",), fuzzy=True)
        if span is not None:
            return self._one_user(span.text, list(span.readings)), span.end - index
        token = self.tokens[index]
        metadata = self.linker.metadata
        beyond_cache = metadata is None or not metadata.users_complete
        if "@" in token.text or token.quoted or (beyond_cache and token.low not in FILLER):
            # Not among the cached users (the cache is capped): as typed; Jira matches it.
            return jql_quote(token.text), 1
        return None

    def _one_user(self, typed: str, readings: list[Reading]) -> str:
        if len(readings) == 1:
            return readings[0].jql
        names = [r.value for r in readings]
        if self.choose is not None:
            answer = self.choose(f"'{typed}' matches more than one person; which one?", names)
            if answer in names:
                return readings[names.index(answer)].jql
        raise AmbiguityError(
            f"'{typed}' matches more than one person: {', '.join(names)}",
            choices=names,
            hint="use the full name or the email address",
        )

    def _sprint(self) -> bool:
        words, slots = self.words, self.slots
        lead = self._at(("the",), ("this",), ("current",), ("active",), ("open",))
        if self._at(("current", "sprint"), ("this", "sprint"), ("active", "sprint"),
                    ("open", "sprint"), ("the", "current", "sprint"), ("the", "active", "sprint"),
                    ("this", "sprint's")):  # fmt: skip
            used = self._at(("the", "current", "sprint"), ("the", "active", "sprint"),
                            ("current", "sprint"), ("this", "sprint"), ("active", "sprint"),
                            ("open", "sprint"), ("this", "sprint's"))  # fmt: skip
            slots.sprint.append("sprint in openSprints()")
            return self.fill(used)
        if used := self._at(("last", "sprint"), ("the", "last", "sprint"), ("previous", "sprint"),
                            ("the", "previous", "sprint")):  # fmt: skip
            names = self._last_closed_sprints()
            if not names:
                slots.sprint.append("sprint in closedSprints()")
            else:
                slots.sprint.append(_equals("sprint", [jql_quote(n) for n in names])[0])
            return self.fill(used)
        if used := self._at(("next", "sprint"), ("the", "next", "sprint")):
            slots.sprint.append("sprint in futureSprints()")
            return self.fill(used)
        del lead
        start = self.pos + (1 if words[self.pos] == "sprint" else 0)
        span = self.linker.span_at(self.tokens, start, kinds=("sprint",))
        if span is not None:
            slots.sprint.append(f"sprint = {span.readings[0].jql}")
            return self.fill(span.end - self.pos)
        return False

    def _last_closed_sprints(self) -> list[str]:
        """The most recently closed sprint of each board (of the named project, if any)."""
        metadata = self.linker.metadata
        if metadata is None:
            return []
        latest: dict[str | None, tuple[str, str]] = {}
        for sprint in metadata.sprints:
            if sprint.state != "closed":
                continue
            seen = latest.get(sprint.project)
            if seen is None or (sprint.end or "") > seen[0]:
                latest[sprint.project] = (sprint.end or "", sprint.name)
        return [name for _, name in latest.values()]

    def _date_field(self, word: str) -> bool:
        """ "updated", "resolved"… followed by a date phrase: a range on that field."""
        found = parse_date_phrase(self.words[self.pos + 1 :], self.today)
        if found is None:
            if self.pos + 1 < len(self.words) and self.words[self.pos + 1] in ("in", "since"):
                found = parse_date_phrase(self.words[self.pos + 1 :], self.today)
            if found is None:
                if word in ("new", "fresh"):  # "fresh issues from the last week"
                    self.date_field = "created"
                    self.pos += 1
                    return True
                return False
        used, date_range = found
        self.slots.dates.append(date_range.jql(DATE_FIELDS[word]))
        return self.fill(1 + used)

    def _dates(self) -> bool:
        """A date phrase alone: on the field named before ("what did I resolve last week")."""
        skip = 1 if self.words[self.pos] in ("from", "during") else 0
        found = parse_date_phrase(self.words[self.pos + skip :], self.today)
        if found is None:
            return False
        used, date_range = found
        field_name = self.date_field or self._verb_field() or "updated"
        self.slots.dates.append(date_range.jql(field_name))
        return self.fill(skip + used)

    def _verb_field(self) -> str | None:
        """A done-word earlier in the request ("what did I resolve …") dates the resolution."""
        for word in self.words[: self.pos]:
            if word in DONE_WORDS:
                if self.slots.status_category == "done":
                    self.slots.status_category = None
                return "resolved"
        return None

    def _typed_value(self) -> bool:
        """ "priority high", "high priority", "label x", "component y", "type bug", "epic z"."""
        words, pos = self.words, self.pos
        kind_words = {
            "priority": "priority", "label": "label", "labels": "label", "labelled": "label",
            "labeled": "label", "tagged": "label", "tag": "label", "component": "component",
            "components": "component", "type": "issue_type", "status": "status",
            "epic": "epic", "sprint": "sprint", "project": "project",
        }  # fmt: skip
        lead = 0
        if words[pos] in ("with", "of", "has", "in") and pos + 1 < len(words):
            lead = 1
            if words[pos + 1] in ("the", "a", "an", "issue") and pos + 2 < len(words):
                lead = 2
        if pos + lead < len(words) and words[pos + lead] in kind_words:
            kind = kind_words[words[pos + lead]]
            value_at = pos + lead + 1
            if value_at < len(words) and words[value_at] in ("is", "=", "of", "as"):
                value_at += 1
            if self._value(kind, value_at):
                return True
        return False

    def _value(self, kind: str, index: int) -> bool:
        span = self.linker.span_at(self.tokens, index, kinds=(kind,), fuzzy=True)
        if span is None:
            if kind == "label" and index < len(self.tokens):  # labels beyond the cache
                self.slots.labels.append(jql_quote(self.tokens[index].text))
                return self.fill(index + 1 - self.pos)
            return False
        readings = list(span.readings)
        if len({r.value for r in readings}) > 1:
            raise _ambiguous(span.text, readings)
        self._put(readings[0])
        return self.fill(span.end - self.pos)

    def _linked(self) -> bool:
        """A bare value: "bugs", "WEB", "In Review", "payments", "alice", "High"."""
        span = self.linker.span_at(self.tokens, self.pos, fuzzy=False)
        if span is None:
            return False
        readings = [r for r in span.readings if r.how == "exact" or r.kind in ("status",)]
        after = self.words[span.end] if span.end < len(self.words) else ""
        before = self.words[self.pos - 1] if self.pos > 0 else ""
        if not readings:  # a partial word counts for a project only where one is expected
            readings = [
                r for r in span.readings
                if (r.kind == "project" and (after == "project" or before in ("in", "of", "for", "from")))
                or (r.kind == "component" and after in ("component", "area"))
            ]  # fmt: skip
        if after in ("component", "area"):
            readings = [r for r in readings if r.kind == "component"] or readings
        if after == "priority":
            readings = [r for r in readings if r.kind == "priority"] or readings
        if after == "project":
            readings = [r for r in readings if r.kind == "project"] or readings
        if after == "epic":
            readings = [r for r in readings if r.kind == "epic"] or readings
        if not readings:
            return False
        kinds = {r.kind for r in readings}
        if len(readings) > 1 and not (kinds == {"user"} or len(kinds) == len(readings)):
            raise _ambiguous(span.text, readings)
        if len(kinds) > 1:
            raise _ambiguous(span.text, readings)
        if kinds == {"user"}:
            self.slots.assignee.append(self._one_user(span.text, readings))
        else:
            self._put(readings[0])
        extra = 1 if after in ("component", "area", "priority", "project", "label") else 0
        extra = 1 if after == "epic" and kinds == {"epic"} else extra
        return self.fill(span.end - self.pos + extra)

    def _put(self, reading: Reading) -> None:
        target = {
            "project": self.slots.project,
            "issue_type": self.slots.issuetype,
            "status": self.slots.status,
            "priority": self.slots.priority,
            "label": self.slots.labels,
            "component": self.slots.component,
            "user": self.slots.assignee,
            "epic": self.slots.parent,
        }.get(reading.kind)
        if reading.kind == "sprint":
            self.slots.sprint.append(f"sprint = {reading.jql}")
        elif reading.kind == "version":  # a bare version ("tickets in 2.0"): what it fixes
            self.slots.fix_version.append(reading.jql)
        elif target is None:  # a custom field's name with no value: a half-understood search
            self.slots.unknown.append(reading.value)
        else:
            target.append(reading.jql)


def _ambiguous(typed: str, readings: list[Reading]) -> AmbiguityError:
    labels = [f"{r.kind.replace('_', ' ')} {r.value}" for r in readings]
    return AmbiguityError(
        f"'{typed}' could mean: {'; '.join(labels)}",
        choices=[r.value for r in readings],
        hint="say which, e.g. 'label x' or 'component x', or use the full name",
    )

"""The entity linker: which of the instance's values the words of a request name.

Both planners use it: the offline planner builds its plan from the values found, and the
Gemini planner puts them, spelled as JQL needs them, into the model's instruction.

Matching, in order (each later step only for words the earlier ones left):
1. exact: a key, a name, a plural or a stated synonym ("bugs", "defects" → Bug), any case;
2. partial: one whole word of a longer name that no other name of that kind shares
   ("progress" → In Progress, "review" → In Review, "storefront" → WEB);
3. fuzzy: rapidfuzz's `ratio` of at least FUZZY_THRESHOLD ("secuirty" → security), for
   words of MIN_FUZZY_LENGTH letters or more.
A match below the threshold is never taken. Candidates within AMBIGUITY_MARGIN points of
the best are all kept: the caller shows them and never picks one ("alex" → Alex Morgan or
Alex Chen).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rapidfuzz import fuzz, process

if TYPE_CHECKING:
    from jira_chat.jira_access.records import InstanceMetadata

FUZZY_THRESHOLD = 85.0
PARTIAL_SCORE = 90.0
AMBIGUITY_MARGIN = 5.0
MIN_FUZZY_LENGTH = 5
MAX_PHRASE_WORDS = 5

KINDS = (
    "project", "issue_type", "status", "priority", "user", "label", "component", "sprint",
    "version", "epic", "field",
)  # fmt: skip

# Synonyms people use for the standard names, applied only when the instance has the name.
_SYNONYMS: dict[str, tuple[str, ...]] = {
    "bug": ("bugs", "defect", "defects", "problem", "problems"),
    "story": ("stories",),
    "task": ("tasks",),
    "epic": ("epics",),
    "sub-task": ("sub-tasks", "subtask", "subtasks", "sub task", "sub tasks"),
    "to do": ("todo", "to-do"),
    "in progress": ("in-progress",),
    "highest": ("urgent", "critical", "blocker", "top"),
}
# Words too common to be taken as a partial name or a typo of one.
_NEVER_PARTIAL = frozenset({"in", "the", "to", "of", "a", "an", "and", "for", "on", "do"})

_TOKEN_RE = re.compile(
    r"\"(?P<dq>[^\"]*)\"|“(?P<cq>[^”]*)”"  # quoted text is one token
    r"|(?P<key>[A-Za-z][A-Za-z0-9_]*-[1-9][0-9]*)\b"
    r"|(?P<email>[\w.+-]+@[\w-]+(?:\.[\w-]+)+)"
    r"|(?P<word>[\w][\w./-]*(?:'[a-z]+)?|#\d+)"
    r"|(?P<op>[<>!]=|[<>=])"  # kept (before "!"), so "points > 3" never reads "points 3"
    r"|(?P<punct>[,:;?!.])",
    re.IGNORECASE,
)
ISSUE_KEY_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_]*-[1-9][0-9]*$")


@dataclass(frozen=True)
class Token:
    """One word of the request; `start`/`end` are character offsets into the text."""

    text: str
    start: int
    end: int
    quoted: bool = False

    @property
    def low(self) -> str:
        return self.text.lower()

    @property
    def is_key(self) -> bool:
        return not self.quoted and bool(ISSUE_KEY_RE.match(self.text))


@dataclass(frozen=True)
class Reading:
    """One thing a phrase may name: its kind, its name, and how JQL spells it."""

    kind: str
    value: str
    jql: str
    how: str = "exact"  # exact, partial or fuzzy
    score: float = 100.0
    project: str | None = None  # a component's, sprint's or version's project


@dataclass(frozen=True)
class Span:
    """Tokens [start, end) that name instance values; several readings = ambiguous."""

    start: int
    end: int
    text: str
    readings: tuple[Reading, ...]

    def of(self, *kinds: str) -> list[Reading]:
        return [r for r in self.readings if r.kind in kinds]


def tokenize(text: str) -> list[Token]:
    tokens = []
    for match in _TOKEN_RE.finditer(text):
        quoted = match.group("dq") if match.group("dq") is not None else match.group("cq")
        if quoted is not None:
            tokens.append(Token(quoted.strip(), match.start(), match.end(), quoted=True))
        else:
            tokens.append(Token(match.group(0), match.start(), match.end()))
    return tokens


def jql_quote(value: str) -> str:
    """A JQL value: bare when it is one plain word, else double-quoted and escaped."""
    if re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", value) and value.lower() not in _JQL_RESERVED:
        return value
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


_JQL_RESERVED = frozenset({"and", "or", "not", "in", "is", "empty", "null", "order", "by"})


@dataclass
class Vocabulary:
    """Every name of the instance, by lower-cased phrase, plus the partial-word index."""

    exact: dict[str, list[Reading]] = field(default_factory=dict)
    partial: dict[str, list[Reading]] = field(default_factory=dict)
    names: dict[str, list[tuple[str, Reading]]] = field(default_factory=dict)  # kind → names

    def add(self, phrase: str, reading: Reading, *, partial_words: bool = False) -> None:
        key = " ".join(phrase.lower().split())
        if not key:
            return
        bucket = self.exact.setdefault(key, [])
        if reading not in bucket:
            bucket.append(reading)
        self.names.setdefault(reading.kind, []).append((key, reading))
        if partial_words and " " in key:
            for word in key.split():
                if word not in _NEVER_PARTIAL and len(word) >= 3:
                    loose = Reading(
                        reading.kind, reading.value, reading.jql, "partial", PARTIAL_SCORE,
                        reading.project,
                    )  # fmt: skip
                    self.partial.setdefault(word, []).append(loose)


def build_vocabulary(metadata: InstanceMetadata) -> Vocabulary:
    vocab = Vocabulary()
    for project in metadata.projects:
        reading = Reading("project", project.key, jql_quote(project.key))
        vocab.add(project.key, reading)
        vocab.add(project.name, reading, partial_words=True)
        for component in project.components:
            vocab.add(
                component,
                Reading("component", component, jql_quote(component), project=project.key),
                partial_words=True,
            )
    for name in metadata.issue_types:
        _with_synonyms(vocab, name, Reading("issue_type", name, jql_quote(name)))
    for status in metadata.statuses:
        reading = Reading("status", status.name, jql_quote(status.name))
        _with_synonyms(vocab, status.name, reading, partial_words=True)
    for name in metadata.priorities:
        _with_synonyms(vocab, name, Reading("priority", name, jql_quote(name)))
    for label in metadata.labels:
        vocab.add(label, Reading("label", label, jql_quote(label)))
    for user in metadata.users:
        reading = Reading("user", user.display_name, jql_quote(user.ident))
        vocab.add(user.display_name, reading)
        if user.email:
            vocab.add(user.email, reading)
        for word in user.display_name.split():
            if len(word) >= 3:
                vocab.add(word, reading)
    for sprint in metadata.sprints:
        vocab.add(
            sprint.name,
            Reading("sprint", sprint.name, jql_quote(sprint.name), project=sprint.project),
        )
    for version in metadata.versions:
        vocab.add(
            version.name,
            Reading("version", version.name, jql_quote(version.name), project=version.project),
        )
    for epic in metadata.epics:
        vocab.add(epic.name, Reading("epic", epic.name, epic.ident, project=epic.project))
    for custom in metadata.custom_fields:
        vocab.add(custom.name, Reading("field", custom.name, custom.ident))
    return vocab


def _with_synonyms(vocab: Vocabulary, name: str, reading: Reading, **kwargs: bool) -> None:
    vocab.add(name, reading, **kwargs)
    low = name.lower()
    if " " in low:
        vocab.add(low.replace(" ", "-"), reading)  # "in-review", "to-do"
    if low.endswith("s"):
        pass
    elif low.endswith("y"):
        vocab.add(low[:-1] + "ies", reading)
    else:
        vocab.add(low + "s", reading)
    for synonym in _SYNONYMS.get(low, ()):
        vocab.add(synonym, reading)


class Linker:
    """Finds instance values in tokens. Built once per request from the metadata."""

    def __init__(self, metadata: InstanceMetadata | None) -> None:
        self.metadata = metadata
        self.vocab = build_vocabulary(metadata) if metadata is not None else Vocabulary()

    def exact(self, phrase: str, kinds: tuple[str, ...] = KINDS) -> list[Reading]:
        return [r for r in self.vocab.exact.get(_norm(phrase), []) if r.kind in kinds]

    def lookup(self, phrase: str, kinds: tuple[str, ...] = KINDS) -> list[Reading]:
        """Readings of `phrase` among `kinds`: exact, else partial, else fuzzy; the best ones."""
        found = self.exact(phrase, kinds)
        if found:
            return _distinct(found)
        key = _norm(phrase)
        partial = [r for r in self.vocab.partial.get(key, []) if r.kind in kinds]
        if partial:
            return _distinct(partial)
        return self.fuzzy(key, kinds)

    def fuzzy(self, phrase: str, kinds: tuple[str, ...]) -> list[Reading]:
        if len(phrase.replace(" ", "")) < MIN_FUZZY_LENGTH:
            return []
        choices = [(name, r) for kind in kinds for name, r in self.vocab.names.get(kind, [])]
        choices += [
            (word, r) for word, readings in self.vocab.partial.items() for r in readings
            if r.kind in kinds and len(readings) == 1
        ]  # fmt: skip
        if not choices:
            return []
        scored = process.extract(
            phrase,
            [name for name, _ in choices],
            scorer=fuzz.ratio,
            score_cutoff=FUZZY_THRESHOLD,
            limit=10,
        )
        if not scored:
            return []
        best = scored[0][1]
        kept = [
            Reading(r.kind, r.value, r.jql, "fuzzy", score, r.project)
            for _, score, index in scored
            if score >= best - AMBIGUITY_MARGIN
            for r in [choices[index][1]]
        ]
        return _distinct(kept)

    def spans(self, tokens: list[Token], *, fuzzy: bool = False) -> dict[int, Span]:
        """Longest exact phrases (and partial words) at each position, by start index."""
        found: dict[int, Span] = {}
        index = 0
        while index < len(tokens):
            span = self.span_at(tokens, index, fuzzy=fuzzy)
            if span is None:
                index += 1
                continue
            found[index] = span
            index = span.end
        return found

    def span_at(
        self,
        tokens: list[Token],
        index: int,
        *,
        kinds: tuple[str, ...] = KINDS,
        fuzzy: bool = False,
    ) -> Span | None:
        """The longest phrase starting at `index` that names something of `kinds`."""
        limit = min(len(tokens), index + MAX_PHRASE_WORDS)
        for end in range(limit, index, -1):
            words = tokens[index:end]
            if any(t.text in ",:;?!." for t in words):
                continue
            phrase = " ".join(t.text for t in words)
            readings = self.exact(phrase, kinds)
            if not readings and end == index + 1:
                readings = [r for r in self.vocab.partial.get(_norm(phrase), []) if r.kind in kinds]
                if not readings and (fuzzy or words[0].quoted):
                    readings = self.fuzzy(_norm(phrase), kinds)
            if readings:
                return Span(index, end, phrase, tuple(_distinct(readings)))
        return None


def _norm(phrase: str) -> str:
    return " ".join(phrase.lower().split())


def _distinct(readings: list[Reading]) -> list[Reading]:
    seen: dict[tuple[str, str], Reading] = {}
    for reading in readings:
        seen.setdefault((reading.kind, reading.value), reading)
    return list(seen.values())

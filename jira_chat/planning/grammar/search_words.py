"""The fixed words of the search grammar: filler, and the phrases that fill a slot by themselves.

Kept apart from the parser (grammar/search) so the word lists can grow without the parser
growing; every phrase here is a tuple of lower-cased words, matched longest first.
"""

from __future__ import annotations

CURRENT_USER = "currentUser()"

FILLER = frozenset(
    [
        "show",
        "list",
        "find",
        "get",
        "display",
        "give",
        "me",
        "all",
        "the",
        "a",
        "an",
        "any",
        "anything",
        "everything",
        "issues",
        "issue",
        "tickets",
        "ticket",
        "items",
        "item",
        "things",
        "thing",
        "stuff",
        "work",
        "jobs",
        "job",
        "what",
        "which",
        "whats",
        "what's",
        "are",
        "is",
        "was",
        "were",
        "that",
        "there",
        "please",
        "with",
        "in",
        "of",
        "for",
        "on",
        "from",
        "project",
        "projects",
        "currently",
        "right",
        "now",
        "has",
        "have",
        "his",
        "her",
        "their",
        "plate",
        "doing",
        "related",
        "still",
        "being",
        "been",
        "ones",
        "do",
        "does",
        "did",
        "we",
        "our",
        "us",
        "team",
        "here",
        "some",
        "just",
        "only",
        "also",
        "within",
        "inside",
        "under",
        "whose",
        "who",
        "whom",
        "where",
        "it",
        "its",
        "by",
        "to",
        "at",
        "been",
        "got",
        "having",
        "waiting",
        "awaiting",
    ]
)
COUNT = (("how", "many"), ("number", "of"), ("count",), ("total",))
OPEN = (
    ("not", "done"), ("not", "finished"), ("not", "closed"), ("not", "resolved"),
    ("aren't", "finished"), ("aren't", "done"), ("are", "not", "done"), ("isn't", "done"),
    ("have", "to", "finish"), ("to", "finish"), ("open",), ("unresolved",), ("pending",),
    ("outstanding",), ("unfinished",), ("remaining",), ("unclosed",), ("active",),
)  # fmt: skip
DONE_WORDS = frozenset({"done", "completed", "finished", "closed", "resolved", "resolve",
                         "finish", "complete", "close", "fixed"})  # fmt: skip
UNASSIGNED = (
    ("unassigned",), ("no", "owner"), ("no", "assignee"), ("without", "an", "assignee"),
    ("without", "assignee"), ("nobody", "owns"), ("nobody", "is", "assigned", "to"),
    ("no", "one", "owns"), ("nobody", "assigned"), ("not", "assigned"), ("nobody", "has"),
)  # fmt: skip
IN_PROGRESS = (("working", "on"), ("being", "worked", "on"), ("in", "work"), ("wip",))
OVERDUE = (("overdue",), ("late",), ("past", "due"), ("past", "their", "due", "date"))
DATE_FIELDS = {
    "updated": "updated", "changed": "updated", "touched": "updated", "modified": "updated",
    "edited": "updated", "created": "created", "new": "created", "fresh": "created",
    "opened": "created", "filed": "created", "raised": "created", "reported": "created",
    "resolved": "resolved", "resolve": "resolved", "finished": "resolved", "finish": "resolved",
    "completed": "resolved", "closed": "resolved", "done": "resolved", "fixed": "resolved",
    "due": "duedate",
}  # fmt: skip
ASSIGNED = (
    ("assigned", "to"),
    ("owned", "by"),
    ("belonging", "to"),
    ("assignee"),
)
REPORTED = (("reported", "by"), ("created", "by"), ("raised", "by"), ("filed", "by"),
             ("reporter",))  # fmt: skip
ME = frozenset({"me", "myself", "i", "mine", "my"})
NOBODY = frozenset({"nobody", "noone", "none", "unassigned"})

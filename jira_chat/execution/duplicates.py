"""The duplicate check before a create: one search of the project's open issues, then local
similarity (rapidfuzz), so that the preview can say "WEB-31 looks the same (96%)".

Jira's text search finds candidates that share a word with the new summary (recall); the
similarity score decides which of them are shown (precision). Nothing is ever blocked: the
person decides, having seen the list.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from jira_chat.jira_access.records import IssueRecord

if TYPE_CHECKING:
    from jira_chat.jira_access.service import JiraService

MAX_SHOWN = 3
MIN_SIMILARITY = 75  # percent; below this, summaries that share a word are not "the same"
CANDIDATES = 50  # issues read from the one search
_MAX_WORDS = 8  # the longest words carry the meaning and keep the JQL short
_WORD = re.compile(r"[^\W_]{3,}", re.UNICODE)  # letters/digits only: nothing Lucene reads
_STOP_WORDS = frozenset(
    [
        "the",
        "and",
        "for",
        "with",
        "when",
        "from",
        "into",
        "that",
        "this",
        "not",
        "are",
        "was",
        "but",
        "can",
        "does",
        "has",
        "have",
        "after",
        "before",
        "while",
        "then",
        "than",
        "its",
        "our",
        "your",
        "their",
        "all",
        "any",
    ]
)


@dataclass(frozen=True)
class PossibleDuplicate:
    key: str
    summary: str
    status: str
    similarity: int  # percent, 0-100
    url: str

    def as_json(self) -> dict[str, object]:
        return {
            "key": self.key,
            "summary": self.summary,
            "status": self.status,
            "similarity": self.similarity,
            "url": self.url,
        }


def search_words(summary: str) -> list[str]:
    """The words worth searching for: no stop words, no punctuation, longest first."""
    words = dict.fromkeys(w.lower() for w in _WORD.findall(summary))
    kept = [w for w in words if w not in _STOP_WORDS]
    return sorted(kept, key=len, reverse=True)[:_MAX_WORDS]


def duplicate_jql(project_key: str, summary: str) -> str | None:
    """Open issues of the project whose summary shares a word with `summary`; None when
    the summary has no searchable word."""
    words = search_words(summary)
    if not words:
        return None
    any_word = " OR ".join(f'summary ~ "{word}"' for word in words)
    return f'project = "{project_key}" AND statusCategory != Done AND ({any_word})'


def similarity(a: str, b: str) -> int:
    """Mean of token-sort and token-set ratios: word order does not matter, and a summary
    that merely contains a short one ("Login") is not scored as identical to it."""
    from rapidfuzz import fuzz, utils

    sort = fuzz.token_sort_ratio(a, b, processor=utils.default_process)
    subset = fuzz.token_set_ratio(a, b, processor=utils.default_process)
    return round((sort + subset) / 2)


def rank(summary: str, issues: Iterable[IssueRecord]) -> list[PossibleDuplicate]:
    """The (at most three) most similar issues at or above MIN_SIMILARITY, best first."""
    scored = [
        PossibleDuplicate(i.key, i.summary, i.status, similarity(summary, i.summary), i.url)
        for i in issues
    ]
    close = [d for d in scored if d.similarity >= MIN_SIMILARITY]
    close.sort(key=lambda d: (-d.similarity, d.key))
    return close[:MAX_SHOWN]


def find_duplicates(
    service: JiraService, project_key: str, summary: str
) -> list[PossibleDuplicate]:
    """One request. A failed search costs the check, never the create: it returns []."""
    from jira_chat.errors import JiraChatError

    jql = duplicate_jql(project_key, summary)
    if jql is None:
        return []
    try:
        candidates = service.first_page(jql, limit=CANDIDATES)
    except JiraChatError:
        return []
    return rank(summary, candidates)

"""The `~` and `!~` operators as SQL LIKE: a case-insensitive contains-match per word.

Jira runs these through Lucene (stemming, word boundaries). The sandbox approximates that:
every word of the query must occur somewhere in the field, in any order and case; `*` and
`?` are wildcards; a phrase in inner quotes (`summary ~ "\\"full screen\\""`) must occur as
written. `text` searches summary, description and comments together.
"""

from __future__ import annotations

from .errors import JqlError
from .nodes import Clause

Fragment = tuple[str, list[object]]
_LIKE = "LIKE ? ESCAPE '\\'"
_EDGE_PUNCTUATION = ".,;:!()[]{}\"'"


def _pattern(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return "%" + escaped.replace("*", "%").replace("?", "_") + "%"


def search_terms(text: str, field_name: str) -> list[str]:
    """LIKE patterns for the words (or the one quoted phrase) of a `~` query."""
    stripped = text.strip()
    if len(stripped) >= 2 and stripped[0] == stripped[-1] == '"':
        words = [stripped[1:-1].strip()]
    else:
        words = [word.strip(_EDGE_PUNCTUATION) for word in stripped.split()]
    words = [word for word in words if word]
    if not words:
        raise JqlError(f"The field '{field_name}' does not support searching for an empty string.")
    for word in words:
        if word[0] in "*?":
            raise JqlError(
                f"The text query '{text}' for field '{field_name}' is not allowed to start "
                "with a wildcard character."
            )
    return [_pattern(word) for word in words]


def contains_sql(kind: str, column: str, text: str, clause: Clause) -> Fragment:
    """SQL for `field ~ text` / `field !~ text` on summary/description, comment or text."""
    patterns: list[object] = list(search_terms(text, clause.field.name))
    negative = clause.operator == "!~"
    if kind == "comment":
        matches = " AND ".join(f"c.body {_LIKE}" for _ in patterns)
        matching = f"EXISTS (SELECT 1 FROM comments AS c WHERE c.issue_id = i.id AND {matches})"
        if not negative:
            return matching, patterns
        any_comment = "EXISTS (SELECT 1 FROM comments AS c WHERE c.issue_id = i.id)"
        return f"({any_comment} AND NOT {matching})", patterns
    if kind == "text":
        per_term = (
            f"(i.summary {_LIKE} OR i.description {_LIKE} OR EXISTS (SELECT 1 FROM comments "
            f"AS c WHERE c.issue_id = i.id AND c.body {_LIKE}))"
        )
        params = [pattern for pattern in patterns for _ in range(3)]
        return "(" + " AND ".join(per_term for _ in patterns) + ")", params
    matching = "(" + " AND ".join(f"{column} {_LIKE}" for _ in patterns) + ")"
    if not negative:
        return matching, patterns
    return f"({column} IS NOT NULL AND {column} <> '' AND NOT {matching})", patterns

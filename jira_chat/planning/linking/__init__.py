"""The entity linker shared by the offline and the Gemini planner (see `linker`)."""

from jira_chat.planning.linking.dates import DateRange, parse_date_phrase
from jira_chat.planning.linking.linker import (
    AMBIGUITY_MARGIN,
    FUZZY_THRESHOLD,
    Linker,
    Reading,
    Span,
    Token,
    jql_quote,
    tokenize,
)

__all__ = [
    "AMBIGUITY_MARGIN",
    "FUZZY_THRESHOLD",
    "DateRange",
    "Linker",
    "Reading",
    "Span",
    "Token",
    "jql_quote",
    "parse_date_phrase",
    "tokenize",
]

"""The sandbox's JQL engine: a Lark grammar for Jira's query language, compiled to SQLite SQL.

Public API:
  compile_jql(jql, conn, *, current_user_id, now) -> CompiledQuery(where, params, order_by)
      The server runs `SELECT i.id FROM issues AS i WHERE {where} ORDER BY {order_by} ...`.
  parse_jql(jql) -> nodes.Query
      The syntax tree; `Query.to_structure()` is Jira's `jql/parse` `structure` JSON.
  JqlError(messages)
      Invalid or unsupported JQL; `messages` are Jira-worded, for `errorMessages` with 400.
  preload()
      Optional: build the parser at server start instead of on the first query.

Lark is imported only when the first query is parsed, so importing this package is cheap.
Module map: grammar.lark + parser.py (text -> tree), nodes.py (the tree), fields.py (field
table), lookups.py (names -> ids), functions.py (currentUser(), startOfWeek()...), dates.py
(periods and calendars), text_search.py (`~`), compiler.py (tree -> SQL).
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

from .compiler import TOO_DEEP, CompiledQuery, compile_query
from .errors import JqlError
from .nodes import Query
from .parser import parse_jql as _parse

__all__ = ["CompiledQuery", "JqlError", "compile_jql", "parse_jql", "preload"]


def preload() -> None:
    """Build the Lark parser now (~50 ms, once per process) so the first search is fast."""
    parse_jql("")


def parse_jql(jql: str) -> Query:
    """Parse JQL into a `nodes.Query`; JqlError for syntax errors and history searches."""
    try:
        return _parse(jql)
    except RecursionError:
        raise JqlError(TOO_DEEP) from None


def compile_jql(
    jql: str, conn: sqlite3.Connection, *, current_user_id: int | None, now: datetime
) -> CompiledQuery:
    """Parse and compile `jql` against the names in `conn`; JqlError lists every problem.

    `now` should be an aware UTC datetime (a naive one is read as UTC); relative dates and
    date functions are computed from it.
    SQLite errors raised by name lookups are reported as JqlError too, never leaked.
    """
    query = parse_jql(jql)
    now = now.replace(tzinfo=UTC) if now.tzinfo is None else now.astimezone(UTC)
    try:
        return compile_query(query, conn, current_user_id=current_user_id, now=now)
    except RecursionError:
        raise JqlError(TOO_DEEP) from None
    except (OverflowError, ValueError):
        raise JqlError("A value in the query is out of the range the sandbox supports.") from None
    except sqlite3.Error as error:
        raise JqlError(f"The query could not be run against the sandbox: {error}") from None

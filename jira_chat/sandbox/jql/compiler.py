"""Syntax tree -> SQL over `issues AS i`: a WHERE expression, its parameters and an ORDER BY.

Names are resolved to ids up front (lookups.py) and functions evaluated (functions.py), so
the SQL compares indexed columns with bound parameters. Multi-valued fields (labels,
components, sprints, watchers) become `i.id IN (SELECT issue_id ...)` subqueries, which
SQLite evaluates once per query; comment text uses a correlated EXISTS instead, so that the
other, indexed clauses narrow the issues before any LIKE runs (text_search.py).

Semantics follow Jira:
  * `!=` and `NOT IN` never match an empty field (`assignee != alice` skips unassigned
    issues, `labels != x` skips unlabelled ones); `NOT (...)` is plain negation and does;
  * on multi-valued fields `labels != x` means "has labels, none of them x";
  * `~` is a case-insensitive *contains* per word (all words must occur; `*`/`?` are
    wildcards; a phrase in inner quotes must occur as written); `!~` negates it and also
    skips empty fields;
  * every clause's SQL is 0/1/NULL, where NULL means "no match"; NOT is `(x) IS NOT 1`,
    so it maps NULL to true.
All validation errors of one query are collected and raised together, as Jira lists them.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from . import dates, lookups
from .errors import JqlError
from .fields import COMPARISON, CONTAINS, FIELDS, SORTS, UNSUPPORTED_FIELDS, FieldSpec
from .functions import FunctionContext, FunctionResult, evaluate, function_kind
from .nodes import (
    Clause,
    Compound,
    Empty,
    Field,
    FunctionCall,
    HistoryClause,
    ListItem,
    Node,
    Query,
    SortKey,
    Value,
    ValueList,
)
from .text_search import contains_sql

Fragment = tuple[str, list[object]]
NEVER: Fragment = ("0", [])
ALWAYS: Fragment = ("1", [])
TIEBREAKER = "i.id DESC"  # also the whole order when the query has no ORDER BY: newest first
# SQLite's parser overflows on ~40 nested parentheses and refuses more than 32766 values.
MAX_DEPTH = 20
MAX_CLAUSES = 300
MAX_PARAMS = 10_000
TOO_DEEP = "The query is nested too deeply for the sandbox to evaluate."
_NEGATIVE = frozenset({"!=", "not in", "is not"})
_DATE_HELP = (
    "Valid formats include: 'yyyy/MM/dd HH:mm', 'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', "
    "'yyyy-MM-dd', or a period format e.g. '-5d', '4w 2d'."
)


@dataclass(frozen=True)
class CompiledQuery:
    """SQL pieces for `SELECT i.id FROM issues AS i WHERE {where} ORDER BY {order_by}`."""

    where: str
    params: list[object]
    order_by: str


@dataclass(frozen=True)
class _SideTable:
    """A multi-valued field stored as rows (issue_id, value) in a side table."""

    table: str
    column: str
    collate: str = ""
    where: str = ""  # a fixed extra condition, e.g. which custom field a value row is for


_SIDE_TABLES = {
    "labels": _SideTable("issue_labels", "label", " COLLATE NOCASE"),
    "component": _SideTable("issue_components", "component_id"),
    "sprint": _SideTable("issue_sprints", "sprint_id"),
    "watcher": _SideTable("watchers", "user_id"),
}


def _custom_side(field_id: str, column: str) -> _SideTable:
    """Custom field values: rows of issue_field_values for one field (ids are constants)."""
    return _SideTable("issue_field_values", column, where=f"m.field_id = '{field_id}'")


_FUNCTION_KINDS = {
    "user": "user",
    "watcher": "user",
    "sprint": "sprint",
    "issuetype": "issuetype",
    "datetime": "date",
    "date": "date",
    "version": "version",
}
_RESOLVERS: dict[str, Callable[[sqlite3.Connection, Value], list[int] | None]] = {
    "project": lookups.projects,
    "issuetype": lookups.issue_types,
    "status": lookups.statuses,
    "statuscategory": lookups.status_category_statuses,
    "priority": lookups.priorities,
    "resolution": lookups.resolutions,
    "user": lookups.users,
    "watcher": lookups.users,
    "component": lookups.components,
    "sprint": lookups.sprints,
    "version": lookups.versions,
}


def compile_query(
    query: Query, conn: sqlite3.Connection, *, current_user_id: int | None, now: datetime
) -> CompiledQuery:
    """Compile a parsed query; JqlError lists every problem found."""
    compiler = _Compiler(FunctionContext(conn, current_user_id, now))
    where, params = compiler.node(query.where) if query.where is not None else ALWAYS
    order_by = compiler.order_by(query.order_by)
    if compiler.errors:
        raise JqlError(list(dict.fromkeys(compiler.errors)))
    if len(params) > MAX_PARAMS:
        raise JqlError(f"The query has more than {MAX_PARAMS} values, the sandbox's limit.")
    # Let SQLite compile (not run) the search now, so its limits surface here as a JqlError.
    conn.execute(f"EXPLAIN SELECT i.id FROM issues AS i WHERE {where} ORDER BY {order_by}", params)
    return CompiledQuery(where=where, params=params, order_by=order_by)


class _ClauseError(Exception):
    """One clause is invalid; the compiler records the message and carries on."""


def _marks(values: Sequence[object]) -> str:
    return ", ".join("?" for _ in values)


class _Compiler:
    def __init__(self, context: FunctionContext) -> None:
        self.context = context
        self.conn = context.conn
        self.errors: list[str] = []
        self.clauses = 0
        self.filters: frozenset[int] = frozenset()  # saved filters being expanded (no cycles)

    # --- structure ---------------------------------------------------------------------

    def node(self, node: Node, depth: int = 0) -> Fragment:
        if depth > MAX_DEPTH:
            raise JqlError(TOO_DEEP)
        if isinstance(node, Compound):
            parts = [self.node(child, depth + 1) for child in node.clauses]
            params = [param for _, part_params in parts for param in part_params]
            if node.operator == "not":
                return f"(({parts[0][0]}) IS NOT 1)", params
            joiner = " AND " if node.operator == "and" else " OR "
            return "(" + joiner.join(sql for sql, _ in parts) + ")", params
        self.clauses += 1
        if self.clauses > MAX_CLAUSES:
            raise JqlError(f"The query has more than {MAX_CLAUSES} clauses, the sandbox's limit.")
        try:
            if isinstance(node, HistoryClause):
                from .history import HistoryCompiler

                return HistoryCompiler(self).compile(node)
            return self.clause(node)
        except (_ClauseError, JqlError) as error:
            self.errors.extend(error.messages if isinstance(error, JqlError) else [str(error)])
            return NEVER

    def order_by(self, keys: Sequence[SortKey]) -> str:
        terms: list[str] = []
        for key in keys:
            spec = SORTS.get(key.field.key)
            if spec is None:
                self.errors.append(self._unknown_field_message(key.field, sorting=True))
                continue
            descending = key.direction == "desc"
            sql_descending = descending != spec.inverted
            direction = "DESC" if sql_descending else "ASC"
            nulls = ""
            if spec.nullable:
                nulls = " NULLS FIRST" if descending else " NULLS LAST"
            terms.extend(f"{expression} {direction}{nulls}" for expression in spec.expressions)
        terms.append(TIEBREAKER)
        return ", ".join(terms)

    # --- clauses -----------------------------------------------------------------------

    def clause(self, clause: Clause) -> Fragment:
        spec = FIELDS.get(clause.field.key)
        if spec is None:
            raise _ClauseError(self._unknown_field_message(clause.field, sorting=False))
        if clause.operator not in spec.operators:
            raise _ClauseError(
                f"The operator '{clause.operator}' is not supported by the "
                f"'{clause.field.name}' field."
            )
        operand = clause.operand
        if isinstance(operand, ValueList) and clause.operator not in ("in", "not in"):
            raise _ClauseError(
                f"Operator '{clause.operator}' does not support the list value "
                f"'{operand.to_jql()}' for field '{clause.field.name}'."
            )
        if clause.operator in COMPARISON | CONTAINS and isinstance(operand, Empty):
            raise _ClauseError(
                f"The operator '{clause.operator}' does not support searching for EMPTY "
                f"values on field '{clause.field.name}'."
            )
        kind = spec.kind
        if kind in ("textcolumn", "comment", "text"):
            return self._text(spec, clause)
        if kind in ("datetime", "date"):
            return self._dates(spec, clause)
        if kind in ("key", "parent"):
            return self._issues(spec, clause)
        if kind == "labels":
            return self._labels(clause)
        if kind == "priority" and clause.operator in COMPARISON:
            return self._priority_range(spec, clause)
        if kind == "number":
            return self._number(spec, clause)
        if kind == "option":
            return self._option(spec, clause)
        if kind == "filter":
            return self._filter(clause)
        return self._references(spec, clause)

    def _unknown_field_message(self, field: Field, *, sorting: bool) -> str:
        if field.key.startswith("cf["):
            return f"The sandbox's JQL does not support custom fields ('{field.name}')."
        if field.key in UNSUPPORTED_FIELDS or (sorting and field.key in FIELDS):
            if sorting:
                return f"Field '{field.name}' does not support sorting."
            return f"The sandbox's JQL does not support the field '{field.name}'."
        return f"Field '{field.name}' does not exist or you do not have permission to view it."

    @staticmethod
    def _items(clause: Clause) -> list[ListItem]:
        operand = clause.operand
        return list(operand.items) if isinstance(operand, ValueList) else [operand]

    @staticmethod
    def _reject_function(call: FunctionCall, field: Field) -> _ClauseError:
        """Unknown functions fail as unknown; known ones as not valid for this field."""
        function_kind(call)
        return _ClauseError(
            f"The function '{call.name}()' is not supported by the '{field.name}' field."
        )

    def _function(self, call: FunctionCall, spec: FieldSpec, field: Field) -> FunctionResult:
        """Evaluate `call` if it yields what `field` holds (users, sprints, dates...)."""
        if function_kind(call) != _FUNCTION_KINDS.get(spec.kind):
            raise self._reject_function(call, field)
        return evaluate(call, self.context)

    # --- single- and multi-valued reference fields ---------------------------------------

    def _references(self, spec: FieldSpec, clause: Clause) -> Fragment:
        ids: list[int] = []
        has_empty = False
        resolver = _RESOLVERS[spec.kind]
        for item in self._items(clause):
            if isinstance(item, Empty):
                has_empty = True
            elif isinstance(item, FunctionCall):
                ids.extend(self._function(item, spec, clause.field).ids)
            elif spec.kind == "resolution" and item.text.strip().lower() == "unresolved":
                has_empty = True
            else:
                found = resolver(self.conn, item)
                if not found:
                    raise _ClauseError(self._no_value(item, clause.field))
                ids.extend(found)
        ids = list(dict.fromkeys(ids))
        negative = clause.operator in _NEGATIVE
        if spec.kind in _SIDE_TABLES:
            return _side_table(_SIDE_TABLES[spec.kind], ids, has_empty, negative=negative)
        if spec.kind == "version":
            side = _SideTable(spec.column, "version_id")
            return _side_table(side, ids, has_empty, negative=negative)
        return _column(spec.column, ids, has_empty, negative=negative)

    # --- saved filters: `filter = "My open bugs"` runs the filter's own JQL ------------------

    def _filter(self, clause: Clause) -> Fragment:
        from .parser import parse_jql

        parts: list[str] = []
        params: list[object] = []
        for item in self._items(clause):
            if not isinstance(item, Value):
                raise _ClauseError(
                    f"The field '{clause.field.name}' takes the name or id of a saved filter."
                )
            row = self.conn.execute(
                "SELECT id, jql FROM filters WHERE name = ? COLLATE NOCASE OR CAST(id AS TEXT) = ?"
                " ORDER BY id LIMIT 1",
                (item.text.strip(), item.text.strip()),
            ).fetchone()
            if row is None:
                raise _ClauseError(self._no_value(item, clause.field))
            if row[0] in self.filters:
                raise _ClauseError(f"The filter '{item.text}' refers to itself.")
            inner = _Compiler(self.context)
            inner.filters = self.filters | {row[0]}
            where = parse_jql(row[1]).where
            sql, inner_params = inner.node(where) if where is not None else ALWAYS
            self.errors.extend(inner.errors)
            parts.append(f"i.id IN (SELECT i.id FROM issues AS i WHERE {sql})")
            params.extend(inner_params)
        joined = "(" + " OR ".join(parts) + ")"
        return (f"NOT {joined}" if clause.operator in _NEGATIVE else joined), params

    # --- custom fields: numbers (Story Points) and select options (Team) ---------------------

    def _number(self, spec: FieldSpec, clause: Clause) -> Fragment:
        def number(item: Value) -> list[object]:
            try:
                return [float(item.text)]
            except ValueError:
                raise _ClauseError(
                    f"The value '{item.text}' is not a valid number for the field "
                    f"'{clause.field.name}'."
                ) from None

        numbers, has_empty = self._plain_values(clause, number)
        side = _custom_side(spec.column, "number")
        if clause.operator in COMPARISON:
            return (
                f"i.id IN (SELECT m.issue_id FROM issue_field_values AS m WHERE {side.where}"
                f" AND m.number {clause.operator} ?)",
                numbers[:1],
            )
        return _side_table(side, numbers, has_empty, negative=clause.operator in _NEGATIVE)

    def _option(self, spec: FieldSpec, clause: Clause) -> Fragment:
        def option_ids(item: Value) -> list[int]:
            found = lookups.options(self.conn, spec.column, item)
            if not found:
                raise _ClauseError(self._no_value(item, clause.field))
            return found

        ids, has_empty = self._plain_values(clause, option_ids)
        side = _custom_side(spec.column, "option_id")
        return _side_table(side, ids, has_empty, negative=clause.operator in _NEGATIVE)

    def _plain_values(
        self, clause: Clause, convert: Callable[[Value], Sequence[object]]
    ) -> tuple[list[object], bool]:
        """The values of a field that takes no functions: EMPTY sets the flag, and each value
        becomes what `convert` makes of it (or raises Jira's error for it)."""
        values: list[object] = []
        has_empty = False
        for item in self._items(clause):
            if isinstance(item, Empty):
                has_empty = True
            elif isinstance(item, FunctionCall):
                raise self._reject_function(item, clause.field)
            else:
                values.extend(convert(item))
        return values, has_empty

    @staticmethod
    def _no_value(item: Value, field: Field) -> str:
        return f"The value '{item.text}' does not exist for the field '{field.name}'."

    def _labels(self, clause: Clause) -> Fragment:
        labels, has_empty = self._plain_values(clause, lambda item: [item.text])
        negative = clause.operator in _NEGATIVE
        return _side_table(_SIDE_TABLES["labels"], labels, has_empty, negative=negative)

    def _priority_range(self, spec: FieldSpec, clause: Clause) -> Fragment:
        item = clause.operand
        if isinstance(item, FunctionCall):
            raise self._reject_function(item, clause.field)
        assert isinstance(item, Value)  # lists and EMPTY were refused in clause()
        found = lookups.priorities(self.conn, item)
        if not found:
            raise _ClauseError(self._no_value(item, clause.field))
        rank = lookups.priority_rank(self.conn, found[0])
        ids = lookups.priorities_by_rank(self.conn, clause.operator, rank)
        return _column(spec.column, ids, False, negative=False)

    # --- issues: key and parent ----------------------------------------------------------

    def _issues(self, spec: FieldSpec, clause: Clause) -> Fragment:
        if clause.operator in COMPARISON:
            return self._key_range(clause)
        ids, has_empty = self._plain_values(
            clause, lambda item: self._issue_ids(item, clause.field)
        )
        return _column(spec.column, ids, has_empty, negative=clause.operator in _NEGATIVE)

    def _issue_ids(self, item: Value, field: Field) -> list[int]:
        found = lookups.issues(self.conn, item)
        if found is None:
            raise _ClauseError(f"The issue key '{item.text}' for field '{field.name}' is invalid.")
        if not found:
            raise _ClauseError(
                f"An issue with key '{item.text}' does not exist for field '{field.name}'."
            )
        return found

    def _key_range(self, clause: Clause) -> Fragment:
        """`key > WEB-10` compares numbers within WEB; `key > 10042` compares issue ids."""
        item = clause.operand
        if isinstance(item, FunctionCall):
            raise self._reject_function(item, clause.field)
        assert isinstance(item, Value)  # lists and EMPTY were refused in clause()
        text = item.text.strip()
        match = lookups.ISSUE_KEY.match(text)
        if match is None:
            numeric = lookups.as_id(text)
            if numeric is not None:
                return f"i.id {clause.operator} ?", [numeric]
            raise _ClauseError(
                f"The issue key '{text}' for field '{clause.field.name}' is invalid."
            )
        project_id = lookups.project_by_key(self.conn, match.group(1))
        if project_id is None:
            raise _ClauseError(
                f"An issue with key '{text}' does not exist for field '{clause.field.name}'."
            )
        return (
            f"(i.project_id = ? AND i.num {clause.operator} ?)",
            [project_id, int(match.group(2))],
        )

    # --- text ------------------------------------------------------------------------------

    def _text(self, spec: FieldSpec, clause: Clause) -> Fragment:
        if clause.operator in ("is", "is not"):
            sql = f"({spec.column} IS NULL OR {spec.column} = '')"
            return (f"NOT {sql}" if clause.operator == "is not" else sql), []
        item = clause.operand
        if isinstance(item, FunctionCall):
            raise self._reject_function(item, clause.field)
        assert isinstance(item, Value)  # lists and EMPTY were refused in clause()
        return contains_sql(spec.kind, spec.column, item.text, clause)

    # --- dates -------------------------------------------------------------------------------

    def _instant(self, item: ListItem, spec: FieldSpec, field: Field) -> int:
        if isinstance(item, FunctionCall):
            result = self._function(item, spec, field)
            assert result.instant_ms is not None  # date functions always yield an instant
            return result.instant_ms
        assert isinstance(item, Value)
        try:
            period = dates.parse_period(item.text)
            if period is not None:
                return dates.to_ms(period.apply(self.context.now))
            absolute = dates.parse_absolute(item.text)
        except (OverflowError, ValueError):
            absolute = None
        if absolute is None:
            raise _ClauseError(
                f"Date value '{item.text}' for field '{field.name}' is invalid. {_DATE_HELP}"
            )
        return dates.to_ms(absolute)

    def _dates(self, spec: FieldSpec, clause: Clause) -> Fragment:
        instants: list[int] = []
        has_empty = False
        for item in self._items(clause):
            if isinstance(item, Empty):
                has_empty = True
            else:
                instants.append(self._instant(item, spec, clause.field))
        column = spec.column
        if spec.kind == "date":
            return _due_date(column, clause.operator, instants, has_empty)
        if clause.operator in COMPARISON:
            return f"{column} {clause.operator} ?", [instants[0]]
        negative = clause.operator in _NEGATIVE
        return _column(column, list(instants), has_empty, negative=negative)


# --- SQL builders ------------------------------------------------------------------------


def _column(column: str, values: Sequence[object], has_empty: bool, *, negative: bool) -> Fragment:
    """Membership on one column; negative forms never match an empty column."""
    if negative:
        if not values:
            return f"{column} IS NOT NULL", []
        return f"({column} IS NOT NULL AND {column} NOT IN ({_marks(values)}))", list(values)
    parts: list[str] = []
    if len(values) == 1:
        parts.append(f"{column} = ?")
    elif values:
        parts.append(f"{column} IN ({_marks(values)})")
    if has_empty:
        parts.append(f"{column} IS NULL")
    if not parts:
        return NEVER
    sql = parts[0] if len(parts) == 1 else "(" + " OR ".join(parts) + ")"
    return sql, list(values)


def _side_table(
    side: _SideTable, values: Sequence[object], has_empty: bool, *, negative: bool
) -> Fragment:
    """Membership on a multi-valued field stored in a side table.

    `i.id IN (SELECT issue_id ...)` is uncorrelated: SQLite runs it once per query, not
    once per issue, which keeps `sprint = 12` fast over 10,000 issues.
    """
    where = f" WHERE {side.where}" if side.where else ""
    also = f"{side.where} AND " if side.where else ""
    any_row = f"i.id IN (SELECT m.issue_id FROM {side.table} AS m{where})"
    matching = ""
    if values:
        matching = (
            f"i.id IN (SELECT m.issue_id FROM {side.table} AS m "
            f"WHERE {also}m.{side.column}{side.collate} IN ({_marks(values)}))"
        )
    if negative:
        if not matching:
            return any_row, []
        return f"({any_row} AND NOT {matching})", list(values)
    parts = [matching] if matching else []
    if has_empty:
        parts.append(f"NOT {any_row}")
    if not parts:
        return NEVER
    sql = parts[0] if len(parts) == 1 else "(" + " OR ".join(parts) + ")"
    return sql, list(values)


def _due_date(column: str, operator: str, instants: list[int], has_empty: bool) -> Fragment:
    """Due dates are days, read as 00:00 UTC; compare them with instants as strings."""
    if operator in COMPARISON:
        moment = instants[0] + (1 if operator in ("<=", ">") else 0)
        bound = dates.first_date_at_or_after(moment).isoformat()
        sql_operator = "<" if operator in ("<", "<=") else ">="
        return f"{column} {sql_operator} ?", [bound]
    days: list[object] = []
    for instant in instants:
        day = dates.first_date_at_or_after(instant)
        if dates.day_start_ms(day) == instant:
            days.append(day.isoformat())
    return _column(column, days, has_empty, negative=operator in _NEGATIVE)

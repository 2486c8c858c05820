"""JQL history clauses -> SQL: WAS, WAS IN, WAS NOT, WAS NOT IN and CHANGED, with the
predicates FROM, TO, BY, AFTER, BEFORE, ON and DURING.

Jira's semantics, as the sandbox evaluates them:
  * `f WAS x` matches an issue whose field held x at any moment (now included): a row of
    `field_spans` with that value. With predicates, the moment must also be AFTER t (the
    value was still held after t), BEFORE t (it was held before t), ON day / DURING (a, b)
    (it was held at some moment of that period), BY u (the change that set it was u's);
  * `WAS NOT` / `WAS NOT IN` are the negation: the value was never held in that window;
  * `f CHANGED` matches an issue with a changelog item for f; FROM x / TO y restrict the old
    and new values, BY the author, AFTER / BEFORE / ON / DURING the time of the change;
  * only status, assignee, priority, reporter, resolution and fixVersion keep history, as
    in Jira; any other field is Jira's "operator is not supported" 400.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import dates
from .fields import FIELDS, FieldSpec
from .nodes import Empty, FunctionCall, HistoryClause, ListItem, Predicate, Value, ValueList

if TYPE_CHECKING:
    from .compiler import Fragment, _Compiler

# JQL field (canonical lower-case name) -> (span field, changelog item field)
HISTORY_FIELDS = {
    "status": ("status", "status"),
    "assignee": ("assignee", "assignee"),
    "priority": ("priority", "priority"),
    "reporter": ("reporter", "reporter"),
    "resolution": ("resolution", "resolution"),
    "fixversion": ("fixVersion", "Fix Version"),
}
_WAS_PREDICATES = frozenset({"by", "after", "before", "on", "during"})
_CHANGED_PREDICATES = _WAS_PREDICATES | {"from", "to"}
_DAY_MS = 86_400_000


def _marks(values: list[object]) -> str:
    return ", ".join("?" for _ in values)


class HistoryCompiler:
    """Compiles one HistoryClause with the helpers of the main compiler."""

    def __init__(self, compiler: _Compiler) -> None:
        self.compiler = compiler

    def compile(self, clause: HistoryClause) -> Fragment:
        from .compiler import _ClauseError

        spec = FIELDS.get(clause.field.key)
        if spec is None:
            raise _ClauseError(self.compiler._unknown_field_message(clause.field, sorting=False))
        names = HISTORY_FIELDS.get(spec.name.lower())
        if names is None:
            raise _ClauseError(
                f"The operator '{clause.operator}' is not supported by the "
                f"'{clause.field.name}' field."
            )
        allowed = _CHANGED_PREDICATES if clause.operator == "changed" else _WAS_PREDICATES
        for predicate in clause.predicates:
            if predicate.operator not in allowed:
                raise _ClauseError(
                    f"The predicate '{predicate.operator.upper()}' is not supported by the "
                    f"'{clause.operator.upper()}' operator."
                )
        if clause.operator == "changed":
            return self._changed(clause, spec, names[1])
        return self._was(clause, spec, names[0])

    # --- values --------------------------------------------------------------------------

    def _values(
        self, operand: object, spec: FieldSpec, clause: HistoryClause
    ) -> tuple[list[int], bool]:
        """Ids named by an operand (values, functions, lists) and whether EMPTY was among them."""
        from .compiler import _RESOLVERS, _ClauseError

        items: list[ListItem] = list(operand.items) if isinstance(operand, ValueList) else [operand]  # type: ignore[list-item]
        ids: list[int] = []
        has_empty = False
        for item in items:
            if isinstance(item, Empty):
                has_empty = True
            elif isinstance(item, FunctionCall):
                ids.extend(self.compiler._function(item, spec, clause.field).ids)
            elif spec.kind == "resolution" and item.text.strip().lower() == "unresolved":
                has_empty = True
            else:
                assert isinstance(item, Value)
                found = _RESOLVERS[spec.kind](self.compiler.conn, item)
                if not found:
                    raise _ClauseError(self.compiler._no_value(item, clause.field))
                ids.extend(found)
        return list(dict.fromkeys(ids)), has_empty

    def _users(self, predicate: Predicate, clause: HistoryClause) -> list[int]:
        from .compiler import _ClauseError

        ids, has_empty = self._values(predicate.operand, FIELDS["assignee"], clause)
        if has_empty:
            raise _ClauseError("The 'BY' predicate needs a user, not EMPTY.")
        return ids

    def _instant(self, item: object, clause: HistoryClause) -> int:
        from .compiler import _ClauseError

        if not isinstance(item, Value | FunctionCall):
            raise _ClauseError(
                f"A history predicate on field '{clause.field.name}' needs a date, not a list."
            )
        return self.compiler._instant(item, FIELDS["created"], clause.field)

    def _window(self, predicate: Predicate, clause: HistoryClause) -> tuple[int | None, int | None]:
        """The window of AFTER (low, None: strictly after low), BEFORE (None, high), ON and
        DURING ([low, high)), in epoch ms."""
        from .compiler import _ClauseError

        operand = predicate.operand
        if predicate.operator == "during":
            if not isinstance(operand, ValueList) or len(operand.items) != 2:
                raise _ClauseError("The 'DURING' predicate needs two dates: DURING (start, end).")
            low, high = (self._instant(item, clause) for item in operand.items)
            return low, high + 1
        moment = self._instant(operand, clause)
        if predicate.operator == "after":
            return moment, None
        if predicate.operator == "before":
            return None, moment
        day = dates.first_date_at_or_after(moment)
        start = dates.day_start_ms(day)
        if start > moment:
            start -= _DAY_MS
        return start, start + _DAY_MS

    # --- WAS -------------------------------------------------------------------------------

    def _was(self, clause: HistoryClause, spec: FieldSpec, field: str) -> Fragment:
        ids, has_empty = self._values(clause.operand, spec, clause)
        conditions = ["s.field = ?"]
        params: list[object] = [field]
        value_parts = []
        if ids:
            value_parts.append(f"s.value IN ({_marks(list(ids))})")
            params.extend(ids)
        if has_empty:
            value_parts.append("s.value IS NULL")
        if not value_parts:
            value_parts.append("0")
        conditions.append("(" + " OR ".join(value_parts) + ")")
        for predicate in clause.predicates:
            if predicate.operator == "by":
                users: list[object] = list(self._users(predicate, clause))
                conditions.append(f"s.author_id IN ({_marks(users)})")
                params.extend(users)
                continue
            low, high = self._window(predicate, clause)
            if low is not None:  # the span ends after the window starts
                conditions.append("(s.end_ms IS NULL OR s.end_ms > ?)")
                params.append(low)
            if high is not None:  # ...and starts before it ends
                conditions.append("s.start_ms < ?")
                params.append(high)
        sql = f"i.id IN (SELECT s.issue_id FROM field_spans AS s WHERE {' AND '.join(conditions)})"
        if clause.operator.startswith("was not"):
            sql = f"NOT {sql}"
        return sql, params

    # --- CHANGED ---------------------------------------------------------------------------

    def _changed(self, clause: HistoryClause, spec: FieldSpec, field: str) -> Fragment:
        conditions = ["h.field = ?"]
        params: list[object] = [field]
        for predicate in clause.predicates:
            if predicate.operator in ("from", "to"):
                ids, has_empty = self._values(predicate.operand, spec, clause)
                column = "h.from_value" if predicate.operator == "from" else "h.to_value"
                parts = []
                if ids:
                    parts.append(f"{column} IN ({_marks(list(ids))})")
                    params.extend(str(i) for i in ids)
                if has_empty:
                    parts.append(f"{column} IS NULL")
                conditions.append("(" + (" OR ".join(parts) or "0") + ")")
            elif predicate.operator == "by":
                users: list[object] = list(self._users(predicate, clause))
                conditions.append(f"h.author_id IN ({_marks(users)})")
                params.extend(users)
            else:
                low, high = self._window(predicate, clause)
                if low is not None:
                    strict = predicate.operator == "after"
                    conditions.append("h.created > ?" if strict else "h.created >= ?")
                    params.append(low)
                if high is not None:
                    conditions.append("h.created < ?")
                    params.append(high)
        where = " AND ".join(conditions)
        return f"i.id IN (SELECT h.issue_id FROM history_items AS h WHERE {where})", params

"""The JQL syntax tree that `parse_jql` returns and the compiler walks.

Plain frozen dataclasses, so the tree is cheap to build, hashable and easy to assert on.
`Query.to_structure()` renders it in the shape of Jira's `POST /rest/api/3/jql/parse`
answer (`JqlQuery`: `where` holds `CompoundClause`/`FieldValueClause` objects, operands are
`ValueOperand`/`FunctionOperand`/`ListOperand`/`KeywordOperand`, `orderBy.fields` lists
`{field, direction}`), so the sandbox's parse endpoint can return it as it is.

Shape:
  Query(where: Node | None, order_by: tuple[SortKey, ...])
  Node = Compound(operator "and" | "or" | "not", clauses) | Clause(field, operator, operand)
  Clause.operator is lower case: "=", "!=", ">", ">=", "<", "<=", "~", "!~", "in", "not in",
  "is", "is not".
  Operand = Value(text, quoted) | Empty(keyword) | FunctionCall(name, args) | ValueList(items)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal

# Characters and words that force quoting when a value is written back as JQL.
_NEEDS_QUOTES = re.compile(r"""[\s"'=!<>()~,\[\]{}|&\\]""")
_KEYWORDS = frozenset(
    {
        "and",
        "or",
        "not",
        "in",
        "is",
        "empty",
        "null",
        "order",
        "by",
        "asc",
        "desc",
        "was",
        "changed",
        "from",
        "to",
        "after",
        "before",
        "on",
        "during",
    }
)


def encode(text: str) -> str:
    """Write `text` as a JQL literal, quoting it only when it has to be."""
    if text and not _NEEDS_QUOTES.search(text) and text.lower() not in _KEYWORDS:
        return text
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


@dataclass(frozen=True)
class Field:
    """A field reference as written by the user (`name` keeps its spelling)."""

    name: str

    @property
    def key(self) -> str:
        """The case-folded name used to look the field up."""
        return self.name.lower()

    def to_structure(self) -> dict[str, Any]:
        return {"name": self.name, "encodedName": encode(self.name)}


@dataclass(frozen=True)
class Value:
    """A literal: an unquoted word or number, or a quoted string (escapes resolved)."""

    text: str
    quoted: bool = False

    def to_jql(self) -> str:
        return encode(self.text) if self.quoted else self.text

    def to_structure(self) -> dict[str, Any]:
        return {"value": self.text, "encodedValue": self.to_jql()}


@dataclass(frozen=True)
class Empty:
    """The EMPTY / NULL keyword."""

    keyword: str = "EMPTY"

    def to_jql(self) -> str:
        return self.keyword.upper()

    def to_structure(self) -> dict[str, Any]:
        return {"keyword": "empty"}


@dataclass(frozen=True)
class FunctionCall:
    """A function operand such as `currentUser()` or `startOfWeek(-1)`."""

    name: str
    args: tuple[str, ...] = ()

    def to_jql(self) -> str:
        return f"{self.name}({', '.join(encode(arg) for arg in self.args)})"

    def to_structure(self) -> dict[str, Any]:
        return {
            "function": self.name,
            "arguments": list(self.args),
            "encodedOperand": self.to_jql(),
        }


ListItem = Value | Empty | FunctionCall


@dataclass(frozen=True)
class ValueList:
    """A parenthesised list operand, as used by IN and NOT IN."""

    items: tuple[ListItem, ...]

    def to_jql(self) -> str:
        return "(" + ", ".join(item.to_jql() for item in self.items) + ")"

    def to_structure(self) -> dict[str, Any]:
        return {
            "values": [item.to_structure() for item in self.items],
            "encodedOperand": self.to_jql(),
        }


Operand = Value | Empty | FunctionCall | ValueList


@dataclass(frozen=True)
class Clause:
    """`field operator operand`, e.g. `assignee = currentUser()`."""

    field: Field
    operator: str
    operand: Operand

    def to_structure(self) -> dict[str, Any]:
        return {
            "field": self.field.to_structure(),
            "operator": self.operator,
            "operand": self.operand.to_structure(),
        }


@dataclass(frozen=True)
class Compound:
    """AND / OR over two or more clauses, or NOT over exactly one."""

    operator: Literal["and", "or", "not"]
    clauses: tuple[Node, ...]

    def to_structure(self) -> dict[str, Any]:
        return {
            "operator": self.operator,
            "clauses": [clause.to_structure() for clause in self.clauses],
        }


@dataclass(frozen=True)
class Predicate:
    """A history predicate: `AFTER -7d`, `BY currentUser()`, `DURING (a, b)`, `TO Done`."""

    operator: str  # lower case: from, to, by, after, before, on, during
    operand: Operand

    def to_structure(self) -> dict[str, Any]:
        return {"operator": self.operator, "operand": self.operand.to_structure()}


@dataclass(frozen=True)
class HistoryClause:
    """`status WAS Done BY x`, `assignee WAS NOT IN (a, b)`, `status CHANGED TO Done AFTER -7d`.

    `operator` is "was", "was in", "was not", "was not in" or "changed" (no operand).
    """

    field: Field
    operator: str
    operand: Operand | None
    predicates: tuple[Predicate, ...] = ()

    def to_structure(self) -> dict[str, Any]:
        structure: dict[str, Any] = {"field": self.field.to_structure(), "operator": self.operator}
        if self.operand is not None:
            structure["operand"] = self.operand.to_structure()
        structure["predicates"] = [p.to_structure() for p in self.predicates]
        return structure


Node = Clause | Compound | HistoryClause


@dataclass(frozen=True)
class SortKey:
    """One ORDER BY element; `direction` is None when the query did not say."""

    field: Field
    direction: Literal["asc", "desc"] | None = None

    def to_structure(self) -> dict[str, Any]:
        element: dict[str, Any] = {"field": self.field.to_structure()}
        if self.direction is not None:
            element["direction"] = self.direction
        return element


@dataclass(frozen=True)
class Query:
    """A whole query: an optional condition and an optional ORDER BY."""

    where: Node | None = None
    order_by: tuple[SortKey, ...] = ()

    def to_structure(self) -> dict[str, Any]:
        """Jira's `JqlQuery` JSON object (the `structure` of a `jql/parse` answer)."""
        structure: dict[str, Any] = {}
        if self.where is not None:
            structure["where"] = self.where.to_structure()
        if self.order_by:
            structure["orderBy"] = {"fields": [key.to_structure() for key in self.order_by]}
        return structure

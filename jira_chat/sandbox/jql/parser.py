"""JQL text -> syntax tree (`nodes.Query`), with Lark errors translated into Jira's words.

The grammar lives in grammar.lark. Lark exceptions never escape: every failure becomes a
`JqlError` whose message reads like Jira's ("Error in the JQL Query: Expecting either 'OR'
or 'AND' but got 'foo'. (line 1, character 20)"). Positions are 1-based, as Jira's are.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any, Literal

from .errors import SYNTAX_PREFIX, JqlError
from .nodes import (
    Clause,
    Compound,
    Empty,
    Field,
    FunctionCall,
    HistoryClause,
    ListItem,
    Node,
    Operand,
    Predicate,
    Query,
    SortKey,
    Value,
    ValueList,
)

if TYPE_CHECKING:
    from lark import Lark, Token, Tree

KEYWORD_TERMINALS = frozenset(
    {"AND", "OR", "NOT", "IN", "IS", "EMPTY", "NULL", "ORDER", "BY", "ASC", "DESC", "WAS",
     "CHANGED", "FROM", "TO", "AFTER", "BEFORE", "ON", "DURING"}
)  # fmt: skip
VALID_OPERATORS = (
    "The valid operators are '=', '!=', '<', '>', '<=', '>=', '~', '!~', 'IN', 'NOT IN', "
    "'IS', 'IS NOT', 'WAS', 'WAS IN', 'WAS NOT', 'WAS NOT IN' and 'CHANGED'."
)
_ESCAPES = {'"': '"', "'": "'", "\\": "\\", "n": "\n", "t": "\t", "r": "\r", " ": " "}
_UNICODE_ESCAPE = re.compile(r"u[0-9a-fA-F]{4}")


_BUILD_LOCK = threading.Lock()


def _parser() -> Lark:
    """The one Lark parser; a thread asking while another builds it (the threaded server's
    first two searches, or `preload()` run in a background thread) waits for that build."""
    with _BUILD_LOCK:
        return _build_parser()


@lru_cache(maxsize=1)
def _build_parser() -> Lark:
    from lark import Lark

    grammar = resources.files(__package__).joinpath("grammar.lark").read_text(encoding="utf-8")
    return Lark(grammar, parser="lalr", lexer="basic", maybe_placeholders=False)


def parse_jql(jql: str) -> Query:
    """Parse `jql` into a `Query`; raise `JqlError` for anything that is not valid JQL.

    History clauses (WAS, CHANGED) become `HistoryClause` nodes.
    """
    from lark.exceptions import LarkError, UnexpectedCharacters, UnexpectedInput, UnexpectedToken

    try:
        tree = _parser().parse(jql)
    except UnexpectedToken as error:
        raise JqlError(_unexpected_token(error)) from None
    except UnexpectedCharacters as error:
        raise JqlError(_unexpected_character(jql, error)) from None
    except UnexpectedInput as error:  # pragma: no cover - other input errors (EOF in lexer)
        raise JqlError(f"{SYNTAX_PREFIX}The query could not be parsed.{_where(error)}") from None
    except LarkError as error:  # pragma: no cover - defensive: never leak Lark
        raise JqlError(f"{SYNTAX_PREFIX}{type(error).__name__}") from None
    return _build_query(tree)


# --- error translation -----------------------------------------------------------------


def _where(error: Any) -> str:
    line = getattr(error, "line", None)
    column = getattr(error, "column", None)
    if isinstance(line, int) and isinstance(column, int) and line > 0:
        return f" (line {line}, character {column})"
    return ""


def _unexpected_token(error: Any) -> str:
    token: Token = error.token
    expected: set[str] = set(error.expected)
    at_end = token.type == "$END"
    got = "before the end of the query" if at_end else f"but got '{token}'"
    where = "" if at_end else _where(error)
    if token.type in KEYWORD_TERMINALS and ("WORD" in expected or "STRING" in expected):
        return (
            f"{SYNTAX_PREFIX}The word '{token}' is a reserved JQL word. You must surround it "
            f"in quotation marks to use it in a query.{where}"
        )
    if "OPERATOR" in expected:
        return f"{SYNTAX_PREFIX}Expecting operator {got}. {VALID_OPERATORS}{where}"
    if "EMPTY" in expected and "WORD" not in expected:
        return f"{SYNTAX_PREFIX}Expecting 'EMPTY' or 'NULL' {got}.{where}"
    if expected & {"AND", "OR", "ORDER"}:
        return f"{SYNTAX_PREFIX}Expecting either 'OR' or 'AND' {got}.{where}"
    if "ASC" in expected:
        return f"{SYNTAX_PREFIX}Expecting either 'ASC', 'DESC' or ',' {got}.{where}"
    if "COMMA" in expected and "$END" in expected:
        return f"{SYNTAX_PREFIX}Expecting ',' or the end of the query {got}.{where}"
    if "$END" in expected:
        return f"{SYNTAX_PREFIX}Expecting either 'OR' or 'AND' {got}.{where}"
    if "BY" in expected:
        return f"{SYNTAX_PREFIX}Expecting 'BY' {got}.{where}"
    if "CUSTOM_FIELD" in expected:
        return f"{SYNTAX_PREFIX}Expecting a field name {got}.{where}"
    if "EMPTY" in expected or ("WORD" in expected and "LPAR" in expected):
        return f"{SYNTAX_PREFIX}Expecting either a value, list or function {got}.{where}"
    if "WORD" in expected:
        return f"{SYNTAX_PREFIX}Expecting a function argument {got}.{where}"
    if "RPAR" in expected:
        return f"{SYNTAX_PREFIX}Expecting ')' {got}.{where}"
    names = ", ".join(sorted(expected))
    return f"{SYNTAX_PREFIX}Expecting one of {names} {got}.{where}"  # pragma: no cover


def _unexpected_character(jql: str, error: Any) -> str:
    char = jql[error.pos_in_stream] if error.pos_in_stream < len(jql) else ""
    where = _where(error)
    if char in "\"'":
        rest = jql[error.pos_in_stream + 1 :]
        return f"{SYNTAX_PREFIX}The quoted string '{rest}' has not been completed.{where}"
    return (
        f"{SYNTAX_PREFIX}The character '{char}' is a reserved JQL character. You must enclose "
        f"it in a string or use the escape '\\u{ord(char):04x}' instead.{where}"
    )


# --- tree -> nodes ---------------------------------------------------------------------


def _tokens(tree: Tree) -> list[Token]:
    from lark import Token

    return [child for child in tree.children if isinstance(child, Token)]


def _subtrees(tree: Tree) -> list[Tree]:
    from lark import Tree

    return [child for child in tree.children if isinstance(child, Tree)]


def _unquote(token: Token) -> str:
    """Strip the quotes from a STRING token and resolve Jira's backslash escapes."""
    body = str(token)[1:-1]
    out: list[str] = []
    index = 0
    while index < len(body):
        char = body[index]
        if char != "\\":
            out.append(char)
            index += 1
            continue
        following = body[index + 1 : index + 2]
        if following in _ESCAPES:
            out.append(_ESCAPES[following])
            index += 2
        elif _UNICODE_ESCAPE.match(body, index + 1):
            out.append(chr(int(body[index + 2 : index + 6], 16)))
            index += 6
        else:
            raise JqlError(
                f"{SYNTAX_PREFIX}The escape sequence '\\{following}' in the string "
                f"{token} is illegal.{_where(token)}"
            )
    return "".join(out)


def _text(token: Token) -> tuple[str, bool]:
    if token.type == "STRING":
        return _unquote(token), True
    return str(token), False


def _build_query(tree: Tree) -> Query:
    where: Node | None = None
    order_by: tuple[SortKey, ...] = ()
    for child in _subtrees(tree):
        if child.data == "order_by":
            order_by = tuple(_sort_key(key) for key in _subtrees(child))
        else:
            where = _node(child)
    return Query(where=where, order_by=order_by)


def _sort_key(tree: Tree) -> SortKey:
    field_tree = _subtrees(tree)[0]
    directions = [token for token in _tokens(tree) if token.type in ("ASC", "DESC")]
    direction: Literal["asc", "desc"] | None = None
    if directions:
        direction = "asc" if directions[0].type == "ASC" else "desc"
    return SortKey(field=_field(field_tree), direction=direction)


def _node(tree: Tree) -> Node:
    kind = tree.data
    if kind in ("or_expr", "and_expr"):
        operator: Literal["and", "or"] = "or" if kind == "or_expr" else "and"
        return Compound(operator, tuple(_node(child) for child in _subtrees(tree)))
    if kind == "negation":
        return Compound("not", (_node(_subtrees(tree)[0]),))
    if kind == "group":
        return _node(_subtrees(tree)[0])
    return _clause(tree)


def _history(tree: Tree) -> HistoryClause:
    children = _subtrees(tree)
    field = _field(children[0])
    words = {token.type for token in _tokens(tree)}
    operand: Operand | None = None
    rest = children[1:]
    if tree.data == "was_clause":
        operand, rest = _operand(rest[0]), rest[1:]
        operator = "was" + (" not" if "NOT" in words else "") + (" in" if "IN" in words else "")
    else:
        operator = "changed"
    predicates = tuple(
        Predicate(str(_tokens(p)[0]).lower(), _operand(_subtrees(p)[0])) for p in rest
    )
    return HistoryClause(field, operator, operand, predicates)


def _clause(tree: Tree) -> Clause | HistoryClause:
    if tree.data in ("was_clause", "changed_clause"):
        return _history(tree)
    field_tree, operand_tree = _subtrees(tree)
    field = _field(field_tree)
    negated = any(token.type == "NOT" for token in _tokens(tree))
    if tree.data == "is_clause":
        operator = "is not" if negated else "is"
    elif tree.data == "in_clause":
        operator = "not in" if negated else "in"
    else:
        operator = str(_tokens(tree)[0])
    return Clause(field=field, operator=operator, operand=_operand(operand_tree))


def _field(tree: Tree) -> Field:
    token = _tokens(tree)[0]
    return Field(_text(token)[0])


def _operand(tree: Tree) -> Operand:
    if tree.data == "list":
        return ValueList(tuple(_list_item(item) for item in _subtrees(tree)))
    return _list_item(tree)


def _list_item(tree: Tree) -> ListItem:
    if tree.data == "empty":
        return Empty(str(_tokens(tree)[0]).upper())
    if tree.data == "function":
        name = str(_tokens(tree)[0])
        args = tuple(_text(_tokens(argument)[0])[0] for argument in _subtrees(tree))
        return FunctionCall(name, args)
    text, quoted = _text(_tokens(tree)[0])
    return Value(text, quoted)

"""parse_jql: the syntax tree and its Jira `jql/parse` structure, precedence included."""

from __future__ import annotations

import pytest

from jira_chat.sandbox.jql import parse_jql
from jira_chat.sandbox.jql.nodes import (
    Clause,
    Compound,
    Empty,
    Field,
    FunctionCall,
    Value,
    ValueList,
)


def test_structure_matches_jiras_jql_parse_shape() -> None:
    query = parse_jql(
        "project = WEB AND (status IN (Done, EMPTY) OR assignee = currentUser()) "
        'AND summary ~ "full screen" ORDER BY key DESC, created'
    )
    assert query.to_structure() == {
        "where": {
            "operator": "and",
            "clauses": [
                {
                    "field": {"name": "project", "encodedName": "project"},
                    "operator": "=",
                    "operand": {"value": "WEB", "encodedValue": "WEB"},
                },
                {
                    "operator": "or",
                    "clauses": [
                        {
                            "field": {"name": "status", "encodedName": "status"},
                            "operator": "in",
                            "operand": {
                                "values": [
                                    {"value": "Done", "encodedValue": "Done"},
                                    {"keyword": "empty"},
                                ],
                                "encodedOperand": "(Done, EMPTY)",
                            },
                        },
                        {
                            "field": {"name": "assignee", "encodedName": "assignee"},
                            "operator": "=",
                            "operand": {
                                "function": "currentUser",
                                "arguments": [],
                                "encodedOperand": "currentUser()",
                            },
                        },
                    ],
                },
                {
                    "field": {"name": "summary", "encodedName": "summary"},
                    "operator": "~",
                    "operand": {"value": "full screen", "encodedValue": '"full screen"'},
                },
            ],
        },
        "orderBy": {
            "fields": [
                {"field": {"name": "key", "encodedName": "key"}, "direction": "desc"},
                {"field": {"name": "created", "encodedName": "created"}},
            ]
        },
    }


def _clause(field: str, value: str) -> Clause:
    return Clause(Field(field), "=", Value(value))


@pytest.mark.parametrize(
    ("jql", "where"),
    [
        (
            "a = 1 OR b = 2 AND c = 3",
            Compound("or", (_clause("a", "1"), Compound("and", (_clause("b", "2"), _clause("c", "3"))))),
        ),
        (
            "(a = 1 OR b = 2) AND c = 3",
            Compound("and", (Compound("or", (_clause("a", "1"), _clause("b", "2"))), _clause("c", "3"))),
        ),
        (
            "NOT a = 1 AND b = 2",
            Compound("and", (Compound("not", (_clause("a", "1"),)), _clause("b", "2"))),
        ),
        (
            "a = 1 and b = 2 AND c = 3",
            Compound("and", (_clause("a", "1"), _clause("b", "2"), _clause("c", "3"))),
        ),
        ("a = 1 || b = 2", Compound("or", (_clause("a", "1"), _clause("b", "2")))),
        ("! a = 1", Compound("not", (_clause("a", "1"),))),
    ],
)  # fmt: skip
def test_precedence_is_not_then_and_then_or(jql: str, where: Compound) -> None:
    assert parse_jql(jql).where == where


@pytest.mark.parametrize(
    ("jql", "clause"),
    [
        ("assignee is not null", Clause(Field("assignee"), "is not", Empty("NULL"))),
        ("labels NOT IN (a)", Clause(Field("labels"), "not in", ValueList((Value("a"),)))),
        ('"Due" <= "2026/01/31 10:00"', Clause(Field("Due"), "<=", Value("2026/01/31 10:00", True))),
        ("summary ~ 'it\\'s \\u0041'", Clause(Field("summary"), "~", Value("it's A", True))),
        ("created > startOfWeek(+1w)", Clause(Field("created"), ">", FunctionCall("startOfWeek", ("+1w",)))),
        ('created > startOfDay("-7d")', Clause(Field("created"), ">", FunctionCall("startOfDay", ("-7d",)))),
        ("created >= -7d", Clause(Field("created"), ">=", Value("-7d"))),
        ("assignee = alice@example.com", Clause(Field("assignee"), "=", Value("alice@example.com"))),
        ("project != WEB", Clause(Field("project"), "!=", Value("WEB"))),
        ("summary !~ x", Clause(Field("summary"), "!~", Value("x"))),
    ],
)  # fmt: skip
def test_clause_shapes(jql: str, clause: Clause) -> None:
    assert parse_jql(jql).where == clause


def test_empty_query_and_bare_order_by() -> None:
    assert parse_jql("").to_structure() == {}
    assert parse_jql("   ").where is None
    assert [key.field.name for key in parse_jql("order by Priority desc").order_by] == ["Priority"]


def test_words_that_start_with_keywords_are_plain_values() -> None:
    query = parse_jql("labels in (notes, isx, byline, ascend, descent, emptyish, Inbox, order-1)")
    assert query.where is not None
    assert query.where.to_structure()["operand"]["encodedOperand"] == (
        "(notes, isx, byline, ascend, descent, emptyish, Inbox, order-1)"
    )


def test_values_are_re_encoded_with_quotes_only_when_needed() -> None:
    query = parse_jql('summary ~ "say \\"hi\\"" AND labels = "and"')
    assert query.where is not None
    operands = [clause["operand"] for clause in query.where.to_structure()["clauses"]]
    assert operands == [
        {"value": 'say "hi"', "encodedValue": '"say \\"hi\\""'},
        {"value": "and", "encodedValue": '"and"'},
    ]

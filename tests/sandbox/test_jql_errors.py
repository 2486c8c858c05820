"""Invalid and unsupported JQL: the exact Jira-worded messages a user sees (HTTP 400)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

import pytest

from jira_chat.sandbox.jql import JqlError, compile_jql, parse_jql
from tests.sandbox.test_jql import ALICE, NOW, build_db

SYNTAX = "Error in the JQL Query: "
OPERATORS = (
    "The valid operators are '=', '!=', '<', '>', '<=', '>=', '~', '!~', 'IN', 'NOT IN', "
    "'IS', 'IS NOT', 'WAS', 'WAS IN', 'WAS NOT', 'WAS NOT IN' and 'CHANGED'."
)
DATE_FORMATS = (
    "Valid formats include: 'yyyy/MM/dd HH:mm', 'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', "
    "'yyyy-MM-dd', or a period format e.g. '-5d', '4w 2d'."
)


@pytest.fixture(scope="module")
def db() -> Iterator[sqlite3.Connection]:
    conn = build_db()
    yield conn
    conn.close()


ERRORS: list[tuple[str, list[str]]] = [
    # syntax, with 1-based positions like Jira's
    (
        "project = WEB foo",
        [f"{SYNTAX}Expecting either 'OR' or 'AND' but got 'foo'. (line 1, character 15)"],
    ),
    (
        "status = Done AND x foo",
        [f"{SYNTAX}Expecting operator but got 'foo'. {OPERATORS} (line 1, character 21)"],
    ),
    ("project", [f"{SYNTAX}Expecting operator before the end of the query. {OPERATORS}"]),
    ("project = ", [f"{SYNTAX}Expecting either a value, list or function before the end of the query."]),
    (
        "project in ()",
        [f"{SYNTAX}Expecting either a value, list or function but got ')'. (line 1, character 13)"],
    ),
    ("project = WEB AND", [f"{SYNTAX}Expecting a field name before the end of the query."]),
    ("(project = WEB", [f"{SYNTAX}Expecting ')' before the end of the query."]),
    (
        "project = WEB)",
        [f"{SYNTAX}Expecting either 'OR' or 'AND' but got ')'. (line 1, character 14)"],
    ),
    (
        "project = and",
        [
            f"{SYNTAX}The word 'and' is a reserved JQL word. You must surround it in quotation "
            "marks to use it in a query. (line 1, character 11)"
        ],
    ),
    (
        'project = "WEB',
        [f"{SYNTAX}The quoted string 'WEB' has not been completed. (line 1, character 11)"],
    ),
    (
        "project = [WEB]",
        [
            f"{SYNTAX}The character '[' is a reserved JQL character. You must enclose it in a "
            "string or use the escape '\\u005b' instead. (line 1, character 11)"
        ],
    ),
    (
        "project is WEB",
        [f"{SYNTAX}Expecting 'EMPTY' or 'NULL' but got 'WEB'. (line 1, character 12)"],
    ),
    ("project = WEB ORDER key", [f"{SYNTAX}Expecting 'BY' but got 'key'. (line 1, character 21)"]),
    (
        "ORDER BY key foo",
        [f"{SYNTAX}Expecting either 'ASC', 'DESC' or ',' but got 'foo'. (line 1, character 14)"],
    ),
    (
        'summary ~ "bad \\q"',
        [
            f"{SYNTAX}The escape sequence '\\q' in the string \"bad \\q\" is illegal. "
            "(line 1, character 11)"
        ],
    ),
    # unknown or unsupported fields, functions and operators
    ("foo = bar", ["Field 'foo' does not exist or you do not have permission to view it."]),
    ("environment = x", ["The sandbox's JQL does not support the field 'environment'."]),
    ("cf[10010] = 5", ["The sandbox's JQL does not support custom fields ('cf[10010]')."]),
    ("summary WAS Done", ["The operator 'was' is not supported by the 'summary' field."]),
    ("labels changed", ["The operator 'changed' is not supported by the 'labels' field."]),
    ("assignee = bogus()", ["Unable to find JQL function 'bogus()'."]),
    (
        'assignee in membersOf("jira-users")',
        ["The sandbox's JQL does not support the function 'membersOf()'."],
    ),
    ("status ~ Done", ["The operator '~' is not supported by the 'status' field."]),
    ("summary = foo", ["The operator '=' is not supported by the 'summary' field."]),
    ("text !~ foo", ["The operator '!~' is not supported by the 'text' field."]),
    ("comment is empty", ["The operator 'is' is not supported by the 'comment' field."]),
    ("labels > x", ["The operator '>' is not supported by the 'labels' field."]),
    (
        'status = (Done, "To Do")',
        ["Operator '=' does not support the list value '(Done, \"To Do\")' for field 'status'."],
    ),
    (
        "created > EMPTY",
        ["The operator '>' does not support searching for EMPTY values on field 'created'."],
    ),
    # values that do not exist
    ("project = XYZ", ["The value 'XYZ' does not exist for the field 'project'."]),
    ("assignee = nobody", ["The value 'nobody' does not exist for the field 'assignee'."]),
    ("Status = Nope", ["The value 'Nope' does not exist for the field 'Status'."]),
    ("sprint = 99", ["The value '99' does not exist for the field 'sprint'."]),
    ("component = Mobile", ["The value 'Mobile' does not exist for the field 'component'."]),
    ("statusCategory = Blocked", ["The value 'Blocked' does not exist for the field 'statusCategory'."]),
    ("key = WEB-999", ["An issue with key 'WEB-999' does not exist for field 'key'."]),
    ("key = banana", ["The issue key 'banana' for field 'key' is invalid."]),
    ("parent in (WEB-1, XYZ-2)", ["An issue with key 'XYZ-2' does not exist for field 'parent'."]),
    (
        "project = XYZ AND status = Nope OR bogus = 1",
        [
            "The value 'XYZ' does not exist for the field 'project'.",
            "The value 'Nope' does not exist for the field 'status'.",
            "Field 'bogus' does not exist or you do not have permission to view it.",
        ],
    ),
    # functions used wrongly
    ("assignee = currentUser(x)", ["Function 'currentUser' expected '0' arguments but got '1'."]),
    (
        "created > startOfDay(1, 2)",
        ["Function 'startOfDay' expected between '0' and '1' arguments but got '2'."],
    ),
    (
        "created > startOfDay(1x)",
        [
            "Duration for function 'startOfDay' should have the format (+/-)n(y|M|w|d|h|m), "
            "e.g. -1M for one month earlier."
        ],
    ),
    ("project = currentUser()", ["The function 'currentUser()' is not supported by the 'project' field."]),
    ("created > openSprints()", ["The function 'openSprints()' is not supported by the 'created' field."]),
    # dates and text values
    ("created > yesterday", [f"Date value 'yesterday' for field 'created' is invalid. {DATE_FORMATS}"]),
    ("due = 2026-13-45", [f"Date value '2026-13-45' for field 'due' is invalid. {DATE_FORMATS}"]),
    (
        'summary ~ "*foo"',
        ["The text query '*foo' for field 'summary' is not allowed to start with a wildcard character."],
    ),
    ('summary ~ ""', ["The field 'summary' does not support searching for an empty string."]),
    # ordering
    ("ORDER BY labels", ["Field 'labels' does not support sorting."]),
    ("ORDER BY foo", ["Field 'foo' does not exist or you do not have permission to view it."]),
    # limits SQLite would otherwise hit
    ("NOT " * 25 + "project = WEB", ["The query is nested too deeply for the sandbox to evaluate."]),
    (
        " AND ".join(["project = WEB"] * 301),
        ["The query has more than 300 clauses, the sandbox's limit."],
    ),
    (
        "project = 99999999999999999999999",
        ["The value '99999999999999999999999' does not exist for the field 'project'."],
    ),
]  # fmt: skip


@pytest.mark.parametrize(("jql", "messages"), ERRORS, ids=[jql[:60] for jql, _ in ERRORS])
def test_invalid_query_is_refused_in_jiras_words(
    db: sqlite3.Connection, jql: str, messages: list[str]
) -> None:
    with pytest.raises(JqlError) as caught:
        compile_jql(jql, db, current_user_id=ALICE, now=NOW)
    assert caught.value.messages == messages


@pytest.mark.parametrize(
    "jql",
    [
        "project = [",
        "x = 'abc",
        "a = b c",
        "((((",
        "project in (a,",
        "ORDER",
        "= WEB",
        "!!",
        "\x00",
    ],
)
def test_parser_never_leaks_lark_errors(jql: str) -> None:
    with pytest.raises(JqlError) as caught:
        parse_jql(jql)
    assert caught.value.messages and all(m.startswith(SYNTAX) for m in caught.value.messages)


def test_syntax_errors_are_reported_before_any_lookup() -> None:
    """parse_jql needs no database: the jql/parse endpoint can validate syntax alone."""
    with pytest.raises(JqlError, match="Expecting either 'OR' or 'AND'"):
        parse_jql("project = NOPE extra")
    parse_jql("project = NOPE")  # an unknown value is a compile-time (database) question

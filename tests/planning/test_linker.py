"""The entity linker: each kind of value, the fuzzy thresholds, ambiguity, date phrases."""

from __future__ import annotations

import datetime as dt

import pytest

from jira_chat.planning.linking import FUZZY_THRESHOLD, Linker, parse_date_phrase, tokenize
from jira_chat.planning.linking.linker import AMBIGUITY_MARGIN, MIN_FUZZY_LENGTH
from tests.planning.conftest import vocabulary_metadata

WEDNESDAY = dt.date(2026, 12, 2)


def _linker() -> Linker:
    return Linker(vocabulary_metadata())


def _found(text: str, *, fuzzy: bool = False) -> list[tuple[str, str, str]]:
    tokens = tokenize(text)
    spans = _linker().spans(tokens, fuzzy=fuzzy)
    return [(r.kind, r.value, r.jql) for span in spans.values() for r in span.readings]


@pytest.mark.parametrize(
    ("text", "kind", "value", "jql"),
    [
        ("WEB", "project", "WEB", "WEB"),
        ("public api", "project", "API", "API"),
        ("bugs", "issue_type", "Bug", "Bug"),
        ("defects", "issue_type", "Bug", "Bug"),
        ("sub-tasks", "issue_type", "Sub-task", '"Sub-task"'),
        ("in review", "status", "In Review", '"In Review"'),
        ("in-progress", "status", "In Progress", '"In Progress"'),
        ("highest", "priority", "Highest", "Highest"),
        ("urgent", "priority", "Highest", "Highest"),
        ("alice", "user", "Alice Nguyen", '"712020:alice"'),
        ("Jordan Lee", "user", "Jordan Lee", '"712020:jordan"'),
        ("priya.patel@example.com", "user", "Priya Patel", '"712020:priya"'),
        ("tech-debt", "label", "tech-debt", '"tech-debt"'),
        ("checkout", "component", "Checkout", "Checkout"),
        ("WEB Sprint 2", "sprint", "WEB Sprint 2", '"WEB Sprint 2"'),
        ("2.0", "version", "2.0", '"2.0"'),
        ("cart overhaul", "epic", "Cart overhaul", "WEB-2"),
        ("story points", "field", "Story Points", "cf[10016]"),
    ],
)
def test_each_kind_of_value_is_linked_and_spelled_for_jql(
    text: str, kind: str, value: str, jql: str
) -> None:
    assert (kind, value, jql) in _found(text)


@pytest.mark.parametrize(
    ("typed", "kind", "value"),
    [("progress", "status", "In Progress"), ("review", "status", "In Review"),
     ("storefront", "project", "WEB"), ("public", "project", "API")],
)  # fmt: skip
def test_a_whole_word_of_one_name_is_a_partial_match(typed: str, kind: str, value: str) -> None:
    readings = _linker().lookup(typed, (kind,))
    assert [(r.value, r.how) for r in readings] == [(value, "partial")]


def test_fuzzy_matches_above_the_threshold_are_taken_and_below_never() -> None:
    linker = _linker()
    assert [r.value for r in linker.lookup("secuirty", ("label",))] == ["security"]
    assert linker.lookup("secuirty", ("label",))[0].score >= FUZZY_THRESHOLD
    assert linker.lookup("custard", ("label",)) == []  # ratio 67 to "customer": never taken
    assert [r.value for r in linker.lookup("paymnt", ("label",))] == ["payments"]  # 85.7
    assert linker.lookup("sec", ("label",)) == []  # shorter than MIN_FUZZY_LENGTH
    assert MIN_FUZZY_LENGTH == 5 and FUZZY_THRESHOLD == 85.0 and AMBIGUITY_MARGIN == 5.0


def test_two_close_candidates_are_both_kept() -> None:
    people = _linker().lookup("alex", ("user",))
    assert sorted(r.value for r in people) == ["Alex Chen", "Alex Morgan"]
    both = _found("frontend")  # a label and a component
    assert {kind for kind, _, _ in both} == {"label", "component"}


def test_words_that_name_nothing_are_not_linked() -> None:
    assert _found("the purple hat") == []


@pytest.mark.parametrize(
    ("phrase", "jql"),
    [
        ("today", "updated >= startOfDay()"),
        ("yesterday", "updated >= startOfDay(-1d) AND updated < startOfDay()"),
        ("this week", "updated >= startOfWeek() AND updated < startOfWeek(1w)"),
        ("last week", "updated >= startOfWeek(-1w) AND updated < startOfWeek()"),
        ("last 7 days", "updated >= -7d"),
        ("in the last 30 days", "updated >= -30d"),
        ("the past week", "updated >= -1w"),
        ("since monday", 'updated >= "2026-11-30"'),
        ("in november", 'updated >= "2026-11-01" AND updated < "2026-12-01"'),
        ("before friday", 'updated < "2026-12-04"'),
        ("this month", "updated >= startOfMonth() AND updated < startOfMonth(1M)"),
        ("2026-12-24", 'updated >= "2026-12-24" AND updated < "2026-12-25"'),
    ],
)
def test_date_phrases_become_jql_ranges(phrase: str, jql: str) -> None:
    found = parse_date_phrase(phrase.split(), WEDNESDAY)
    assert found is not None and found[0] == len(phrase.split())
    assert found[1].jql("updated") == jql


def test_a_month_later_in_the_year_means_last_year() -> None:
    found = parse_date_phrase(["in", "december"], dt.date(2026, 3, 1))
    assert found is not None
    assert found[1].jql("created") == 'created >= "2025-12-01" AND created < "2026-01-01"'


def test_a_weekday_alone_is_the_coming_one() -> None:
    friday = parse_date_phrase(["friday"], WEDNESDAY)
    same_day = parse_date_phrase(["wednesday"], WEDNESDAY)
    assert friday is not None and friday[1].day == dt.date(2026, 12, 4)
    assert same_day is not None and same_day[1].day == WEDNESDAY


def test_grounding_spells_each_named_value_and_keeps_ambiguity() -> None:
    from jira_chat.planning.linking.grounding import grounding_lines

    lines = grounding_lines(
        "bugs for alex labelled payments in the current sprint since monday",
        vocabulary_metadata(),
        WEDNESDAY,
    )
    assert lines == [
        '"alex": ambiguous, ask which: assignee/reporter = "712020:amorgan" (Alex Morgan)'
        ' | assignee/reporter = "712020:achen" (Alex Chen)',
        '"payments": labels = payments',
        '"current sprint": sprint in openSprints()',
        '"since monday": <date field> >= "2026-11-30"',
    ]


def test_a_label_no_issue_uses_is_named_when_a_search_finds_nothing() -> None:
    from jira_chat.planning.linking.grounding import unmatched_values

    jql = 'labels = secure AND labels in (payments, "tech-debtt") ORDER BY updated DESC'
    assert unmatched_values(jql, vocabulary_metadata()) == ["secure", "tech-debtt"]
    assert unmatched_values("labels = payments", vocabulary_metadata()) == []

"""Offline searches on versions and custom fields: each phrase and the JQL it makes."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from jira_chat.errors import UsageError
from jira_chat.jira_access.records import NamedMeta
from jira_chat.planning.offline import OfflinePlanner
from tests.planning.conftest import MakeRequest, vocabulary_metadata

ORDER = " ORDER BY updated DESC"
BUG_ORDER = " ORDER BY priority DESC, updated DESC"


def _metadata() -> Any:
    """The seeded vocabulary with each project's versions and the demo's custom fields."""
    versions = tuple(
        NamedMeta(name, project, project)
        for project in ("WEB", "API", "OPS")
        for name in ("1.0", "1.1", "2.0")
    )
    custom = (
        NamedMeta("Sprint", "cf[10020]"),
        NamedMeta("Story Points", "cf[10016]"),
        NamedMeta("Team", "cf[10040]"),
    )
    return dataclasses.replace(vocabulary_metadata(), versions=versions, custom_fields=custom)


def _jql(make_request: MakeRequest, text: str) -> str:
    plan = OfflinePlanner().plan(make_request(text, metadata=_metadata()))
    (action,) = plan.to_dict()["actions"]
    assert action["action"] == "search_issues"
    jql: str = action["parameters"]["jql"]
    return jql


@pytest.mark.parametrize(
    ("text", "jql"),
    [
        ("bugs in WEB fixed in 2.0", 'project = WEB AND issuetype = Bug AND fixVersion = "2.0"'),
        ("issues in WEB for version 2.0", 'project = WEB AND fixVersion = "2.0"'),
        ("fixVersion 2.0", 'fixVersion = "2.0"'),
        ("fixVersion = 1.1", 'fixVersion = "1.1"'),
        ("issues with a fix version of 2.0 in WEB", 'project = WEB AND fixVersion = "2.0"'),
        ("tickets in 2.0 for API", 'project = API AND fixVersion = "2.0"'),  # a bare version
        ("open issues targeted for version 2.0", 'fixVersion = "2.0" AND statusCategory != Done'),
        ("release 1.0 bugs", 'issuetype = Bug AND fixVersion = "1.0"'),
        ("bugs affecting 1.0 in API", 'project = API AND issuetype = Bug AND affectedVersion = "1.0"'),
        ("issues that affect version 1.1", None),  # "affect" is not a form: refused
        ("bugs found in 1.1", 'issuetype = Bug AND affectedVersion = "1.1"'),
        # Beyond the (capped) cache, after a version word, as typed: Jira says if it exists.
        ("bugs in WEB fixed in 2.4", 'project = WEB AND issuetype = Bug AND fixVersion = "2.4"'),
        ('fix version "Big Bang"', 'fixVersion = "Big Bang"'),
        # ... but never a guess: "fixed in" followed by a date is a resolution date.
        ("bugs fixed last week", "issuetype = Bug AND resolved >= startOfWeek(-1w) AND resolved < startOfWeek()"),
        ("fixed bugs in WEB", "project = WEB AND issuetype = Bug AND statusCategory = Done"),
    ],
)  # fmt: skip
def test_version_phrases(make_request: MakeRequest, text: str, jql: str | None) -> None:
    if jql is None:
        with pytest.raises(UsageError, match="did not understand"):
            _jql(make_request, text)
        return
    order = BUG_ORDER if "issuetype = Bug" in jql else ORDER
    assert _jql(make_request, text) == jql + order


@pytest.mark.parametrize(
    ("text", "jql"),
    [
        ("issues with story points over 3", '"Story Points" > 3'),
        ("story points >= 5", '"Story Points" >= 5'),
        ('issues with "Story Points" greater than 8', '"Story Points" > 8'),
        ("stories with at most 2 story points", 'issuetype = Story AND "Story Points" <= 2'),
        ("at least 5 story points in API", 'project = API AND "Story Points" >= 5'),
        ("3 or more story points", '"Story Points" >= 3'),
        ("story points 5 or less", '"Story Points" <= 5'),
        ("issues with 8 story points", '"Story Points" = 8'),
        ("story points under 2", '"Story Points" < 2'),
        ("stories with story points", 'issuetype = Story AND "Story Points" is not EMPTY'),
        ("issues without story points in OPS", 'project = OPS AND "Story Points" is EMPTY'),
        ("team Payments issues", 'Team = "Payments"'),
        ("issues where team is Growth", 'Team = "Growth"'),
        ("team is not Mobile", 'Team != "Mobile"'),
        ("open bugs for the Payments team in WEB",
         'project = WEB AND issuetype = Bug AND Team = "Payments" AND statusCategory != Done'),
        ("issues with no team", "Team is EMPTY"),
        ("high priority bugs in API with story points over 3 for team Platform",
         'project = API AND issuetype = Bug AND priority = High AND "Story Points" > 3 '
         'AND Team = "Platform"'),
    ],
)  # fmt: skip
def test_custom_field_phrases_use_the_field_by_its_name(
    make_request: MakeRequest, text: str, jql: str
) -> None:
    order = BUG_ORDER if "issuetype = Bug" in jql else ORDER
    assert _jql(make_request, text) == jql + order


@pytest.mark.parametrize(
    "text",
    [
        "story points",  # a field with nothing said about it
        "issues with story points over lots",  # a comparison needs a number
        "team open issues",  # "open" means open, never Team = "open"
        "team WEB",  # a project, not a team
    ],
)
def test_a_half_said_custom_field_search_is_refused(make_request: MakeRequest, text: str) -> None:
    with pytest.raises(UsageError, match="did not understand"):
        _jql(make_request, text)


def test_the_sprint_field_keeps_its_own_phrases(make_request: MakeRequest) -> None:
    assert _jql(make_request, "bugs in the current sprint") == (
        "issuetype = Bug AND sprint in openSprints()" + BUG_ORDER
    )


def test_operators_are_never_dropped(make_request: MakeRequest) -> None:
    """ "points > 3" must not read as "points 3": the operator is a token of its own."""
    assert _jql(make_request, "story points > 3") == '"Story Points" > 3' + ORDER
    assert _jql(make_request, "story points < 3") == '"Story Points" < 3' + ORDER
    assert _jql(make_request, "story points != 3") == '"Story Points" != 3' + ORDER

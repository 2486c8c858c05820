"""Offline bulk writes: "<verb> all|every <search phrase> …" is one bulk_change whose JQL is
exactly the search the words make, and anything half-understood is refused."""

from __future__ import annotations

from typing import Any

import pytest

from jira_chat.errors import AmbiguityError, UsageError
from jira_chat.planning.context import SessionContext
from jira_chat.planning.offline import OfflinePlanner
from tests.planning.conftest import MakeRequest

ORDER = " ORDER BY updated DESC"
BUG_ORDER = " ORDER BY priority DESC, updated DESC"
DONE = {"action": "transition_issue", "parameters": {"status": "Done"}}


def _plan(make_request: MakeRequest, text: str, **kwargs: Any) -> list[dict[str, Any]]:
    plan = OfflinePlanner().plan(make_request(text, metadata="vocabulary", **kwargs))
    actions: list[dict[str, Any]] = plan.to_dict()["actions"]
    return actions


def _bulk(jql: str, change: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"action": "bulk_change", "parameters": {"jql": jql, "change": change}}]


def _search_jql(make_request: MakeRequest, text: str) -> str:
    (action,) = _plan(make_request, text)
    assert action["action"] == "search_issues"
    jql: str = action["parameters"]["jql"]
    return jql


@pytest.mark.parametrize(
    ("text", "selection", "change"),
    [
        ("move all my in-review issues to done", "my in review issues", DONE),
        ("close all open bugs in OPS assigned to me", "open bugs in OPS assigned to me", DONE),
        (
            "assign all unassigned bugs in WEB to alice",
            "unassigned bugs in WEB",
            {"action": "assign_issue", "parameters": {"assignee": "Alice Nguyen"}},
        ),
        (
            "add label triage to all bugs in API created this week",
            "bugs in API created this week",
            {"action": "update_issue", "parameters": {"labels_add": ["triage"]}},
        ),
        ("mark every bug in WEB assigned to me as done", "bugs in WEB assigned to me", DONE),
        ("close everything in review assigned to me", "in review assigned to me", DONE),
        (
            "please start all of my to do tasks in API",
            "my to do tasks in API",
            {"action": "transition_issue", "parameters": {"status": "In Progress"}},
        ),
        (
            "reopen all done bugs in WEB",
            "done bugs in WEB",
            {"action": "transition_issue", "parameters": {"status": "To Do"}},
        ),
        (  # the *last* "to" names the new assignee; the first belongs to the search
            "assign all bugs assigned to jordan to alice",
            "bugs assigned to jordan",
            {"action": "assign_issue", "parameters": {"assignee": "Alice Nguyen"}},
        ),
        (
            "unassign all my bugs in API",
            "my bugs in API",
            {"action": "assign_issue", "parameters": {"assignee": "none"}},
        ),
        (
            "take all unassigned bugs in OPS",
            "unassigned bugs in OPS",
            {"action": "assign_issue", "parameters": {"assignee": "me"}},
        ),
        (
            "set the priority of all open bugs in WEB to high",
            "open bugs in WEB",
            {"action": "update_issue", "parameters": {"priority": "High"}},
        ),
        (
            "bump all low priority bugs in WEB to highest priority",
            "low priority bugs in WEB",
            {"action": "update_issue", "parameters": {"priority": "Highest"}},
        ),
        (
            "remove label payments from all stories in WEB",
            "stories in WEB",
            {"action": "update_issue", "parameters": {"labels_remove": ["payments"]}},
        ),
        (
            "tag all bugs in OPS with triage",
            "bugs in OPS",
            {"action": "update_issue", "parameters": {"labels_add": ["triage"]}},
        ),
        (
            "move all my to do issues in WEB to the current sprint",
            "my to do issues in WEB",
            {"action": "update_issue", "parameters": {"sprint": "active"}},
        ),
        (
            "add all unassigned bugs in WEB to sprint WEB Sprint 3",
            "unassigned bugs in WEB",
            {"action": "update_issue", "parameters": {"sprint": "WEB Sprint 3"}},
        ),
        (
            "comment on all my in-review issues: Released in 2.0, thanks",
            "my in review issues",
            {"action": "add_comment", "parameters": {"body": "Released in 2.0, thanks"}},
        ),
    ],
)
def test_bulk_forms_select_exactly_what_the_same_words_search(
    make_request: MakeRequest, text: str, selection: str, change: dict[str, Any]
) -> None:
    """The JQL is the one the selection's words make as a search: never wider or narrower."""
    assert _plan(make_request, text) == _bulk(_search_jql(make_request, selection), change)


def test_the_bulk_jql_spelled_out(make_request: MakeRequest) -> None:
    assert _plan(make_request, "close all open bugs in OPS assigned to me") == _bulk(
        "project = OPS AND issuetype = Bug AND assignee = currentUser() "
        "AND statusCategory != Done" + BUG_ORDER,
        DONE,
    )
    assert _plan(make_request, "move all my in-review issues to done") == _bulk(
        'assignee = currentUser() AND status = "In Review"' + ORDER, DONE
    )


def test_the_default_project_narrows_a_bulk_selection_as_it_does_a_search(
    make_request: MakeRequest,
) -> None:
    context = SessionContext(default_project="WEB")
    assert _plan(make_request, "close all my bugs", context=context) == _bulk(
        "project = WEB AND issuetype = Bug AND assignee = currentUser()" + BUG_ORDER, DONE
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("close all my blorp bugs", "did not understand 'blorp' in the issues to change"),
        ("close all issues", "say which issues to change"),
        ("close every ticket", "say which issues to change"),
        ("move all my bugs to nowhere", "'nowhere' is not a status"),
        ("move all my bugs", "did not understand"),  # no target status
        ("assign all my bugs in WEB", "did not understand"),  # nobody to assign to
        ("close all my bugs in WEB and assign WEB-1 to me", "did not understand"),
        ("comment on all my bugs", "did not understand"),  # no text
        ("frobnicate all my bugs", "did not understand"),
        ("add all my bugs", "did not understand"),  # add them to what?
        ("move all my bugs to sprint nope", "not a sprint jira-chat knows"),
        ("add triage to all my bugs", "did not understand"),  # "label" unsaid: a label?
        ("set priority of all my bugs to extreme", "'extreme' is not a priority"),
    ],
)
def test_a_half_understood_bulk_request_is_refused(
    make_request: MakeRequest, text: str, message: str
) -> None:
    with pytest.raises(UsageError, match=message) as refused:
        _plan(make_request, text)
    assert refused.value.hint


def test_a_refusal_names_the_nearest_bulk_form(make_request: MakeRequest) -> None:
    with pytest.raises(UsageError) as refused:
        _plan(make_request, "assign all my blorp bugs to alice")
    assert "nearest form: assign all unassigned bugs in WEB to alice" in str(refused.value.hint)
    assert "nothing was changed" in refused.value.message


def test_an_ambiguous_person_in_the_selection_is_asked_not_guessed(
    make_request: MakeRequest,
) -> None:
    with pytest.raises(AmbiguityError, match="Alex Morgan, Alex Chen"):
        _plan(make_request, "close all bugs assigned to alex")


@pytest.mark.parametrize("text", ["close them all", "close all of them", "assign all those to me"])
def test_all_of_the_issues_shown_stays_the_shown_list(make_request: MakeRequest, text: str) -> None:
    context = SessionContext(last_shown=["WEB-3", "WEB-7"])
    (action,) = _plan(make_request, text, context=context)
    assert action["action"] == "bulk_change"
    assert action["parameters"]["keys"] == ["WEB-3", "WEB-7"]
    assert "jql" not in action["parameters"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("comment on WEB-5: all done", ("add_comment", "WEB-5")),
        ("rename WEB-3 to Fix all the things", ("update_issue", "WEB-3")),
    ],
)
def test_all_in_free_text_or_after_a_key_is_not_a_bulk_change(
    make_request: MakeRequest, text: str, expected: tuple[str, str]
) -> None:
    (action,) = _plan(make_request, text)
    assert (action["action"], action["parameters"]["key"]) == expected

"""The requests issue 9 lists, each with the plan the offline planner must make."""

from __future__ import annotations

from typing import Any

import pytest

from jira_chat.errors import AmbiguityError, UsageError
from jira_chat.planning.context import SessionContext
from jira_chat.planning.offline import OfflinePlanner
from tests.planning.conftest import MakeRequest

ORDER = " ORDER BY updated DESC"
BUG_ORDER = " ORDER BY priority DESC, updated DESC"


def _plan(make_request: MakeRequest, text: str, **kwargs: Any) -> list[dict[str, Any]]:
    plan = OfflinePlanner().plan(make_request(text, metadata="vocabulary", **kwargs))
    actions: list[dict[str, Any]] = plan.to_dict()["actions"]
    return actions


def _jql(make_request: MakeRequest, text: str, **kwargs: Any) -> str:
    (action,) = _plan(make_request, text, **kwargs)
    assert action["action"] == "search_issues"
    jql: str = action["parameters"]["jql"]
    return jql


@pytest.mark.parametrize(
    ("text", "jql"),
    [
        (
            "high priority bugs assigned to alice in API updated this week",
            'project = API AND issuetype = Bug AND priority = High AND assignee = "712020:alice" '
            "AND updated >= startOfWeek() AND updated < startOfWeek(1w)" + BUG_ORDER,
        ),
        (
            "my open bugs",
            "issuetype = Bug AND assignee = currentUser() AND statusCategory != Done" + BUG_ORDER,
        ),
        (
            "unassigned issues in the current sprint",
            "assignee is EMPTY AND sprint in openSprints()" + ORDER,
        ),
        ("epics in WEB", "project = WEB AND issuetype = Epic" + ORDER),
        (
            "how many open bugs in OPS",
            "project = OPS AND issuetype = Bug AND statusCategory != Done" + BUG_ORDER,
        ),
        (
            "what did I resolve last week",
            "assignee = currentUser() AND resolved >= startOfWeek(-1w) AND resolved < startOfWeek()"
            + ORDER,
        ),
        (
            "bugs in the last sprint",
            'issuetype = Bug AND sprint in ("WEB Sprint 1", "API Sprint 1")' + BUG_ORDER,
        ),
        ("stories in WEB Sprint 2", 'issuetype = Story AND sprint = "WEB Sprint 2"' + ORDER),
        ("issues in the cart overhaul epic", "parent = WEB-2" + ORDER),
        (
            "open bugs in the web project",
            "project = WEB AND issuetype = Bug AND statusCategory != Done" + BUG_ORDER,
        ),
        ("issues labelled secuirty", "labels = security" + ORDER),
        (
            "tasks and bugs in API or OPS",
            "project in (API, OPS) AND issuetype in (Task, Bug)" + ORDER,
        ),
        ("overdue issues", "duedate < now() AND statusCategory != Done" + ORDER),
    ],
)
def test_searches_compose_from_linked_values(
    make_request: MakeRequest, text: str, jql: str
) -> None:
    assert _jql(make_request, text) == jql


def _act(name: str, **parameters: Any) -> dict[str, Any]:
    return {"action": name, "parameters": parameters}


@pytest.mark.parametrize(
    ("text", "actions"),
    [
        ("set priority of WEB-4 to high", [_act("update_issue", key="WEB-4", priority="High")]),
        ("add label security to API-2", [_act("update_issue", key="API-2", labels_add=["security"])]),
        (
            "rename WEB-3 to Remove stale flags",
            [_act("update_issue", key="WEB-3", summary="Remove stale flags")],
        ),
        # TODAY in conftest is Wednesday 2026-11-25: "Friday" is the 27th.
        ("due date of WEB-3 to Friday", [_act("update_issue", key="WEB-3", due_date="2026-11-27")]),
        (
            "close WEB-5 and WEB-6",
            [_act("transition_issue", key="WEB-5", status="Done"),
             _act("transition_issue", key="WEB-6", status="Done")],
        ),
        (
            "assign WEB-5 to alice and WEB-6 to jordan",
            [_act("assign_issue", key="WEB-5", assignee="Alice Nguyen"),
             _act("assign_issue", key="WEB-6", assignee="Jordan Lee")],
        ),
        (
            "assign WEB-5 to me and close it",
            [_act("assign_issue", key="WEB-5", assignee="me"),
             _act("transition_issue", key="WEB-5", status="Done")],
        ),
        (
            "create a bug in API: refunds time out, high priority",
            [_act("create_issue", project="API", issue_type="Bug", summary="refunds time out",
                  priority="High")],
        ),
        (
            "create a bug in API: refunds time out, again",  # not a field: stays in the summary
            [_act("create_issue", project="API", issue_type="Bug", summary="refunds time out, again")],
        ),
        ("move WEB-5 to progress", [_act("transition_issue", key="WEB-5", status="In Progress")]),
        ("move WEB-5 to review", [_act("transition_issue", key="WEB-5", status="In Review")]),
        (
            "start WEB-4 and WEB-6 and assign both to me",
            [_act("transition_issue", key="WEB-4", status="In Progress"),
             _act("transition_issue", key="WEB-6", status="In Progress"),
             _act("assign_issue", key="WEB-4", assignee="me"),
             _act("assign_issue", key="WEB-6", assignee="me")],
        ),
        (
            "set the priority of WEB-4 to high and add the label security to it",
            [_act("update_issue", key="WEB-4", priority="High", labels_add=["security"])],
        ),
    ],
)  # fmt: skip
def test_write_requests_compose(
    make_request: MakeRequest, text: str, actions: list[dict[str, Any]]
) -> None:
    assert _plan(make_request, text) == actions


@pytest.mark.parametrize(
    ("text", "actions"),
    [
        ("WEB-1 blocks WEB-2", [_act("link_issues", key="WEB-1", other="WEB-2", type="blocks")]),
        (
            "link WEB-1 to WEB-3 as duplicates",
            [_act("link_issues", key="WEB-1", other="WEB-3", type="duplicates")],
        ),
        ("unlink WEB-1 from WEB-2", [_act("unlink_issues", key="WEB-1", other="WEB-2")]),
        (
            "log 2h on OPS-3: pairing",
            [_act("add_worklog", key="OPS-3", time_spent="2h", comment="pairing")],
        ),
        ("log 90 minutes of work on OPS-3", [_act("add_worklog", key="OPS-3", time_spent="90m")]),
        ("watch WEB-5 for alice", [_act("watch_issue", key="WEB-5", user="Alice Nguyen")]),
        ("stop watching WEB-5", [_act("unwatch_issue", key="WEB-5")]),
        (
            "delete WEB-9 and its subtasks",
            [_act("delete_issue", key="WEB-9", delete_subtasks=True)],
        ),
        ("sprints in the web project", [_act("list_sprints", project="WEB")]),
        ("boards", [_act("list_boards")]),
        ("add WEB-5 to the current sprint", [_act("update_issue", key="WEB-5", sprint="active")]),
        (
            "move WEB-5 to sprint WEB Sprint 3",
            [_act("update_issue", key="WEB-5", sprint="WEB Sprint 3")],
        ),
        ("set the epic of WEB-5 to WEB-2", [_act("update_issue", key="WEB-5", parent="WEB-2")]),
        ("put WEB-5 under WEB-2", [_act("update_issue", key="WEB-5", parent="WEB-2")]),
        (
            "create a story in WEB: Save carts, in the current sprint, under WEB-2",
            [
                _act(
                    "create_issue",
                    project="WEB",
                    issue_type="Story",
                    summary="Save carts",
                    sprint="active",
                    parent="WEB-2",
                )
            ],
        ),
    ],
)
def test_the_newer_actions_have_offline_forms(
    make_request: MakeRequest, text: str, actions: list[dict[str, Any]]
) -> None:
    assert _plan(make_request, text) == actions


def test_an_ambiguous_person_in_a_search_is_refused_listing_both(make_request: MakeRequest) -> None:
    with pytest.raises(AmbiguityError) as caught:
        _plan(make_request, "bugs assigned to alex")
    assert sorted(caught.value.choices) == ["Alex Chen", "Alex Morgan"]


def test_an_ambiguous_person_in_a_search_is_asked_when_someone_can_answer(
    make_request: MakeRequest,
) -> None:
    request = make_request("bugs assigned to alex", metadata="vocabulary")
    asked: list[tuple[str, list[str]]] = []

    def choose(question: str, options: Any) -> str:
        asked.append((question, list(options)))
        return "Alex Chen"

    request.choose = choose
    (action,) = OfflinePlanner().plan(request).actions
    assert 'assignee = "712020:achen"' in action.parameters.jql  # type: ignore[union-attr]
    assert asked and "alex" in asked[0][0]


def test_it_after_a_list_of_several_asks_which_one_or_fails(make_request: MakeRequest) -> None:
    context = SessionContext()
    context.remember_acted("WEB-1")
    context.remember_shown(["WEB-3", "WEB-7"])  # a list came after WEB-1 was acted on
    with pytest.raises(AmbiguityError) as caught:
        _plan(make_request, "close it", context=context)
    assert caught.value.choices == ["WEB-3", "WEB-7"]
    request = make_request("close it", metadata="vocabulary", context=context)
    request.choose = lambda question, options: "WEB-7"
    (action,) = OfflinePlanner().plan(request).actions
    assert action.parameters.key == "WEB-7"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "text", ["bugs in API with a purple hat", "close WEB-5 sometime soon", "frobnicate WEB-5"]
)
def test_half_understood_requests_are_refused(make_request: MakeRequest, text: str) -> None:
    with pytest.raises(UsageError, match=r"did not understand|does not name an issue"):
        _plan(make_request, text)


def test_all_my_in_review_issues_is_one_bulk_change_on_that_search(
    make_request: MakeRequest,
) -> None:
    (action,) = _plan(make_request, "close all my in-review issues")
    assert action == {
        "action": "bulk_change",
        "parameters": {
            "jql": 'assignee = currentUser() AND status = "In Review"' + ORDER,
            "change": {"action": "transition_issue", "parameters": {"status": "Done"}},
        },
    }

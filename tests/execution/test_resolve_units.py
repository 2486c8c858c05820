"""Resolver rules that the seeded sandbox cannot show: several transitions to one status,
several projects sharing a word, matching on spacing and dashes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, cast

import pytest

from jira_chat.errors import AmbiguityError, ResolutionError
from jira_chat.execution.resolve import Resolver, normalized
from jira_chat.jira_access.records import (
    InstanceMetadata,
    IssueRecord,
    ProjectMeta,
    StatusMeta,
    TransitionInfo,
    UserRef,
)
from jira_chat.jira_access.service import JiraService

NOW = dt.datetime(2026, 11, 25, tzinfo=dt.UTC)


class FakeService:
    def __init__(self, users: Sequence[UserRef] = ()) -> None:
        self.users = list(users)
        self.queries: list[str] = []

    def metadata(self) -> InstanceMetadata:
        return InstanceMetadata(
            server_url="https://jira.example.com",
            flavor="cloud",
            current_user=UserRef("me-1", "Sam Rivera", "sam@example.com"),
            projects=(
                ProjectMeta("MOB", "Mobile App", "1"),
                ProjectMeta("MWEB", "Mobile Web", "2"),
                ProjectMeta("OPS", "Operations", "3"),
            ),
            issue_types=("Bug", "Sub-task"),
            statuses=(StatusMeta("To Do", "new"), StatusMeta("Done", "done")),
            priorities=("High",),
        )

    def find_users(self, query: str, **_: Any) -> list[UserRef]:
        self.queries.append(query)
        return self.users


def _resolver(service: FakeService, choose: Any = None) -> Resolver:
    return Resolver(cast(JiraService, service), choose)


def _issue(*transitions: TransitionInfo) -> IssueRecord:
    return IssueRecord(
        key="OPS-1", summary="s", status="In Review", status_category="indeterminate",
        issue_type="Task", priority=None, assignee=None, reporter=None, labels=(),
        created=NOW, updated=NOW, url="u", transitions=transitions,
    )  # fmt: skip


def test_names_ignore_case_spacing_and_dashes() -> None:
    assert normalized("  In-Progress ") == normalized("in progress")
    resolver = _resolver(FakeService())
    assert resolver.issue_type("subtask") == "Sub-task"
    assert resolver.priority("HIGH") == "High"
    assert resolver.project("operations").key == "OPS"
    assert resolver.project("ops").key == "OPS"


def test_a_word_shared_by_two_project_names_is_ambiguous() -> None:
    with pytest.raises(AmbiguityError) as caught:
        _resolver(FakeService()).project("mobile")
    assert caught.value.choices == ["MOB (Mobile App)", "MWEB (Mobile Web)"]
    chosen = _resolver(FakeService(), lambda q, options: options[1]).project("mobile")
    assert chosen.key == "MWEB"


def test_two_transitions_to_one_status_are_asked_about() -> None:
    issue = _issue(
        TransitionInfo("1", "Approve", "Done", "done"),
        TransitionInfo("2", "Won't fix", "Done", "done"),
    )
    with pytest.raises(AmbiguityError) as caught:
        _resolver(FakeService()).transition(issue, "done")
    assert caught.value.choices == ["Approve (to Done)", "Won't fix (to Done)"]
    picked = _resolver(FakeService(), lambda q, options: "Won't fix (to Done)").transition(
        issue, "Done"
    )
    assert picked.id == "2"


def test_a_transition_may_be_named_instead_of_its_status() -> None:
    issue = _issue(TransitionInfo("7", "Request changes", "In Progress", "indeterminate"))
    assert _resolver(FakeService()).transition(issue, "request changes").id == "7"


def test_me_and_none_need_no_user_search() -> None:
    service = FakeService()
    resolver = _resolver(service)
    me = resolver.user("me")
    assert me is not None and me.ident == "me-1"
    assert resolver.user("Unassigned") is None
    assert service.queries == []


def test_a_user_without_a_visible_email_resolves_by_name_and_lists_without_it() -> None:
    alex_a, alex_b = UserRef("a", "Alex Kim", None), UserRef("b", "Alex Roe", None)
    with pytest.raises(AmbiguityError) as caught:
        _resolver(FakeService([alex_a, alex_b])).user("alex")
    assert caught.value.choices == ["Alex Kim", "Alex Roe"]
    assert _resolver(FakeService([alex_a, alex_b])).user("alex roe") == alex_b


def test_two_people_with_one_name_and_no_email_can_still_be_told_apart() -> None:
    first, second = UserRef("id-1", "Alex Kim", None), UserRef("id-2", "Alex Kim", None)
    with pytest.raises(AmbiguityError) as caught:
        _resolver(FakeService([first, second])).user("Alex Kim")
    assert caught.value.choices == ["Alex Kim (id-1)", "Alex Kim (id-2)"]
    offered: list[str] = []

    def choose_second(question: str, options: Sequence[str]) -> str:
        offered.extend(options)
        return options[1]

    assert _resolver(FakeService([first, second]), choose_second).user("alex kim") == second
    assert offered == ["Alex Kim (id-1)", "Alex Kim (id-2)"]


def test_no_match_says_how_to_name_someone() -> None:
    with pytest.raises(ResolutionError) as caught:
        _resolver(FakeService([])).user("Zed", issue_key="OPS-1")
    assert caught.value.message == "no Jira user who can be assigned OPS-1 matches 'Zed'"
    assert "email" in (caught.value.hint or "")

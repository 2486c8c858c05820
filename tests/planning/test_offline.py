"""The offline planner: the documented grammar, context references, and the refusal."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from jira_chat.errors import AmbiguityError, ExitCode, ResolutionError, UsageError
from jira_chat.jira_access.records import ProjectMeta
from jira_chat.planning.context import SessionContext
from jira_chat.planning.grammar.hints import FORMS
from jira_chat.planning.offline import (
    OfflinePlanner,
    offline_forms_markdown,
    offline_help,
    offline_hint,
)
from tests.planning.conftest import MakeRequest, seed_metadata

MY_OPEN = "assignee = currentUser() AND statusCategory != Done ORDER BY updated DESC"
WEB_BUGS = (
    "project = WEB AND issuetype = Bug AND statusCategory != Done "
    "ORDER BY priority DESC, updated DESC"
)


def _actions(make_request: MakeRequest, text: str, **kwargs: Any) -> list[dict[str, Any]]:
    plan = OfflinePlanner().plan(make_request(text, **kwargs))
    actions: list[dict[str, Any]] = plan.to_dict()["actions"]
    return actions


def _search(jql: str) -> list[dict[str, Any]]:
    return [{"action": "search_issues", "parameters": {"jql": jql}}]


def _listed() -> SessionContext:
    """A session that just showed three issues, the first one last acted on."""
    return SessionContext(last_shown=["WEB-3", "WEB-7", "API-2"], last_issue="WEB-3")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("WEB-12", [{"action": "get_issue", "parameters": {"key": "WEB-12"}}]),
        ("jql: status = Done ORDER BY key", _search("status = Done ORDER BY key")),
        ("my open issues", _search(MY_OPEN)),
        ("My issues", _search("assignee = currentUser() ORDER BY updated DESC")),
        ("show me my open tickets?", _search(MY_OPEN)),
        ("open bugs in WEB", _search(WEB_BUGS)),
        ("bugs in project web", _search(WEB_BUGS.replace(" AND statusCategory != Done", ""))),
        ("What bugs are open in the web project?", _search(WEB_BUGS)),
        ("open bugs in web storefront", _search(WEB_BUGS)),  # a project's full name
        ('open bugs in "Web Storefront"', _search(WEB_BUGS)),
        ("open bugs in storefront", _search(WEB_BUGS)),  # a word of its name
        (
            "bugs in the public api project",
            _search(WEB_BUGS.replace("WEB", "API").replace(" AND statusCategory != Done", "")),
        ),
    ],
)
def test_search_forms(make_request: MakeRequest, text: str, expected: Any) -> None:
    if expected is None:
        with pytest.raises(UsageError):
            _actions(make_request, text)
        return
    assert _actions(make_request, text) == expected


def test_open_bugs_use_the_default_project_or_all_projects(make_request: MakeRequest) -> None:
    assert _actions(make_request, "open bugs", context=SessionContext(default_project="OPS")) == (
        _search(WEB_BUGS.replace("WEB", "OPS"))
    )
    assert _actions(make_request, "open bugs") == _search(
        "issuetype = Bug AND statusCategory != Done ORDER BY priority DESC, updated DESC"
    )


def test_a_project_can_be_named_by_its_name(make_request: MakeRequest) -> None:
    assert _actions(make_request, "open bugs in operations") == _search(
        WEB_BUGS.replace("WEB", "OPS")
    )


@pytest.mark.parametrize(
    ("text", "project", "issue_type", "summary"),
    [
        ("create a bug in WEB: Login fails", "WEB", "Bug", "Login fails"),
        ("Create a task in OPS titled Rotate keys", "OPS", "Task", "Rotate keys"),
        ('create bug in web "Login fails on Safari"', "WEB", "Bug", "Login fails on Safari"),
        ("new story in api: Rate limits and quotas", "API", "Story", "Rate limits and quotas"),
    ],
)
def test_create_forms(
    make_request: MakeRequest, text: str, project: str, issue_type: str, summary: str
) -> None:
    assert _actions(make_request, text) == [
        {
            "action": "create_issue",
            "parameters": {"project": project, "issue_type": issue_type, "summary": summary},
        }
    ]


@pytest.mark.parametrize(
    ("text", "project"),
    [
        ("create a bug in web storefront: Login fails", "WEB"),
        ('create a task in "Public API" titled Rotate keys', "API"),
        ("create a story in the operations project: Faster deploys", "OPS"),
        ("create a bug in nowhere land: Login fails", "nowhere land"),  # the executor says so
    ],
)
def test_create_names_a_project_by_its_name(
    make_request: MakeRequest, text: str, project: str
) -> None:
    assert _actions(make_request, text)[0]["parameters"]["project"] == project


def test_an_unknown_project_in_a_search_lists_the_projects(make_request: MakeRequest) -> None:
    with pytest.raises(ResolutionError) as caught:
        _actions(make_request, "open bugs in nope")
    assert caught.value.exit_code == ExitCode.USAGE
    assert caught.value.message == (
        "no project 'nope' in this Jira; projects: WEB (Web Storefront), API (Public API), "
        "OPS (Operations)"
    )


def test_a_word_two_project_names_share_is_never_guessed(make_request: MakeRequest) -> None:
    metadata = seed_metadata()
    metadata = dataclasses.replace(
        metadata, projects=(*metadata.projects, ProjectMeta("DOC", "Public Docs", "10003"))
    )
    with pytest.raises(AmbiguityError) as caught:
        _actions(make_request, "open bugs in public", metadata=metadata)
    assert caught.value.choices == ["API", "DOC"]
    assert "project API; project DOC" in caught.value.message
    # A create passes the name on: the executor asks which one, or lists both.
    create = _actions(make_request, "create a bug in public: Login fails", metadata=metadata)
    assert create[0]["parameters"]["project"] == "public"


def test_a_search_then_another_request_is_two_clauses_not_a_project_name(
    make_request: MakeRequest,
) -> None:
    actions = _actions(make_request, "open bugs in WEB and assign WEB-1 to me")
    assert [a["action"] for a in actions] == ["search_issues", "assign_issue"]
    assert actions[0]["parameters"]["jql"] == WEB_BUGS


def test_create_without_a_project_uses_the_default_or_asks(make_request: MakeRequest) -> None:
    with_default = SessionContext(default_project="WEB")
    assert (
        _actions(make_request, "create a task: Tidy up", context=with_default)[0]["parameters"][
            "project"
        ]
        == "WEB"
    )
    with pytest.raises(UsageError, match="which project"):
        _actions(make_request, "create a task: Tidy up")


def test_create_from_piped_text_uses_its_first_line_as_summary(make_request: MakeRequest) -> None:
    message = "Fix checkout rounding\n\nTotals were off by one cent.\n"
    assert _actions(
        make_request, "create a task in WEB from this commit message", attached=message
    ) == [
        {
            "action": "create_issue",
            "parameters": {
                "project": "WEB",
                "issue_type": "Task",
                "summary": "Fix checkout rounding",
                "description": "Totals were off by one cent.",
            },
        }
    ]
    with pytest.raises(UsageError, match="nothing was piped"):
        _actions(make_request, "create a task in WEB from this")


@pytest.mark.parametrize(
    ("text", "key", "status"),
    [
        ("move WEB-12 to in progress", "WEB-12", "In Progress"),  # the instance's spelling
        ("Move web-12 to 'In Review'", "WEB-12", "In Review"),
        ("mark WEB-12 as done", "WEB-12", "Done"),
        ("move WEB-12 to Blocked", "WEB-12", "Blocked"),  # unknown: as typed, executor decides
        ("close WEB-12", "WEB-12", "Done"),
        ("start WEB-12", "WEB-12", "In Progress"),
        ("reopen WEB-12", "WEB-12", "To Do"),
    ],
)
def test_transition_forms(make_request: MakeRequest, text: str, key: str, status: str) -> None:
    assert _actions(make_request, text) == [
        {"action": "transition_issue", "parameters": {"key": key, "status": status}}
    ]


def test_without_metadata_the_status_is_passed_as_typed(make_request: MakeRequest) -> None:
    assert _actions(make_request, "move WEB-12 to in progress", metadata=None) == [
        {"action": "transition_issue", "parameters": {"key": "WEB-12", "status": "in progress"}}
    ]


@pytest.mark.parametrize(
    ("text", "assignee"),
    [
        ("assign WEB-12 to me", "me"),
        ("assign WEB-12 to myself", "me"),
        ("assign WEB-12 to Alice", "Alice"),
        ("give WEB-12 to alice.nguyen@example.com", "alice.nguyen@example.com"),
        ("assign WEB-12 to nobody", "none"),
        ("unassign WEB-12", "none"),
    ],
)
def test_assign_forms(make_request: MakeRequest, text: str, assignee: str) -> None:
    assert _actions(make_request, text) == [
        {"action": "assign_issue", "parameters": {"key": "WEB-12", "assignee": assignee}}
    ]


def test_comment_keeps_the_body_as_typed(make_request: MakeRequest) -> None:
    assert _actions(make_request, "comment on WEB-12: Deployed to staging: see #42, and done.") == [
        {
            "action": "add_comment",
            "parameters": {"key": "WEB-12", "body": "Deployed to staging: see #42, and done."},
        }
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("show me the first one", [("get_issue", "WEB-3")]),
        ("show the 2nd", [("get_issue", "WEB-7")]),
        ("open #3", [("get_issue", "API-2")]),
        ("show the last one", [("get_issue", "API-2")]),
        ("open it", [("get_issue", "WEB-3")]),
        ("assign it to me", [("assign_issue", "WEB-3")]),
        ("comment on the second: Looks good", [("add_comment", "WEB-7")]),
        ("move the third one to done", [("transition_issue", "API-2")]),
    ],
)
def test_references_resolve_against_the_conversation(
    make_request: MakeRequest, text: str, expected: list[tuple[str, str]]
) -> None:
    actions = _actions(make_request, text, context=_listed())
    assert [(a["action"], a["parameters"]["key"]) for a in actions] == expected


@pytest.mark.parametrize(
    ("text", "change"),
    [
        ("close those", {"action": "transition_issue", "parameters": {"status": "Done"}}),
        (
            "assign all of them to Priya",
            {"action": "assign_issue", "parameters": {"assignee": "Priya"}},
        ),
    ],
)
def test_several_listed_issues_become_one_bulk_change(
    make_request: MakeRequest, text: str, change: dict[str, object]
) -> None:
    actions = _actions(make_request, text, context=_listed())
    assert actions == [
        {
            "action": "bulk_change",
            "parameters": {"keys": ["WEB-3", "WEB-7", "API-2"], "change": change},
        }
    ]


def test_showing_several_issues_is_one_search(make_request: MakeRequest) -> None:
    assert _actions(make_request, "show those", context=_listed()) == _search(
        "key in (WEB-3, WEB-7, API-2) ORDER BY updated DESC"
    )


def test_it_means_the_only_issue_shown_when_none_was_acted_on(make_request: MakeRequest) -> None:
    context = SessionContext(last_shown=["OPS-4"])
    assert _actions(make_request, "assign it to me", context=context)[0]["parameters"]["key"] == (
        "OPS-4"
    )


@pytest.mark.parametrize("text", ["assign it to me", "show the second one", "close those"])
def test_a_reference_with_no_context_says_there_is_nothing_to_refer_to(
    make_request: MakeRequest, text: str
) -> None:
    with pytest.raises(UsageError, match="nothing to refer to yet"):
        _actions(make_request, text)


def test_an_ordinal_beyond_the_list_is_refused(make_request: MakeRequest) -> None:
    with pytest.raises(UsageError, match="out of range: the last list had 3 issues"):
        _actions(make_request, "show the fifth one", context=_listed())


def test_two_clauses_chain_and_it_means_the_previous_issue(make_request: MakeRequest) -> None:
    actions = _actions(make_request, "move WEB-12 to in progress and give it to Alice")
    assert actions == [
        {"action": "transition_issue", "parameters": {"key": "WEB-12", "status": "In Progress"}},
        {"action": "assign_issue", "parameters": {"key": "WEB-12", "assignee": "Alice"}},
    ]


@pytest.mark.parametrize(
    "text",
    [
        "what is the meaning of life",
        "summarise the sprint",
        "frobnicate WEB-12",
        "show me something",
    ],
)
def test_unsupported_requests_are_refused_with_the_nearest_form(
    make_request: MakeRequest, text: str
) -> None:
    with pytest.raises(UsageError) as caught:
        _actions(make_request, text)
    error = caught.value
    assert error.exit_code == ExitCode.USAGE
    assert "did not understand" in error.message and "\n" not in error.message
    assert error.hint is not None and "GEMINI_API_KEY" in error.hint
    assert "nearest form: " in error.hint
    assert any(example in error.hint for example, _ in FORMS)


def test_a_search_refusal_names_the_words_it_did_not_understand(make_request: MakeRequest) -> None:
    with pytest.raises(UsageError) as caught:
        _actions(make_request, "open bugs in WEB with a purple hat")
    assert caught.value.message.startswith("offline mode did not understand 'purple hat' in ")


def test_every_documented_example_is_understood(make_request: MakeRequest) -> None:
    """The help text is generated from the table: each example must actually work."""
    context = SessionContext(
        default_project="WEB", last_shown=["WEB-1", "WEB-2"], last_issue="WEB-1"
    )
    for example, _ in FORMS:
        text = example.replace("<query>", "project = WEB ORDER BY key")
        plan = OfflinePlanner().plan(make_request(text, context=context, attached="Title\nbody"))
        assert plan.actions, example
        assert example in offline_help()
        assert f"`{example}`" in offline_forms_markdown()


def test_the_offline_planner_cannot_repair_jql(make_request: MakeRequest) -> None:
    with pytest.raises(
        UsageError, match="Jira rejected the JQL: Field 'projct' does not exist"
    ) as caught:
        OfflinePlanner().repair_jql(
            make_request("x"), "projct = WEB", ["Field 'projct' does not exist"]
        )
    assert caught.value.hint is not None and "GEMINI_API_KEY" in caught.value.hint


def test_the_hint_fits_one_line_of_a_narrow_terminal() -> None:
    hint = offline_hint()
    assert "\n" not in hint and len("  hint: " + hint) <= 100


@pytest.mark.parametrize(
    ("text", "limit"),
    [("my open issues limit 100", 100), ("open bugs in WEB, limit 5", 5), ("show those top 2", 2)],
)
def test_a_trailing_limit_asks_for_more_rows(
    make_request: MakeRequest, text: str, limit: int
) -> None:
    actions = _actions(make_request, text, context=_listed())
    assert [a["parameters"]["limit"] for a in actions] == [limit]


def test_a_number_in_free_text_is_not_a_limit(make_request: MakeRequest) -> None:
    actions = _actions(make_request, "create a bug in WEB: Raise the limit 100")
    assert actions[0]["parameters"]["summary"] == "Raise the limit 100"


def test_an_impossible_limit_is_refused(make_request: MakeRequest) -> None:
    with pytest.raises(UsageError, match="between 1 and 1000"):
        _actions(make_request, "my open issues limit 5000")

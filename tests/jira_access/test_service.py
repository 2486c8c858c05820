"""JiraService against the sandbox: HTTP request budgets, the metadata cache, search shapes.

`pytest tests/jira_access/test_service.py -s -k budget` prints the request count per action.
"""

from __future__ import annotations

import stat
from typing import Any

import pytest

from jira_chat.execution.executor import Executor
from jira_chat.execution.records import WriteResult
from tests.execution.helpers import fresh_issue, independent_client, plan, service_for

METADATA_PATHS = r"/(serverInfo|myself|project|issuetype|status|priority)"


def test_a_second_service_reads_metadata_from_disk_without_asking_jira(any_sandbox: Any) -> None:
    first = service_for(any_sandbox)
    metadata = first.metadata()
    assert {p.key for p in metadata.projects} == {"WEB", "API", "OPS"}
    assert metadata.current_user.display_name == "Sam Rivera"
    assert metadata.flavor == any_sandbox.flavor
    assert "Bug" in metadata.issue_types and "High" in metadata.priorities
    assert {(s.name, s.category) for s in metadata.statuses} >= {("To Do", "new"), ("Done", "done")}
    cache_files = list(first._settings.cache_dir.glob("metadata-*.json"))
    assert len(cache_files) == 1
    assert stat.S_IMODE(cache_files[0].stat().st_mode) == 0o600
    secret = any_sandbox.env().get("JIRA_API_TOKEN") or any_sandbox.env()["JIRA_PERSONAL_TOKEN"]
    assert secret not in cache_files[0].read_text()

    any_sandbox.request_log.clear()
    second = service_for(any_sandbox)  # a second run of jira-chat
    assert second.metadata() == metadata
    assert second.flavor == any_sandbox.flavor
    assert any_sandbox.request_log.entries == []

    second.metadata(refresh=True)
    assert any_sandbox.request_log.count("GET", r"/priority$") == 1


def test_a_lookup_reuses_the_server_facts_an_earlier_lookup_saved(any_sandbox: Any) -> None:
    """`ask KEY` never fills the metadata cache, so serverInfo and the field list are saved
    on their own: the second lookup is one request (python-jira's own client makes two)."""
    first = service_for(any_sandbox)
    any_sandbox.request_log.clear()
    assert first.get_issue("WEB-3").key == "WEB-3"
    assert any_sandbox.request_log.count("GET", r"/serverInfo$") == 1
    assert any_sandbox.request_log.count("GET", r"/field$") == 1
    (facts,) = first._settings.cache_dir.glob("server-*.json")
    assert stat.S_IMODE(facts.stat().st_mode) == 0o600

    any_sandbox.request_log.clear()
    second = service_for(any_sandbox)  # the next `ask WEB-3`
    record = second.get_issue("WEB-3")
    assert second.flavor == any_sandbox.flavor
    assert [c.name for c in record.custom_fields] == [
        c.name for c in first.get_issue("WEB-3").custom_fields
    ]
    assert [e.split("?")[0] for e in any_sandbox.request_log.entries][:1] == [
        "GET /rest/api/2/issue/WEB-3"
    ]
    assert any_sandbox.request_log.count("GET", r"/(serverInfo|field)$") == 0

    facts.write_text("{not json", encoding="utf-8")  # a broken file is asked again, not a crash
    any_sandbox.request_log.clear()
    assert service_for(any_sandbox).flavor == any_sandbox.flavor
    assert any_sandbox.request_log.count("GET", r"/serverInfo$") == 1

    any_sandbox.request_log.clear()  # a planner request later in a run that read the facts
    assert second.metadata().flavor == any_sandbox.flavor
    assert any_sandbox.request_log.count("GET", r"/serverInfo$") == 0


def test_server_facts_older_than_the_ttl_are_asked_again(sandbox: Any) -> None:
    import datetime as dt

    from jira_chat.jira_access.service import JiraService
    from tests.execution.helpers import FAST_RETRY, settings_for

    assert service_for(sandbox).flavor == "cloud"  # saves serverInfo
    sandbox.request_log.clear()
    stale = JiraService(settings_for(sandbox), retry=FAST_RETRY, metadata_ttl=dt.timedelta(0))
    assert stale.flavor == "cloud"
    assert sandbox.request_log.count("GET", r"/serverInfo$") == 1


def test_constructing_the_service_costs_no_request(sandbox: Any) -> None:
    sandbox.request_log.clear()
    service = service_for(sandbox)
    assert sandbox.request_log.entries == []
    assert sandbox.api_token not in repr(service) and sandbox.url in repr(service)


def test_cloud_search_uses_search_jql_with_explicit_fields(sandbox: Any) -> None:
    service = service_for(sandbox)
    service.metadata()
    sandbox.request_log.clear()
    result = service.search("project = OPS ORDER BY key", limit=100)
    (entry,) = sandbox.request_log.entries
    assert entry.startswith("GET /rest/api/2/search/jql?")
    assert "fields=summary" in entry and "%2Aall" not in entry and "*all" not in entry
    assert result.total == len(result.issues) and not result.total_is_approximate
    assert not result.truncated


def test_cloud_search_past_one_page_counts_with_the_approximate_count(sandbox: Any) -> None:
    service = service_for(sandbox)
    service.metadata()
    sandbox.request_log.clear()
    result = service.search("project = WEB", limit=3)
    assert len(result.issues) == 3 and result.truncated
    assert result.total_is_approximate and result.total is not None and result.total > 3
    assert sandbox.request_log.count("POST", r"/search/approximate-count$") == 1
    assert sandbox.request_log.count(path_regex=r"/search$") == 0  # never the removed endpoint


def test_server_search_uses_start_at_and_total(server_sandbox: Any) -> None:
    service = service_for(server_sandbox)
    service.metadata()
    server_sandbox.request_log.clear()
    result = service.search("project = WEB", limit=3)
    (entry,) = server_sandbox.request_log.entries
    assert entry.startswith("GET /rest/api/2/search?") and "startAt=0" in entry
    assert len(result.issues) == 3 and result.total is not None and result.total > 3
    assert not result.total_is_approximate


def _count(handle: Any, run: Any) -> int:
    handle.request_log.clear()
    run()
    return len(handle.request_log.entries)


def test_budget_http_requests_per_core_action(
    any_sandbox: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    """With metadata cached: search 1, get 1; each write = prepare reads + 1 write + 1 read back."""
    client = independent_client(any_sandbox)
    key = fresh_issue(client, "Budget")
    service = service_for(any_sandbox)
    service.metadata()
    executor = Executor(service)

    def both(name: str, params: dict[str, Any]) -> tuple[int, int]:
        prepared: list[Any] = []
        before = _count(
            any_sandbox, lambda: prepared.extend(executor.prepare(plan((name, params))).actions)
        )
        during = _count(any_sandbox, lambda: executor.execute(prepared[0]))
        return before, during

    counts = {
        "search": both("search_issues", {"jql": "project = OPS", "limit": 100}),
        "get": both("get_issue", {"key": key}),
        "create": both(
            "create_issue",
            {"project": "WEB", "issue_type": "Task", "summary": "n", "assignee": "me"},
        ),
        "update": both("update_issue", {"key": key, "summary": "Budget 2"}),
        "transition": both("transition_issue", {"key": key, "status": "In Progress"}),
        "assign (by name)": both("assign_issue", {"key": key, "assignee": "Alice Nguyen"}),
        "assign (me)": both("assign_issue", {"key": key, "assignee": "me"}),
        "comment": both("add_comment", {"key": key, "body": "hi"}),
    }
    with capsys.disabled():
        print(f"\nHTTP requests per action on {any_sandbox.flavor} (prepare + execute):")
        for name, (before, during) in counts.items():
            print(f"  {name:17} {before} + {during} = {before + during}")
    assert counts["search"] == (0, 1)
    assert counts["get"] == (0, 1)
    assert counts["create"] == (0, 2)
    assert counts["update"] == (1, 2)
    assert counts["transition"] == (1, 2)
    assert counts["assign (by name)"] == (2, 2)
    assert counts["assign (me)"] == (1, 2)
    assert counts["comment"] == (1, 2)


def test_a_plan_touching_one_issue_twice_reads_it_once_before_the_preview(
    any_sandbox: Any,
) -> None:
    """ "Move it to In Progress and assign it to me": one GET for both previews."""
    client = independent_client(any_sandbox)
    key = fresh_issue(client, "Twice")
    service = service_for(any_sandbox)
    service.metadata()
    executor = Executor(service)
    two = plan(
        ("transition_issue", {"key": key, "status": "In Progress"}),
        ("assign_issue", {"key": key, "assignee": "me"}),
    )
    prepared: list[Any] = []
    assert _count(any_sandbox, lambda: prepared.append(executor.prepare(two))) == 1
    for action in prepared[0].actions:
        executor.execute(action)
    # The next plan starts from what Jira says now, not from the first plan's reads.
    again = plan(("transition_issue", {"key": key, "status": "To Do"}))
    assert executor.prepare(again).previews[0].changes[0].old == "In Progress"


def test_write_result_carries_the_browse_url(sandbox: Any) -> None:
    key = fresh_issue(independent_client(sandbox), "URL")
    executor = Executor(service_for(sandbox))
    action = executor.prepare(plan(("add_comment", {"key": key, "body": "x"}))).actions[0]
    result = executor.execute(action)
    assert isinstance(result, WriteResult)
    assert result.as_json()["url"] == f"{sandbox.url}/browse/{key}"


def test_the_embedded_sandbox_keeps_its_cache_across_ports(sandbox_factory: Any) -> None:
    """`--sandbox` starts on a new port every run; the metadata must still come from disk."""
    from jira_chat.jira_access.service import JiraService
    from tests.execution.helpers import FAST_RETRY, settings_for

    first, second = sandbox_factory("cloud"), sandbox_factory("cloud")
    assert first.url != second.url
    JiraService(settings_for(first).with_overrides(sandbox=True), retry=FAST_RETRY).metadata()
    second.request_log.clear()
    again = JiraService(settings_for(second).with_overrides(sandbox=True), retry=FAST_RETRY)
    metadata = again.metadata()
    assert second.request_log.entries == []
    assert metadata.server_url == second.url
    assert again.search("project = OPS", limit=100).issues
    assert len(second.request_log.entries) == 1


def test_cloud_search_pages_with_next_page_token_up_to_the_limit(sandbox: Any) -> None:
    service = service_for(sandbox)
    service.metadata()
    sandbox.request_log.clear()
    everything = service.search(
        "project in (WEB, API, OPS) ORDER BY key", limit=1000
    )  # Jira caps a page at 100
    pages = [e for e in sandbox.request_log.entries if "/search/jql" in e]
    assert len(pages) == 2 and "nextPageToken=" in pages[1]
    assert len(everything.issues) == everything.total == 150
    assert not everything.total_is_approximate
    assert len({i.key for i in everything.issues}) == 150

    sandbox.request_log.clear()
    some = service.search("project in (WEB, API, OPS) ORDER BY key", limit=120)
    assert [i.key for i in some.issues] == [i.key for i in everything.issues[:120]]
    assert some.total == 150 and some.total_is_approximate and some.truncated
    assert sandbox.request_log.count(path_regex="/search/jql$") == 2


def test_components_are_fetched_for_a_bounded_number_of_projects(
    sandbox: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from jira_chat.jira_access import metadata as metadata_module
    from jira_chat.jira_access.service import JiraService
    from tests.execution.helpers import settings_for

    monkeypatch.setattr(metadata_module, "COMPONENT_PROJECTS", 1)
    sandbox.request_log.clear()
    settings = settings_for(sandbox).with_overrides(default_project="OPS")
    metadata = JiraService(settings).metadata()
    components = {p.key: p.components for p in metadata.projects}
    assert components["OPS"] == ("CI/CD", "Infrastructure", "Monitoring")
    assert components["WEB"] == components["API"] == ()
    assert sandbox.request_log.count("GET", r"/components$") == 1

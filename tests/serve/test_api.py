"""`jira-chat serve` over real HTTP: httpx against the running server, on the sandbox."""

from __future__ import annotations

import json
import time
from typing import Any

from tests.cli.helpers import run_cli
from tests.fixtures.sandbox import jira_client
from tests.serve.conftest import TOKEN, assert_error_shape, bare

ME = "Sam Rivera"  # the sandbox's current user


def _not_mine(served: Any) -> tuple[str, str]:
    """An issue assigned to somebody else: its key and its assignee."""
    issues = jira_client(served.sandbox).search_issues(
        "assignee != currentUser() ORDER BY key ASC", maxResults=1
    )
    issue = issues[0]
    return issue.key, issue.fields.assignee.displayName


def _assignee(served: Any, key: str) -> str | None:
    assignee = jira_client(served.sandbox).issue(key).fields.assignee
    return assignee.displayName if assignee else None


def _preview_assign_to_me(served: Any, key: str) -> dict[str, Any]:
    """Show the issue, then "assign it to me": the conversation knows what "it" is."""
    shown = served.ask(key)
    assert shown.status_code == 200, shown.text
    answer = served.ask("assign it to me", shown.json()["conversation"])
    assert answer.status_code == 200, answer.text
    data: dict[str, Any] = answer.json()
    assert data["needs_confirmation"] is True
    return data


# --- the original endpoint, reads ------------------------------------------------------------


def test_the_original_endpoint_and_payload_answer_like_ask_format_json(served: Any) -> None:
    response = bare(
        "POST",
        f"{served.url}/process-llm-prompt",
        json={"prompt": "open bugs in WEB"},
        headers={"Authorization": f"Bearer {TOKEN}"},
    )
    assert response.status_code == 200, response.text
    data = response.json()
    assert data["needs_confirmation"] is False
    assert data["conversation"]
    cli = run_cli("ask", "open bugs in WEB", "--format", "json")
    assert cli.exit_code == 0, cli.stderr
    assert data["result"] == json.loads(cli.stdout)
    keys = [issue["key"] for issue in data["result"]]
    assert keys and all(key.startswith("WEB-") for key in keys)
    search = data["outcomes"][0]
    assert search["type"] == "search" and "Bug" in search["jql"]
    assert [issue["key"] for issue in search["issues"]] == keys


def test_a_read_of_one_issue_is_its_detail_view(served: Any) -> None:
    response = served.ask("WEB-1")
    assert response.status_code == 200, response.text
    data = response.json()
    assert data["result"]["key"] == "WEB-1"
    assert "description" in data["result"] and "transitions" in data["result"]
    assert data["outcomes"] == [{"type": "issue", "issue": data["result"]}]
    summary = jira_client(served.sandbox).issue("WEB-1").fields.summary
    assert data["result"]["summary"] == summary


def test_the_conversation_keeps_the_shown_list(served: Any) -> None:
    """As in the REPL: "show the second one" refers to the list this conversation saw."""
    listed = served.ask("open bugs in WEB").json()
    second = listed["result"][1]["key"]
    followup = served.ask("show the second one", listed["conversation"])
    assert followup.status_code == 200, followup.text
    assert followup.json()["conversation"] == listed["conversation"]
    assert followup.json()["result"]["key"] == second
    fresh = served.ask("show the second one")  # a new conversation has seen nothing
    assert_error_shape(fresh, 400, "usage")


# --- writes ----------------------------------------------------------------------------------


def test_a_write_is_previewed_then_confirmed_and_lands_in_jira(served: Any) -> None:
    key, owner = _not_mine(served)
    data = _preview_assign_to_me(served, key)
    assert data["plan_id"] and data["expires_in"] == 600
    assert data["plan"]["actions"][0]["action"] == "assign_issue"
    [preview] = data["preview"]
    assert preview["key"] == key
    assert preview["changes"][0]["field"] == "assignee"
    assert preview["changes"][0]["from_text"] == owner
    assert preview["changes"][0]["to_text"] == ME
    assert _assignee(served, key) == owner  # nothing written before the confirm

    confirmed = served.decide("confirm", data["plan_id"], data["conversation"])
    assert confirmed.status_code == 200, confirmed.text
    result = confirmed.json()
    assert result["result"]["key"] == key and result["result"]["action"] == "assign_issue"
    assert result["outcomes"][0]["type"] == "write"
    assert _assignee(served, key) == ME


def test_a_cancelled_write_leaves_jira_unchanged(served: Any) -> None:
    key, owner = _not_mine(served)
    data = _preview_assign_to_me(served, key)
    cancelled = served.decide("cancel", data["plan_id"], data["conversation"])
    assert cancelled.status_code == 200, cancelled.text
    assert cancelled.json()["cancelled"] is True
    assert _assignee(served, key) == owner
    late = served.decide("confirm", data["plan_id"], data["conversation"])
    assert_error_shape(late, 409, "plan_used")
    assert _assignee(served, key) == owner


def test_another_conversation_cannot_confirm_it(served: Any) -> None:
    key, owner = _not_mine(served)
    data = _preview_assign_to_me(served, key)
    other = served.ask("WEB-2").json()["conversation"]
    assert other != data["conversation"]
    response = served.decide("confirm", data["plan_id"], other)
    assert_error_shape(response, 404, "plan_not_found")
    unknown = served.decide("confirm", data["plan_id"], "no-such-conversation")
    assert_error_shape(unknown, 404, "conversation_not_found")
    assert _assignee(served, key) == owner
    # The right conversation still can.
    assert served.decide("confirm", data["plan_id"], data["conversation"]).status_code == 200


def test_a_plan_is_confirmed_once(served: Any) -> None:
    before = len(jira_client(served.sandbox).comments("WEB-3"))
    data = served.ask("comment on WEB-3: Deployed to staging").json()
    assert data["needs_confirmation"] is True
    first = served.decide("confirm", data["plan_id"], data["conversation"])
    assert first.status_code == 200, first.text
    second = served.decide("confirm", data["plan_id"], data["conversation"])
    error = assert_error_shape(second, 409, "plan_used")
    assert "already confirmed" in error["message"]
    comments = jira_client(served.sandbox).comments("WEB-3")
    assert len(comments) == before + 1
    assert comments[-1].body.strip() == "Deployed to staging"


def test_a_stale_plan_is_refused_with_what_changed(served: Any) -> None:
    key, owner = _not_mine(served)
    data = _preview_assign_to_me(served, key)
    jira = jira_client(served.sandbox)
    priya = jira.search_users(query="Priya")[0]
    jira.assign_issue(key, priya.accountId)  # somebody else acts between preview and confirm

    response = served.decide("confirm", data["plan_id"], data["conversation"])
    error = assert_error_shape(response, 409, "plan_stale")
    assert "changed since the preview" in error["message"]
    [change] = error["changed"]
    assert change["key"] == key and change["field"] == "assignee"
    assert change["previewed"]["from_text"] == owner
    assert change["now"]["from_text"] == "Priya Patel"
    assert _assignee(served, key) == "Priya Patel"  # not written
    again = served.decide("confirm", data["plan_id"], data["conversation"])
    assert_error_shape(again, 409, "plan_used")


def test_a_preview_expires(serve_factory: Any) -> None:
    served = serve_factory(plan_ttl_s=0.3)
    data = served.ask("comment on WEB-3: too late").json()
    time.sleep(0.5)
    response = served.decide("confirm", data["plan_id"], data["conversation"])
    assert_error_shape(response, 410, "plan_expired")
    assert all("too late" not in c.body for c in jira_client(served.sandbox).comments("WEB-3"))


def test_conversations_are_bounded(serve_factory: Any) -> None:
    served = serve_factory(max_conversations=2)
    first = served.ask("WEB-1").json()["conversation"]
    served.ask("WEB-2")
    served.ask("WEB-3")
    assert_error_shape(served.ask("WEB-1", first), 404, "conversation_not_found")


def test_conversations_expire(serve_factory: Any) -> None:
    served = serve_factory(conversation_ttl_s=0.3)
    first = served.ask("WEB-1").json()["conversation"]
    time.sleep(0.5)
    assert_error_shape(served.ask("assign it to me", first), 404, "conversation_not_found")

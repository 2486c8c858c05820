"""serve with Gemini: the real google-genai SDK talking to the fake Gemini server."""

from __future__ import annotations

from typing import Any

from tests.fixtures.sandbox import jira_client
from tests.serve.conftest import assert_error_shape


def test_a_gemini_plan_is_previewed_and_confirmed(fake_gemini: Any, serve_factory: Any) -> None:
    served = serve_factory()
    fake_gemini.queue_plan(
        {
            "actions": [{"action": "add_comment", "parameters": {"key": "OPS-3", "body": "On it"}}],
            "reply": "I'll tell them.",
        }
    )
    data = served.ask("tell OPS-3 I'm on it").json()
    assert data["needs_confirmation"] is True, data
    assert data["reply"] == "I'll tell them."
    changes = {c["field"]: c for c in data["preview"][0]["changes"]}
    assert changes["comment"]["to_text"] == "On it"
    assert "tell OPS-3 I'm on it" in fake_gemini.last_request.contents_text
    assert fake_gemini.api_key not in str(data)
    confirmed = served.decide("confirm", data["plan_id"], data["conversation"])
    assert confirmed.status_code == 200, confirmed.text
    assert jira_client(served.sandbox).comments("OPS-3")[-1].body.strip() == "On it"
    assert len(fake_gemini.requests) == 1  # the confirm re-checks Jira, not the model


def test_the_conversation_reaches_gemini(fake_gemini: Any, serve_factory: Any) -> None:
    served = serve_factory()
    first = served.ask("OPS-3").json()  # fast path: no model call
    fake_gemini.queue_plan({"actions": [], "reply": "It is about monitoring."})
    answer = served.ask("what is it about?", first["conversation"]).json()
    assert answer["result"] == {"reply": "It is about monitoring."}
    assert "OPS-3" in fake_gemini.last_request.raw


def test_a_gemini_quota_is_503_and_a_server_error_502(fake_gemini: Any, serve_factory: Any) -> None:
    served = serve_factory()
    fake_gemini.queue_error(429, "Quota exceeded")
    quota = served.ask("what's urgent?")
    error = assert_error_shape(quota, 503, "gemini_rate_limited")
    assert quota.headers["retry-after"]
    assert "quota" in error["message"]
    fake_gemini.queue_error(500, "Internal error")
    broken = served.ask("what's urgent?")
    assert_error_shape(broken, 502, "gemini_failed")
    assert fake_gemini.api_key not in quota.text + broken.text


def test_a_plan_that_stops_midway_says_what_was_done(fake_gemini: Any, serve_factory: Any) -> None:
    served = serve_factory()
    fake_gemini.queue_plan(
        {
            "actions": [
                {"action": "add_comment", "parameters": {"key": "OPS-3", "body": "First"}},
                {"action": "add_comment", "parameters": {"key": "OPS-4", "body": "Second"}},
            ]
        }
    )
    data = served.ask("tell OPS-3 and OPS-4").json()
    assert len(data["preview"]) == 2
    served.sandbox.faults.add(r"/issue/OPS-4/comment$", method="POST", status=400, times=5)
    response = served.decide("confirm", data["plan_id"], data["conversation"])
    error = assert_error_shape(response, 502, "jira_failed")  # Jira refused the second write
    [done] = error["done"]
    assert done["type"] == "write" and done["write"]["key"] == "OPS-3"
    assert any(note.startswith("warning: done: ") for note in error["notes"]), error
    assert any("not done: " in note and "OPS-4" in note for note in error["notes"]), error
    jira = jira_client(served.sandbox)
    assert jira.comments("OPS-3")[-1].body.strip() == "First"
    assert all(c.body.strip() != "Second" for c in jira.comments("OPS-4"))


def test_a_deletion_is_confirmed_by_its_key(fake_gemini: Any, serve_factory: Any) -> None:
    """As the REPL asks for the key to be typed, a plain confirm cannot delete."""
    import jira

    served = serve_factory()
    fake_gemini.queue_plan(
        {"actions": [{"action": "delete_issue", "parameters": {"key": "OPS-5"}}]}
    )
    data = served.ask("delete OPS-5").json()
    assert data["needs_confirmation"] is True and data["confirm_key"] == "OPS-5"
    plain = served.decide("confirm", data["plan_id"], data["conversation"])
    assert_error_shape(plain, 400, "confirm_key_required")
    wrong = served.client.post(
        f"/plans/{data['plan_id']}/confirm",
        json={"conversation": data["conversation"], "confirm_key": "OPS-6"},
    )
    assert_error_shape(wrong, 400, "confirm_key_required")
    client = jira_client(served.sandbox)
    assert client.issue("OPS-5").key == "OPS-5"  # still there
    typed = served.client.post(
        f"/plans/{data['plan_id']}/confirm",
        json={"conversation": data["conversation"], "confirm_key": "ops-5"},
    )
    assert typed.status_code == 200, typed.text
    try:
        client.issue("OPS-5")
    except jira.JIRAError as exc:
        assert exc.status_code == 404
    else:
        raise AssertionError("OPS-5 was not deleted")

"""Errors over HTTP: one JSON shape with the CLI's message and hint; statuses from exit codes."""

from __future__ import annotations

from typing import Any

from tests.cli.helpers import run_cli
from tests.serve.conftest import assert_error_shape, bare


def test_jira_rate_limiting_is_503_with_retry_after(served: Any) -> None:
    served.sandbox.faults.add(
        r"/issue/WEB-1$", method="GET", status=429, headers={"Retry-After": "0"}, times=10
    )
    response = served.ask("WEB-1")
    error = assert_error_shape(response, 503, "jira_rate_limited")
    assert response.headers["retry-after"] == "30"
    assert "rate limiting" in error["message"] and "429" in error["message"]
    assert error["exit_code"] == 1


def test_jira_unavailable_is_503_with_retry_after(served: Any) -> None:
    served.sandbox.faults.add(
        r"/issue/WEB-1$", method="GET", status=503, headers={"Retry-After": "0"}, times=10
    )
    response = served.ask("WEB-1")
    error = assert_error_shape(response, 503, "jira_unavailable")
    assert "503" in error["message"]
    assert "retry-after" in response.headers


def test_jira_rejecting_the_credentials_is_502_with_the_cli_words(served: Any) -> None:
    served.sandbox.faults.add(r"/issue/WEB-1$", method="GET", status=401, times=10)
    response = served.ask("WEB-1")
    error = assert_error_shape(response, 502, "jira_failed")  # not 401: the client's token is fine
    assert error["jira_status"] == 401
    cli = run_cli("ask", "WEB-1")  # the same fault (rules left over), through the CLI
    assert cli.exit_code == 1
    assert f"error: {error['message']}" in cli.stderr
    assert error["hint"] in cli.stderr


def test_a_request_the_planner_cannot_read_is_400_with_the_hint(served: Any) -> None:
    response = served.ask("make me a sandwich")
    error = assert_error_shape(response, 400, "usage")
    assert error["exit_code"] == 2
    cli = run_cli("ask", "make me a sandwich")
    assert cli.exit_code == 2
    assert f"error: {error['message']}" in cli.stderr


def test_an_ambiguous_name_lists_the_choices(served: Any) -> None:
    response = served.ask("assign WEB-1 to alex")
    error = assert_error_shape(response, 400, "ambiguous")
    assert {"Alex Morgan", "Alex Chen"} <= {c.split(" <")[0] for c in error["choices"]}, error


def test_bad_bodies_and_unknown_endpoints_are_json(served: Any) -> None:
    client = served.client
    assert_error_shape(
        client.post(
            "/process-llm-prompt",
            content=b"{not json",
            headers={"Content-Type": "application/json"},
        ),
        400,
        "usage",
    )
    assert_error_shape(client.post("/process-llm-prompt", json=["WEB-1"]), 400, "usage")
    assert_error_shape(client.post("/process-llm-prompt", json={}), 400, "usage")
    assert_error_shape(client.post("/process-llm-prompt", json={"prompt": 12}), 400, "usage")
    assert_error_shape(client.post("/plans/x/confirm", json={}), 400, "usage")
    assert_error_shape(client.get("/no/such/thing"), 404, "not_found")
    assert_error_shape(client.get("/process-llm-prompt"), 405, "method_not_allowed")


def test_schema_and_openapi(served: Any) -> None:
    from jira_chat.planning.schema import plan_json_schema

    assert served.client.get("/api/schema").json() == plan_json_schema()
    document = served.client.get("/openapi.json").json()
    assert document["openapi"].startswith("3.1")
    assert {
        "/process-llm-prompt",
        "/plans/{plan_id}/confirm",
        "/plans/{plan_id}/cancel",
        "/healthz",
        "/api/schema",
        "/openapi.json",
    } <= set(document["paths"])
    assert document["paths"]["/healthz"]["get"]["security"] == []
    health = bare("GET", served.url + "/healthz").json()
    assert health == {"status": "ok", "version": document["info"]["version"]}

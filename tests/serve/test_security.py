"""The token, size limits, CORS, headers, and no secret in any answer."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.serve.conftest import TOKEN, assert_error_shape, bare

PROTECTED = [
    ("POST", "/process-llm-prompt"),
    ("POST", "/plans/abc/confirm"),
    ("POST", "/plans/abc/cancel"),
    ("GET", "/api/schema"),
    ("GET", "/openapi.json"),
]


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer wrong-token-wrong-token"},
        {"Authorization": f"Basic {TOKEN}"},
        {"Authorization": f"Bearer {TOKEN}x"},
        {"Cookie": f"token={TOKEN}"},  # cookies are never read
    ],
    ids=["none", "wrong", "basic-scheme", "longer", "cookie"],
)
def test_every_endpoint_but_healthz_needs_the_token(served: Any, headers: dict[str, str]) -> None:
    for method, path in PROTECTED:
        response = bare(method, served.url + path, headers=headers, json={"prompt": "WEB-1"})
        error = assert_error_shape(response, 401, "unauthorized")
        assert response.headers["www-authenticate"].startswith("Bearer")
        assert TOKEN not in response.text
        assert error["hint"]
    health = bare("GET", served.url + "/healthz")
    assert health.status_code == 200 and health.json()["status"] == "ok"


def test_the_page_itself_is_public_and_holds_no_data(served: Any) -> None:
    page = bare("GET", served.url + "/")
    assert page.status_code == 200
    assert "jira-chat" in page.text and served.sandbox.url not in page.text
    script = bare("GET", served.url + "/static/app.js")
    assert script.status_code == 200 and "textContent" in script.text
    assert ".innerHTML" not in script.text  # Jira text is never parsed as HTML
    assert bare("GET", served.url + "/static/../app.py").status_code in (401, 404)


def test_oversize_bodies_and_prompts_are_413(served: Any) -> None:
    big = {"prompt": "WEB-1", "padding": "x" * (70 * 1024)}
    assert_error_shape(served.client.post("/process-llm-prompt", json=big), 413, "too_large")

    def chunks() -> Iterator[bytes]:  # no Content-Length: the limit holds while streaming
        yield b'{"prompt": "WEB-1", "padding": "'
        for _ in range(80):
            yield b"y" * 1024
        yield b'"}'

    streamed = served.client.post(
        "/process-llm-prompt", content=chunks(), headers={"Content-Type": "application/json"}
    )
    assert_error_shape(streamed, 413, "too_large")
    long_prompt = served.ask("open bugs in WEB " + "please " * 700)
    error = assert_error_shape(long_prompt, 413, "too_large")
    assert "4000 characters" in error["message"]
    confirm = served.client.post("/plans/x/confirm", json={"conversation": "c" * (70 * 1024)})
    assert_error_shape(confirm, 413, "too_large")


def test_no_cookies_and_no_cors_unless_configured(served: Any) -> None:
    origin = {"Origin": "http://evil.example"}
    response = served.client.post("/process-llm-prompt", json={"prompt": "WEB-1"}, headers=origin)
    assert response.status_code == 200
    assert "access-control-allow-origin" not in response.headers
    assert "set-cookie" not in response.headers
    preflight = bare(
        "OPTIONS",
        served.url + "/process-llm-prompt",
        headers={**origin, "Access-Control-Request-Method": "POST"},
    )
    assert "access-control-allow-origin" not in preflight.headers
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "default-src 'none'" in response.headers["content-security-policy"]
    assert response.headers["cache-control"] == "no-store"


def test_cors_for_a_configured_origin_only(serve_factory: Any) -> None:
    served = serve_factory(cors_origins=("http://chat.example",))
    preflight = bare(
        "OPTIONS",
        served.url + "/process-llm-prompt",
        headers={
            "Origin": "http://chat.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization,content-type",
        },
    )
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == "http://chat.example"
    ok = served.client.post(
        "/process-llm-prompt", json={"prompt": "WEB-1"}, headers={"Origin": "http://chat.example"}
    )
    assert ok.headers["access-control-allow-origin"] == "http://chat.example"
    other = served.client.post(
        "/process-llm-prompt", json={"prompt": "WEB-1"}, headers={"Origin": "http://evil.example"}
    )
    assert "access-control-allow-origin" not in other.headers


def test_no_secret_reaches_a_response(served: Any) -> None:
    secrets = {TOKEN, served.sandbox.api_token, served.sandbox.personal_token}
    answers = [
        served.ask("open bugs in WEB"),
        served.ask("WEB-1"),
        served.ask("comment on WEB-1: hi"),
        served.ask("assign WEB-1 to nobody-by-that-name"),
        served.client.get("/openapi.json"),
        served.client.get("/api/schema"),
    ]
    for answer in answers:
        for secret in secrets:
            assert secret not in answer.text

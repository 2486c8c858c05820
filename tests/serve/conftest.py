"""A running `serve` app on a free port, over the sandbox, driven with httpx over real HTTP."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import httpx
import pytest

if TYPE_CHECKING:
    from jira_chat.sandbox.runner import SandboxHandle
    from jira_chat.serve.server import RunningServer

TOKEN = "test-serve-token-0123456789"


@dataclass
class Served:
    """The server under test, its sandbox, and an authorised client."""

    url: str
    sandbox: SandboxHandle
    running: RunningServer
    client: httpx.Client = field(init=False)

    def __post_init__(self) -> None:
        self.client = httpx.Client(
            base_url=self.url, headers={"Authorization": f"Bearer {TOKEN}"}, timeout=30
        )

    def ask(self, prompt: str, conversation: str | None = None) -> httpx.Response:
        body: dict[str, Any] = {"prompt": prompt}
        if conversation is not None:
            body["conversation"] = conversation
        return self.client.post("/process-llm-prompt", json=body)

    def decide(self, verb: str, plan_id: str, conversation: str) -> httpx.Response:
        return self.client.post(f"/plans/{plan_id}/{verb}", json={"conversation": conversation})

    def close(self) -> None:
        self.client.close()
        self.running.stop()


@pytest.fixture
def serve_factory(sandbox_env: SandboxHandle) -> Iterator[Any]:
    """`serve_factory(**ServeConfig overrides)`: start the app; settings come from the
    environment (the sandbox, and the fake Gemini when a test asked for it first)."""
    from jira_chat.config import load_settings
    from jira_chat.serve.app import create_app
    from jira_chat.serve.config import ServeConfig
    from jira_chat.serve.server import start_in_thread

    started: list[Served] = []

    def start(**overrides: Any) -> Served:
        app = create_app(load_settings(), ServeConfig(token=TOKEN, **overrides))
        running = start_in_thread(app)
        served = Served(url=running.url, sandbox=sandbox_env, running=running)
        started.append(served)
        return served

    yield start
    for served in started:
        served.close()


@pytest.fixture
def served(serve_factory: Any) -> Served:
    return serve_factory()


def assert_error_shape(response: httpx.Response, status: int, code: str | None = None) -> Any:
    """Every error: JSON, one shape, the CLI's words, never a traceback."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    assert "Traceback" not in response.text
    error = response.json()["error"]
    assert error["status"] == status
    assert isinstance(error["message"], str) and error["message"]
    assert "hint" in error and "exit_code" in error
    if code is not None:
        assert error["code"] == code, error
    return error


def bare(method: str, url: str, **kwargs: Any) -> httpx.Response:
    """A request without the test client's token, patient when the machine is busy."""
    kwargs.setdefault("timeout", 30)
    return httpx.request(method, url, **kwargs)

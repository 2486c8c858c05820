"""Fixtures shared by the sandbox's client tests: one sandbox per flavor, and its client."""

from __future__ import annotations

import pytest
from jira import JIRA

from jira_chat.sandbox.runner import SandboxHandle
from tests.fixtures.sandbox import SandboxFactory, jira_client


@pytest.fixture(params=["cloud", "server"])
def handle(request: pytest.FixtureRequest, sandbox_factory: SandboxFactory) -> SandboxHandle:
    return sandbox_factory(request.param)


@pytest.fixture
def client(handle: SandboxHandle) -> JIRA:
    return jira_client(handle)

"""Shared planning-test material: the sandbox's seeded names as InstanceMetadata."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from jira_chat.jira_access.records import InstanceMetadata, ProjectMeta, StatusMeta, UserRef
from jira_chat.planning.base import PlanRequest
from jira_chat.planning.context import SessionContext

TODAY = dt.date(2026, 11, 25)


def seed_metadata() -> InstanceMetadata:
    """The sandbox's seeded vocabulary, built by hand so these tests need no server."""
    return InstanceMetadata(
        server_url="http://127.0.0.1:1",
        flavor="cloud",
        current_user=UserRef("712020:sam", "Sam Rivera", "sam.rivera@example.com"),
        projects=(
            ProjectMeta("WEB", "Web Storefront", "10000", ("Frontend", "Checkout", "Accounts")),
            ProjectMeta("API", "Public API", "10001", ("Gateway", "Auth", "Billing")),
            ProjectMeta("OPS", "Operations", "10002", ("Monitoring", "CI/CD", "Infrastructure")),
        ),
        issue_types=("Epic", "Story", "Task", "Bug", "Sub-task"),
        statuses=(
            StatusMeta("To Do", "new"),
            StatusMeta("In Progress", "indeterminate"),
            StatusMeta("In Review", "indeterminate"),
            StatusMeta("Done", "done"),
        ),
        priorities=("Highest", "High", "Medium", "Low", "Lowest"),
    )


MakeRequest = Callable[..., PlanRequest]


@pytest.fixture
def make_request() -> MakeRequest:
    """Build a PlanRequest with seeded metadata unless told otherwise."""

    def build(
        text: str,
        *,
        context: SessionContext | None = None,
        metadata: InstanceMetadata | str | None = "seed",
        attached: str | None = None,
    ) -> PlanRequest:
        meta = seed_metadata() if metadata == "seed" else metadata
        assert not isinstance(meta, str)
        return PlanRequest(
            text=text,
            context=context or SessionContext(),
            metadata=meta,
            today=TODAY,
            attached=attached,
        )

    return build

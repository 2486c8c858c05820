"""Shared planning-test material: the sandbox's seeded names as InstanceMetadata."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable

import pytest

from jira_chat.jira_access.records import (
    InstanceMetadata,
    NamedMeta,
    ProjectMeta,
    SprintMeta,
    StatusMeta,
    UserRef,
)
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


SEED_USERS = (
    UserRef("712020:sam", "Sam Rivera", "sam.rivera@example.com"),
    UserRef("712020:alice", "Alice Nguyen", "alice.nguyen@example.com"),
    UserRef("712020:amorgan", "Alex Morgan", "alex.morgan@example.com"),
    UserRef("712020:achen", "Alex Chen", "alex.chen@example.com"),
    UserRef("712020:priya", "Priya Patel", "priya.patel@example.com"),
    UserRef("712020:jordan", "Jordan Lee", "jordan.lee@example.com"),
)


def vocabulary_metadata() -> InstanceMetadata:
    """The seeded names plus the vocabulary the linker uses: people, labels, sprints…"""
    return dataclasses.replace(
        seed_metadata(),
        labels=("frontend", "security", "payments", "tech-debt", "customer", "regression"),
        users=SEED_USERS,
        users_complete=True,
        sprints=(
            SprintMeta("WEB Sprint 1", "closed", "WEB", "2026-11-11"),
            SprintMeta("WEB Sprint 2", "active", "WEB", "2026-12-02"),
            SprintMeta("WEB Sprint 3", "future", "WEB"),
            SprintMeta("API Sprint 1", "closed", "API", "2026-11-11"),
        ),
        versions=(NamedMeta("2.0", "WEB", "WEB"),),
        epics=(NamedMeta("Cart overhaul", "WEB-2", "WEB"),),
        custom_fields=(NamedMeta("Story Points", "cf[10016]"),),
    )


MakeRequest = Callable[..., PlanRequest]


@pytest.fixture
def make_request() -> MakeRequest:
    """Build a PlanRequest with seeded metadata unless told otherwise."""

    def build(
        text: str,
        *,
        context: SessionContext | None = None,
        metadata: InstanceMetadata | str | None = "seed",  # or "vocabulary"
        attached: str | None = None,
    ) -> PlanRequest:
        meta = {"seed": seed_metadata, "vocabulary": vocabulary_metadata}.get(
            metadata if isinstance(metadata, str) else "", lambda: metadata
        )()
        assert not isinstance(meta, str)
        return PlanRequest(
            text=text,
            context=context or SessionContext(),
            metadata=meta,
            today=TODAY,
            attached=attached,
        )

    return build

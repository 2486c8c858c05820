"""The sandbox's fixed demo facts: users, projects, workflow, vocabularies.

Kept in one module so the README ("What is in the sandbox") and tests can cite exact names.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass


@dataclass(frozen=True)
class SeedUser:
    display_name: str
    email: str
    username: str

    @property
    def account_id(self) -> str:
        """Atlassian-shaped accountId, stable across databases."""
        return "712020:" + str(uuid.uuid5(uuid.NAMESPACE_DNS, self.email))


@dataclass(frozen=True)
class SeedProject:
    key: str
    name: str
    components: tuple[str, ...]
    share: int  # issues per 150 seeded issues
    lead_username: str


CURRENT_USER = SeedUser("Sam Rivera", "sam.rivera@example.com", "srivera")
USERS: tuple[SeedUser, ...] = (
    CURRENT_USER,
    SeedUser("Alice Nguyen", "alice.nguyen@example.com", "anguyen"),
    SeedUser("Alex Morgan", "alex.morgan@example.com", "amorgan"),
    SeedUser("Alex Chen", "alex.chen@example.com", "achen"),
    SeedUser("Priya Patel", "priya.patel@example.com", "ppatel"),
    SeedUser("Jordan Lee", "jordan.lee@example.com", "jlee"),
)

PROJECTS: tuple[SeedProject, ...] = (
    SeedProject("WEB", "Web Storefront", ("Frontend", "Checkout", "Accounts"), 60, "srivera"),
    SeedProject("API", "Public API", ("Gateway", "Auth", "Billing"), 50, "anguyen"),
    SeedProject("OPS", "Operations", ("Monitoring", "CI/CD", "Infrastructure"), 40, "jlee"),
)
DEFAULT_ISSUE_COUNT = sum(p.share for p in PROJECTS)  # 150

# (id, name, subtask, hierarchy_level, description)
ISSUE_TYPES: tuple[tuple[int, str, int, int, str], ...] = (
    (10000, "Epic", 0, 1, "A big user story that needs to be broken down."),
    (10001, "Story", 0, 0, "Functionality or a feature expressed as a user goal."),
    (10002, "Task", 0, 0, "A small, distinct piece of work."),
    (10003, "Bug", 0, 0, "A problem or error."),
    (10004, "Sub-task", 1, -1, "A small piece of work that's part of a larger task."),
)

# (id, key, name, color) — Jira's own ids and colour names.
STATUS_CATEGORIES: tuple[tuple[int, str, str, str], ...] = (
    (2, "new", "To Do", "blue-gray"),
    (4, "indeterminate", "In Progress", "yellow"),
    (3, "done", "Done", "green"),
)

# (id, name, category_id, position)
STATUSES: tuple[tuple[int, str, int, int], ...] = (
    (10000, "To Do", 2, 1),
    (10001, "In Progress", 4, 2),
    (10002, "In Review", 4, 3),
    (10003, "Done", 3, 4),
)
TODO, IN_PROGRESS, IN_REVIEW, DONE = 10000, 10001, 10002, 10003

# (id, name, from_status_id, to_status_id): names deliberately differ from status names.
TRANSITIONS: tuple[tuple[int, str, int, int], ...] = (
    (11, "Start progress", TODO, IN_PROGRESS),
    (21, "Close", TODO, DONE),
    (31, "Request review", IN_PROGRESS, IN_REVIEW),
    (41, "Stop progress", IN_PROGRESS, TODO),
    (51, "Close", IN_PROGRESS, DONE),
    (61, "Approve", IN_REVIEW, DONE),
    (71, "Request changes", IN_REVIEW, IN_PROGRESS),
    (81, "Reopen", DONE, TODO),
)

# (id, name, rank)
PRIORITIES: tuple[tuple[int, str, int], ...] = (
    (1, "Highest", 1),
    (2, "High", 2),
    (3, "Medium", 3),
    (4, "Low", 4),
    (5, "Lowest", 5),
)
MEDIUM_PRIORITY_ID = 3

RESOLUTIONS: tuple[tuple[int, str], ...] = (
    (10000, "Done"),
    (10001, "Won't Do"),
    (10002, "Duplicate"),
)
DONE_RESOLUTION_ID = 10000

# (id, name, inward, outward)
LINK_TYPES: tuple[tuple[int, str, str, str], ...] = (
    (10000, "Blocks", "is blocked by", "blocks"),
    (10001, "Relates", "relates to", "relates to"),
    (10002, "Duplicate", "is duplicated by", "duplicates"),
)

LABELS: tuple[str, ...] = (
    "frontend",
    "backend",
    "auth",
    "performance",
    "security",
    "tech-debt",
    "customer",
    "regression",
    "accessibility",
    "mobile",
    "payments",
    "observability",
)

SPRINT_CUSTOM_FIELD = "customfield_10020"
STORY_POINTS_FIELD = "customfield_10016"
TEAM_FIELD = "customfield_10040"
EPIC_LINK_FIELD = "customfield_10014"  # Server/DC only; Cloud links epics through `parent`

# The options of the single-select "Team" field: (option id, value).
TEAMS: tuple[tuple[int, str], ...] = (
    (10100, "Payments"),
    (10101, "Platform"),
    (10102, "Growth"),
    (10103, "Mobile"),
)
STORY_POINT_SIZES: tuple[int, ...] = (1, 2, 3, 5, 8, 13)

# Versions per project: (name, released, release-date offset in days from today, description).
VERSIONS: tuple[tuple[str, bool, int, str], ...] = (
    ("1.0", True, -60, "First public release"),
    ("1.1", True, -20, "Fixes and small features"),
    ("2.0", False, 30, "The next big release"),
)
FIRST_VERSION_ID = 10200

# A few small text files attached to seeded issues: (file name, MIME type, content).
ATTACHMENT_FILES: tuple[tuple[str, str, bytes], ...] = (
    ("screenshot-notes.txt", "text/plain", b"Steps and observations from the screenshot.\n"),
    ("error.log", "text/plain", b"2026-01-31 10:00:00 ERROR request failed: timeout\n"),
    ("design.md", "text/markdown", b"# Design\n\nThe proposed approach, in short.\n"),
)

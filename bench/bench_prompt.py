"""Print the size of Gemini's system instruction (and plan schema) for the sandbox.

Run: .venv/bin/python bench/bench_prompt.py

The instance metadata is the sandbox's seeded vocabulary (jira_chat.sandbox.seed_data),
so the figure matches what `jira-chat --sandbox` sends. Three cases: a one-shot `ask`, a
typical REPL turn, and the worst case the context allows (6 long turns, 50 issues shown).
Then the same with a large instance's vocabulary: 2,000 users and 500 labels in the
metadata (more than the cache keeps), and a request that names a person, a label, a
component, a sprint and a date, which the linker grounds. The budget is 6,000 characters.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

from jira_chat.jira_access.records import (
    InstanceMetadata,
    ProjectMeta,
    SprintMeta,
    StatusMeta,
    UserRef,
)
from jira_chat.planning.base import PlanRequest, system_instruction
from jira_chat.planning.context import SessionContext
from jira_chat.planning.model_schema import plan_response_schema

_CATEGORY_KEYS = {2: "new", 4: "indeterminate", 3: "done"}


def sandbox_metadata() -> InstanceMetadata:
    """The seeded names, read from the sandbox's seed module (no server needed)."""
    from jira_chat.sandbox import seed_data as seed

    return InstanceMetadata(
        server_url="http://127.0.0.1:0",
        flavor="cloud",
        current_user=UserRef(
            seed.CURRENT_USER.account_id, seed.CURRENT_USER.display_name, seed.CURRENT_USER.email
        ),
        projects=tuple(
            ProjectMeta(p.key, p.name, str(10000 + i), p.components)
            for i, p in enumerate(seed.PROJECTS)
        ),
        issue_types=tuple(name for _, name, *_ in seed.ISSUE_TYPES),
        statuses=tuple(
            StatusMeta(name, _CATEGORY_KEYS[category])  # type: ignore[arg-type]
            for _, name, category, _ in seed.STATUSES
        ),
        priorities=tuple(name for _, name, _ in seed.PRIORITIES),
    )


GROUNDED_REQUEST = (
    "high priority bugs assigned to alice labelled security in the Checkout component "
    "in the current sprint updated this week"
)


def large_metadata() -> InstanceMetadata:
    """The seeded names plus 2,000 people and 500 labels, as a big instance would have."""
    from jira_chat.sandbox import seed_data as seed

    users = tuple(UserRef(u.account_id, u.display_name, u.email) for u in seed.USERS) + tuple(
        UserRef(f"712020:user-{n}", f"Person{n} Surname{n % 97}", f"person{n}@example.com")
        for n in range(2000 - len(seed.USERS))
    )
    labels = seed.LABELS + tuple(f"label-{n}" for n in range(500 - len(seed.LABELS)))
    sprints = tuple(
        SprintMeta(f"{p.key} Sprint {n}", state, p.key)
        for p in seed.PROJECTS
        for n, state in ((1, "closed"), (2, "active"), (3, "future"))
    )
    return dataclasses.replace(sandbox_metadata(), users=users, labels=labels, sprints=sprints)


def main() -> None:
    metadata = sandbox_metadata()
    today = dt.date.today()

    one_shot = SessionContext(default_project="WEB")

    typical = SessionContext(default_project="WEB")
    typical.add_turn("open bugs in web", "showed 12 issues (WEB-41, WEB-7, …)")
    typical.add_turn("show me the first one", "showed WEB-41")
    typical.remember_shown([f"WEB-{n}" for n in range(30, 42)])
    typical.remember_acted("WEB-41")

    worst = SessionContext(default_project="WEB")
    for n in range(worst.max_turns):
        worst.add_turn(f"request {n} " + "x" * 250, f"summary {n} " + "y" * 250)
    worst.remember_shown([f"WEB-{n}" for n in range(100, 150)])
    worst.remember_acted("WEB-149")

    print("system instruction size (characters), sandbox metadata:")
    for label, context in (
        ("ask, no conversation", one_shot),
        ("REPL, 2 turns + 12 shown", typical),
        ("REPL, 6 long turns + 50 shown", worst),
    ):
        text = system_instruction(PlanRequest("x", context, metadata, today))
        print(f"  {label:<32} {len(text):>6}")
    large = large_metadata()
    print("system instruction size (characters), 2,000 users and 500 labels, budget 6000:")
    for label, context in (
        ("ask, no conversation", one_shot),
        ("REPL, 6 long turns + 50 shown", worst),
    ):
        text = system_instruction(PlanRequest(GROUNDED_REQUEST, context, large, today))
        print(f"  {label + ', grounded request':<44} {len(text):>6}")
    schema = json.dumps(plan_response_schema(), separators=(",", ":"))
    print(f"  {'plan schema (responseJsonSchema)':<32} {len(schema):>6}")


if __name__ == "__main__":
    main()

"""How a name someone typed is compared with Jira's names; shared by the offline planner and
the executor's resolver so both read "web storefront" or "operations" the same way."""

from __future__ import annotations

import re
from collections.abc import Sequence

from jira_chat.errors import ResolutionError
from jira_chat.jira_access.records import ProjectMeta


def normalized(name: str) -> str:
    """Compare names as Jira people do: case, spacing and -/_ do not matter."""
    return " ".join(re.sub(r"[-_]+", " ", name).lower().split())


def matching_projects(projects: Sequence[ProjectMeta], wanted: str) -> list[ProjectMeta]:
    """The projects `wanted` names: by key, else by full name, else by a word of the name
    ('storefront' → Web Storefront). Several results mean the name is ambiguous."""
    key = wanted.strip().upper()
    by_key = [p for p in projects if p.key.upper() == key]
    if by_key:
        return by_key
    target = normalized(wanted)
    if not target:
        return []
    by_name = [p for p in projects if normalized(p.name) == target]
    if by_name:
        return by_name
    return [p for p in projects if target in normalized(p.name).split()]


def no_project(
    wanted: str,
    projects: Sequence[ProjectMeta],
    *,
    hint: str | None = None,
    from_cache: bool = False,
) -> ResolutionError:
    """The one error for a project this Jira does not have, listing the ones it has."""
    listing = ", ".join(f"{p.key} ({p.name})" for p in projects)
    return ResolutionError(
        f"no project '{wanted}' in this Jira; projects: {listing}",
        choices=[p.key for p in projects],
        hint=hint,
        from_cache=from_cache,
    )

"""Resolving the richer fields of create/update: components, parent or epic, sprint."""

from __future__ import annotations

import re
from dataclasses import dataclass

from jira_chat.errors import ResolutionError
from jira_chat.execution.spec import ExecContext
from jira_chat.jira_access.names import normalized
from jira_chat.jira_access.records import IssueBrief, SprintRecord

ACTIVE_SPRINT = frozenset({"active", "the active sprint", "current", "the current sprint"})


def is_subtask_type(name: str) -> bool:
    """Sub-task, Subtask, sub task: Jira's default sub-task type under its usual spellings."""
    return re.sub(r"[^a-z]", "", name.lower()) == "subtask"


def components(ctx: ExecContext, project: str, wanted: list[str] | None) -> list[str]:
    """Each name as the project spells it; an unknown one fails listing the valid ones."""
    if not wanted:
        return []
    return _named(project, wanted, ctx.service.components(project), "component", "components")


def fix_versions(ctx: ExecContext, project: str, wanted: list[str] | None) -> list[str]:
    """Versions of the project by name, as it spells them; an unknown one lists them all."""
    if not wanted:
        return []
    return _named(project, wanted, ctx.service.versions(project), "version", "versions")


def _named(
    project: str, wanted: list[str], known: tuple[str, ...], kind: str, plural: str
) -> list[str]:
    by_name = {normalized(name): name for name in known}
    missing = [name for name in wanted if normalized(name) not in by_name]
    if missing:
        raise ResolutionError(
            f"{project} has no {kind} {', '.join(repr(m) for m in missing)}; "
            f"{plural}: {', '.join(known) or 'none'}",
            choices=list(known),
        )
    return list(dict.fromkeys(by_name[normalized(name)] for name in wanted))


@dataclass(frozen=True)
class ParentChoice:
    """The issue named as parent, and whether it is an epic (an epic link, not a parent)."""

    issue: IssueBrief
    is_epic: bool

    @property
    def field(self) -> str:
        return "epic" if self.is_epic else "parent"


def parent(ctx: ExecContext, key: str, *, child_type: str, child_key: str | None) -> ParentChoice:
    """A sub-task's parent must not be an epic or a sub-task; any other issue's parent must
    be an epic (Jira's hierarchy)."""
    found = ctx.current(key)
    brief = IssueBrief(found.key, found.summary, found.status, found.issue_type)
    if key == child_key:
        raise ResolutionError(f"{key} cannot be its own parent")
    is_epic = normalized(found.issue_type) == "epic"
    subtask = is_subtask_type(child_type)
    if subtask and is_epic:
        raise ResolutionError(
            f"a sub-task's parent cannot be an epic ({key} is one)",
            hint="name a story, task or bug as the parent",
        )
    if not subtask and not is_epic:
        raise ResolutionError(
            f"{key} is a {found.issue_type}, not an epic: only sub-tasks go under other issues",
            hint="create a Sub-task under it, or name an epic",
        )
    return ParentChoice(brief, is_epic)


def sprint(ctx: ExecContext, project: str, wanted: str) -> SprintRecord:
    """By name among the project's boards' open sprints, or the active one."""
    sprints = [s for b in ctx.service.boards(project) for s in ctx.service.sprints(b)]
    open_sprints = [s for s in sprints if s.state != "closed"]
    target = normalized(wanted)
    if target in ACTIVE_SPRINT:
        matches = [s for s in open_sprints if s.state == "active"]
    else:
        matches = [s for s in open_sprints if normalized(s.name) == target]
        matches = matches or [s for s in open_sprints if target in normalized(s.name)]
    if len(matches) == 1:
        return matches[0]
    if matches:
        return ctx.resolver.pick("sprint", wanted, matches, lambda s: f"{s.name} ({s.state})")
    names = ", ".join(f"{s.name} ({s.state})" for s in open_sprints) or "none"
    raise ResolutionError(
        f"no open sprint '{wanted}' in {project}; open sprints: {names}",
        choices=[s.name for s in open_sprints],
    )

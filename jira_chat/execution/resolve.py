"""Resolve the names in a plan against Jira before anything changes. Never guess.

Statuses become the issue's transitions, people become accountIds (Cloud) or usernames
(Server), issue types, priorities and projects become Jira's own spelling. A name that matches
nothing fails with the choices that do exist; a name that matches several is asked about
(`choose`) or fails listing the candidates.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TypeVar

from jira_chat.errors import AmbiguityError, ResolutionError
from jira_chat.jira_access.names import matching_projects, no_project, normalized
from jira_chat.jira_access.records import (
    InstanceMetadata,
    IssueRecord,
    ProjectMeta,
    TransitionInfo,
    UserRef,
)
from jira_chat.jira_access.service import JiraService

T = TypeVar("T")
Chooser = Callable[[str, Sequence[str]], str | None]

ME = frozenset({"me", "myself", "i", "current user"})
NOBODY = frozenset({"none", "nobody", "no one", "unassigned", "unassign", "null"})


def _squashed(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def user_label(user: UserRef) -> str:
    return f"{user.display_name} <{user.email}>" if user.email else user.display_name


def _user_labels(users: Sequence[UserRef]) -> list[str]:
    """Name <email>; two people shown alike (Cloud often hides emails) also get their id."""
    plain = [user_label(u) for u in users]
    return [
        f"{p} ({u.ident})" if plain.count(p) > 1 else p for u, p in zip(users, plain, strict=True)
    ]


def _distinct(labels: list[str]) -> list[str]:
    """Numbered when two candidates would read the same: an answer must pick exactly one."""
    return [f"{text} #{i}" if labels.count(text) > 1 else text for i, text in enumerate(labels, 1)]


class Resolver:
    """Name → Jira object, for one plan. Metadata is fetched (or read from cache) on first need."""

    def __init__(self, service: JiraService, choose: Chooser | None = None) -> None:
        self._service = service
        self._choose = choose

    @property
    def metadata(self) -> InstanceMetadata:
        return self._service.metadata()

    # --- picking among several -----------------------------------------------------------
    def pick(
        self,
        kind: str,
        wanted: str,
        candidates: Sequence[T],
        label: Callable[[T], str],
        *,
        hint: str | None = None,
    ) -> T:
        """One of several matches (or one loose match): ask the person, or fail listing them."""
        labels = _distinct([label(c) for c in candidates])
        loose = len(candidates) == 1  # a partial match is confirmed, never taken on trust
        question = (
            f"'{wanted}' is not an exact {kind} name; did you mean this one?"
            if loose
            else f"'{wanted}' matches more than one {kind}; which one?"
        )
        if self._choose is not None:
            answer = self._choose(question, labels)
            if answer is not None and answer in labels:
                return candidates[labels.index(answer)]
        if loose:
            raise AmbiguityError(
                f"'{wanted}' only partly matches a {kind}: {labels[0]}",
                choices=labels,
                hint=hint or f"name the {kind} exactly, e.g. '{labels[0]}'",
            )
        raise AmbiguityError(
            f"'{wanted}' matches more than one {kind}: {'; '.join(labels)}",
            choices=labels,
            hint=hint or f"name the {kind} exactly, e.g. '{labels[0]}'",
        )

    # --- catalogue names -----------------------------------------------------------------
    def issue_type(self, wanted: str) -> str:
        return self._catalogue("issue type", wanted, self.metadata.issue_types)

    def priority(self, wanted: str) -> str:
        return self._catalogue("priority", wanted, self.metadata.priorities)

    def _catalogue(self, kind: str, wanted: str, names: Sequence[str]) -> str:
        matches = [name for name in names if _squashed(name) == _squashed(wanted)]
        if len(matches) == 1:
            return matches[0]
        if matches:
            return self.pick(kind, wanted, matches, str)
        article = "an" if kind[0] in "aeiou" else "a"
        raise ResolutionError(
            f"'{wanted}' is not {article} {kind} in this Jira; valid: {', '.join(names)}",
            choices=names,
            from_cache=True,
        )

    def project(self, wanted: str) -> ProjectMeta:
        """By key, then by name, then by a unique word of the name ('web' → Web Storefront)."""
        projects = self.metadata.projects
        by_name = matching_projects(projects, wanted)
        if len(by_name) == 1:
            return by_name[0]
        if by_name:
            return self.pick("project", wanted, by_name, lambda p: f"{p.key} ({p.name})")
        raise no_project(wanted, projects, from_cache=True)

    # --- people --------------------------------------------------------------------------
    def user(
        self, wanted: str, *, issue_key: str | None = None, project: str | None = None
    ) -> UserRef | None:
        """'me', 'none' (→ None), or a name/display name/first name/email/username."""
        text = wanted.strip()
        lowered = normalized(text)
        if lowered in ME:
            return self.metadata.current_user
        if lowered in NOBODY:
            return None
        found = self._service.find_users(text, issue_key=issue_key, project=project)
        candidates = list({u.ident: u for u in found}.values())
        exact = [
            u
            for u in candidates
            if lowered in {normalized(u.display_name), (u.email or "").lower(), u.ident.lower()}
        ]
        if not exact:  # a first or last name: 'Alice', 'Nguyen'
            exact = [u for u in candidates if lowered in normalized(u.display_name).split()]
        if len(exact) == 1:
            return exact[0]
        if not exact:
            exact = candidates  # Jira's own (prefix) search: confirmed, never a silent guess
        if exact:
            labels = dict(zip((u.ident for u in exact), _user_labels(exact), strict=True))
            return self.pick(
                "user",
                text,
                exact,
                lambda u: labels[u.ident],
                hint="use the full name or the email address",
            )
        where = f" who can be assigned {issue_key}" if issue_key else ""
        where = where or (f" who can be assigned in {project}" if project else "")
        raise ResolutionError(
            f"no Jira user{where} matches '{text}'",
            hint="use a full name or an email address; 'me' is you, 'none' unassigns",
        )

    # --- workflow --------------------------------------------------------------------------
    def transition(self, issue: IssueRecord, status: str) -> TransitionInfo:
        """The issue's available transition that leads to `status` (or is named so)."""
        target = normalized(status)
        if normalized(issue.status) == target:
            from jira_chat.execution.noop import AlreadyDone

            raise AlreadyDone(issue.key, f"{issue.key} is in {issue.status}")
        leading = [t for t in issue.transitions if normalized(t.to_status or "") == target]
        if not leading:
            leading = [t for t in issue.transitions if normalized(t.name) == target]
        if len(leading) == 1:
            return leading[0]
        if leading:
            return self.pick(
                "transition",
                status,
                leading,
                lambda t: f"{t.name} (to {t.to_status or 'an unknown status'})",
            )
        available = ", ".join(t.name for t in issue.transitions) or "none"
        targets = list(
            dict.fromkeys(t.to_status or f'"{t.name}" (target unknown)' for t in issue.transitions)
        )
        raise ResolutionError(
            f"{issue.key} has no transition to '{status}' from '{issue.status}'; "
            f"available: {available}",
            choices=targets,
            hint=f"from '{issue.status}' it can move to: {', '.join(targets) or 'nothing'}",
        )

"""Instance metadata: fetched once from Jira, cached on disk (0600) with a TTL.

The planner is grounded in it and names are resolved against it, so a second run must not
fetch it again. One cache file per server URL + user, so two Jiras never mix.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from dataclasses import asdict
from pathlib import Path
from typing import Any

from jira_chat.config import write_private_file
from jira_chat.jira_access.parse import status_category, user_ref
from jira_chat.jira_access.records import (
    Flavor,
    InstanceMetadata,
    ProjectMeta,
    StatusMeta,
    UserRef,
)

CACHE_FORMAT = 1
DEFAULT_TTL = dt.timedelta(hours=1)
COMPONENT_PROJECTS = 10  # projects whose components are fetched (one request each)

log = logging.getLogger(__name__)


def cache_path(cache_dir: Path, server_url: str, who: str) -> Path:
    """Per URL + user; `who` may be a secret-derived id, so only a digest reaches the name."""
    digest = hashlib.sha256(f"{server_url}\0{who}".encode()).hexdigest()[:20]
    return cache_dir / f"metadata-{digest}.json"


def flavor_of(server_info: dict[str, Any]) -> Flavor:
    return "cloud" if server_info.get("deploymentType") == "Cloud" else "server"


def version_of(server_info: dict[str, Any]) -> tuple[int, ...]:
    numbers = server_info.get("versionNumbers") or ()
    try:
        return tuple(int(n) for n in numbers)
    except (TypeError, ValueError):
        return ()


def fetch_metadata(
    client: Any,
    server_url: str,
    server_info: dict[str, Any],
    *,
    default_project: str | None = None,
) -> InstanceMetadata:
    """Ask Jira for everything the planner and the resolver need (one request per kind).

    Components cost one request per project, so they are fetched for the default project and
    the first few others only: a large instance must not cost hundreds of requests.
    """
    flavor = flavor_of(server_info)
    myself = client.myself()
    raw_projects = [p.raw for p in client.projects()]
    wanted = (default_project or "").upper()
    ordered = sorted(raw_projects, key=lambda raw: raw["key"].upper() != wanted)
    with_components = {raw["key"] for raw in ordered[:COMPONENT_PROJECTS]}
    projects = []
    for raw in raw_projects:
        components: tuple[str, ...] = ()
        if raw["key"] in with_components:
            components = tuple(c.name for c in client.project_components(raw["key"]))
        projects.append(
            ProjectMeta(
                key=raw["key"],
                name=raw.get("name", raw["key"]),
                id=str(raw.get("id", "")),
                components=components,
            )
        )
    return InstanceMetadata(
        server_url=server_url,
        flavor=flavor,
        current_user=user_ref(myself, flavor),
        projects=tuple(projects),
        issue_types=_unique(t.raw.get("name", "") for t in client.issue_types()),
        statuses=tuple(
            StatusMeta(name=s.raw.get("name", ""), category=status_category(s.raw))
            for s in client.statuses()
        ),
        priorities=_unique(p.raw.get("name", "") for p in client.priorities()),
    )


def _unique(names: Any) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for name in names:
        if name:
            seen.setdefault(name, None)
    return tuple(seen)


def save(path: Path, metadata: InstanceMetadata, server_version: tuple[int, ...]) -> None:
    data = asdict(metadata)
    data["fetched_at"] = metadata.fetched_at.isoformat()
    data["format"] = CACHE_FORMAT
    data["server_version"] = list(server_version)
    try:
        write_private_file(path, json.dumps(data, indent=1))
    except OSError:  # a cache is an optimisation: an unwritable data dir costs requests, not a run
        log.warning("cannot write the metadata cache at %s", path)


def load(
    path: Path, *, server_url: str, ttl: dt.timedelta = DEFAULT_TTL, any_url: bool = False
) -> tuple[InstanceMetadata, tuple[int, ...]] | None:
    """The cached metadata if present, readable, for this server and younger than `ttl`.

    `any_url` accepts a cache written for another URL (the sandbox moves ports between runs)
    and re-labels it with `server_url`.
    """
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != CACHE_FORMAT:
            return None
        if data.get("server_url") != server_url and not any_url:
            return None
        fetched_at = dt.datetime.fromisoformat(data["fetched_at"])
        if dt.datetime.now(dt.UTC) - fetched_at > ttl:
            return None
        metadata = InstanceMetadata(
            server_url=server_url,
            flavor="cloud" if data["flavor"] == "cloud" else "server",
            current_user=UserRef(**data["current_user"]),
            projects=tuple(
                ProjectMeta(
                    key=p["key"], name=p["name"], id=p["id"], components=tuple(p["components"])
                )
                for p in data["projects"]
            ),
            issue_types=tuple(data["issue_types"]),
            statuses=tuple(
                StatusMeta(name=s["name"], category=s["category"]) for s in data["statuses"]
            ),
            priorities=tuple(data["priorities"]),
            fetched_at=fetched_at,
        )
        return metadata, tuple(int(n) for n in data.get("server_version") or ())
    except (OSError, ValueError, KeyError, TypeError):
        return None  # a missing or broken cache is simply refetched

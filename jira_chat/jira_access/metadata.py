"""Instance metadata: fetched once from Jira, cached on disk (0600) with a TTL.

The planner is grounded in it and names are resolved against it, so a second run must not
fetch it again. One cache file per server URL + user, so two Jiras never mix.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from collections.abc import Callable
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

from jira_chat.config import write_private_file
from jira_chat.jira_access.fields import field_metas
from jira_chat.jira_access.parse import status_category, user_ref
from jira_chat.jira_access.records import (
    FieldMeta,
    Flavor,
    InstanceMetadata,
    NamedMeta,
    ProjectMeta,
    SprintMeta,
    StatusMeta,
    UserRef,
)

CACHE_FORMAT = 3  # 3: custom fields with their schemas (`fields`)
DEFAULT_TTL = dt.timedelta(hours=1)
COMPONENT_PROJECTS = 10  # projects whose components, versions and boards are fetched
# Caps that keep the cache (and the linker's work) bounded on a large instance. Beyond them
# a name is passed to Jira as typed: the executor looks users up on demand (user search),
# and JQL accepts any label, so nothing is refused because the cache lacks it.
MAX_USERS = 200  # assignable users of the default project (or the first one)
MAX_LABELS = 300  # labels of the most recently updated issues
LABEL_SAMPLE_ISSUES = 100  # issues whose labels are read (one search request)
MAX_SPRINTS = 100
MAX_EPICS = 100
MAX_VERSIONS = 200

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
    vocabulary: bool = True,
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
    metadata = InstanceMetadata(
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
    if not vocabulary:
        return metadata
    keys = [raw["key"] for raw in ordered[:COMPONENT_PROJECTS]]
    return fetch_vocabulary(client, metadata, keys)


def fetch_vocabulary(
    client: Any, metadata: InstanceMetadata, project_keys: list[str]
) -> InstanceMetadata:
    """Labels, users, sprints, versions, epics and custom fields, each within its cap.

    Each kind is optional: an instance without Jira Software has no boards, a Server without
    the label search has other labels; a failure leaves that kind empty (logged), it never
    fails the run, since names missing from the cache are passed to Jira as typed.
    """
    found: dict[str, Any] = {}

    def attempt(kind: str, fetch: Callable[[], Any]) -> None:
        try:
            found[kind] = fetch()
        except Exception as exc:  # optional vocabulary: see the docstring
            log.debug("metadata: no %s (%s: %s)", kind, type(exc).__name__, exc)

    attempt("labels", lambda: _labels(client, metadata.flavor))
    attempt("users", lambda: _users(client, metadata.flavor, project_keys[:1]))
    attempt("sprints", lambda: _sprints(client, project_keys))
    attempt("versions", lambda: _versions(client, project_keys))
    attempt("epics", lambda: _epics(client, metadata.flavor))
    attempt("fields", lambda: field_metas(client.fields()))
    labels, labels_complete = found.get("labels", ((), False))
    users, users_complete = found.get("users", ((), False))
    return replace(
        metadata,
        labels=labels,
        labels_complete=labels_complete,
        users=users,
        users_complete=users_complete,
        sprints=found.get("sprints", ()),
        versions=found.get("versions", ()),
        epics=found.get("epics", ()),
        custom_fields=_custom_fields(found.get("fields", ())),
        fields=found.get("fields", ()),
    )


def _raw_search(client: Any, flavor: Flavor, jql: str, fields: str, limit: int) -> dict[str, Any]:
    """One page of a search, only the fields named: no count request, nothing else."""
    path = "search/jql" if flavor == "cloud" else "search"
    params = {"jql": jql, "fields": fields, "maxResults": limit}
    page: dict[str, Any] = client._get_json(path, params=params)
    return page


def _labels(client: Any, flavor: Flavor) -> tuple[tuple[str, ...], bool]:
    jql = "labels is not EMPTY ORDER BY updated DESC"
    page = _raw_search(client, flavor, jql, "labels", LABEL_SAMPLE_ISSUES)
    issues = page.get("issues") or []
    names = _unique(
        label for issue in issues for label in (issue.get("fields") or {}).get("labels") or ()
    )
    more = bool(page.get("nextPageToken")) or int(page.get("total") or 0) > len(issues)
    return names[:MAX_LABELS], not more and len(names) <= MAX_LABELS


def _users(
    client: Any, flavor: Flavor, project_keys: list[str]
) -> tuple[tuple[UserRef, ...], bool]:
    if not project_keys:
        return (), False
    # python-jira's helper insists on a query; Jira lists everyone assignable without one.
    raw = client._get_json(
        "user/assignable/search", params={"project": project_keys[0], "maxResults": MAX_USERS}
    )
    users = tuple({u.ident: u for u in (user_ref(r, flavor) for r in raw)}.values())
    return users, len(users) < MAX_USERS


def _sprints(client: Any, project_keys: list[str]) -> tuple[SprintMeta, ...]:
    sprints: list[SprintMeta] = []
    for board in client.boards(maxResults=50)[: len(project_keys) or 1]:
        project = (board.raw.get("location") or {}).get("projectKey")
        if project_keys and project not in project_keys:
            continue
        for sprint in client.sprints(board.id, maxResults=50):
            raw = sprint.raw
            end = raw.get("completeDate") or raw.get("endDate")
            sprints.append(
                SprintMeta(
                    name=raw.get("name", ""),
                    state=str(raw.get("state", "")).lower(),
                    project=project,
                    end=str(end)[:10] if end else None,
                )
            )
    return tuple(sprints[:MAX_SPRINTS])


def _versions(client: Any, project_keys: list[str]) -> tuple[NamedMeta, ...]:
    versions = [
        NamedMeta(name=v.name, ident=key, project=key)
        for key in project_keys
        for v in client.project_versions(key)
    ]
    return tuple(versions[:MAX_VERSIONS])


def _epics(client: Any, flavor: Flavor) -> tuple[NamedMeta, ...]:
    page = _raw_search(
        client, flavor, "issuetype = Epic ORDER BY updated DESC", "summary,project", MAX_EPICS
    )
    epics = []
    for issue in page.get("issues") or []:
        fields = issue.get("fields") or {}
        project = (fields.get("project") or {}).get("key")
        epics.append(NamedMeta(str(fields.get("summary") or issue["key"]), issue["key"], project))
    return tuple(epics)


def _custom_fields(fields: tuple[FieldMeta, ...]) -> tuple[NamedMeta, ...]:
    """What JQL calls each custom field (cf[10016]), for the planner's vocabulary."""
    return tuple(NamedMeta(f.name, f"cf[{f.id.split('_', 1)[1]}]") for f in fields)


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
            labels=tuple(data["labels"]),
            users=tuple(UserRef(**u) for u in data["users"]),
            sprints=tuple(SprintMeta(**s) for s in data["sprints"]),
            versions=tuple(NamedMeta(**v) for v in data["versions"]),
            epics=tuple(NamedMeta(**e) for e in data["epics"]),
            custom_fields=tuple(NamedMeta(**f) for f in data["custom_fields"]),
            fields=tuple(FieldMeta(**f) for f in data["fields"]),
            labels_complete=bool(data["labels_complete"]),
            users_complete=bool(data["users_complete"]),
        )
        return metadata, tuple(int(n) for n in data.get("server_version") or ())
    except (OSError, ValueError, KeyError, TypeError):
        return None  # a missing or broken cache is simply refetched


# --- server facts: what a lookup needs before any planner has filled the metadata cache ------
# `ask KEY` and `ask "jql: ..."` never fetch the metadata (a dozen requests), so without this
# every one of them asked serverInfo (Cloud or Server?) and, for a detail view, the field list
# again. Both change rarely; they share the metadata's TTL and its 0600 file mode.
FACTS_FORMAT = 1


def facts_path(metadata_path: Path) -> Path:
    return metadata_path.with_name(metadata_path.name.replace("metadata-", "server-", 1))


def load_facts(
    path: Path, *, server_url: str, ttl: dt.timedelta = DEFAULT_TTL, any_url: bool = False
) -> dict[str, Any]:
    """{"info": serverInfo, "fields": [FieldMeta, ...]}, either missing when unknown or stale."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != FACTS_FORMAT:
            return {}
        if data.get("server_url") != server_url and not any_url:
            return {}
        facts: dict[str, Any] = {}
        now = dt.datetime.now(dt.UTC)
        for name in ("info", "fields"):
            entry = data.get(name)
            if entry and now - dt.datetime.fromisoformat(entry["at"]) <= ttl:
                facts[name] = entry["value"]
        if "fields" in facts:
            facts["fields"] = tuple(FieldMeta(**f) for f in facts["fields"])
        return facts
    except (OSError, ValueError, KeyError, TypeError):
        return {}  # a missing or broken file is simply asked again


def save_fact(path: Path, server_url: str, name: str, value: Any) -> None:
    """Record one fact ("info" or "fields") beside the others already saved."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != FACTS_FORMAT or data.get("server_url") != server_url:
            data = {}
    except (OSError, ValueError):
        data = {}
    data.update(format=FACTS_FORMAT, server_url=server_url)
    if name == "fields":
        value = [asdict(meta) for meta in value]
    data[name] = {"at": dt.datetime.now(dt.UTC).isoformat(), "value": value}
    try:
        write_private_file(path, json.dumps(data))
    except OSError:
        log.warning("cannot write the server facts at %s", path)

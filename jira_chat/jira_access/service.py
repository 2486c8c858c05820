"""JiraService: everything jira-chat asks of Jira, over python-jira, with errors mapped.

Lazy: constructing it costs nothing; the client is built on first use. Once the metadata
cache is warm, a search that fits on one page costs exactly one HTTP request.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jira_chat.config import Settings
from jira_chat.errors import JqlRejectedError
from jira_chat.jira_access import metadata as metadata_cache
from jira_chat.jira_access.error_map import ErrorContext, mapped_errors
from jira_chat.jira_access.parse import (
    DETAIL_FIELDS,
    LIST_FIELDS,
    issue_record,
    parse_datetime,
    search_page,
    user_ref,
)
from jira_chat.jira_access.records import (
    BoardRecord,
    FieldMeta,
    Flavor,
    InstanceMetadata,
    IssueBrief,
    IssueRecord,
    LinkType,
    SearchResult,
    SprintRecord,
    UserRef,
    WorklogRecord,
)
from jira_chat.jira_access.retry import RetryPolicy
from jira_chat.jira_access.service_fields import FieldsAndFiles
from jira_chat.jira_access.text import rich_text_to_markdown
from jira_chat.text_utils import redact_url

if TYPE_CHECKING:
    from jira import JIRA

    from jira_chat.jira_access.changes import IssueFields, NewIssue

DEFAULT_LIMIT = 20
EPIC_CHILDREN_LIMIT = 50
USER_SEARCH_LIMIT = 20
MAX_NAMED_CUSTOM = 80  # custom fields asked for by id in a detail read; more: fields=*all


CONNECT_TIMEOUT_S = 5.0


class JiraService(FieldsAndFiles):
    """One Jira instance, as the executor and the CLI need it (fields, screens, sprints and
    attachments in `service_fields`)."""

    def __init__(
        self,
        settings: Settings,
        *,
        timeout: tuple[float, float] | None = None,
        retry: RetryPolicy | None = None,
        metadata_ttl: dt.timedelta = metadata_cache.DEFAULT_TTL,
    ) -> None:
        self._settings = settings
        # Connect quickly or not at all; the read timeout is the person's (JIRA_CHAT_JIRA_TIMEOUT).
        self._timeout = timeout or (CONNECT_TIMEOUT_S, settings.jira_timeout)
        self._retry = retry or RetryPolicy()
        self._metadata_ttl = metadata_ttl
        self._client: JIRA | None = None
        self._flavor: Flavor | None = None
        self._version: tuple[int, ...] = ()
        self._server_info: dict[str, Any] | None = None
        self._metadata: InstanceMetadata | None = None
        self._server_facts: dict[str, Any] | None = None
        self._fields: dict[str, dict[str, Any]] | None = None
        self._errors = ErrorContext(
            server_url=redact_url(self.server_url),
            read_timeout=self._timeout[1],
            auth_kind=settings.auth_kind,
        )

    def __repr__(self) -> str:  # never the settings: they hold tokens
        return f"JiraService(url={self.server_url!r}, flavor={self._flavor!r})"

    # --- connection -----------------------------------------------------------------------
    @property
    def server_url(self) -> str:
        return (self._settings.jira_url or "").rstrip("/")

    @property
    def flavor(self) -> Flavor:
        """cloud or server: from the metadata cache or the saved serverInfo, else asked."""
        if self._flavor is None and self._load_cached_metadata() is None:
            info = self._facts().get("info")
            if info is None:
                self.server_info()
            else:  # kept, so that a metadata fetch later in this run does not ask again
                self._server_info = info
                self._remember_flavor(
                    metadata_cache.flavor_of(info), metadata_cache.version_of(info)
                )
        assert self._flavor is not None
        return self._flavor

    def _raw_client(self) -> JIRA:
        if self._client is None:
            from jira_chat.jira_access.client import build_client

            self._client = build_client(self._settings, timeout=self._timeout, retry=self._retry)
        return self._client

    def _jira(self) -> JIRA:
        """The client, with python-jira told whether this is Cloud."""
        client = self._raw_client()
        flavor = self.flavor
        from jira_chat.jira_access.client import set_flavor

        set_flavor(client, flavor, self._version)
        return client

    def _remember_flavor(self, flavor: Flavor, version: tuple[int, ...]) -> None:
        self._flavor, self._version = flavor, version

    def server_info(self) -> dict[str, Any]:
        """serverInfo, always asked live (for `doctor`): deploymentType, version, baseUrl."""
        with mapped_errors(self._errors):
            info: dict[str, Any] = self._raw_client().server_info()
        self._server_info = info
        self._remember_flavor(metadata_cache.flavor_of(info), metadata_cache.version_of(info))
        self._save_fact("info", info)
        return info

    def _facts(self) -> dict[str, Any]:
        """serverInfo and the field list as an earlier run saved them (metadata.load_facts)."""
        if self._server_facts is None:
            self._server_facts = metadata_cache.load_facts(
                metadata_cache.facts_path(self._cache_file()),
                server_url=self.server_url,
                ttl=self._metadata_ttl,
                any_url=self._settings.sandbox,
            )
        return self._server_facts

    def _save_fact(self, name: str, value: Any) -> None:
        path = metadata_cache.facts_path(self._cache_file())
        metadata_cache.save_fact(path, self.server_url, name, value)
        self._server_facts = {**self._facts(), name: value}

    def myself(self) -> UserRef:
        """Who the credentials belong to, asked live (for `doctor`)."""
        with mapped_errors(self._errors):
            raw: dict[str, Any] = self._jira().myself()
        return user_ref(raw, self.flavor)

    def browse_url(self, key: str) -> str:
        return f"{self.server_url}/browse/{key}"

    # --- metadata -------------------------------------------------------------------------
    def _cache_file(self) -> Path:
        settings = self._settings
        if settings.sandbox:  # a new loopback port every run, but the same database
            return metadata_cache.cache_path(
                settings.cache_dir, f"sandbox:{settings.sandbox_db_path}", "sandbox"
            )
        if settings.auth_kind == "token" and settings.jira_personal_token:
            who = "pat:" + hashlib.sha256(settings.jira_personal_token.encode()).hexdigest()
        else:
            who = f"user:{settings.jira_username or ''}"
        return metadata_cache.cache_path(settings.cache_dir, self.server_url, who)

    def _load_cached_metadata(self) -> InstanceMetadata | None:
        if self._metadata is not None:
            return self._metadata
        loaded = metadata_cache.load(
            self._cache_file(),
            server_url=self.server_url,
            ttl=self._metadata_ttl,
            any_url=self._settings.sandbox,
        )
        if loaded is None:
            return None
        self._metadata, version = loaded
        self._remember_flavor(self._metadata.flavor, version)
        return self._metadata

    def cached_metadata(self) -> InstanceMetadata | None:
        """The metadata this session or an earlier run saved, of any age; never a request.

        For the REPL's banner: yesterday's display name is worth showing at once, where a
        fresh fetch (a dozen requests) would delay the first prompt.
        """
        if self._metadata is not None:
            return self._metadata
        loaded = metadata_cache.load(
            self._cache_file(),
            server_url=self.server_url,
            ttl=dt.timedelta.max,
            any_url=self._settings.sandbox,
        )
        return loaded[0] if loaded else None

    def metadata(self, *, refresh: bool = False) -> InstanceMetadata:
        """Projects, issue types, statuses, priorities, current user: disk-cached with a TTL."""
        if not refresh:
            cached = self._load_cached_metadata()
            if cached is not None:
                return cached
        info = self._server_info if self._server_info is not None else self.server_info()
        client = self._jira()
        with mapped_errors(self._errors):
            fresh = metadata_cache.fetch_metadata(
                client,
                self.server_url,
                info,
                default_project=self._settings.default_project,
            )
        metadata_cache.save(self._cache_file(), fresh, self._version)
        self._metadata = fresh
        return fresh

    # --- reads ----------------------------------------------------------------------------
    def search(self, jql: str, *, limit: int = DEFAULT_LIMIT, detail: bool = False) -> SearchResult:
        """Up to `limit` issues with explicit fields, and how many match in all.

        One request when the answer fits on one page; further pages only when Jira caps the
        page below `limit` (Cloud: nextPageToken, at most 100 per page; Server: startAt).
        `detail` asks for what `get_issue` reads (description, comments, transitions), so
        that a bulk change needs no request per issue to prepare.
        """
        fields = list(DETAIL_FIELDS if detail else LIST_FIELDS)
        expand = "transitions" if detail else None
        metas: dict[str, FieldMeta] = {}
        if detail:  # as get_issue reads them, so a bulk preview shows the real current values
            metas = {meta.id: meta for meta in self.custom_fields()}
            fields = self._detail_fields(metas)
        if self.flavor == "cloud":
            return self._search_cloud(jql, limit, fields, expand, metas)
        return self._search_server(jql, limit, fields, expand, metas)

    @staticmethod
    def _detail_fields(metas: dict[str, FieldMeta]) -> list[str]:
        """The detail fields plus every custom field by id; past MAX_NAMED_CUSTOM of them
        (a large instance) `*all`, so the URL stays short."""
        if len(metas) > MAX_NAMED_CUSTOM:
            return [*DETAIL_FIELDS, "*all"]
        return [*DETAIL_FIELDS, *metas]

    def _search_cloud(
        self,
        jql: str,
        limit: int,
        fields: list[str],
        expand: str | None,
        metas: dict[str, FieldMeta],
    ) -> SearchResult:
        client = self._jira()
        raw_issues: list[dict[str, Any]] = []
        token: str | None = None
        is_last = False
        while len(raw_issues) < limit:
            with mapped_errors(self._errors, jql=jql):
                data = client.enhanced_search_issues(
                    jql,
                    nextPageToken=token,
                    maxResults=limit - len(raw_issues),
                    fields=fields,
                    expand=expand,
                    json_result=True,
                )
            page = search_page(data)
            raw_issues.extend(page)
            token = data.get("nextPageToken") or None
            is_last = bool(data.get("isLast", token is None)) or token is None
            if is_last or not page:
                break
        issues = tuple(self._record(raw, metas) for raw in raw_issues[:limit])
        if is_last:
            return SearchResult(jql, issues, len(issues))
        return SearchResult(jql, issues, self._approximate_count(jql), total_is_approximate=True)

    def _search_server(
        self,
        jql: str,
        limit: int,
        fields: list[str],
        expand: str | None,
        metas: dict[str, FieldMeta],
    ) -> SearchResult:
        client = self._jira()
        raw_issues: list[dict[str, Any]] = []
        total: int | None = None
        while len(raw_issues) < limit:
            with mapped_errors(self._errors, jql=jql):
                data = client.search_issues(
                    jql,
                    startAt=len(raw_issues),
                    maxResults=limit - len(raw_issues),
                    fields=fields,
                    expand=expand,
                    json_result=True,
                )
            page = search_page(data)
            raw_issues.extend(page)
            reported = data.get("total")
            total = reported if isinstance(reported, int) else None
            if not page or total is None or len(raw_issues) >= total:
                break
        issues = tuple(self._record(raw, metas) for raw in raw_issues[:limit])
        return SearchResult(jql, issues, total)

    def first_page(self, jql: str, *, limit: int) -> tuple[IssueRecord, ...]:
        """At most `limit` issues in exactly one request: no further pages, no count."""
        client = self._jira()
        with mapped_errors(self._errors, jql=jql):
            if self.flavor == "cloud":
                data = client.enhanced_search_issues(
                    jql, maxResults=limit, fields=list(LIST_FIELDS), json_result=True
                )
            else:
                data = client.search_issues(
                    jql, maxResults=limit, fields=list(LIST_FIELDS), json_result=True
                )
        return tuple(self._record(raw) for raw in (data.get("issues") or [])[:limit])

    def _approximate_count(self, jql: str) -> int | None:
        with mapped_errors(self._errors, jql=jql):
            count = self._jira().approximate_issue_count(jql)
        return count if isinstance(count, int) else None

    def get_issue(self, key: str, *, epic_children: bool = False) -> IssueRecord:
        """Fields, description as Markdown, last comments, available transitions.

        `epic_children` adds an epic's issues (one search more): the detail view shows them;
        a preview or a read back after a write has no use for them."""
        client = self._jira()
        metas = {meta.id: meta for meta in self.custom_fields()}
        fields = ",".join(self._detail_fields(metas))
        with mapped_errors(self._errors, subject=key):
            issue = client.issue(key, fields=fields, expand="transitions")
        record = self._record(issue.raw, metas)
        if epic_children and record.issue_type.lower() == "epic":
            record = dataclasses.replace(record, epic_children=self._epic_children(record.key))
        return record

    def _epic_children(self, key: str) -> tuple[IssueBrief, ...]:
        """One search more for an epic: `parent` on Cloud; Server/DC links by "Epic Link"
        (and team-managed-style instances by parent, tried when Epic Link is unknown)."""
        queries = [f"parent = {key}"]
        if self.flavor == "server":
            queries.insert(0, f'"Epic Link" = {key}')
        for jql in queries:
            try:
                found = self.search(f"{jql} ORDER BY key ASC", limit=EPIC_CHILDREN_LIMIT)
            except JqlRejectedError:
                continue
            return tuple(IssueBrief(i.key, i.summary, i.status, i.issue_type) for i in found.issues)
        return ()

    def _record(
        self, raw: dict[str, Any], metas: dict[str, FieldMeta] | None = None
    ) -> IssueRecord:
        return issue_record(raw, browse_base=self.server_url, flavor=self.flavor, metas=metas)

    def find_users(
        self, query: str, *, issue_key: str | None = None, project: str | None = None
    ) -> list[UserRef]:
        """Users matching `query`: assignable ones when an issue or project is given."""
        client = self._jira()
        cloud = self.flavor == "cloud"
        with mapped_errors(self._errors, subject=issue_key):
            if issue_key or project:
                found = client.search_assignable_users_for_issues(
                    username=None if cloud else query,
                    query=query if cloud else None,
                    issueKey=issue_key,
                    project=project,
                    maxResults=USER_SEARCH_LIMIT,
                )
            elif cloud:
                found = client.search_users(query=query, maxResults=USER_SEARCH_LIMIT)
            else:
                found = client.search_users(user=query, maxResults=USER_SEARCH_LIMIT)
        return [user_ref(user.raw, self.flavor) for user in found]

    # --- writes: each is one HTTP request; the executor reads back and verifies ------------
    def create_issue(self, new: NewIssue) -> str:
        """Create an issue from resolved fields (ids or names, never lookups); returns its key."""
        client = self._jira()
        epic_field = self._field_id("Epic Link") if new.fields.epic else None
        from jira_chat.jira_access import changes  # write payloads: reads never load them

        fields = changes.new_issue_fields(new, self.flavor, epic_link_field=epic_field)
        with mapped_errors(self._errors, write=True):
            issue = client.create_issue(fields=fields, prefetch=False)
        return str(issue.key)

    def edit_issue(self, key: str, fields: IssueFields) -> None:
        """PUT issue fields. (Issue.update would first need a loaded resource: a GET more.)"""
        client = self._jira()
        epic_field = self._field_id("Epic Link") if fields.epic else None
        from jira_chat.jira_access import changes

        rest = changes.rest_fields(fields, self.flavor, epic_link_field=epic_field)
        with mapped_errors(self._errors, subject=key, write=True):
            client._session.put(client._get_url(f"issue/{key}"), data=json.dumps({"fields": rest}))

    def transition_issue(self, key: str, transition_id: str, *, comment_wiki: str | None) -> None:
        client = self._jira()
        with mapped_errors(self._errors, subject=key, write=True):
            client.transition_issue(key, transition_id, comment=comment_wiki)

    def assign_issue(self, key: str, user: UserRef | None) -> None:
        """Assign a resolved user (None: unassign). python-jira's assign_issue re-searches the
        user and takes the first match (a guess, and one more request), so the PUT is direct."""
        client = self._jira()
        from jira_chat.jira_access import changes

        payload: dict[str, str | None] = dict(changes.user_field(self.flavor, user) or {})
        if user is None:
            payload = {"accountId": None} if self.flavor == "cloud" else {"name": None}
        with mapped_errors(self._errors, subject=key, write=True):
            client._session.put(
                client._get_latest_url(f"issue/{key}/assignee"), data=json.dumps(payload)
            )

    def add_comment(self, key: str, body_wiki: str) -> str:
        """Add a comment; returns its id for the read back."""
        client = self._jira()
        with mapped_errors(self._errors, subject=key, write=True):
            comment = client.add_comment(key, body_wiki)
        return str(comment.id)

    def comment_markdown(self, key: str, comment_id: str) -> str | None:
        """One comment's body as Markdown, read back from Jira."""
        client = self._jira()
        with mapped_errors(self._errors, subject=f"comment {comment_id} on {key}"):
            comment = client.comment(key, comment_id)
        return rich_text_to_markdown(comment.raw.get("body"))

    def restore_fields(self, key: str, values: dict[str, Any]) -> None:
        """Set fields back to journaled values, named as previews name them (summary,
        description as Markdown, priority, labels, due_date); None clears a field."""
        from jira_chat.jira_access.text import markdown_to_wiki

        rest: dict[str, Any] = {}
        for name, value in values.items():
            if name == "description":
                rest["description"] = markdown_to_wiki(value) if value else None
            elif name == "priority":
                rest["priority"] = {"name": value} if value else None
            elif name == "labels":
                rest["labels"] = list(value or [])
            elif name == "due_date":
                rest["duedate"] = value or None
            elif name == "summary":
                rest["summary"] = value
        client = self._jira()
        with mapped_errors(self._errors, subject=key, write=True):
            client._session.put(client._get_url(f"issue/{key}"), data=json.dumps({"fields": rest}))

    # --- deletes, for undo: each is one request ---------------------------------------------
    def delete_comment(self, key: str, comment_id: str) -> None:
        """DELETE one comment (python-jira's Comment.delete would GET it first)."""
        client = self._jira()
        with mapped_errors(self._errors, subject=f"comment {comment_id} on {key}", write=True):
            client._session.delete(client._get_url(f"issue/{key}/comment/{comment_id}"))

    # --- links, worklogs, watchers, deletion ---------------------------------------------
    def link_types(self) -> tuple[LinkType, ...]:
        client = self._jira()
        with mapped_errors(self._errors):
            raw = client._get_json("issueLinkType")
        return tuple(
            LinkType(
                str(t.get("id", "")), t.get("name", ""), t.get("inward", ""), t.get("outward", "")
            )
            for t in raw.get("issueLinkTypes") or []
        )

    def create_link(self, type_name: str, *, inward_key: str, outward_key: str) -> None:
        """POST issueLink. Jira's naming is inverted: inwardIssue A, outwardIssue B, type
        Blocks means "A blocks B". (python-jira would GET the link types once more first.)"""
        client = self._jira()
        body = {
            "type": {"name": type_name},
            "inwardIssue": {"key": inward_key},
            "outwardIssue": {"key": outward_key},
        }
        with mapped_errors(self._errors, subject=inward_key, write=True):
            client._session.post(client._get_url("issueLink"), data=json.dumps(body))

    def delete_link(self, link_id: str, *, key: str) -> None:
        client = self._jira()
        with mapped_errors(self._errors, subject=key, write=True):
            client._session.delete(client._get_url(f"issueLink/{link_id}"))

    def worklogs(self, key: str) -> tuple[WorklogRecord, ...]:
        """Every worklog of the issue (the issue's `worklog` field stops at 20)."""
        client = self._jira()
        with mapped_errors(self._errors, subject=key):
            found = client.worklogs(key)
        return tuple(
            WorklogRecord(
                id=str(w.raw.get("id", "")),
                author=(w.raw.get("author") or {}).get("displayName") or "",
                seconds=int(w.raw.get("timeSpentSeconds") or 0),
                started=parse_datetime(w.raw.get("started")),
            )
            for w in found
        )

    def add_worklog(
        self, key: str, seconds: int, *, started: dt.datetime | None, comment_wiki: str | None
    ) -> str:
        """Log work in seconds (so Jira's days-per-week settings cannot change the amount);
        returns the worklog id for the read back."""
        client = self._jira()
        with mapped_errors(self._errors, subject=key, write=True):
            worklog = client.add_worklog(
                key, timeSpentSeconds=str(seconds), started=started, comment=comment_wiki
            )
        return str(worklog.id)

    def delete_worklog(self, key: str, worklog_id: str) -> None:
        """DELETE one worklog (undo of add_worklog)."""
        client = self._jira()
        with mapped_errors(self._errors, subject=f"worklog {worklog_id} on {key}", write=True):
            client._session.delete(client._get_url(f"issue/{key}/worklog/{worklog_id}"))

    def watchers(self, key: str) -> tuple[UserRef, ...]:
        client = self._jira()
        with mapped_errors(self._errors, subject=key):
            raw = client._get_json(f"issue/{key}/watchers")
        return tuple(user_ref(u, self.flavor) for u in raw.get("watchers") or [])

    def add_watcher(self, key: str, user: UserRef) -> None:
        """POST the accountId (Cloud) or username (Server) as a JSON string."""
        client = self._jira()
        with mapped_errors(self._errors, subject=key, write=True):
            client._session.post(
                client._get_url(f"issue/{key}/watchers"), data=json.dumps(user.ident)
            )

    def remove_watcher(self, key: str, user: UserRef) -> None:
        client = self._jira()
        param = "accountId" if self.flavor == "cloud" else "username"
        with mapped_errors(self._errors, subject=key, write=True):
            client._session.delete(
                client._get_url(f"issue/{key}/watchers"), params={param: user.ident}
            )

    def delete_issue(self, key: str, *, delete_subtasks: bool) -> None:
        client = self._jira()
        params = {"deleteSubtasks": "true" if delete_subtasks else "false"}
        with mapped_errors(self._errors, subject=key, write=True):
            client._session.delete(client._get_url(f"issue/{key}"), params=params)

    # --- boards and sprints --------------------------------------------------------------
    def boards(self, project: str | None = None) -> tuple[BoardRecord, ...]:
        client = self._jira()
        with mapped_errors(self._errors):
            found = client.boards(projectKeyOrID=project, maxResults=50)
        result = []
        for board in found:
            location = board.raw.get("location") or {}
            result.append(
                BoardRecord(
                    id=int(board.raw["id"]),
                    name=str(board.raw.get("name", "")),
                    type=str(board.raw.get("type", "")),
                    project=location.get("projectKey"),
                )
            )
        return tuple(result)

    def sprints(self, board: BoardRecord) -> tuple[SprintRecord, ...]:
        client = self._jira()
        with mapped_errors(self._errors, subject=board.name):
            found = client.sprints(board.id, maxResults=50)
        return tuple(
            SprintRecord(
                id=int(s.raw["id"]),
                name=str(s.raw.get("name", "")),
                state=str(s.raw.get("state", "")).lower(),
                board=board.name,
                start=parse_datetime(s.raw["startDate"]) if s.raw.get("startDate") else None,
                end=parse_datetime(s.raw["endDate"]) if s.raw.get("endDate") else None,
                goal=s.raw.get("goal") or None,
            )
            for s in found
        )

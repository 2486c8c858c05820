"""The part of JiraService about fields and files: the field list, create and edit
screens, components, versions, sprints of an issue, and attachments.

A mixin so that service.py stays one readable module; JiraService provides `_jira`,
`_errors`, `_fields` and `_load_cached_metadata`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jira_chat.errors import JiraAccessError
from jira_chat.jira_access import fields as field_parse
from jira_chat.jira_access.error_map import ErrorContext, mapped_errors
from jira_chat.jira_access.records import AttachmentRecord, FieldMeta, InstanceMetadata

if TYPE_CHECKING:
    from jira import JIRA


class FieldsAndFiles:
    _errors: ErrorContext
    _fields: dict[str, dict[str, Any]] | None
    _custom_metas: tuple[FieldMeta, ...] | None = None

    def _jira(self) -> JIRA:  # provided by JiraService
        raise NotImplementedError

    def _load_cached_metadata(self) -> InstanceMetadata | None:  # provided by JiraService
        raise NotImplementedError

    def _facts(self) -> dict[str, Any]:  # provided by JiraService
        raise NotImplementedError

    def _save_fact(self, name: str, value: Any) -> None:  # provided by JiraService
        raise NotImplementedError

    # --- the field list ------------------------------------------------------------------
    def field_catalog(self) -> dict[str, dict[str, Any]]:
        """Jira's field list by lower-cased display name (one GET field, kept for the run)."""
        if self._fields is None:
            client = self._jira()
            with mapped_errors(self._errors):
                raw = client._get_json("field")
            self._fields = {str(f.get("name", "")).lower(): f for f in raw if isinstance(f, dict)}
        return self._fields

    def _field_id(self, name: str) -> str | None:
        found = self.field_catalog().get(name.lower())
        return str(found["id"]) if found else None

    def custom_fields(self) -> tuple[FieldMeta, ...]:
        """Every custom field with its schema: from the metadata cache when it is warm, or
        as an earlier lookup saved them, else from one GET field (then saved)."""
        if self._custom_metas is None:
            cached = self._load_cached_metadata()
            saved = self._facts().get("fields")
            if cached is not None and cached.fields:
                self._custom_metas = cached.fields
            elif saved is not None:
                self._custom_metas = saved
            else:
                self._custom_metas = field_parse.field_metas(self.field_catalog().values())
                self._save_fact("fields", self._custom_metas)
        return self._custom_metas

    def edit_screen(self, key: str) -> dict[str, field_parse.ScreenField]:
        """The fields an edit of `key` may set, with select options (editmeta)."""
        client = self._jira()
        with mapped_errors(self._errors, subject=key):
            raw = client._get_json(f"issue/{key}/editmeta")
        return field_parse.screen_fields(raw)

    def create_screen(self, project: str, issue_type: str) -> dict[str, field_parse.ScreenField]:
        """The fields a create of this type in `project` may set (the paged createmeta of
        Cloud and of Server/DC 8.4+): two requests, made only when a custom field is set."""
        client = self._jira()
        with mapped_errors(self._errors, subject=project):
            types = field_parse.issue_type_ids(
                client._get_json(f"issue/createmeta/{project}/issuetypes")
            )
            type_id = types.get(issue_type.casefold())
            if type_id is None:
                return {}
            raw = client._get_json(
                f"issue/createmeta/{project}/issuetypes/{type_id}", params={"maxResults": 200}
            )
        return field_parse.screen_fields(raw)

    # --- components, versions, sprints -----------------------------------------------------
    def components(self, project: str) -> tuple[str, ...]:
        client = self._jira()
        with mapped_errors(self._errors, subject=project):
            return tuple(c.name for c in client.project_components(project))

    def versions(self, project: str) -> tuple[str, ...]:
        """The project's version names (fixVersions takes these)."""
        client = self._jira()
        with mapped_errors(self._errors, subject=project):
            return tuple(v.name for v in client.project_versions(project))

    def move_to_sprint(self, sprint_id: int, key: str) -> None:
        client = self._jira()
        with mapped_errors(self._errors, subject=key, write=True):
            client._session.post(
                client._get_url(f"sprint/{sprint_id}/issue", base=client.AGILE_BASE_URL),
                data=json.dumps({"issues": [key]}),
            )

    def issue_sprints(self, key: str) -> tuple[str, ...]:
        """The names of the sprints an issue is in (the Sprint field, found by name)."""
        field_id = self._field_id("Sprint")
        if field_id is None:
            return ()
        client = self._jira()
        with mapped_errors(self._errors, subject=key):
            raw = client._get_json(f"issue/{key}", params={"fields": field_id})
        return field_parse.sprint_names((raw.get("fields") or {}).get(field_id))

    # --- attachments ---------------------------------------------------------------------
    def attachments(self, key: str) -> tuple[AttachmentRecord, ...]:
        """The issue's attachments (one GET with fields=attachment)."""
        client = self._jira()
        with mapped_errors(self._errors, subject=key):
            raw = client._get_json(f"issue/{key}", params={"fields": "attachment"})
        return field_parse.attachments((raw.get("fields") or {}).get("attachment"))

    def attachment_settings(self) -> tuple[bool, int | None]:
        """Whether this Jira takes attachments and its upload limit in bytes (attachment/meta);
        (True, None) when it does not say (some instances refuse the request)."""
        client = self._jira()
        try:
            with mapped_errors(self._errors):
                raw = client._get_json("attachment/meta")
        except JiraAccessError:
            return True, None
        if not isinstance(raw, dict):
            return True, None
        limit = raw.get("uploadLimit")
        usable = isinstance(limit, int) and not isinstance(limit, bool) and limit > 0
        return raw.get("enabled", True) is not False, limit if usable else None

    def add_attachment(self, key: str, path: Path) -> AttachmentRecord:
        """Upload one file (multipart, X-Atlassian-Token: no-check, via python-jira); one
        POST, never retried: sent twice, the file would be on the issue twice."""
        client = self._jira()
        with path.open("rb") as handle, mapped_errors(self._errors, subject=key, write=True):
            found = client.add_attachment(key, handle, filename=path.name)
        return field_parse.attachment_record(found.raw)

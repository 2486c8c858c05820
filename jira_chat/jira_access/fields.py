"""Custom fields, screens and attachments as Jira sends them → plain records.

The field list (`GET field`) gives every custom field's display name and schema; an issue's
custom values are decoded by that schema into one readable line each. editmeta and the
paged createmeta say which fields a write may set and, for selects, the allowed values.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from jira_chat.jira_access.records import AttachmentRecord, CustomValue, FieldMeta
from jira_chat.record import Record

SPRINT_PLUGIN = "com.pyxis.greenhopper.jira:gh-sprint"
# Custom fields whose values mean nothing to a person (a rank is a sort key) or that the
# detail view shows elsewhere (the sprint has its own row).
HIDDEN_PLUGINS = frozenset({SPRINT_PLUGIN, "com.pyxis.greenhopper.jira:gh-lexo-rank"})
_SERVER_SPRINT_NAME = re.compile(r"[,\[]name=([^,\]]*)")


def field_metas(raw_fields: Iterable[Any]) -> tuple[FieldMeta, ...]:
    """The custom fields of `GET field`, with their schemas."""
    found = []
    for raw in raw_fields:
        if not isinstance(raw, dict):
            continue
        ident = str(raw.get("id") or "")
        if not ident.startswith("customfield_"):
            continue
        schema: dict[str, Any] = raw["schema"] if isinstance(raw.get("schema"), dict) else {}
        found.append(
            FieldMeta(
                id=ident,
                name=str(raw.get("name") or ident),
                schema_type=str(schema.get("type") or "any"),
                items=str(schema["items"]) if schema.get("items") else None,
                custom=str(schema.get("custom") or ""),
            )
        )
    return tuple(found)


def _item_text(item: Any) -> str | None:
    """One option, user, version, sprint or plain value as text; None when it has none."""
    if isinstance(item, bool):
        return "yes" if item else "no"
    if isinstance(item, int | float | str):
        text = str(item).strip()
        return text or None
    if isinstance(item, dict):
        for key in ("value", "displayName", "name", "key"):
            if isinstance(item.get(key), str) and item[key].strip():
                shown: str = item[key].strip()
                child = item.get("child")
                if key == "value" and isinstance(child, dict) and child.get("value"):
                    shown = f"{shown} / {child['value']}"  # a cascading select
                return shown
    return None


def custom_value(meta: FieldMeta, raw: Any) -> CustomValue | None:
    """A non-empty value decoded by the field's schema, else None (nothing to show)."""
    if raw is None or raw == "" or raw == [] or raw == {}:
        return None
    if meta.schema_type == "number" and isinstance(raw, int | float) and not isinstance(raw, bool):
        number: int | float = int(raw) if float(raw).is_integer() else raw
        return CustomValue(meta.id, meta.name, number, str(number))
    if isinstance(raw, list):
        items = [text for text in map(_item_text, raw) if text]
        if not items:
            return None
        return CustomValue(meta.id, meta.name, items, ", ".join(items))
    text = _item_text(raw)
    if text is None:
        return None
    return CustomValue(meta.id, meta.name, text, text)


def custom_values(
    fields: Mapping[str, Any], metas: Mapping[str, FieldMeta]
) -> tuple[CustomValue, ...]:
    """Every non-empty custom field of an issue that a person can read, by display name."""
    found = []
    for field_id, raw in fields.items():
        meta = metas.get(field_id)
        if meta is None or meta.custom in HIDDEN_PLUGINS:
            continue
        value = custom_value(meta, raw)
        if value is not None:
            found.append(value)
    return tuple(sorted(found, key=lambda v: v.name.casefold()))


def sprint_names(raw: Any) -> tuple[str, ...]:
    """The Sprint field: objects on Cloud (and newer Server), `...Sprint@1f[id=1,...,
    name=WEB Sprint 2,...]` strings on older Server/DC."""
    names = []
    for item in raw if isinstance(raw, list) else ():
        if isinstance(item, dict) and item.get("name"):
            names.append(str(item["name"]))
        elif isinstance(item, str) and (found := _SERVER_SPRINT_NAME.search(item)):
            names.append(found.group(1))
    return tuple(names)


def attachment_record(raw: dict[str, Any]) -> AttachmentRecord:
    from jira_chat.jira_access.parse import parse_datetime

    author: dict[str, Any] = raw["author"] if isinstance(raw.get("author"), dict) else {}
    size = raw.get("size")
    return AttachmentRecord(
        id=str(raw.get("id") or ""),
        filename=str(raw.get("filename") or ""),
        size=int(size) if isinstance(size, int) else 0,
        mime_type=str(raw.get("mimeType") or ""),
        author=author.get("displayName") or None,
        created=parse_datetime(raw.get("created")),
    )


def attachments(raw: Any) -> tuple[AttachmentRecord, ...]:
    return tuple(attachment_record(a) for a in raw or () if isinstance(a, dict))


class ScreenField(Record):
    """A field a create or an edit may set; `allowed` holds a select's values (else None)."""

    meta: FieldMeta
    allowed: tuple[str, ...] | None = None


def screen_fields(raw: Any) -> dict[str, ScreenField]:
    """editmeta's `fields` object, or a createmeta page (`fields` on Cloud, `values` on
    Server/DC), by field id."""
    if isinstance(raw, dict) and isinstance(raw.get("fields"), dict):
        entries: list[Any] = [{"fieldId": k, **v} for k, v in raw["fields"].items()]
    elif isinstance(raw, dict):
        entries = raw.get("fields") or raw.get("values") or []
    else:
        entries = []
    found: dict[str, ScreenField] = {}
    for entry in entries:
        if not isinstance(entry, dict):
            continue
        ident = str(entry.get("fieldId") or entry.get("key") or "")
        schema: dict[str, Any] = entry["schema"] if isinstance(entry.get("schema"), dict) else {}
        meta = FieldMeta(
            id=ident,
            name=str(entry.get("name") or ident),
            schema_type=str(schema.get("type") or "any"),
            items=str(schema["items"]) if schema.get("items") else None,
            custom=str(schema.get("custom") or ""),
        )
        allowed = None
        if isinstance(entry.get("allowedValues"), list):
            allowed = tuple(
                text for text in map(_item_text, entry["allowedValues"]) if text is not None
            )
        found[ident] = ScreenField(meta, allowed)
    return found


def issue_type_ids(raw: Any) -> dict[str, str]:
    """createmeta's issue types (`issueTypes` on Cloud, `values` on Server/DC) by lower name."""
    entries = (raw.get("issueTypes") or raw.get("values") or []) if isinstance(raw, dict) else []
    return {
        str(t.get("name", "")).casefold(): str(t.get("id", ""))
        for t in entries
        if isinstance(t, dict)
    }

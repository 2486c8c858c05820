"""The `fields` parameter of create_issue and update_issue: any custom field by display name.

`{"Story Points": 5, "Team": "Payments"}`: names are resolved against Jira's field list and
values checked against each field's schema when the plan is executed; here only the shape
(text, numbers, true/false, lists of text, or null to clear) and plan limits are checked.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field

from jira_chat.planning.limits import MAX_LIST_ITEMS, text_problem

FieldValue = str | bool | int | float | list[str] | None
MAX_CUSTOM_FIELDS = 30


def custom_fields_parameter() -> Any:
    """The `fields` parameter's pydantic Field (a new one per model)."""
    return Field(
        default=None,
        description='Custom fields by display name, e.g. {"Story Points": 5, "Team": "Payments"}.',
    )


def check_custom_fields(value: dict[str, Any] | None) -> dict[str, Any] | None:
    """Names must be plain visible text, and list values too (nested, so checked here)."""
    if value is None:
        return None
    if len(value) > MAX_CUSTOM_FIELDS:
        raise ValueError(f"sets {len(value)} custom fields; the limit is {MAX_CUSTOM_FIELDS}")
    for name, item in value.items():
        if not name.strip():
            raise ValueError("a custom field name is empty")
        items = item if isinstance(item, list) else [item]
        if len(items) > MAX_LIST_ITEMS:
            raise ValueError(f"{name!r} has {len(items)} values; the limit is {MAX_LIST_ITEMS}")
        for text in items:
            problem = text_problem(text) if isinstance(text, str) else None
            if problem:
                raise ValueError(f"{name!r} {problem}")
    return {name.strip(): item for name, item in value.items()}

"""Custom fields by display name on create and update: resolve, check, preview, verify.

`{"Story Points": 5, "Team": "Payments"}`: each name is found in Jira's field list (any
case; an unknown one fails listing the closest names), must be on the issue's edit or
create screen, and its value is checked against the field's schema (number, string,
option, user, date, datetime, version, or an array of those). Select options are matched
against the screen's allowed values. Each change carries what REST gets, what the preview
shows and what the read back must find.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from jira_chat.errors import ResolutionError
from jira_chat.execution.records import FieldChange
from jira_chat.execution.spec import ExecContext
from jira_chat.execution.verify import Expect
from jira_chat.jira_access.changes import user_field
from jira_chat.jira_access.fields import SPRINT_PLUGIN, ScreenField
from jira_chat.jira_access.records import FieldMeta, IssueRecord

EPIC_LINK_PLUGIN = "com.pyxis.greenhopper.jira:gh-epic-link"
_OWN_PARAMETER = {SPRINT_PLUGIN: "sprint", EPIC_LINK_PLUGIN: "parent"}
SUGGESTIONS = 3


@dataclass(frozen=True)
class CustomChange:
    """One custom field to write: REST's value, the preview's text, the read back's value."""

    meta: FieldMeta
    rest: Any
    shown: str | None
    expected: Any

    def preview(self, issue: IssueRecord | None) -> FieldChange:
        current = issue.custom(self.meta.name) if issue is not None else None
        return FieldChange(self.meta.name, current.shown if current else None, self.shown)

    def is_current(self, issue: IssueRecord) -> bool:
        return _same(self.expected, comparable(self.meta, issue))

    def expect(self, after: IssueRecord) -> Expect:
        found = after.custom(self.meta.name)
        return Expect(
            self.meta.name,
            self.expected,
            comparable(self.meta, after),
            shown_expected=self.shown,
            shown_actual=found.shown if found else None,
        )


def comparable(meta: FieldMeta, issue: IssueRecord) -> Any:
    """The issue's value of the field, normalised as `CustomChange.expected` is."""
    found = next((c for c in issue.custom_fields if c.field_id == meta.id), None)
    if found is None:
        return None
    value = found.value
    if meta.schema_type == "datetime" and isinstance(value, str):
        from jira_chat.jira_access.parse import parse_datetime

        return parse_datetime(value)
    if isinstance(value, list):
        return sorted(value)
    if isinstance(value, int | float):
        return float(value)
    return value


def _same(expected: Any, actual: Any) -> bool:
    if isinstance(expected, str) and isinstance(actual, str):
        return expected.strip() == actual.strip()
    return bool(expected == actual)


def resolve(
    ctx: ExecContext,
    wanted: Mapping[str, Any] | None,
    screen: Mapping[str, ScreenField],
    *,
    project: str,
    where: str,
) -> list[CustomChange]:
    """Every `fields` entry as a checked change, in the order given; `where` names the
    screen for errors ("WEB-3's edit screen")."""
    if not wanted:
        return []
    metas = ctx.service.custom_fields()
    changes = []
    for name, value in wanted.items():
        meta = _field_named(metas, name, screen)
        parameter = _OWN_PARAMETER.get(meta.custom)
        if parameter:
            raise ResolutionError(
                f"{meta.name} is set with the {parameter} parameter, not under fields",
                hint=f'e.g. "{parameter}": ' + ('"active"' if parameter == "sprint" else '"WEB-1"'),
            )
        on_screen = screen.get(meta.id)
        if screen and on_screen is None:
            raise ResolutionError(
                f"{meta.name} cannot be set here: it is not on {where}",
                hint="ask a Jira admin to add the field to that screen",
            )
        if on_screen is not None and on_screen.meta.schema_type != "any":
            meta = FieldMeta(meta.id, meta.name, on_screen.meta.schema_type,
                             on_screen.meta.items, meta.custom)  # fmt: skip
        allowed = on_screen.allowed if on_screen is not None else None
        changes.append(_checked(ctx, meta, value, allowed, project))
    return changes


def _field_named(
    metas: tuple[FieldMeta, ...], name: str, screen: Mapping[str, ScreenField]
) -> FieldMeta:
    wanted = name.strip().casefold()
    cf_id = wanted.removeprefix("cf[").removesuffix("]") if wanted.startswith("cf[") else None
    found = [
        m
        for m in metas
        if m.name.casefold() == wanted
        or m.id == wanted
        or (cf_id and m.id == f"customfield_{cf_id}")
    ]
    if len(found) > 1:  # Jira allows two custom fields of one name: the one on the screen
        found = [m for m in found if m.id in screen] or found
    if len(found) == 1:
        return found[0]
    if found:
        ids = ", ".join(m.id for m in found)
        raise ResolutionError(
            f"more than one custom field is named '{name}' ({ids})",
            hint=f"name it by id instead, e.g. cf[{found[0].id.split('_', 1)[1]}]",
        )
    from rapidfuzz import fuzz, process

    names = sorted({m.name for m in metas if m.custom not in _OWN_PARAMETER})
    close = [
        match
        for match, score, _ in process.extract(
            name, names, scorer=fuzz.WRatio, processor=str.casefold, limit=SUGGESTIONS
        )
        if score >= 50
    ]
    listed = ", ".join(close) if close else ", ".join(names[:10]) or "none"
    raise ResolutionError(
        f"no custom field named '{name}'; closest: {listed}"
        if close
        else f"no custom field named '{name}'; custom fields: {listed}",
        choices=close or names[:10],
    )


def _checked(
    ctx: ExecContext, meta: FieldMeta, value: Any, allowed: tuple[str, ...] | None, project: str
) -> CustomChange:
    kind = meta.schema_type
    if value is None or value == [] or value == "":
        return CustomChange(meta, [] if kind == "array" else None, None, None)
    if kind == "array":
        items = value if isinstance(value, list) else [v.strip() for v in str(value).split(",")]
        singles = [_single(ctx, meta, meta.items or "string", i, allowed, project) for i in items]
        shown = ", ".join(str(s[1]) for s in singles)
        return CustomChange(meta, [s[0] for s in singles], shown, sorted(s[2] for s in singles))
    if isinstance(value, list):
        raise ResolutionError(f"{meta.name} takes one value, not a list ({_kind(kind)})")
    rest, shown, expected = _single(ctx, meta, kind, value, allowed, project)
    return CustomChange(meta, rest, shown, expected)


def _kind(kind: str) -> str:
    return {
        "number": "a number",
        "string": "text",
        "option": "one of its options",
        "user": "a person",
        "date": "a date as YYYY-MM-DD",
        "datetime": "a date and time as YYYY-MM-DDTHH:MM",
        "version": "a version of the project",
    }.get(kind, kind)


def _single(
    ctx: ExecContext,
    meta: FieldMeta,
    kind: str,
    value: Any,
    allowed: tuple[str, ...] | None,
    project: str,
) -> tuple[Any, str, Any]:
    """(REST value, shown text, comparable value) for one value of type `kind`."""
    name = meta.name
    if kind == "number":
        number = _number(value)
        if number is None:
            raise ResolutionError(f"{name} takes a number, not {value!r}")
        shown = str(int(number)) if number.is_integer() else str(number)
        return (int(number) if number.is_integer() else number), shown, number
    if isinstance(value, bool):
        raise ResolutionError(f"{name} takes {_kind(kind)}, not {value!r}")
    text = str(value).strip()
    if kind == "string":
        return text, text, text
    if kind == "option":
        choice = _option(name, text, allowed)
        return {"value": choice}, choice, choice
    if kind == "user":
        user = ctx.resolver.user(text, project=project)
        if user is None:
            raise ResolutionError(f"{name} takes a person; to clear it, set it to null")
        return user_field(ctx.service.flavor, user), user.display_name, user.display_name
    if kind == "date":
        try:
            day = dt.date.fromisoformat(text)
        except ValueError:
            raise ResolutionError(f"{name} takes {_kind(kind)}, not {value!r}") from None
        return day.isoformat(), day.isoformat(), day.isoformat()
    if kind == "datetime":
        try:
            moment = dt.datetime.fromisoformat(text)
        except ValueError:
            raise ResolutionError(f"{name} takes {_kind(kind)}, not {value!r}") from None
        moment = moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
        wire = moment.strftime("%Y-%m-%dT%H:%M:%S.000%z")
        return wire, moment.isoformat(timespec="minutes"), moment
    if kind == "version":
        known = ctx.service.versions(project)
        match = next((v for v in known if v.casefold() == text.casefold()), None)
        if match is None:
            raise ResolutionError(
                f"{project} has no version '{text}' for {name}; versions: {', '.join(known) or 'none'}",
                choices=list(known),
            )
        return {"name": match}, match, match
    raise ResolutionError(
        f"{name} is a field of type '{meta.custom or kind}', which jira-chat cannot set",
        hint="set it in Jira's own screen",
    )


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            return None
    else:
        return None
    return number if number == number and abs(number) < 1e15 else None


def _option(name: str, text: str, allowed: tuple[str, ...] | None) -> str:
    """An option as Jira spells it; unknown ones fail listing the options."""
    if allowed is None:
        return text  # the screen did not list options: Jira checks it
    match = next((a for a in allowed if a.casefold() == text.casefold()), None)
    if match is None:
        raise ResolutionError(
            f"'{text}' is not an option of {name}; options: {', '.join(allowed) or 'none'}",
            choices=list(allowed),
        )
    return match

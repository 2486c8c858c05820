"""The system fields the sandbox knows: the `field` endpoint and `fields=` selection use these."""

from __future__ import annotations

from dataclasses import dataclass

from jira_chat.sandbox.seed_data import (
    EPIC_LINK_FIELD,
    SPRINT_CUSTOM_FIELD,
    STORY_POINTS_FIELD,
    TEAM_FIELD,
)


@dataclass(frozen=True)
class FieldDef:
    id: str
    name: str
    schema_type: str
    items: str | None = None
    navigable: bool = True
    orderable: bool = True
    searchable: bool = True
    clause_names: tuple[str, ...] = ()
    custom_type: str = ""  # the plugin key of a custom field
    flavors: frozenset[str] = frozenset({"cloud", "server"})

    @property
    def custom(self) -> bool:
        return self.id.startswith("customfield_")

    @property
    def custom_id(self) -> int:
        return int(self.id.split("_")[1])

    def as_json(self) -> dict[str, object]:
        custom = self.custom
        schema: dict[str, object] = {"type": self.schema_type}
        if self.items:
            schema["items"] = self.items
        if custom:
            schema["custom"] = self.custom_type
            schema["customId"] = self.custom_id
        else:
            schema["system"] = self.id
        return {
            "id": self.id,
            "key": self.id,
            "name": self.name,
            "custom": custom,
            "orderable": self.orderable,
            "navigable": self.navigable,
            "searchable": self.searchable,
            "clauseNames": list(self.clause_names or (self.id,))
            + ([f"cf[{self.custom_id}]", self.name] if custom else []),
            "schema": schema,
        }


FIELDS: tuple[FieldDef, ...] = (
    FieldDef("summary", "Summary", "string"),
    FieldDef("description", "Description", "string"),
    FieldDef("issuetype", "Issue Type", "issuetype", clause_names=("issuetype", "type")),
    FieldDef("project", "Project", "project"),
    FieldDef("status", "Status", "status", orderable=False),
    FieldDef("priority", "Priority", "priority"),
    FieldDef("resolution", "Resolution", "resolution"),
    FieldDef("resolutiondate", "Resolved", "datetime", orderable=False, clause_names=("resolved",)),
    FieldDef("assignee", "Assignee", "user"),
    FieldDef("reporter", "Reporter", "user"),
    FieldDef("creator", "Creator", "user", orderable=False),
    FieldDef("created", "Created", "datetime", orderable=False),
    FieldDef("updated", "Updated", "datetime", orderable=False),
    FieldDef("duedate", "Due date", "date", clause_names=("duedate", "due")),
    FieldDef("labels", "Labels", "array", "string"),
    FieldDef("components", "Components", "array", "component", clause_names=("component",)),
    FieldDef("fixVersions", "Fix versions", "array", "version", clause_names=("fixVersion",)),
    FieldDef("versions", "Affects versions", "array", "version", clause_names=("affectedVersion",)),
    FieldDef("environment", "Environment", "string"),
    FieldDef("parent", "Parent", "issuelink"),
    FieldDef("subtasks", "Sub-tasks", "array", "issuelinks", orderable=False),
    FieldDef("issuelinks", "Linked Issues", "array", "issuelinks"),
    FieldDef("watches", "Watchers", "watches", orderable=False, clause_names=("watcher",)),
    FieldDef("votes", "Votes", "votes", orderable=False),
    FieldDef("statuscategorychangedate", "Status Category Changed", "datetime", orderable=False),
    FieldDef("comment", "Comment", "comments-page", navigable=False),
    FieldDef("worklog", "Log Work", "array", "worklog", navigable=False),
    FieldDef("timetracking", "Time tracking", "timetracking", navigable=False),
    FieldDef("attachment", "Attachment", "array", "attachment", orderable=False),
    FieldDef(SPRINT_CUSTOM_FIELD, "Sprint", "array", "json", clause_names=("sprint",),
             custom_type="com.pyxis.greenhopper.jira:gh-sprint"),
    FieldDef(STORY_POINTS_FIELD, "Story Points", "number",
             custom_type="com.atlassian.jira.plugin.system.customfieldtypes:float"),
    FieldDef(TEAM_FIELD, "Team", "option",
             custom_type="com.atlassian.jira.plugin.system.customfieldtypes:select"),
    FieldDef(EPIC_LINK_FIELD, "Epic Link", "any", custom_type="com.pyxis.greenhopper.jira:gh-epic-link",
             flavors=frozenset({"server"})),
)  # fmt: skip
FIELD_IDS = frozenset(f.id for f in FIELDS)
FIELDS_BY_ID = {f.id: f for f in FIELDS}


def fields_for(flavor: str) -> tuple[FieldDef, ...]:
    """The fields an instance of `flavor` has (Epic Link is Server's; Cloud uses parent)."""
    return tuple(f for f in FIELDS if flavor in f.flavors)


NAVIGABLE_IDS = frozenset(f.id for f in FIELDS if f.navigable)
FIELD_NAMES = {f.id: f.name for f in FIELDS}


def select_fields(requested: list[str] | None, default: str) -> frozenset[str]:
    """Resolve Jira's `fields` syntax (*all, *navigable, names, -exclusions) to field ids.

    Unknown names are ignored, as Jira does; `id` and `key` are always returned anyway.
    """
    tokens = requested if requested is not None else [default]
    chosen: set[str] = set()
    excluded: set[str] = set()
    by_name = {f.name.lower(): f.id for f in FIELDS}
    for token in tokens:
        if token == "*all":
            chosen |= FIELD_IDS
        elif token == "*navigable":
            chosen |= NAVIGABLE_IDS
        elif token.startswith("-"):
            excluded.add(token[1:])
        elif token in FIELD_IDS:
            chosen.add(token)
        elif token.lower() in by_name:
            chosen.add(by_name[token.lower()])
    if not chosen and any(t.startswith("-") for t in tokens):
        chosen = set(NAVIGABLE_IDS)
    return frozenset(chosen - excluded)

"""The system fields the sandbox knows: the `field` endpoint and `fields=` selection use these."""

from __future__ import annotations

from dataclasses import dataclass

from jira_chat.sandbox.seed_data import SPRINT_CUSTOM_FIELD


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

    def as_json(self) -> dict[str, object]:
        custom = self.id.startswith("customfield_")
        schema: dict[str, object] = {"type": self.schema_type}
        if self.items:
            schema["items"] = self.items
        if custom:
            schema["custom"] = "com.pyxis.greenhopper.jira:gh-sprint"
            schema["customId"] = int(self.id.split("_")[1])
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
            "clauseNames": list(self.clause_names or (self.id,)),
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
    FieldDef(SPRINT_CUSTOM_FIELD, "Sprint", "array", "json", clause_names=("sprint",)),
)
FIELD_IDS = frozenset(f.id for f in FIELDS)
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

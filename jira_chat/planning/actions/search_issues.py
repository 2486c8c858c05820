"""search_issues: run a JQL query and list the issues.

A stdlib dataclass (`LightParams`), not a pydantic model: `ask "jql: ..."` builds it without
importing pydantic; inside a plan pydantic validates it like every other action.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar, Literal

from jira_chat.planning.actions._base import ActionDeclaration, LightAction, LightParams

LIMIT_MIN, LIMIT_MAX = 1, 1000


def _schema_bounds(schema: dict[str, Any]) -> None:
    """What `check` enforces, stated in the JSON schema the model is given."""
    properties = schema.get("properties", {})
    properties.get("jql", {})["minLength"] = 1
    limit = properties.get("limit", {})
    for branch in [limit, *limit.get("anyOf", [])]:
        if branch.get("type") == "integer":
            branch.update(minimum=LIMIT_MIN, maximum=LIMIT_MAX)


@dataclass(frozen=True)
class SearchIssuesParams(LightParams):
    __pydantic_config__: ClassVar[dict[str, Any]] = {
        **LightParams.__pydantic_config__,
        "json_schema_extra": _schema_bounds,
    }

    jql: str
    """A JQL query, with ORDER BY where useful."""
    limit: int | None = None
    """How many issues to show (default 20)."""

    def check(self) -> None:
        if not self.jql:
            raise ValueError("jql must not be empty")
        if self.limit is not None and not LIMIT_MIN <= self.limit <= LIMIT_MAX:
            raise ValueError(f"limit must be between {LIMIT_MIN} and {LIMIT_MAX}")


@dataclass(frozen=True)
class SearchIssues(LightAction):
    action: Literal["search_issues"]
    parameters: SearchIssuesParams


DECLARATION = ActionDeclaration(
    model=SearchIssues,
    writes=False,
    verb="Searched",
    description="issues a JQL query finds",
    example="open bugs in WEB",
    example_parameters={
        "jql": "project = WEB AND issuetype = Bug AND statusCategory != Done ORDER BY updated DESC"
    },
    rank=10,
)

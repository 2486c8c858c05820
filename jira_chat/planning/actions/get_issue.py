"""get_issue: one issue's detail view.

A stdlib dataclass (`LightParams`), not a pydantic model: `ask KEY` builds it without
importing pydantic; inside a plan pydantic validates it like every other action.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from jira_chat.planning.actions._base import (
    ActionDeclaration,
    LightAction,
    LightParams,
    issue_key,
)


@dataclass(frozen=True)
class GetIssueParams(LightParams):
    key: str
    """Issue key, e.g. WEB-12."""

    def check(self) -> None:
        object.__setattr__(self, "key", issue_key(self.key))


@dataclass(frozen=True)
class GetIssue(LightAction):
    action: Literal["get_issue"]
    parameters: GetIssueParams


DECLARATION = ActionDeclaration(
    model=GetIssue,
    writes=False,
    verb="Showed",
    description="one issue in detail",
    example="WEB-3",
    example_parameters={"key": "WEB-3"},
    rank=20,
)

"""list_sprints: the sprints of a project's boards, or of one board by name."""

from __future__ import annotations

from typing import Literal

from jira_chat.planning.actions._base import ActionDeclaration, ActionModel, Strict


class ListSprintsParams(Strict):
    project: str | None = None
    board: str | None = None


class ListSprints(ActionModel):
    action: Literal["list_sprints"]
    parameters: ListSprintsParams


DECLARATION = ActionDeclaration(
    model=ListSprints,
    writes=False,
    verb="Listed sprints",
    description="list sprints",
    example="sprints in WEB",
    example_parameters={"project": "WEB"},
    rank=40,
)

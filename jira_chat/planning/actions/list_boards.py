"""list_boards: the agile boards, of one project when given."""

from __future__ import annotations

from typing import Literal

from jira_chat.planning.actions._base import ActionDeclaration, ActionModel, Strict


class ListBoardsParams(Strict):
    project: str | None = None


class ListBoards(ActionModel):
    action: Literal["list_boards"]
    parameters: ListBoardsParams


DECLARATION = ActionDeclaration(
    model=ListBoards,
    writes=False,
    verb="Listed boards",
    description="list agile boards",
    example="boards in WEB",
    example_parameters={"project": "WEB"},
    rank=30,
)

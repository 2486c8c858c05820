"""add_comment: a Markdown comment on an issue."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from jira_chat.planning.actions._base import ActionDeclaration, ActionModel, Strict, issue_key


class AddCommentParams(Strict):
    key: str
    body: str = Field(min_length=1, description="Markdown.")

    _key = field_validator("key")(issue_key)


class AddComment(ActionModel):
    action: Literal["add_comment"]
    parameters: AddCommentParams


DECLARATION = ActionDeclaration(
    model=AddComment,
    writes=True,
    verb="Commented on",
    description="add a comment",
    example="comment on WEB-5: Deployed to staging",
    example_parameters={"key": "WEB-5", "body": "Deployed to staging"},
    rank=140,
)

"""link_issues: "WEB-1 blocks WEB-2"; the type is a link type's name or either wording."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator, model_validator

from jira_chat.planning.actions._base import ActionDeclaration, ActionModel, Strict, issue_key


class LinkIssuesParams(Strict):
    key: str
    other: str
    type: str = Field(
        min_length=1,
        description='How key relates to other, as the user said it: "blocks", "is blocked by", '
        '"relates to", "duplicates", or a link type name.',
    )

    _key = field_validator("key", "other")(issue_key)

    @model_validator(mode="after")
    def _two_issues(self) -> LinkIssuesParams:
        if self.key == self.other:
            raise ValueError("an issue cannot be linked to itself")
        return self


class LinkIssues(ActionModel):
    action: Literal["link_issues"]
    parameters: LinkIssuesParams


DECLARATION = ActionDeclaration(
    model=LinkIssues,
    writes=True,
    verb="Linked",
    description='link: key <type> other, e.g. type "is blocked by"',
    example="WEB-1 blocks WEB-2",
    example_parameters={"key": "WEB-1", "other": "WEB-2", "type": "blocks"},
    rank=150,
)

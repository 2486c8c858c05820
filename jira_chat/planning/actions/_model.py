"""The pydantic side of the action declarations: `Strict` parameters and `ActionModel` entries.

Imported on first use through `_base` (which stays free of pydantic for the start-up path).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from pydantic import BaseModel, ConfigDict, field_validator

from jira_chat.planning.limits import check_plan_value

if TYPE_CHECKING:
    from jira_chat.planning.actions._base import ActionDeclaration


class Strict(BaseModel):
    """Unknown parameters are refused, whitespace is trimmed, control and hidden characters
    and oversized strings or lists rejected (jira_chat/planning/limits.py)."""

    # defer_build: a model's validator is built on first use, not when it is declared.
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, defer_build=True)

    @field_validator("*", mode="after")
    @classmethod
    def _plain_visible_text(cls, value: Any) -> Any:
        return check_plan_value(value)


class ActionModel(Strict):
    """One entry of a plan's `actions`. Subclasses narrow `action` to a Literal name and
    `parameters` to their own model; `declaration` is set by `ActionDeclaration`."""

    action: str
    parameters: Strict
    declaration: ClassVar[ActionDeclaration]

"""What every action declares, in one place: its plan entry, whether it writes, how it reads.

Each module of this package declares one action (`DECLARATION`); the plan schema's union, the
action names, the write set, the model's JSON schema, the system instruction's action list,
the report verbs and the README's action table are all derived from these declarations
(`jira_chat.planning.catalog`). Execution implements each declared name exactly once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, ClassVar, get_args

from pydantic import BaseModel, ConfigDict, field_validator

ISSUE_KEY_RE = re.compile(r"^[A-Z][A-Z0-9_]*-[1-9][0-9]*$")

# Control characters but tab and newline: an escape sequence in a plan could hide part of
# the preview on the terminal while the whole text is written to Jira.
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


class Strict(BaseModel):
    """Unknown parameters are refused, whitespace is trimmed, control characters rejected."""

    # defer_build: validators are built on first use, so `ask KEY` / `ask "jql: ..."` build
    # only their own action's model, never the whole plan union (start-up is a feature).
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, defer_build=True)

    @field_validator("*", mode="after")
    @classmethod
    def _no_control_characters(cls, value: Any) -> Any:
        texts = value if isinstance(value, list) else [value]
        if isinstance(value, dict):
            texts = [*value, *value.values()]
        if any(isinstance(t, str) and _CONTROL_CHARS.search(t) for t in texts):
            raise ValueError("contains control characters (such as terminal escape codes)")
        return value


# `"key": "$1"`: the issue that action 1 of the same plan (1-based) created or changed;
# the plan checks that it points back at such an action.
RESULT_REF_RE = re.compile(r"^\$([1-9][0-9]*)$")


def issue_key(value: str) -> str:
    """Validator: an issue key, upper-cased ("web-12" → "WEB-12"), or a `$N` reference."""
    if RESULT_REF_RE.match(value.strip()):
        return value.strip()
    key = value.strip().upper()
    if not ISSUE_KEY_RE.match(key):
        raise ValueError(f"{value!r} is not an issue key like WEB-12")
    return key


class ActionModel(Strict):
    """One entry of a plan's `actions`. Subclasses narrow `action` to a Literal name and
    `parameters` to their own model; `declaration` is set by `ActionDeclaration`."""

    action: str
    parameters: Strict
    declaration: ClassVar[ActionDeclaration]


@dataclass(frozen=True)
class ActionDeclaration:
    """Everything about an action that planning, prompts, reports and docs need.

    `verb` is a format string over the parameters ("Logged {time_spent} on"): the report line
    reads `f"{verb} {key}"`. `example` is a request a person would type; `example_parameters`
    is the matching plan entry, shown in the README and validated by the tests.
    """

    model: type[ActionModel]
    writes: bool
    verb: str
    description: str
    example: str
    example_parameters: dict[str, Any]
    rank: int  # position in the instruction and the README: reads first, then writes
    name: str = field(init=False)
    params: type[Strict] = field(init=False)

    def __post_init__(self) -> None:
        (name,) = get_args(self.model.model_fields["action"].annotation)
        params = self.model.model_fields["parameters"].annotation
        assert isinstance(params, type) and issubclass(params, Strict)
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "params", params)
        self.model.declaration = self

    @property
    def signature(self) -> str:
        """`link_issues{key,other,type}`: required names, then optional ones with '?'."""
        names = [
            name if info.is_required() else f"{name}?"
            for name, info in self.params.model_fields.items()
        ]
        return f"{self.name}{{{','.join(names)}}}"

    def report_verb(self, parameters: BaseModel) -> str:
        """The past-tense verb of a report, filled from the action's own parameters."""
        values = {k: v for k, v in parameters.model_dump().items() if v is not None}
        try:
            return self.verb.format(**values)
        except (KeyError, IndexError, ValueError):
            return self.verb.split("{", 1)[0].strip() or self.name

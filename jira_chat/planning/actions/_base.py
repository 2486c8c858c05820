"""What every action declares, in one place: its plan entry, whether it writes, how it reads.

Each module of this package declares one action (`DECLARATION`); the plan schema's union, the
action names, the write set, the model's JSON schema, the system instruction's action list,
the report verbs and the README's action table are all derived from these declarations
(`jira_chat.planning.catalog`). Execution implements each declared name exactly once.

This module imports no pydantic: `ask KEY` and `ask "jql: ..."` build their one read action
from the stdlib dataclasses of `get_issue` and `search_issues` (`LightParams`), so the start-up
path never pays for pydantic (about a third of `ask`'s time, bench/bench_cli.py). Every other
action is a pydantic model (`Strict`, `ActionModel`, loaded from `_model` on first use), and
the plan union validates both kinds alike.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, get_args, get_type_hints

from jira_chat.planning.limits import check_plan_value

if TYPE_CHECKING:
    from jira_chat.planning.actions._model import ActionModel, Strict

__all__ = [
    "ISSUE_KEY_RE",
    "RESULT_REF_RE",
    "ActionDeclaration",
    "ActionModel",
    "LightAction",
    "LightParams",
    "PlanAction",
    "Strict",
    "dump_parameters",
    "issue_key",
    "replace_parameters",
]

ISSUE_KEY_RE = re.compile(r"^[A-Z][A-Z0-9_]*-[1-9][0-9]*$")
# `"key": "$1"`: the issue that action 1 of the same plan (1-based) created or changed;
# the plan checks that it points back at such an action.
RESULT_REF_RE = re.compile(r"^\$([1-9][0-9]*)$")


def __getattr__(name: str) -> Any:
    """`Strict` and `ActionModel` need pydantic: imported when a declaration asks for them."""
    if name in ("Strict", "ActionModel"):
        from jira_chat.planning.actions import _model

        return getattr(_model, name)
    raise AttributeError(name)


def issue_key(value: str) -> str:
    """Validator: an issue key, upper-cased ("web-12" → "WEB-12"), or a `$N` reference."""
    if RESULT_REF_RE.match(value.strip()):
        return value.strip()
    key = value.strip().upper()
    if not ISSUE_KEY_RE.match(key):
        raise ValueError(f"{value!r} is not an issue key like WEB-12")
    return key


# pydantic reads this from stdlib dataclasses: the same rules as `Strict`.
LIGHT_CONFIG: dict[str, Any] = {
    "extra": "forbid",
    "str_strip_whitespace": True,
    "use_attribute_docstrings": True,
}


@dataclass(frozen=True)
class LightParams:
    """Parameters as a stdlib dataclass that pydantic validates inside a plan like any model.

    `__post_init__` applies `Strict`'s rules (trimmed, visible, within limits) and then the
    subclass's `check()`, so a value built in code is held to what a plan file is."""

    __pydantic_config__: ClassVar[dict[str, Any]] = LIGHT_CONFIG

    def __post_init__(self) -> None:
        for item in dataclasses.fields(self):
            value = getattr(self, item.name)
            if isinstance(value, str):
                value = value.strip()
            try:
                value = check_plan_value(value)
            except ValueError as exc:
                raise ValueError(f"{item.name} {exc}") from None
            object.__setattr__(self, item.name, value)
        self.check()

    def check(self) -> None:
        """Raise ValueError naming the field when a value is out of bounds."""


@dataclass(frozen=True)
class LightAction:
    """A plan entry whose parameters are `LightParams`; subclasses narrow both fields."""

    __pydantic_config__: ClassVar[dict[str, Any]] = LIGHT_CONFIG
    declaration: ClassVar[ActionDeclaration]
    action: str
    parameters: LightParams


if TYPE_CHECKING:
    PlanAction = ActionModel | LightAction
else:
    PlanAction = Any


def _is_light(model: type[Any]) -> bool:
    return dataclasses.is_dataclass(model)


def dump_parameters(parameters: Any, *, exclude_none: bool = True) -> dict[str, Any]:
    """An action's parameters as JSON-ready values, whichever kind of model holds them."""
    if not dataclasses.is_dataclass(parameters):
        return dict(parameters.model_dump(mode="json", exclude_none=exclude_none))
    values: dict[str, Any] = {}
    for item in dataclasses.fields(parameters):
        value = getattr(parameters, item.name)
        if value is None and exclude_none:
            continue
        values[item.name] = value.isoformat() if isinstance(value, dt.date) else value
    return values


def dump_action(action: Any) -> dict[str, Any]:
    return {"action": action.action, "parameters": dump_parameters(action.parameters)}


def replace_parameters(action: Any, **changes: Any) -> Any:
    """The same action with some parameters changed (a repaired JQL, a resolved `$N`)."""
    parameters = action.parameters
    if dataclasses.is_dataclass(parameters):
        return dataclasses.replace(action, parameters=dataclasses.replace(parameters, **changes))  # type: ignore[type-var]
    updated = parameters.model_copy(update=changes)
    return action.model_copy(update={"parameters": updated})


@dataclass(frozen=True)
class ActionDeclaration:
    """Everything about an action that planning, prompts, reports and docs need.

    `verb` is a format string over the parameters ("Logged {time_spent} on"): the report line
    reads `f"{verb} {key}"`. `example` is a request a person would type; `example_parameters`
    is the matching plan entry, shown in the README and validated by the tests.
    """

    model: type[ActionModel] | type[LightAction]
    writes: bool
    verb: str
    description: str
    example: str
    example_parameters: dict[str, Any]
    rank: int  # position in the instruction and the README: reads first, then writes
    name: str = field(init=False)
    params: type[Strict] | type[LightParams] = field(init=False)

    def __post_init__(self) -> None:
        if _is_light(self.model):
            hints = get_type_hints(self.model)
            (name,) = get_args(hints["action"])
            params = hints["parameters"]
        else:
            fields = self.model.model_fields  # type: ignore[union-attr]
            (name,) = get_args(fields["action"].annotation)
            params = fields["parameters"].annotation
        assert isinstance(params, type)
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "params", params)
        self.model.declaration = self

    def parameter_names(self) -> dict[str, bool]:
        """Each parameter's name and whether it is required."""
        if _is_light(self.params):
            return {
                item.name: item.default is dataclasses.MISSING
                and item.default_factory is dataclasses.MISSING
                for item in dataclasses.fields(self.params)
            }
        return {
            name: info.is_required()
            for name, info in self.params.model_fields.items()  # type: ignore[union-attr]
        }

    @property
    def signature(self) -> str:
        """`link_issues{key,other,type}`: required names, then optional ones with '?'."""
        names = [n if required else f"{n}?" for n, required in self.parameter_names().items()]
        return f"{self.name}{{{','.join(names)}}}"

    def report_verb(self, parameters: Any) -> str:
        """The past-tense verb of a report, filled from the action's own parameters."""
        values = dump_parameters(parameters)
        try:
            return self.verb.format(**values)
        except (KeyError, IndexError, ValueError):
            return self.verb.split("{", 1)[0].strip() or self.name

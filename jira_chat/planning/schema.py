"""The plan: the one public JSON schema shared by Gemini, `--plan` and `apply`.

A plan is a list of actions plus an optional reply. Each action is declared once, in its own
module of `jira_chat.planning.actions`; the discriminated union below is built from those
declarations. Unknown actions and unknown parameters are rejected with a message naming them.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated, Any, Union

from pydantic import Field, ValidationError, model_validator

from jira_chat.errors import PlanError
from jira_chat.planning import catalog, limits
from jira_chat.planning.actions._base import ISSUE_KEY_RE, RESULT_REF_RE, ActionModel, Strict

# The first seven actions' classes, re-exported for modules that build plans in code.
from jira_chat.planning.actions.add_comment import AddComment, AddCommentParams
from jira_chat.planning.actions.assign_issue import AssignIssue, AssignIssueParams
from jira_chat.planning.actions.bulk_change import (
    BulkChange,
    BulkChangeParams,
    BulkChangeSpec,
    single_change_action,
)
from jira_chat.planning.actions.create_issue import CreateIssue, CreateIssueParams
from jira_chat.planning.actions.get_issue import GetIssue, GetIssueParams
from jira_chat.planning.actions.search_issues import SearchIssues, SearchIssuesParams
from jira_chat.planning.actions.transition_issue import TransitionIssue, TransitionIssueParams
from jira_chat.planning.actions.update_issue import UpdateIssue, UpdateIssueParams
from jira_chat.planning.plan import Plan

__all__ = [
    "ACTION_NAMES",
    "ISSUE_KEY_RE",
    "RESULT_REF_RE",
    "WRITE_ACTIONS",
    "Action",
    "ActionModel",
    "AddComment",
    "AddCommentParams",
    "AssignIssue",
    "AssignIssueParams",
    "BulkChange",
    "BulkChangeParams",
    "BulkChangeSpec",
    "CreateIssue",
    "CreateIssueParams",
    "GetIssue",
    "GetIssueParams",
    "Plan",
    "PlanModel",
    "SearchIssues",
    "SearchIssuesParams",
    "TransitionIssue",
    "TransitionIssueParams",
    "UpdateIssue",
    "UpdateIssueParams",
    "describe_validation_error",
    "parse_plan",
    "plan_json_schema",
    "single_change_action",
]

ACTION_NAMES: tuple[str, ...] = catalog.action_names()
WRITE_ACTIONS: frozenset[str] = catalog.write_actions()

if TYPE_CHECKING:
    Action = ActionModel
else:
    Action = Annotated[
        Union[tuple(d.model for d in catalog.declarations())],  # noqa: UP007
        Field(discriminator="action"),
    ]


class PlanModel(Strict):
    """The plan's JSON schema: validates a plan from outside into a `Plan`.

    No actions plus a reply is how the model answers a question or asks for clarification.
    """

    actions: list[Action] = Field(default_factory=list)
    reply: str | None = None

    @model_validator(mode="after")
    def _references_point_back(self) -> PlanModel:
        """`$N` must name an earlier action that leaves one issue behind (a create or a
        write to one issue), so the later action knows which issue it acts on."""
        for index, action in enumerate(self.actions, start=1):
            key = getattr(action.parameters, "key", None)
            match = RESULT_REF_RE.match(key) if isinstance(key, str) else None
            if match is None:
                continue
            target = int(match.group(1))
            if target >= index:
                raise ValueError(f"actions[{index - 1}]: {key} must refer to an earlier action")
            earlier = self.actions[target - 1]
            if not earlier.declaration.writes or earlier.action == "bulk_change":
                raise ValueError(
                    f"actions[{index - 1}]: {key} refers to {earlier.action}, which leaves no "
                    "single issue behind (refer to a create or a write to one issue)"
                )
        return self

    def to_plan(self) -> Plan:
        return Plan(actions=list(self.actions), reply=self.reply)


def plan_json_schema() -> dict[str, Any]:
    """The plan's JSON schema, as pydantic derives it (serve publishes it; Gemini gets a
    simplified copy, `jira_chat.planning.model_schema`)."""
    return PlanModel.model_json_schema()


def describe_validation_error(error: ValidationError) -> str:
    """Render pydantic's errors as one line naming the offending action/parameter."""
    parts: list[str] = []
    for item in error.errors():
        loc = _format_loc(item.get("loc", ()))
        kind = item.get("type", "")
        if kind in ("extra_forbidden", "unexpected_keyword_argument"):  # a model, a dataclass
            parts.append(f"{loc}: unknown parameter")
        elif kind == "union_tag_invalid":
            tag = (item.get("ctx") or {}).get("tag", "?")
            parts.append(f"{loc}: unknown action {tag!r} (known: {', '.join(ACTION_NAMES)})")
        elif kind == "union_tag_not_found":
            parts.append(f"{loc}: missing 'action'")
        else:
            parts.append(f"{loc}: {_in_our_words(item)}")
    return "; ".join(parts)


def _first_sentence(exc: BaseException) -> str:
    return str(exc).split(";")[0].split(". ")[0].strip() or type(exc).__name__


def _in_our_words(item: Any) -> str:
    """pydantic's error as the product says it ("must not be empty", not its type names)."""
    kind = item.get("type", "")
    ctx = item.get("ctx") or {}
    if kind in ("value_error", "assertion_error") and ctx.get("error") is not None:
        return str(ctx["error"])  # our own validators' words, without "Value error, "
    words = {
        "missing": "is required",
        "string_type": "must be text",
        "int_type": "must be a whole number",
        "int_parsing": "must be a whole number",
        "int_from_float": "must be a whole number",
        "bool_type": "must be true or false",
        "bool_parsing": "must be true or false",
        "list_type": "must be a list",
        "dict_type": "must be an object",
        "model_type": "must be an object",
        "model_attributes_type": "must be an object",
        "date_type": "must be a date (YYYY-MM-DD)",
        "date_parsing": "must be a date (YYYY-MM-DD)",
        "date_from_datetime_parsing": "must be a date (YYYY-MM-DD)",
        "string_pattern_mismatch": "is not in the expected form",
        "too_short": f"needs at least {ctx.get('min_length', 1)} item(s)",
        "too_long": f"takes at most {ctx.get('max_length', '?')} item(s)",
        "greater_than_equal": f"must be at least {ctx.get('ge')}",
        "greater_than": f"must be more than {ctx.get('gt')}",
        "less_than_equal": f"must be at most {ctx.get('le')}",
        "less_than": f"must be less than {ctx.get('lt')}",
        "literal_error": f"must be one of {ctx.get('expected', '?')}",
        "enum": f"must be one of {ctx.get('expected', '?')}",
    }
    if kind == "string_too_short":
        minimum = ctx.get("min_length", 1)
        return "must not be empty" if minimum == 1 else f"needs at least {minimum} characters"
    if kind == "string_too_long":
        return f"must be at most {ctx.get('max_length', '?')} characters"
    if kind in words:
        return words[kind]
    message = str(item.get("msg", "is not valid"))
    for prefix in ("Value error, ", "Assertion failed, "):
        message = message.removeprefix(prefix)
    return message


def _format_loc(loc: tuple[Any, ...] | list[Any]) -> str:
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        elif part in ACTION_NAMES:
            continue  # pydantic inserts the union tag; it adds nothing for a reader
        else:
            text += f".{part}" if text else str(part)
    return text or "plan"


LIMITS_HINT = 'README, "Security notes", lists the plan limits'


def parse_plan(data: str | bytes | dict[str, Any]) -> Plan:
    """Validate JSON text or a decoded object as a Plan, or raise `PlanError`.

    Sizes, depth and action count are checked before pydantic sees the plan, so a hostile
    plan costs little and fails as a plan error (exit 2), never as an "unexpected error".
    """
    if isinstance(data, str | bytes):
        if len(data) > limits.MAX_PLAN_BYTES:
            raise PlanError(
                f"the plan is {len(data):,} bytes; the limit is {limits.MAX_PLAN_BYTES:,}",
                hint=LIMITS_HINT,
            )
        try:
            data = json.loads(data)
        except json.JSONDecodeError as exc:
            raise PlanError(f"the plan is not valid JSON: {exc.msg} at line {exc.lineno}") from None
        except RecursionError:
            data = {"_too_deep": True}  # reported just below, as any too-deep plan
        except ValueError as exc:  # e.g. an integer of more than 4,300 digits
            raise PlanError(f"the plan is not usable JSON: {_first_sentence(exc)}") from None
    if not isinstance(data, dict):
        raise PlanError("the plan must be a JSON object with 'actions' and optional 'reply'")
    if "_too_deep" in data or limits.json_depth(data) > limits.MAX_PLAN_DEPTH:
        raise PlanError(
            f"the plan is nested more than {limits.MAX_PLAN_DEPTH} levels deep", hint=LIMITS_HINT
        )
    actions = data.get("actions")
    if isinstance(actions, list) and len(actions) > limits.MAX_PLAN_ACTIONS:
        raise PlanError(
            f"the plan has {len(actions)} actions; the limit is {limits.MAX_PLAN_ACTIONS} per plan",
            hint="split the work into several requests, or use one bulk change; " + LIMITS_HINT,
        )
    try:
        return PlanModel.model_validate(data).to_plan()
    except ValidationError as exc:
        raise PlanError(f"invalid plan: {describe_validation_error(exc)}") from None

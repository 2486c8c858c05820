"""One declaration per action: everything that lists actions is derived and agrees."""

from __future__ import annotations

import pkgutil
import re
from pathlib import Path

import pytest

from jira_chat.execution import actions as execution_actions
from jira_chat.execution.registry import implementations
from jira_chat.planning import actions as planning_actions
from jira_chat.planning import catalog
from jira_chat.planning.base import system_instruction
from jira_chat.planning.model_schema import plan_response_schema
from jira_chat.planning.schema import ACTION_NAMES, WRITE_ACTIONS, parse_plan, plan_json_schema
from tests.planning.conftest import MakeRequest

README = Path(__file__).resolve().parents[2] / "README.md"
NAMES = [d.name for d in catalog.declarations()]


def _modules(package: object) -> set[str]:
    return {m.name for m in pkgutil.iter_modules(package.__path__) if not m.name.startswith("_")}  # type: ignore[attr-defined]


def test_every_declared_action_has_exactly_one_implementation() -> None:
    assert _modules(planning_actions) == _modules(execution_actions) == set(NAMES)
    assert set(implementations()) == set(NAMES)
    for name, impl in implementations().items():
        assert impl.model is catalog.declaration(name).model


def test_names_and_write_set_come_from_the_declarations() -> None:
    assert list(ACTION_NAMES) == NAMES and len(set(NAMES)) == len(NAMES)
    assert {d.name for d in catalog.declarations() if d.writes} == WRITE_ACTIONS
    ranks = [d.rank for d in catalog.declarations()]
    assert len(set(ranks)) == len(ranks), "two actions share a rank"


def test_the_plan_union_and_the_model_schema_list_every_action() -> None:
    union = plan_json_schema()["$defs"]
    in_union = {
        union[ref.rsplit("/", 1)[-1]]["properties"]["action"]["const"]
        for ref in plan_json_schema()["properties"]["actions"]["items"]["discriminator"][
            "mapping"
        ].values()
    }
    assert in_union == set(NAMES)
    branches = plan_response_schema()["properties"]["actions"]["items"]["anyOf"]
    assert [b["properties"]["action"]["enum"] for b in branches] == [[n] for n in NAMES]


def test_the_system_instruction_lists_every_signature_once(make_request: MakeRequest) -> None:
    text = system_instruction(make_request("x"))
    listed = re.findall(r"^([a-z_]+)\{[^}]*\}: ", text, re.MULTILINE)
    assert listed == NAMES
    for d in catalog.declarations():
        assert f"{d.signature}: {d.description}" in text


@pytest.mark.parametrize("name", NAMES)
def test_each_example_is_a_valid_plan_and_writes_as_declared(name: str) -> None:
    d = catalog.declaration(name)
    plan = parse_plan({"actions": [{"action": name, "parameters": d.example_parameters}]})
    assert [a.action for a in plan.writes] == ([name] if d.writes else [])
    verb = d.report_verb(plan.actions[0].parameters)
    assert verb[:1].isupper() and "{" not in verb


def test_the_readme_action_table_is_the_generated_one() -> None:
    text = README.read_text(encoding="utf-8")
    start = text.index(catalog.README_BEGIN)
    end = text.index(catalog.README_END) + len(catalog.README_END)
    assert text[start:end] == catalog.readme_action_table(), (
        "README's action table is stale: run .venv/bin/python scripts/update_readme_actions.py"
    )

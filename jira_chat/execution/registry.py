"""Action name → implementation, found in `jira_chat.execution.actions` and joined with the
planning declarations by name: every declared action has exactly one implementation."""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache
from typing import Any

from jira_chat.errors import PlanError
from jira_chat.execution import actions as _actions_package
from jira_chat.execution.spec import ActionImpl
from jira_chat.planning import catalog


@cache
def implementations() -> dict[str, ActionImpl[Any, Any]]:
    found: dict[str, ActionImpl[Any, Any]] = {}
    for info in pkgutil.iter_modules(_actions_package.__path__):
        if info.name.startswith("_"):
            continue
        found[info.name] = _load(info.name)
    declared = set(catalog.action_names())
    if set(found) != declared:
        missing = sorted(declared - set(found))
        extra = sorted(set(found) - declared)
        raise RuntimeError(f"actions without implementation: {missing}; undeclared: {extra}")
    return found


@cache
def spec_for(name: str) -> ActionImpl[Any, Any]:
    """One action's implementation, importing only its module: `ask KEY` loads one of them,
    not all (start-up is a feature). `implementations()` is the full, checked table."""
    if name not in catalog.module_names():
        known = ", ".join(catalog.action_names())
        raise PlanError(f"unknown action {name!r} (known: {known})")
    return _load(name)


def _load(name: str) -> ActionImpl[Any, Any]:
    module = importlib.import_module(f"{_actions_package.__name__}.{name}")
    impl = getattr(module, "IMPLEMENTATION", None)
    if not isinstance(impl, ActionImpl) or impl.name != name:
        raise RuntimeError(f"{module.__name__} must define IMPLEMENTATION for {name}")
    return impl

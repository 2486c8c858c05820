"""The plan's JSON Schema as Gemini's `responseJsonSchema` accepts it.

Gemini supports a subset of JSON Schema ($defs/$ref, type, format, title, description,
enum, items, min/maxItems, minimum/maximum, anyOf/oneOf, properties, additionalProperties,
required). pydantic emits more (`const`, `discriminator`, `default`, `minLength`, titles,
`$ref` with siblings), so this derives a model-facing copy from the one `Plan` model:
refs inlined, `const` → one-value `enum`, optional fields simply not required (no null
branches), unsupported keywords dropped. pydantic still validates the answer in full.
"""

from __future__ import annotations

import copy
from functools import cache
from typing import Any

from jira_chat.planning.schema import plan_json_schema

SUPPORTED_KEYWORDS = frozenset(
    {
        "type",
        "format",
        "description",
        "enum",
        "items",
        "prefixItems",
        "minItems",
        "maxItems",
        "minimum",
        "maximum",
        "anyOf",
        "properties",
        "additionalProperties",
        "required",
        "propertyOrdering",
    }
)

JQL_REPAIR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {"jql": {"type": "string", "description": "The corrected JQL query."}},
    "required": ["jql"],
    "additionalProperties": False,
}


@cache
def _plan_response_schema() -> dict[str, Any]:
    source = plan_json_schema()
    definitions = source.pop("$defs", {})
    return _simplify(source, definitions)


def plan_response_schema() -> dict[str, Any]:
    """A fresh copy of the model-facing plan schema (callers may mutate it)."""
    return copy.deepcopy(_plan_response_schema())


def _simplify(node: Any, definitions: dict[str, Any]) -> Any:
    if isinstance(node, list):
        return [_simplify(item, definitions) for item in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        merged = {**definitions[name], **{k: v for k, v in node.items() if k != "$ref"}}
        return _simplify(merged, definitions)
    node = dict(node)
    if "const" in node:
        node["enum"] = [node.pop("const")]
    if "oneOf" in node:
        node["anyOf"] = node.pop("oneOf")
    if "anyOf" in node:
        branches = [b for b in node["anyOf"] if b != {"type": "null"}]
        if len(branches) == 1:
            # Optional[X]: the field is simply not required; the model leaves it out.
            del node["anyOf"]
            node = {**branches[0], **node}
        else:
            node["anyOf"] = branches
    result: dict[str, Any] = {}
    for key, value in node.items():
        if key not in SUPPORTED_KEYWORDS:
            continue
        if key == "properties":
            result[key] = {name: _simplify(sub, definitions) for name, sub in value.items()}
        elif key in {"items", "anyOf", "prefixItems", "additionalProperties"}:
            result[key] = _simplify(value, definitions)
        else:
            result[key] = value
    return result

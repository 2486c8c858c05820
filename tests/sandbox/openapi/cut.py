"""Cut the schemas the shape tests need out of Atlassian's OpenAPI file, into subset.json.

    python tests/sandbox/openapi/cut.py /work/shared/reference/jira-cloud-platform-openapi.json

Keeps the named components, every component they reference (transitively), and the one
path example the tests read, with a note of where they came from; descriptions and examples
inside the schemas are dropped (validation does not read them). Re-run it when the tests
name a new component; commit the result.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

COMPONENTS = (
    "ServerInformation",
    "User",
    "SearchAndReconcileResults",
    "IssueBean",
    "StatusDetails",
    "IssueTypeDetails",
    "Transitions",
    "ErrorCollection",
    "JQLCountResultsBean",
    "ParsedJqlQueries",
)
# (path, method, status): responses whose examples the tests check against the schemas.
EXAMPLES = (("/rest/api/3/jql/parse", "post", "200"),)
PREFIX = "#/components/schemas/"
OUT = Path(__file__).with_name("subset.json")


def _refs(node: Any) -> set[str]:
    if isinstance(node, dict):
        found = (
            {node["$ref"][len(PREFIX) :]} if str(node.get("$ref", "")).startswith(PREFIX) else set()
        )
        for value in node.values():
            found |= _refs(value)
        return found
    if isinstance(node, list):
        return set().union(*map(_refs, node)) if node else set()
    return set()


# Documentation keywords: no part of validation, most of the bytes.
_DOC_KEYWORDS = frozenset({"description", "example", "examples", "externalDocs"})


def _strip_docs(node: Any, *, names: bool = False) -> Any:
    """Drop documentation keywords from schemas (not from `properties`, whose keys are names)."""
    if isinstance(node, dict):
        return {
            key: _strip_docs(value, names=key == "properties" and not names)
            for key, value in node.items()
            if names or key not in _DOC_KEYWORDS
        }
    if isinstance(node, list):
        return [_strip_docs(value) for value in node]
    return node


def cut(spec: dict[str, Any]) -> dict[str, Any]:
    schemas = spec["components"]["schemas"]
    keep: set[str] = set()
    todo = list(COMPONENTS)
    while todo:
        name = todo.pop()
        if name not in keep:
            keep.add(name)
            todo.extend(_refs(schemas[name]) - keep)
    paths: dict[str, Any] = {}
    for path, method, status in EXAMPLES:
        response = spec["paths"][path][method]["responses"][status]
        paths.setdefault(path, {}).setdefault(method, {"responses": {}})["responses"][status] = {
            "content": {
                "application/json": {"example": response["content"]["application/json"]["example"]}
            }
        }
    return {
        "_source": (
            f"Cut from Atlassian's Jira Cloud platform REST API OpenAPI file "
            f"(info.version {spec['info']['version']}) by tests/sandbox/openapi/cut.py: "
            f"{len(COMPONENTS)} components the shape tests name, their references, "
            "and one response example."
        ),
        "paths": paths,
        "components": {"schemas": {name: _strip_docs(schemas[name]) for name in sorted(keep)}},
    }


def main(argv: list[str]) -> None:
    spec = json.loads(Path(argv[1]).read_text(encoding="utf-8"))
    OUT.write_text(
        json.dumps(cut(spec), indent=0, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    print(f"wrote {OUT} ({OUT.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    main(sys.argv)

"""Responses match the schemas in Atlassian's OpenAPI file.

The schemas come from tests/sandbox/openapi/subset.json, cut from the full file by
tests/sandbox/openapi/cut.py, so these tests run in any checkout.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import requests

from jira_chat.sandbox.runner import SandboxHandle
from tests.sandbox.openapi import cut

# The full file, where the development machine has it: only to check the subset is current.
REFERENCE = (
    Path(__file__).resolve().parents[2].parent / "shared/reference/jira-cloud-platform-openapi.json"
)


@cache
def _spec() -> dict[str, Any]:
    return dict(json.loads(cut.OUT.read_text(encoding="utf-8")))


def _nullable_to_type(node: Any) -> Any:
    """OpenAPI 3.0 `nullable: true` is not JSON Schema; turn it into a null type option.

    Also drop `additionalProperties: false` from a schema that has no `properties` of its
    own but lists alternatives (`JqlQueryClause` = anyOf CompoundClause, FieldValueClause...):
    read as JSON Schema it would forbid every property, and Atlassian's own jql/parse
    example would fail it.
    """
    if isinstance(node, dict):
        out = {k: _nullable_to_type(v) for k, v in node.items()}
        if "properties" not in out and ("anyOf" in out or "oneOf" in out):
            out.pop("additionalProperties", None)
        if out.pop("nullable", False) is True:
            return {"anyOf": [out, {"type": "null"}]}
        return out
    if isinstance(node, list):
        return [_nullable_to_type(v) for v in node]
    return node


@cache
def _components() -> dict[str, Any]:
    return dict(_nullable_to_type(_spec()["components"]))


def assert_matches(component: str, instance: object) -> None:
    import jsonschema

    components = _components()
    schema = {"$ref": f"#/components/schemas/{component}", "components": components}
    jsonschema.validate(instance, schema, cls=jsonschema.Draft7Validator)


@pytest.mark.skipif(not REFERENCE.exists(), reason="the full OpenAPI file is not in this checkout")
def test_the_vendored_subset_is_what_cut_py_makes_from_the_reference() -> None:
    assert cut.cut(json.loads(REFERENCE.read_text(encoding="utf-8"))) == _spec()


def _get(sandbox: SandboxHandle, path: str, **params: Any) -> Any:
    response = requests.get(
        f"{sandbox.url}/rest/api/3/{path}",
        params=params,
        auth=(sandbox.username, sandbox.api_token),
        timeout=10,
    )
    assert response.status_code == 200, response.text
    return response.json()


def test_server_info_matches_schema(sandbox: SandboxHandle) -> None:
    assert_matches("ServerInformation", _get(sandbox, "serverInfo"))


def test_myself_matches_user_schema(sandbox: SandboxHandle) -> None:
    assert_matches("User", _get(sandbox, "myself"))


def test_search_jql_page_matches_schema(sandbox: SandboxHandle) -> None:
    page = _get(
        sandbox, "search/jql", jql="project = WEB ORDER BY key", maxResults=5, fields="*all",
        expand="names",
    )  # fmt: skip
    assert len(page["issues"]) == 5 and page["nextPageToken"]
    assert_matches("SearchAndReconcileResults", page)


def test_issue_matches_schema_with_every_field(sandbox: SandboxHandle) -> None:
    issue = _get(sandbox, "issue/WEB-1", expand="renderedFields,names,transitions,changelog")
    assert_matches("IssueBean", issue)
    for key in ("status", "priority", "issuetype", "project", "reporter"):
        assert issue["fields"][key] is not None
    assert_matches("StatusDetails", issue["fields"]["status"])
    assert_matches("IssueTypeDetails", issue["fields"]["issuetype"])
    assert_matches("User", issue["fields"]["reporter"])


def test_transitions_match_schema(sandbox: SandboxHandle) -> None:
    transitions = _get(sandbox, "issue/WEB-2/transitions")
    assert_matches("Transitions", transitions)
    assert {t["name"] for t in transitions["transitions"]} == {"Start progress", "Close"}


def test_a_400_matches_the_error_collection_schema(sandbox: SandboxHandle) -> None:
    response = requests.post(
        f"{sandbox.url}/rest/api/3/issue",
        json={"fields": {"project": {"key": "WEB"}, "issuetype": {"name": "Bug"}}},
        auth=(sandbox.username, sandbox.api_token),
        timeout=10,
    )
    assert response.status_code == 400
    assert_matches("ErrorCollection", response.json())
    assert response.json()["errors"] == {"summary": "You must specify a summary of the issue."}


def test_approximate_count_matches_schema(sandbox: SandboxHandle) -> None:
    response = requests.post(
        f"{sandbox.url}/rest/api/3/search/approximate-count",
        json={"jql": "project = OPS"},
        auth=(sandbox.username, sandbox.api_token),
        timeout=10,
    )
    assert response.status_code == 200
    assert_matches("JQLCountResultsBean", response.json())
    assert response.json() == {"count": 40}


def test_jql_parse_matches_schema_and_gives_the_real_structure(sandbox: SandboxHandle) -> None:
    from jira_chat.sandbox.jql import parse_jql

    good = (
        'project = WEB AND (labels in (auth, "tech-debt") OR assignee = currentUser())'
        " AND NOT status IS EMPTY ORDER BY updated DESC, key"
    )
    queries = [good, "status = Nope", "project = = WEB"]

    def parse(validation: str) -> list[dict[str, Any]]:
        response = requests.post(
            f"{sandbox.url}/rest/api/3/jql/parse",
            params={"validation": validation},
            json={"queries": queries},
            auth=(sandbox.username, sandbox.api_token),
            timeout=10,
        )
        assert response.status_code == 200, response.text
        assert_matches("ParsedJqlQueries", response.json())
        return list(response.json()["queries"])

    example = _spec()["paths"]["/rest/api/3/jql/parse"]["post"]["responses"]["200"]
    assert_matches(
        "ParsedJqlQueries", json.loads(example["content"]["application/json"]["example"])
    )
    ok, unknown, broken = parse("strict")
    assert ok == {"query": good, "structure": parse_jql(good).to_structure()}
    assert ok["structure"]["orderBy"]["fields"][0] == {
        "field": {"name": "updated", "encodedName": "updated"}, "direction": "desc"}  # fmt: skip
    # strict: "If validation fails, the query structure is not returned."
    assert unknown == {
        "query": "status = Nope",
        "errors": ["The value 'Nope' does not exist for the field 'status'."],
    }
    assert set(broken) == {"query", "errors"} and broken["errors"][0].startswith(
        "Error in the JQL Query: "
    )
    _, warned, _ = parse("warn")  # warn: the structure, with the problem as a warning
    assert warned["structure"] == parse_jql("status = Nope").to_structure()
    assert warned["warnings"] == unknown["errors"] and "errors" not in warned

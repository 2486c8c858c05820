"""What a person typed comes back as typed, in every output format (item: no stray escapes)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from jira_chat.jira_access.text import markdown_to_wiki, wiki_to_markdown
from tests.cli.helpers import run_cli
from tests.fixtures.sandbox import jira_client

TYPED = [
    "Held-out comment",
    "x * y and 5*3=15",
    "snake_case_name and a_b",
    "-5 degrees, +1 on this, a^b, a ~ b",
    "use {braces} and [brackets] and a|b",
    "Ship it! Now!",
    "line one\nline two",
]


@pytest.mark.parametrize("typed", TYPED)
def test_typed_text_survives_the_wiki_round_trip(typed: str) -> None:
    assert wiki_to_markdown(markdown_to_wiki(typed)) == typed


def test_only_what_wiki_would_misread_is_escaped() -> None:
    assert markdown_to_wiki("Held-out comment") == "Held-out comment"
    assert markdown_to_wiki("a -struck- word") == "a \\-struck- word"
    assert markdown_to_wiki("see [this] and {code}") == "see \\[this] and \\{code}"
    assert markdown_to_wiki("**bold**") == "*bold*"  # markup the person meant stays markup


def test_a_comment_reads_back_as_typed_in_json_plain_and_table(sandbox_env: Any) -> None:
    body = "Held-out comment: x * y, snake_case"
    result = run_cli("ask", f"comment on WEB-3: {body}", "--yes")
    assert result.exit_code == 0, result.stderr
    stored = jira_client(sandbox_env).comments("WEB-3")[-1].body
    assert "\\" not in stored
    as_json = json.loads(run_cli("ask", "WEB-3", "--json").stdout)
    assert as_json["comments"][-1]["body"] == body
    table = run_cli("ask", "WEB-3", "--format", "table").stdout
    assert body in table and "\\" not in table

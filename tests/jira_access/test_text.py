"""Reading Jira's wiki markup: the same Markdown as jira2markdown gives, without its cost."""

from __future__ import annotations

import random

import jira2markdown
import pytest

from jira_chat.jira_access import text
from jira_chat.jira_access.text import drop_needless_escapes, markdown_to_wiki, wiki_to_markdown

WIKI = [
    "h1. Title\n* a\n** b\n# c\n## d",
    "*bold* _it_ -strike- +under+ ^sup^ ~sub~ ??cite??",
    "{code:python}\nx = 1\n{code}",
    "{noformat}\n*x*\n{noformat}",
    "{{mono}} [link|http://x.y] [~sam] [^file.txt] !img.png!",
    "||a||b||\n|1|2|",
    "bq. quoted",
    "{quote}\nq\n{quote}",
    "line\\\\break",
    "a -- b --- c\n----\n",
    "{color:red}red{color}",
    "{panel:title=T}\nbody\n{panel}",
    "* one\n* two\n\n# first\n# second",
    "* a\n  continued\n* b",
    "# a\n#* nested\n# b",
    "[mailto:a@b.c] http://x.com/a*b*c",
    "x * y and a - b",
    "  padded plain text  \n",
    "Intro\n* a\n* b\nOutro",  # a continuation line
    "* item\r\n* next\r\n",  # carriage returns
    "Intro\n\n# one\n# two\n\nOutro",
    *(
        markdown_to_wiki(md)
        for md in (
            "Steps:\n\n- open **login**\n- see `500`",
            "# Heading\n\n1. one\n2. two\n   - nested",
            "> quote\n\ntext with [link](http://x)",
            "```\ncode\n```",
        )
    ),
]


def _reference(wiki: str) -> str:
    """jira2markdown's reading, less the escapes Markdown does not need there."""
    return drop_needless_escapes(str(jira2markdown.convert(wiki)).strip())


def test_markup_reads_exactly_as_jira2markdown_reads_it_in_any_order() -> None:
    """The grammar is built once and reused: no state may leak from one text to the next."""
    expected = {wiki: _reference(wiki) for wiki in WIKI}
    shuffled = WIKI * 2
    random.Random(3).shuffle(shuffled)
    for wiki in shuffled:
        assert wiki_to_markdown(wiki) == expected[wiki], wiki


def test_plain_prose_is_already_markdown_and_skips_the_parser(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rng = random.Random(11)
    alphabet = [*"abcXYZ 019\n\t.,:;'\"()/&%$@=_<>", "h7. ", "e.g. ", "http://e.com/x_y "]
    samples = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 30))) for _ in range(15)]
    expected = [_reference(sample) for sample in samples]

    def no_parser() -> None:
        raise AssertionError("plain text must not need the wiki parser")

    monkeypatch.setattr(text, "_build_grammar", no_parser)
    assert [wiki_to_markdown(sample) for sample in samples] == expected
    assert wiki_to_markdown(None) is None


def test_one_level_lists_skip_the_parser_and_read_the_same(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The commonest description: prose and a bullet list (the sandbox's WEB-1)."""
    samples = [
        "We need this before the next release.\n\n* agree on the approach\n* implement it",
        "Steps:\n\n# open the page\n# wait a minute\n\nExpected: it works.",
        "* a\n\n* b",
        "# first\n* then a bullet",
        "*  two spaces",
    ]
    expected = [_reference(sample) for sample in samples]

    def no_parser() -> None:
        raise AssertionError("a one-level list must not need the wiki parser")

    monkeypatch.setattr(text, "_build_grammar", no_parser)
    assert [wiki_to_markdown(sample) for sample in samples] == expected


def test_markup_jira2markdown_chokes_on_is_shown_as_stored() -> None:
    """A lone '||' line makes jira2markdown raise; the detail view must still show it."""
    with pytest.raises(Exception):  # noqa: B017 (pyparsing's private error type)
        jira2markdown.convert("Totals:\n\n||")
    assert wiki_to_markdown("Totals:\n\n||") == "Totals:\n\n||"


def test_the_grammar_is_built_once_per_process() -> None:
    wiki_to_markdown("*once*")
    built = text._grammar
    assert built is not None
    wiki_to_markdown("# twice")
    assert text._grammar is built

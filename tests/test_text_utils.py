"""One line for a message, a URL fit to show: the helpers every layer quotes text through."""

from __future__ import annotations

from jira_chat.text_utils import one_line, redact_url


def test_one_line_flattens_whitespace_and_clips_with_an_ellipsis() -> None:
    assert one_line("a\n  b\tc ", 10) == "a b c"
    assert one_line("x" * 12, 10) == "x" * 9 + "…"
    assert len(one_line("word " * 100, 60)) == 60


def test_redact_url_drops_credentials_and_query() -> None:
    assert redact_url("https://me:secret@jira.example.com/path?token=t") == (
        "https://jira.example.com/path"
    )
    assert redact_url("http://[::1]:8080/x") == "http://[::1]:8080/x"
    assert redact_url("not a url") == "not a url"
    assert redact_url("me:pw@host?q") == "(the configured URL)"
    assert redact_url("http://host:badport/") == "(the configured URL)"

"""Shared test setup: every test runs with a private JIRA_CHAT_HOME and a clean environment.

Fixtures live in plugin modules under tests/fixtures/, one per boundary:
  sandbox.py — the Jira sandbox over HTTP (python-jira talks to it for real);
  gemini.py  — a fake Gemini HTTP server behind the real google-genai SDK.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest_plugins = ["tests.fixtures.sandbox", "tests.fixtures.gemini"]

_ISOLATED_PREFIXES = ("JIRA_", "GEMINI_", "GOOGLE_")


@pytest.fixture(autouse=True)
def isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """No test sees the developer's Jira, Gemini key or data directory."""
    for name in list(os.environ):
        if name.startswith(_ISOLATED_PREFIXES):
            monkeypatch.delenv(name, raising=False)
    home = tmp_path / "jira-chat-home"
    home.mkdir(mode=0o700)
    monkeypatch.setenv("JIRA_CHAT_HOME", str(home))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.chdir(tmp_path)
    before = dict(os.environ)
    yield home
    # load_settings copies non-secret .env values into os.environ: undo that too.
    for name in set(os.environ) - set(before):
        del os.environ[name]

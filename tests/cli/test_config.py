"""Configuration from .env files: found, used, and secrets kept out of child processes."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from tests.cli.helpers import run_cli, write_plan


def test_dotenv_in_the_current_directory_configures_jira(sandbox: Any, tmp_path: Path) -> None:
    lines = [f"{name}={value}" for name, value in sandbox.env().items()]
    (tmp_path / ".env").write_text("\n".join(lines) + "\n")  # the tests run in tmp_path
    result = run_cli("ask", "WEB-1", "--format", "keys")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "WEB-1\n"
    # The token reached jira-chat but not the environment that $EDITOR or a browser inherit.
    assert "JIRA_API_TOKEN" not in os.environ
    assert os.environ.get("JIRA_URL") == sandbox.url


def test_the_environment_wins_over_dotenv(sandbox: Any, tmp_path: Path, monkeypatch: Any) -> None:
    (tmp_path / ".env").write_text(
        "JIRA_URL=http://127.0.0.1:9\nJIRA_USERNAME=x\nJIRA_API_TOKEN=y\n"
    )
    for name, value in sandbox.env().items():
        monkeypatch.setenv(name, value)
    result = run_cli("ask", "WEB-2", "--format", "keys")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "WEB-2\n"


def test_a_name_newer_than_the_metadata_cache_is_found(sandbox_env: Any, tmp_path: Path) -> None:
    import sqlite3

    first = run_cli("ask", "open bugs in WEB", "--format", "keys")  # caches the metadata
    assert first.exit_code == 0, first.stderr
    with sqlite3.connect(sandbox_env.db_path) as db:  # an admin adds a priority meanwhile
        db.execute("INSERT INTO priorities (id, name, rank) VALUES (6, 'Blocker', 0)")
    plan = write_plan(
        tmp_path,
        {
            "actions": [
                {
                    "action": "update_issue",
                    "parameters": {"key": "WEB-2", "priority": "Blocker"},
                }
            ]
        },
    )
    result = run_cli("apply", str(plan), "--yes", "--format", "keys")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "WEB-2\n"

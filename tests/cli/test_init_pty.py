"""`jira-chat init` in a real pseudo-terminal: the token is typed but never echoed."""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path
from typing import Any

import pexpect

EMAIL = "sam.rivera@example.com"


def test_the_token_is_hidden_as_it_is_typed(sandbox: Any, isolated_env: Path) -> None:
    env = dict(os.environ)
    env.update(
        JIRA_CHAT_HOME=str(isolated_env),
        NO_COLOR="1",
        TERM="xterm",
        PROMPT_TOOLKIT_NO_CPR="1",
        # keyring's own switch: no system keyring on this machine, so the .env is used
        PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
    )
    screen = io.StringIO()
    child = pexpect.spawn(
        sys.executable, ["-m", "jira_chat", "init"], env=env, encoding="utf-8", timeout=20
    )
    child.logfile_read = screen
    try:
        child.expect_exact("Jira site URL")
        child.sendline(sandbox.url)
        child.expect_exact("Atlassian account email")
        child.sendline(EMAIL)
        child.expect_exact("API token")
        child.sendline(sandbox.api_token)
        child.expect_exact("Logged in to")
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    assert child.exitstatus == 0, screen.getvalue()
    assert "as Sam Rivera" in screen.getvalue()
    assert sandbox.api_token not in screen.getvalue()
    assert f"JIRA_API_TOKEN={sandbox.api_token}" in (isolated_env / ".env").read_text()

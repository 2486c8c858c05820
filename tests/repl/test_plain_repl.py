"""The REPL without prompt-toolkit: piped stdin, and TERM=dumb on a real terminal."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pexpect

from tests.repl.pty_session import leave_with_ctrl_d, stop


def child_env(home: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ, JIRA_CHAT_HOME=str(home), NO_COLOR="1", PYTHONUNBUFFERED="1")
    env.update(extra)
    return env


def test_piped_lines_run_in_order_and_writes_are_refused(isolated_env: Path) -> None:
    lines = "WEB-4\nassign WEB-4 to me\n/bogus\n/jql key = WEB-4\n"
    done = subprocess.run(
        [sys.executable, "-m", "jira_chat", "--sandbox"],
        input=lines,
        capture_output=True,
        text=True,
        env=child_env(isolated_env),
        timeout=90,  # seeding a fresh sandbox is slow on a busy CI machine
    )
    # Fed by a pipe, the REPL exits with the worst code a line earned: the refused write's 3.
    assert done.returncode == 3, done.stderr
    rows = done.stdout.splitlines()
    assert len(rows) == 2 and all(row.startswith("WEB-4\t") for row in rows)
    assert rows[0] == rows[1]  # the refused write changed nothing
    assert "\x1b" not in done.stdout + done.stderr
    assert "refusing to change Jira" in done.stderr
    assert "unknown command /bogus" in done.stderr
    assert done.stderr.count("jira> ") == 5  # one prompt per line, and one at EOF


def test_dumb_terminal_gets_the_plain_loop_with_confirmation(isolated_env: Path) -> None:
    child = pexpect.spawn(
        sys.executable,
        ["-m", "jira_chat", "--sandbox"],
        env=child_env(isolated_env, TERM="dumb"),
        encoding="utf-8",
        timeout=20,
        dimensions=(40, 160),
    )
    try:
        child.expect_exact("/help for commands, Ctrl-D to leave.")
        child.expect_exact("jira> ")
        child.sendline("assign WEB-4 to me")
        child.expect_exact("Apply this change? [y/N] ")
        assert "Sam Rivera" in str(child.before)
        child.sendline("")  # Enter alone means No
        child.expect_exact("Nothing was changed")
        child.expect_exact("jira> ")
        # Ctrl-C at a question cancels the request, as in the prompt-toolkit loop.
        child.sendline("assign WEB-4 to me")
        child.expect_exact("Apply this change? [y/N] ")
        child.sendintr()
        child.expect_exact("cancelled")
        child.expect_exact("jira> ")
        child.sendline("assign WEB-4 to alex")
        child.expect_exact("Choose 1-2 (Enter to cancel): ")
        child.sendintr()
        child.expect_exact("cancelled")
        child.expect_exact("jira> ")
        child.send("half a line")
        child.sendintr()  # Ctrl-C at the prompt: the session goes on
        child.expect_exact("jira> ")
        child.sendline("/project WEB")
        child.expect_exact("jira (WEB)> ")
        leave_with_ctrl_d(child)
    finally:
        stop(child)

"""The real REPL in a pseudo-terminal (pexpect), against the embedded sandbox, offline planner.

Two sessions share one JIRA_CHAT_HOME, so the second also proves that the sandbox database
and the history survive a restart.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pexpect

from tests.repl.pty_session import leave_with_ctrl_d, stop

# prompt-toolkit may draw the prompt's trailing space as a cursor move: match without it.
PROMPT = r"jira(?: \([A-Z0-9_]+\))?>"
TIMEOUT = 20
ME = "Sam Rivera"  # the sandbox's current user
EDITED = "jql: key = WEB-7"


def spawn(home: Path, cwd: Path) -> pexpect.spawn:
    env = {key: value for key, value in os.environ.items() if key != "BROWSER"}
    env.update(
        JIRA_CHAT_HOME=str(home),
        NO_COLOR="1",
        TERM="xterm",
        PROMPT_TOOLKIT_NO_CPR="1",  # pexpect does not answer cursor-position requests
        PYTHONUNBUFFERED="1",
        # Ctrl-X Ctrl-E: an "editor" that writes a request into the file it is given.
        EDITOR=f"{sys.executable} -c \"import sys; open(sys.argv[1], 'w').write('{EDITED}')\"",
    )
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    child = pexpect.spawn(
        sys.executable,
        ["-m", "jira_chat", "--sandbox"],
        env=env,
        cwd=str(cwd),
        encoding="utf-8",
        timeout=TIMEOUT,
        dimensions=(50, 200),
    )
    child.expect_exact("Ctrl-D to leave.")
    child.expect(PROMPT)
    return child


def ask(child: pexpect.spawn, line: str) -> None:
    child.sendline(line)


def back_at_prompt(child: pexpect.spawn, marker: str) -> str:
    """Wait for `marker` (a regex) and then the next prompt; return the text up to the marker.

    Waiting for the marker first matters: prompt-toolkit redraws the submitted line, prompt
    included, before the answer is printed.
    """
    child.expect(marker)
    text = f"{child.before}{child.after}"
    child.expect(PROMPT)
    return text


def assignee_of(child: pexpect.spawn, key: str) -> str:
    ask(child, key)
    text = back_at_prompt(child, r"Assignee\s+[^\r\n]+?\s*\r?\n")
    match = re.search(r"Assignee\s+([^\r\n]+?)\s*\r?\n", text)
    assert match, text
    return match.group(1)


def test_repl_session_end_to_end(isolated_env: Path, tmp_path: Path) -> None:
    child = spawn(isolated_env, tmp_path)
    try:
        # A query shows a table, the JQL and "N of M".
        ask(child, "jql: project = WEB ORDER BY key ASC")
        text = back_at_prompt(child, r"\d+ of \S*\d+ issues")
        assert re.search(r"Key\s+Type\s+Status\s+Priority\s+Assignee\s+Summary\s+Updated", text)
        assert "WEB-1 " in text and "WEB-2 " in text
        assert "JQL: project = WEB ORDER BY key ASC" in text
        assert re.search(r"\d+ of \S*\d+ issues", text)

        # A write shows its preview; "n" changes nothing.
        before = assignee_of(child, "WEB-4")
        assert before != ME
        ask(child, "assign WEB-4 to me")
        child.expect_exact("[y/N]")
        assert "WEB-4" in str(child.before) and ME in str(child.before)
        child.sendline("n")
        back_at_prompt(child, "Nothing was changed")
        assert assignee_of(child, "WEB-4") == before

        # Ctrl-C while typing drops the line; the session goes on.
        child.send("this line is never sent")
        child.sendintr()
        child.expect(PROMPT)
        # Ctrl-C during a confirmation cancels the request.
        ask(child, "assign WEB-4 to me")
        child.expect_exact("[y/N]")
        child.sendintr()
        back_at_prompt(child, "cancelled")
        assert assignee_of(child, "WEB-4") == before

        # "y" applies it.
        ask(child, "assign WEB-4 to me")
        child.expect_exact("[y/N]")
        child.sendline("y")
        back_at_prompt(child, "Assigned WEB-4")
        assert assignee_of(child, "WEB-4") == ME

        # "it" is the issue last viewed.
        assert assignee_of(child, "WEB-6") != ME
        ask(child, "assign it to me")
        child.expect_exact("[y/N]")
        assert "WEB-6" in str(child.before)
        child.sendline("y")
        back_at_prompt(child, "Assigned WEB-6")

        # Ctrl-D leaves with exit code 0.
        leave_with_ctrl_d(child)
    finally:
        stop(child)

    history = isolated_env / "history"
    assert history.stat().st_mode & 0o777 == 0o600
    assert "assign it to me" in history.read_text()

    # A restart: the history is there (Up recalls the last line) and so is the sandbox's state.
    child = spawn(isolated_env, tmp_path)
    try:
        assert assignee_of(child, "WEB-6") == ME
        child.send("\x1b[A")  # Up: recalls the previous session's last line ("WEB-6" above)
        child.send("\x1b[A")  # ...and the one before it
        child.expect_exact("assign it to me")
        child.sendintr()
        child.expect(PROMPT)

        # Tab completes slash commands and, from the sandbox's metadata, statuses after "to".
        # (prompt-toolkit redraws only what changed, so wait for the completed tail.)
        child.send("/pro\t")
        child.expect_exact("ject")
        child.send(" WEB\r")
        child.expect_exact("jira (WEB)>")
        child.send("move WEB-6 to In Pr\t")
        child.expect_exact("ogress")
        child.send("\r")
        child.expect_exact("[y/N]")
        assert re.search(r"status: \S.* → In Progress", str(child.before))
        child.sendline("n")
        back_at_prompt(child, "Nothing was changed")

        # Alt-Enter adds a line instead of submitting; Enter then sends both lines.
        child.send("jql: key = WEB-6\x1b\r")
        child.send("ORDER BY key\r")
        text = back_at_prompt(child, r"\d+ of \S*\d+ issue")
        assert "JQL: key = WEB-6" in text and "1 of 1 issue" in text

        # Ctrl-X Ctrl-E edits the line in $EDITOR and runs what was written there.
        child.send("\x18\x05")
        text = back_at_prompt(child, r"\d+ of \S*\d+ issue")
        assert "JQL: key = WEB-7" in text and "WEB-7" in text

        ask(child, "/quit")
        child.expect(pexpect.EOF)
        child.close()
        assert child.exitstatus == 0
    finally:
        stop(child)

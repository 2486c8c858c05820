"""Deleting in the REPL needs the issue key typed back, as `gh repo delete` asks for the name:
"y" is not enough. The plan comes from Gemini (real SDK, fake Gemini server)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.repl.pty_session import leave_with_ctrl_d, stop
from tests.repl.test_repl_pty import ask, back_at_prompt, spawn

KEY = "OPS-40"
DELETE = {
    "actions": [{"action": "delete_issue", "parameters": {"key": KEY, "delete_subtasks": True}}]
}


def test_a_deletion_is_confirmed_by_typing_the_key(
    isolated_env: Path, tmp_path: Path, fake_gemini: Any
) -> None:
    child = spawn(isolated_env, tmp_path)
    try:
        fake_gemini.queue_plan(DELETE)
        ask(child, f"get rid of {KEY}")
        child.expect_exact(f"Type {KEY} to delete it:")
        assert f"DELETE {KEY}" in str(child.before) and "comments" in str(child.before)
        child.sendline("y")
        back_at_prompt(child, "Nothing was changed")

        fake_gemini.queue_plan(DELETE)
        ask(child, f"get rid of {KEY}")
        child.expect_exact(f"Type {KEY} to delete it:")
        child.sendline(KEY.lower())
        back_at_prompt(child, f"Deleted {KEY}")

        ask(child, KEY)
        back_at_prompt(child, "does not exist")
        leave_with_ctrl_d(child)
    finally:
        stop(child)

"""Starting and ending a REPL in a pseudo-terminal, the same way in every pty test."""

from __future__ import annotations

import pexpect


def leave_with_ctrl_d(child: pexpect.spawn) -> None:
    """Ctrl-D ends the session, with exit code 0."""
    child.sendeof()
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def stop(child: pexpect.spawn) -> None:
    """Never leave a REPL running after its test, even when an assertion failed first."""
    if child.isalive():
        child.terminate(force=True)

"""Bulk changes in the real REPL (prompt-toolkit in a pty), against the sandbox.

"list → close those" works when some listed issues are already Done (they are skipped as
"already"), and Ctrl-C in the middle of a slow bulk change stops after the request in flight
and reports what was done and what was not.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from tests.execution.helpers import fresh_issue
from tests.fixtures.sandbox import jira_client
from tests.repl.pty_session import leave_with_ctrl_d, stop
from tests.repl.test_interrupts_pty import PROMPT, spawn


def _statuses(handle: Any, jql: str) -> dict[str, str]:
    found = jira_client(handle).search_issues(jql, maxResults=100, fields="status")
    return {str(issue.key): issue.fields.status.name for issue in found}


def test_list_then_close_those_skips_the_ones_already_done(
    sandbox: Any, isolated_env: Path
) -> None:
    jql = "project = API AND priority = High ORDER BY key"
    before = _statuses(sandbox, jql)
    done_before = [k for k, s in before.items() if s == "Done"]  # in key order
    assert done_before and len(done_before) < len(before)
    child = spawn(sandbox, isolated_env)
    try:
        child.sendline(f"/jql {jql}")
        child.expect(rf"{len(before)} of {len(before)} issues")
        child.expect(PROMPT)
        child.sendline("close those")
        child.expect_exact(f"{len(before) - len(done_before)} issues to change")
        child.expect_exact(f"{len(done_before)} already done: {', '.join(done_before)}")
        child.expect_exact("[y/N]")
        child.sendline("y")
        child.expect(rf"{len(before) - len(done_before)} done, {len(done_before)} already")
        child.expect(PROMPT)
        leave_with_ctrl_d(child)
    finally:
        stop(child)
    assert set(_statuses(sandbox, jql).values()) == {"Done"}


def test_ctrl_c_mid_bulk_stops_after_the_request_in_flight(
    sandbox: Any, isolated_env: Path
) -> None:
    client = jira_client(sandbox)
    keys = [
        fresh_issue(client, f"Slow task {n}", project={"key": "OPS"}, labels=["slow"])
        for n in range(14)
    ]
    assert sandbox.faults is not None
    sandbox.faults.add(r"/issue/OPS-\d+/transitions$", method="POST", delay=0.4, times=100)
    child = spawn(sandbox, isolated_env)
    try:
        child.sendline("jql: labels = slow ORDER BY key")
        child.expect(r"14 of 14 issues")
        child.expect(PROMPT)
        child.sendline("close those")
        child.expect_exact("[y/N]")
        child.sendline("y")
        time.sleep(1.5)
        child.sendintr()
        child.expect(r"(\d+) done, (\d+) not done — stopped by Ctrl-C")
        summary = child.match
        child.expect(PROMPT)
        child.sendline("/quit")
    finally:
        stop(child)
    done, not_done = int(summary.group(1)), int(summary.group(2))
    assert done >= 1 and not_done >= 1 and done + not_done == 14
    statuses = _statuses(sandbox, "labels = slow")
    closed = [k for k in keys if statuses[k] == "Done"]
    assert len(closed) == done  # exactly what the report says: none lost, none half-done
    assert closed == keys[:done]  # in order, and nothing after the stop

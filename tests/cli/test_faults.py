"""Faults from Jira reach the user as one line and a documented exit code, never a traceback."""

from __future__ import annotations

from typing import Any

import pytest

from tests.cli.helpers import assert_no_traceback, run_cli


def test_429_with_retry_after_is_retried_and_succeeds(sandbox_env: Any) -> None:
    sandbox_env.faults.add(r"/issue/WEB-1$", method="GET", status=429, headers={"Retry-After": "1"})
    result = run_cli("ask", "WEB-1", "--format", "keys")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "WEB-1\n"


def test_persistent_503_fails_with_one_line(sandbox_env: Any) -> None:
    sandbox_env.faults.add(
        r"/issue/WEB-1$", method="GET", status=503, headers={"Retry-After": "1"}, times=10
    )
    result = run_cli("ask", "WEB-1")
    assert result.exit_code == 1
    assert "503" in result.stderr
    assert len(result.stderr.strip().splitlines()) <= 2  # error line + hint
    assert_no_traceback(result)


def test_wrong_token_is_a_401_with_advice(
    sandbox_env: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    token_var = "JIRA_API_TOKEN" if sandbox_env.flavor == "cloud" else "JIRA_PERSONAL_TOKEN"
    monkeypatch.setenv(token_var, "not-the-token")
    result = run_cli("ask", "WEB-1")
    assert result.exit_code == 1
    assert "401" in result.stderr
    assert token_var in result.stderr
    assert "not-the-token" not in result.stderr + result.stdout
    assert_no_traceback(result)


def test_stalled_read_times_out(sandbox_env: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JIRA_CHAT_JIRA_TIMEOUT", "0.5")
    sandbox_env.faults.add(r"/issue/WEB-1$", method="GET", delay=3.0, times=5)
    result = run_cli("ask", "WEB-1")
    assert result.exit_code == 1
    assert "did not answer" in result.stderr or "timed out" in result.stderr
    assert_no_traceback(result)


def test_unreachable_jira_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JIRA_URL", "http://127.0.0.1:9")
    monkeypatch.setenv("JIRA_USERNAME", "someone@example.com")
    monkeypatch.setenv("JIRA_API_TOKEN", "secret-token-value")
    result = run_cli("ask", "WEB-1")
    assert result.exit_code == 1
    assert "127.0.0.1:9" in result.stderr
    assert "secret-token-value" not in result.stderr
    assert_no_traceback(result)


def test_debug_shows_the_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JIRA_URL", "http://127.0.0.1:9")
    monkeypatch.setenv("JIRA_USERNAME", "someone@example.com")
    monkeypatch.setenv("JIRA_API_TOKEN", "secret-token-value")
    result = run_cli("--debug", "ask", "WEB-1")
    assert result.exit_code == 1
    assert "Traceback" in result.stderr


def test_a_reader_that_goes_away_is_not_an_error(tmp_path: Any) -> None:
    """`jira-chat ask ... | head -1`: the closed pipe ends the run quietly."""
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if not k.startswith(("JIRA_", "GEMINI_", "GOOGLE_"))}
    env["JIRA_CHAT_HOME"] = str(tmp_path / "home")
    env["JIRA_CHAT_SANDBOX"] = "1"
    from jira_chat.sandbox.runner import prepare_database

    # 1,000 rows (~100 KB) overflow the pipe's buffer, so the writer is still writing.
    prepare_database(tmp_path / "home" / "sandbox.sqlite3", seed_issues=3000, reset=True)
    args = [sys.executable, "-m", "jira_chat", "ask", "jql: project = WEB ORDER BY key limit 1000"]
    args += ["--format", "plain"]
    proc = subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # the reader leaves before reading anything
    stderr = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 0, stderr
    assert "unexpected" not in stderr and "Traceback" not in stderr and "Broken" not in stderr


def test_a_full_disk_is_one_line(sandbox_env: Any, tmp_path: Any) -> None:
    import os
    import subprocess
    import sys

    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full on this system")
    with open("/dev/full", "w") as full:
        proc = subprocess.run(
            [sys.executable, "-m", "jira_chat", "ask", "jql: project = WEB ORDER BY key"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
        )
    assert proc.returncode == 1
    assert proc.stderr.strip().splitlines() == ["error: No space left on device"]


def test_an_unusable_data_directory_says_which_and_what_to_do(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("JIRA_CHAT_HOME", str(blocker / "home"))
    result = run_cli("--sandbox", "ask", "my open issues")
    assert result.exit_code == 2
    assert str(blocker / "home") in result.stderr
    assert "JIRA_CHAT_HOME" in result.stderr
    assert_no_traceback(result)

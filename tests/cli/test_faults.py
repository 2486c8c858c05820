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

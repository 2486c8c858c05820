"""`jira-chat doctor`: one row per check, secrets masked, a verdict a person can act on."""

from __future__ import annotations

from typing import Any

import pytest

from tests.cli.helpers import assert_no_traceback, run_cli


def test_doctor_on_the_sandbox_reports_each_piece(sandbox_env: Any) -> None:
    result = run_cli("doctor")
    assert result.exit_code == 0, result.stdout + result.stderr
    rows = {line.split("\t")[1]: line.split("\t") for line in result.stdout.splitlines()}
    assert rows["jira"][0] == "OK" and "Cloud" in rows["jira"][2]
    assert rows["authenticated as"][0] == "OK" and "Sam Rivera" in rows["authenticated as"][2]
    assert rows["gemini key"][0] == "WARN"
    assert sandbox_env.api_token not in result.stdout + result.stderr


def test_doctor_without_configuration_fails_and_says_what_to_set() -> None:
    result = run_cli("doctor")
    assert result.exit_code == 1
    assert "JIRA_URL" in result.stdout
    assert "--sandbox" in result.stdout
    assert_no_traceback(result)


def test_doctor_masks_the_gemini_key_and_checks_the_model(
    sandbox_env: Any, fake_gemini: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GEMINI_API_KEY", "AIzaSy-very-secret-key-1234")
    fake_gemini.queue_text("ok")
    result = run_cli("doctor")
    assert "very-secret" not in result.stdout + result.stderr
    rows = {line.split("\t")[1]: line.split("\t") for line in result.stdout.splitlines()}
    assert rows["gemini key"][0] == "OK" and "1234" in rows["gemini key"][2]
    assert rows["gemini call"][0] == "OK", result.stdout
    assert result.exit_code == 0


def test_doctor_reports_a_failing_model_call(
    sandbox_env: Any, fake_gemini: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_gemini.queue_error(429, "Quota exceeded", "RESOURCE_EXHAUSTED")
    result = run_cli("doctor")
    rows = {line.split("\t")[1]: line.split("\t") for line in result.stdout.splitlines()}
    assert rows["gemini call"][0] == "FAIL"
    assert result.exit_code == 1

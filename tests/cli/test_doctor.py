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


def _rows(stdout: str) -> dict[str, list[str]]:
    return {line.split("\t")[1]: line.split("\t") for line in stdout.splitlines()}


def test_no_env_file_names_the_paths_that_were_checked(
    tmp_path: Any, isolated_env: Any, sandbox_env: Any
) -> None:
    result = run_cli("doctor")
    detail = _rows(result.stdout)["configuration"][2]
    assert "no .env file" in detail
    assert str(tmp_path / ".env") in detail and str(isolated_env / ".env") in detail


def test_a_failing_check_does_not_tell_you_to_run_doctor(monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setenv("JIRA_URL", f"http://127.0.0.1:{port}")
    monkeypatch.setenv("JIRA_PERSONAL_TOKEN", "not-a-real-token-0000")
    result = run_cli("doctor")
    rows = _rows(result.stdout)
    assert rows["jira"][0] == "FAIL"
    assert "cannot reach Jira" in rows["jira"][2]
    assert "doctor" not in result.stdout
    assert_no_traceback(result)


def test_a_google_api_key_from_a_dotenv_file_is_named_as_such(
    tmp_path: Any, sandbox_env: Any, fake_gemini: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("GEMINI_API_KEY")
    (tmp_path / ".env").write_text(f"GOOGLE_API_KEY={fake_gemini.api_key}\n")
    fake_gemini.queue_text('{"ok": true}')
    result = run_cli("doctor")
    key_row = _rows(result.stdout)["gemini key"]
    assert key_row[0] == "OK"
    assert f"(GOOGLE_API_KEY, from {tmp_path / '.env'})" in key_row[2]
    assert "GEMINI_API_KEY" not in key_row[2]
    assert _rows(result.stdout)["gemini call"][0] == "OK", result.stdout


def test_the_planner_takes_its_timeout_from_settings_not_the_environment(
    fake_gemini: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Settings is the one reader of configuration: what it says is what the planner does."""
    from dataclasses import replace

    from jira_chat.config import load_settings
    from jira_chat.errors import ModelError
    from jira_chat.planning.health import ping_model

    monkeypatch.setenv("JIRA_CHAT_GEMINI_TIMEOUT", "30")
    settings = replace(load_settings(), gemini_timeout=0.5)
    fake_gemini.queue_delay(3, then='{"ok": true}')
    with pytest.raises(ModelError) as caught:
        ping_model(settings)
    assert "did not answer within 0.5 s" in caught.value.message

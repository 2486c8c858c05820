"""Credentials in JIRA_URL, a JIRA_URL without a scheme, and the modes of our directories."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import pytest

from tests.cli.helpers import assert_no_traceback, run_cli


def _url_with_credentials(sandbox: Any) -> str:
    parts = urlsplit(sandbox.url)
    user = quote(sandbox.username, safe="")
    return f"{parts.scheme}://{user}:{quote(sandbox.api_token, safe='')}@{parts.netloc}"


def _everything_under(path: Path) -> str:
    return "\n".join(p.read_text(errors="replace") for p in path.rglob("*") if p.is_file())


def test_credentials_in_the_url_are_used_and_never_shown(
    sandbox: Any, monkeypatch: pytest.MonkeyPatch, isolated_env: Path
) -> None:
    monkeypatch.setenv("JIRA_URL", _url_with_credentials(sandbox))
    secret = sandbox.api_token
    outputs = []
    for fmt in ("plain", "json", "csv"):
        result = run_cli("ask", "jql: project = WEB ORDER BY key", "--format", fmt)
        assert result.exit_code == 0, result.stderr
        if fmt != "plain":  # links, without user:password@
            assert f"{sandbox.url}/browse/WEB-1" in result.stdout
        outputs.append(result.stdout + result.stderr)
    planned = run_cli("ask", "my open issues", "--format", "json")  # fills the metadata cache
    assert planned.exit_code == 0, planned.stderr
    outputs.append(planned.stdout + planned.stderr)
    doctor = run_cli("doctor")
    outputs.append(doctor.stdout + doctor.stderr)
    assert "from JIRA_URL (user:password@) and used as basic auth" in doctor.stdout
    for text in outputs:
        assert secret not in text
        assert "@127.0.0.1" not in text
    cached = _everything_under(isolated_env)
    assert "WEB" in cached  # the metadata cache was written...
    assert secret not in cached and "@127.0.0.1" not in cached  # ...without the password
    assert os.environ.get("JIRA_URL") == _url_with_credentials(sandbox)  # env left as given


def test_credentials_in_the_url_never_leak_into_the_environment_from_a_dotenv(
    sandbox: Any, tmp_path: Path
) -> None:
    from jira_chat.config import load_settings

    (tmp_path / ".env").write_text(f"JIRA_URL={_url_with_credentials(sandbox)}\n")
    settings = load_settings(tmp_path)
    assert settings.jira_url == sandbox.url
    assert settings.url_credentials == "used" and settings.auth_kind == "basic"
    assert "JIRA_URL" not in os.environ  # a child process ($EDITOR) must not inherit it


def test_other_credentials_win_over_the_urls(sandbox_env: Any) -> None:
    from jira_chat.config import Settings

    settings = Settings(
        jira_url="https://someone:pw@jira.example.com/",
        jira_username="me@example.com",
        jira_api_token="token",
    )
    assert settings.jira_url == "https://jira.example.com"
    assert (settings.jira_username, settings.jira_api_token) == ("me@example.com", "token")
    assert settings.url_credentials == "ignored"
    assert "pw" not in repr(settings)


def test_a_url_without_a_scheme_is_a_configuration_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JIRA_URL", "localhost:8089")
    monkeypatch.setenv("JIRA_USERNAME", "me@example.com")
    monkeypatch.setenv("JIRA_API_TOKEN", "token-value-1234")
    result = run_cli("ask", "WEB-1")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == (
        "error: JIRA_URL 'localhost:8089' has no scheme: write it as https://localhost:8089"
    )
    assert_no_traceback(result)
    doctor = run_cli("doctor")
    assert doctor.exit_code == 1
    line = next(li for li in doctor.stdout.splitlines() if "configuration" in li)
    assert "FAIL" in line.upper() and "https://localhost:8089" in line


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_every_directory_created_is_private_under_umask_000(
    sandbox_env: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "new" / "parents" / "home"
    monkeypatch.setenv("JIRA_CHAT_HOME", str(home))
    old = os.umask(0)
    try:
        result = run_cli("ask", "my open issues", "--format", "keys")  # writes the cache
    finally:
        os.umask(old)
    assert result.exit_code == 0, result.stderr
    created = [tmp_path / "new", tmp_path / "new" / "parents", home, home / "cache"]
    assert {str(p): _mode(p) for p in created} == {str(p): 0o700 for p in created}
    assert "readable by other users" not in result.stderr


def test_an_existing_open_data_directory_is_left_alone_but_warned_about_once(
    sandbox_env: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "shared-home"
    home.mkdir()
    os.chmod(home, 0o755)
    monkeypatch.setenv("JIRA_CHAT_HOME", str(home))
    result = run_cli("ask", "jql: project = WEB ORDER BY key", "--format", "keys")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.count("readable by other users (mode 0755)") == 1
    assert f"chmod 700 {home}" in result.stderr
    assert _mode(home) == 0o755
    doctor = run_cli("doctor")
    assert "readable by other users" in doctor.stdout

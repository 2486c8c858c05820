"""`jira-chat serve` as a person runs it: a real process, the printed URL, the token file."""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tests.cli.helpers import run_cli
from tests.serve.conftest import bare

CLI = [sys.executable, "-m", "jira_chat"]


def _env(home: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JIRA_", "GEMINI_", "GOOGLE_"))}
    env.update(JIRA_CHAT_HOME=str(home), NO_COLOR="1", **extra)
    return env


@contextmanager
def _serving(args: list[str], env: dict[str, str]) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    proc = subprocess.Popen(
        [*CLI, *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline().strip()
        assert line.startswith("http://127.0.0.1:"), (
            line,
            proc.stderr.read() if proc.poll() else "",
        )
        yield line, proc
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def test_sandbox_serve_prints_the_url_with_the_token(tmp_path: Path) -> None:
    home = tmp_path / "home"
    with _serving(["--sandbox", "serve", "--port", "0"], _env(home)) as (url, proc):
        base, _, token = url.partition("/#token=")
        assert token
        assert bare("GET", base + "/healthz").json()["status"] == "ok"
        answer = bare(
            "POST",
            base + "/process-llm-prompt",
            json={"prompt": "open bugs in WEB"},
            headers={"Authorization": f"Bearer {token}"},
            timeout=30,
        )
        assert answer.status_code == 200, answer.text
        assert answer.json()["result"][0]["key"].startswith("WEB-")
        assert bare("GET", base + "/").status_code == 200
        token_file = home / "serve-token"
        assert token_file.read_text().strip() == token
        assert stat.S_IMODE(token_file.stat().st_mode) == 0o600
        assert stat.S_IMODE(home.stat().st_mode) == 0o700
        proc.send_signal(signal.SIGINT)
        _, stderr = proc.communicate(timeout=15)
    assert proc.returncode == 0
    assert token not in stderr  # the token is printed once, on stdout, in the URL
    assert "Traceback" not in stderr


def test_a_stored_token_is_not_printed_again(tmp_path: Path, sandbox_env: Any) -> None:
    """Against a configured Jira (the sandbox, as if it were real), the token is shown once."""
    home = tmp_path / "home"
    env = _env(home, **sandbox_env.env())
    with _serving(["serve", "--port", "0"], env) as (first, _proc):
        assert "#token=" in first
    with _serving(["serve", "--port", "0"], env) as (second, proc):
        assert "#token=" not in second
        proc.send_signal(signal.SIGINT)
        _, stderr = proc.communicate(timeout=15)
    assert str(home / "serve-token") in stderr
    assert first.split("#token=")[1] not in stderr


def test_the_environment_token_wins(tmp_path: Path, sandbox_env: Any) -> None:
    token = "env-token-abcdefghijklmnop"
    env = _env(tmp_path / "home", JIRA_CHAT_SERVE_TOKEN=token, **sandbox_env.env())
    with _serving(["serve", "--port", "0"], env) as (url, _proc):
        assert "#token=" not in url
        ok = bare("GET", url + "api/schema", headers={"Authorization": f"Bearer {token}"})
        assert ok.status_code == 200
    assert not (tmp_path / "home" / "serve-token").exists()


def test_a_public_host_needs_an_explicit_token(sandbox_env: Any) -> None:
    result = run_cli("serve", "--host", "0.0.0.0", "--port", "0")
    assert result.exit_code == 2
    assert "JIRA_CHAT_SERVE_TOKEN" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_short_environment_token_is_refused(sandbox_env: Any, monkeypatch: Any) -> None:
    monkeypatch.setenv("JIRA_CHAT_SERVE_TOKEN", "short")
    result = run_cli("serve", "--port", "0")
    assert result.exit_code == 2
    assert "too short" in result.stderr
    assert "short" not in result.stdout


PROBE = """
import json, sys
from jira_chat.cli.app import main
code = main(["serve", "--help"])
loaded = sorted(m for m in sys.modules if m.split(".")[0] in {"starlette", "uvicorn", "httpx"} or m.startswith("jira_chat.serve"))
sys.stderr.write("LOADED=" + json.dumps(loaded) + "\\n")
"""


def test_serve_help_loads_no_server_module() -> None:
    proc = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=60)
    assert "POST /process-llm-prompt" in proc.stdout
    line = next(ln for ln in proc.stderr.splitlines() if ln.startswith("LOADED="))
    assert json.loads(line.removeprefix("LOADED=")) == []

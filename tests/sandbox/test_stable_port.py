"""`--sandbox` keeps its URL across runs (a stable port per data file, when free), and the
README's shell recipe for `sandbox serve` really sets the variables in a shell."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from jira_chat.sandbox.runner import stable_port, start_sandbox


def test_the_same_data_file_gets_the_same_url_on_every_run(
    sandbox_template: Path, tmp_path: Path
) -> None:
    path = tmp_path / "sandbox.sqlite3"
    shutil.copyfile(sandbox_template, path)
    with start_sandbox(path, port=None) as first:
        url = first.url
    with start_sandbox(path, port=None) as again:
        assert again.url == url == f"http://127.0.0.1:{stable_port(path)}"
    other = tmp_path / "other" / "sandbox.sqlite3"
    assert stable_port(other) != stable_port(path)


def test_a_busy_stable_port_falls_back_to_a_free_one(
    sandbox_template: Path, tmp_path: Path
) -> None:
    path = tmp_path / "sandbox.sqlite3"
    shutil.copyfile(sandbox_template, path)
    with (
        socket.create_server(("127.0.0.1", stable_port(path))),
        start_sandbox(path, port=None) as handle,
    ):
        assert handle.url != f"http://127.0.0.1:{stable_port(path)}"


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_readme_recipe_exports_the_variables_into_a_shell(
    isolated_env: Path, tmp_path: Path
) -> None:
    """The README's lines, run by bash: serve in the background, wait, source, use, stop."""
    bin_dir = tmp_path / "bin"  # `jira-chat` on PATH, however this Python was installed
    bin_dir.mkdir()
    shim = bin_dir / "jira-chat"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m jira_chat "$@"\n')
    shim.chmod(0o755)
    script = f"""
set -e
PATH="{bin_dir}:$PATH"
jira-chat sandbox serve --port 0 > sandbox.env &
until [ -s sandbox.env ]; do sleep 0.2; done
. ./sandbox.env
"{sys.executable}" -c 'import os, requests
r = requests.get(os.environ["JIRA_URL"] + "/rest/api/2/myself",
                 auth=(os.environ["JIRA_USERNAME"], os.environ["JIRA_API_TOKEN"]), timeout=10)
print(r.json()["displayName"])'
kill $!
"""
    done = subprocess.run(
        ["bash", "-c", script], cwd=tmp_path, capture_output=True, text=True, timeout=120,
        env={**os.environ, "JIRA_CHAT_HOME": str(isolated_env)},
    )  # fmt: skip
    assert done.stdout.strip() == "Sam Rivera", done.stderr
    exported = (tmp_path / "sandbox.env").read_text().splitlines()
    assert [line.split("=")[0] for line in exported] == [
        "export JIRA_URL", "export JIRA_USERNAME", "export JIRA_API_TOKEN",
    ]  # fmt: skip

"""What the REPL's banner and a keyring-stored token cost. Prints figures; asserts nothing.

    .venv/bin/python bench/bench_banner.py

1. the banner's facts (Jira, user, project, planner) with the metadata an earlier run saved:
   median time over 200 builds, and the HTTP requests it made (counted by the sandbox);
2. the same before any metadata was saved (the configured login is shown instead);
3. what reading a token from the keyring adds to a command that needs Jira: `import keyring`
   and backend discovery, in a fresh process (median of 5 runs; this machine's backend).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _median_ms(build: object, runs: int = 200) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        build()  # type: ignore[operator]
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def banner_figures() -> None:
    from jira_chat.config import load_settings
    from jira_chat.conversation.assistant import Assistant
    from jira_chat.conversation.slash import SlashCommands
    from jira_chat.planning.context import SessionContext
    from jira_chat.rendering.output import Output
    from jira_chat.sandbox.runner import start_sandbox

    with tempfile.TemporaryDirectory() as home:
        os.environ["JIRA_CHAT_HOME"] = home
        settings = load_settings()
        handle = start_sandbox(settings.sandbox_db_path, port=0)
        try:
            settings = settings.with_overrides(
                jira_url=handle.url, jira_username=handle.username, jira_api_token=handle.api_token
            )

            def commands() -> SlashCommands:
                assistant = Assistant(settings, Output.buffered(), SessionContext())
                return SlashCommands(assistant)

            handle.request_log.clear()
            cold = _median_ms(lambda: commands().facts())
            print(f"banner, nothing saved yet: {cold:.2f} ms median, "
                  f"{len(handle.request_log.entries)} HTTP requests; "
                  f"user line: {commands().facts().user!r}")  # fmt: skip
            Assistant(settings, Output.buffered(), SessionContext()).service.metadata()
            handle.request_log.clear()
            warm = _median_ms(lambda: commands().facts())
            print(f"banner, metadata saved earlier: {warm:.2f} ms median, "
                  f"{len(handle.request_log.entries)} HTTP requests; "
                  f"user line: {commands().facts().user!r}")  # fmt: skip
        finally:
            handle.stop()


PROBE = (
    "import time; t=time.perf_counter(); import keyring; a=time.perf_counter(); "
    "b=keyring.get_keyring(); c=time.perf_counter(); print(a-t, c-a, type(b).__module__)"
)


def keyring_figures() -> None:
    imports, discoveries, backend = [], [], ""
    for _ in range(5):
        out = subprocess.run(
            [sys.executable, "-c", PROBE], capture_output=True, text=True, check=True
        ).stdout.split()
        imports.append(float(out[0]) * 1000)
        discoveries.append(float(out[1]) * 1000)
        backend = out[2]
    print(
        f"keyring: import {statistics.median(imports):.0f} ms + backend discovery "
        f"{statistics.median(discoveries):.0f} ms (median of 5; backend here: {backend}); "
        "paid only by commands that need Jira, and only when the token is in the keyring"
    )


if __name__ == "__main__":
    banner_figures()
    keyring_figures()

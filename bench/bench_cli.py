"""Start-up and request-budget figures for the closing notes. Prints figures; asserts nothing.

    .venv/bin/python bench/bench_cli.py

1. wall time of `jira-chat --help` (median of 15 runs, a fresh process each);
2. wall time of `jira-chat --sandbox ask "open bugs in WEB"` with the offline planner
   (median of 7 runs; includes starting the in-process sandbox);
3. HTTP requests to Jira for each core action once the metadata is cached, counted by the
   sandbox's request log, for both flavors.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CLI = [sys.executable, "-m", "jira_chat"]


def _median_wall(args: list[str], runs: int, env: dict[str, str]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(args, env=env, capture_output=True, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def cli_timings(home: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JIRA_", "GEMINI_", "GOOGLE_"))}
    env["JIRA_CHAT_HOME"] = str(home)
    help_s = _median_wall([*CLI, "--help"], 15, env)
    print(f"jira-chat --help: median {help_s * 1000:.0f} ms (15 runs)")
    search = [*CLI, "--sandbox", "ask", "open bugs in WEB", "--format", "keys"]
    subprocess.run(search, env=env, capture_output=True, check=True)  # seed + cache metadata
    ask_s = _median_wall(search, 7, env)
    print(
        f'jira-chat --sandbox ask "open bugs in WEB" (offline): median {ask_s * 1000:.0f} ms (7 runs)'
    )


def request_budget(home: Path, flavor: str) -> None:
    from jira_chat.config import Settings
    from jira_chat.execution.executor import Executor
    from jira_chat.jira_access.service import JiraService
    from jira_chat.planning.schema import parse_plan
    from jira_chat.sandbox.runner import start_sandbox

    os.environ["JIRA_CHAT_HOME"] = str(home)
    with start_sandbox(home / f"{flavor}.sqlite3", flavor=flavor) as handle:  # type: ignore[arg-type]
        env = handle.env()
        settings = Settings(
            jira_url=env["JIRA_URL"],
            jira_username=env.get("JIRA_USERNAME"),
            jira_api_token=env.get("JIRA_API_TOKEN"),
            jira_personal_token=env.get("JIRA_PERSONAL_TOKEN"),
        )
        JiraService(settings).metadata()  # fill the cache, as an earlier run would have
        actions = {
            "search_issues": {"jql": "project = WEB ORDER BY key ASC", "limit": 20},
            "search_issues (one page)": {
                "jql": "project = OPS AND priority = Highest",
                "limit": 50,
            },
            "get_issue": {"key": "WEB-1"},
            "create_issue": {"project": "WEB", "issue_type": "Task", "summary": "Bench task"},
            "update_issue": {"key": "WEB-2", "summary": "Bench summary", "labels_add": ["bench"]},
            "transition_issue": {"key": "WEB-3", "status": "Done"},
            "assign_issue": {"key": "WEB-4", "assignee": "Jordan Lee"},
            "add_comment": {"key": "WEB-5", "body": "bench comment"},
        }
        print(f"HTTP requests per action ({flavor}, metadata cached):")
        for label, params in actions.items():
            name = label.split(" ")[0]
            plan = parse_plan({"actions": [{"action": name, "parameters": params}]})
            executor = Executor(JiraService(settings))  # a fresh process-worth of state
            handle.request_log.clear()
            prepared = executor.prepare(plan)
            for action in prepared.actions:
                executor.execute(action)
            entries = handle.request_log.entries
            print(f"  {label:26} {len(entries):2}  " + ", ".join(entries))


def main() -> None:
    home = Path(tempfile.mkdtemp(prefix="jira-chat-bench-"))
    try:
        cli_timings(home / "cli")
        for flavor in ("cloud", "server"):
            request_budget(home / flavor, flavor)
    finally:
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()

"""A bulk transition of 200 issues on the sandbox. Prints figures; asserts nothing.

    .venv/bin/python bench/bench_bulk.py            # both flavors
    .venv/bin/python bench/bench_bulk.py cloud 500  # one flavor, another size

For each flavor: 200 fresh To Do issues (labelled `bench`) are moved to In Progress by one
`jira-chat apply PLAN --yes --max 200` in a child process, with the metadata cache warm.
Printed: the wall time of that process, the HTTP requests the sandbox served for it (in all,
and per issue), and the child's peak resident memory (ru_maxrss).
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CLI = [sys.executable, "-m", "jira_chat"]


def _child_env(home: Path, handle_env: dict[str, str]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JIRA_", "GEMINI_", "GOOGLE_"))}
    env.update(handle_env, JIRA_CHAT_HOME=str(home), NO_COLOR="1")
    return env


def bench(flavor: str, count: int) -> None:
    from jira import JIRA

    from jira_chat.sandbox.runner import start_sandbox

    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        with start_sandbox(home / "bench.sqlite3", flavor=flavor) as handle:  # type: ignore[arg-type]
            options = {"max_retries": 0}
            client = (
                JIRA(handle.url, basic_auth=(handle.username, handle.api_token), options=options)
                if flavor == "cloud"
                else JIRA(handle.url, token_auth=handle.personal_token, options=options)
            )
            for n in range(count):
                client.create_issue(
                    fields={
                        "project": {"key": "OPS"},
                        "issuetype": {"name": "Task"},
                        "summary": f"Bench task {n}",
                        "labels": ["bench"],
                    }
                )
            env = _child_env(home, handle.env())
            subprocess.run([*CLI, "ask", "OPS-1"], env=env, capture_output=True, check=True)
            plan = {
                "actions": [
                    {
                        "action": "bulk_change",
                        "parameters": {
                            "jql": "labels = bench ORDER BY key",
                            "change": {
                                "action": "transition_issue",
                                "parameters": {"status": "In Progress"},
                            },
                        },
                    }
                ]
            }
            plan_file = home / "plan.json"
            plan_file.write_text(json.dumps(plan))
            handle.request_log.clear()
            started = time.perf_counter()
            done = subprocess.run(
                [*CLI, "apply", str(plan_file), "--yes", "--max", str(count), "--format", "csv"],
                env=env,
                capture_output=True,
                text=True,
            )
            wall = time.perf_counter() - started
            peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            requests = len(handle.request_log.entries)
            rows = done.stdout.splitlines()[1:]
            moved = sum(1 for row in rows if ",done," in row)
    print(
        f"{flavor}: bulk transition of {count} issues: {moved} done, exit {done.returncode}; "
        f"wall {wall:.2f} s ({wall / count * 1000:.1f} ms/issue); "
        f"{requests} HTTP requests ({requests / count:.2f} per issue); "
        f"peak RSS {peak_kib / 1024:.0f} MiB"
    )


def main() -> None:
    flavors = [sys.argv[1]] if len(sys.argv) > 1 else ["cloud", "server"]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 200
    for flavor in flavors:
        bench(flavor, count)


if __name__ == "__main__":
    main()

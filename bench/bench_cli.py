"""Start-up, paired ask-vs-python-jira and request-budget figures. Prints figures; asserts nothing.

    .venv/bin/python bench/bench_cli.py            # everything
    .venv/bin/python bench/bench_cli.py --paired   # only the paired ratio (section 2)

1. wall time of `jira-chat --help` (median of 15 runs, a fresh process each);
2. the paired ratio: `jira-chat sandbox serve` runs in the background, and with the env from
   its output, `jira-chat ask "jql: ..."` and `jira-chat ask KEY` each alternate with a bare
   python-jira script doing the same request (`JIRA(url, basic_auth=...)`, then
   `search_issues(jql, maxResults=20)` or `issue(key)`, printing one line per issue). Each
   pair runs back to back, the order flipping every pair, so load on the machine hits both
   alike; the figure is the median of the per-pair ratios (target: at most 1.5x). A third
   row is the floor of any Typer + pydantic CLI: the same bare script, importing both first;
3. wall time of `jira-chat --sandbox ask "open bugs in WEB"` with the offline planner
   (median of 7 runs; includes starting the in-process sandbox);
4. HTTP requests to Jira for each core action once the metadata is cached, counted by the
   sandbox's request log, for both flavors.
"""

from __future__ import annotations

import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
# The `jira-chat` script pip installed beside this Python, as a person runs it; `-m` otherwise.
_SCRIPT = shutil.which("jira-chat", path=str(Path(sys.executable).parent))
CLI = [_SCRIPT] if _SCRIPT else [sys.executable, "-m", "jira_chat"]


def _median_wall(args: list[str], runs: int, env: dict[str, str]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(args, env=env, capture_output=True, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _clean_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JIRA_", "GEMINI_", "GOOGLE_"))}
    env["JIRA_CHAT_HOME"] = str(home)
    return env


def help_timing(home: Path) -> None:
    help_s = _median_wall([*CLI, "--help"], 15, _clean_env(home))
    print(f"jira-chat --help: median {help_s * 1000:.0f} ms (15 runs)")


BARE_SEARCH = """
import sys
from jira import JIRA
url, user, token, jql = sys.argv[1:]
jira = JIRA(url, basic_auth=(user, token))
for issue in jira.search_issues(jql, maxResults=20):
    print(issue.key, issue.fields.status.name, issue.fields.summary, sep="\t")
"""
BARE_ISSUE = """
import sys
from jira import JIRA
url, user, token, key = sys.argv[1:]
jira = JIRA(url, basic_auth=(user, token))
issue = jira.issue(key)
print(issue.key, issue.fields.status.name, issue.fields.summary, sep="\t")
"""


def _serve_sandbox(home: Path) -> tuple[subprocess.Popen[str], dict[str, str]]:
    """`jira-chat sandbox serve` in the background; the JIRA_* lines it prints."""
    server = subprocess.Popen(
        [*CLI, "sandbox", "serve"],
        env=_clean_env(home),
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert server.stdout is not None
    exports: dict[str, str] = {}
    while "JIRA_API_TOKEN" not in exports:
        line = server.stdout.readline()
        if not line:
            raise RuntimeError("jira-chat sandbox serve ended before printing its env")
        words = shlex.split(line)  # `export NAME=value`, quoted for a shell
        if words[:1] == ["export"] and len(words) == 2:
            name, _, value = words[1].partition("=")
            exports[name] = value
    return server, exports


def _wall(args: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def paired_ratio(home: Path, pairs: int) -> None:
    server, exports = _serve_sandbox(home / "served")
    try:
        env = {**_clean_env(home / "client"), **exports}
        url, user, token = exports["JIRA_URL"], exports["JIRA_USERNAME"], exports["JIRA_API_TOKEN"]
        jql = "project = WEB ORDER BY key ASC"
        cases = [
            (
                f'ask "jql: {jql}"',
                [*CLI, "ask", f"jql: {jql}", "--format", "plain"],
                [sys.executable, "-c", BARE_SEARCH, url, user, token, jql],
            ),
            (
                "ask WEB-1",
                [*CLI, "ask", "WEB-1", "--format", "plain"],
                [sys.executable, "-c", BARE_ISSUE, url, user, token, "WEB-1"],
            ),
            (  # WEB-1 is an epic: jira-chat lists its issues too, one search the bare
                # script does not make; WEB-3 is a plain task
                "ask WEB-3",
                [*CLI, "ask", "WEB-3", "--format", "plain"],
                [sys.executable, "-c", BARE_ISSUE, url, user, token, "WEB-3"],
            ),
            (
                "floor: the bare search importing typer + pydantic",
                [
                    sys.executable,
                    "-c",
                    "import typer, pydantic.main\n" + BARE_SEARCH,
                    url,
                    user,
                    token,
                    jql,
                ],
                [sys.executable, "-c", BARE_SEARCH, url, user, token, jql],
            ),
        ]
        print(f"paired runs against a served sandbox ({pairs} pairs each, order alternating):")
        for label, ours, bare in cases:
            _wall(ours, env), _wall(bare, env)  # warm up: metadata cache, page cache
            ours_s: list[float] = []
            bare_s: list[float] = []
            for index in range(pairs):
                if index % 2:
                    bare_s.append(_wall(bare, env))
                    ours_s.append(_wall(ours, env))
                else:
                    ours_s.append(_wall(ours, env))
                    bare_s.append(_wall(bare, env))
            ratio = statistics.median(o / b for o, b in zip(ours_s, bare_s, strict=True))
            print(
                f"  {label:50} jira-chat {statistics.median(ours_s) * 1000:4.0f} ms, "
                f"python-jira {statistics.median(bare_s) * 1000:4.0f} ms, "
                f"median ratio {ratio:.2f}x"
            )
    finally:
        server.terminate()
        server.wait(timeout=10)


def ask_timing(home: Path) -> None:
    env = _clean_env(home)
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


def compile_bytecode() -> None:
    """An installed jira-chat has its bytecode compiled (pip does it); python-jira's is. A
    checkout run with PYTHONDONTWRITEBYTECODE=1 would compile jira-chat's sources on every
    run and measure the compiler, so compile them once, as an install would."""
    import compileall

    compileall.compile_dir(str(ROOT / "jira_chat"), quiet=1)


def main() -> None:
    home = Path(tempfile.mkdtemp(prefix="jira-chat-bench-"))
    compile_bytecode()
    try:
        if "--paired" in sys.argv[1:]:
            paired_ratio(home / "paired", pairs=15)
            return
        help_timing(home / "cli")
        paired_ratio(home / "paired", pairs=15)
        ask_timing(home / "cli")
        for flavor in ("cloud", "server"):
            request_budget(home / flavor, flavor)
    finally:
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()

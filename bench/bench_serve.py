"""Throughput and latency of `jira-chat serve` on the sandbox. Prints figures; asserts nothing.

    .venv/bin/python bench/bench_serve.py [--clients 8] [--seconds 10]

Starts `jira-chat --sandbox serve --port 0` as a separate process (offline planner: no Gemini
key; the sandbox runs inside the server process, as `--sandbox serve` does), then:
1. N concurrent clients (default 8), each with its own conversation, send reads to
   POST /process-llm-prompt for a fixed time: requests per second and p50/p99 latency, for
   searches alone and for searches mixed with one issue's detail view;
2. one write, timed from the preview (POST /process-llm-prompt) to the confirm
   (POST /plans/{id}/confirm, which re-checks Jira, writes and reads back).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
SEARCHES = ("open bugs in WEB", "my open issues", "jql: project = OPS ORDER BY key")
MIXED = (*SEARCHES, "WEB-12")  # a detail view converts the description from wiki markup


def start_server(home: Path) -> tuple[subprocess.Popen[str], str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JIRA_", "GEMINI_", "GOOGLE_"))}
    env.update(JIRA_CHAT_HOME=str(home), NO_COLOR="1")
    proc = subprocess.Popen(
        [sys.executable, "-m", "jira_chat", "--sandbox", "serve", "--port", "0"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline().strip()
    base, _, token = line.partition("/#token=")
    if not token:
        proc.kill()
        raise SystemExit(f"serve did not print its URL: {line!r}")
    return proc, base, token


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def reads(base: str, token: str, clients: int, seconds: float, prompts: tuple[str, ...]) -> None:
    latencies: list[float] = []
    failures: list[int] = []
    lock = threading.Lock()
    stop_at = time.perf_counter() + seconds

    def client(index: int) -> None:
        headers = {"Authorization": f"Bearer {token}"}
        with httpx.Client(base_url=base, headers=headers, timeout=60) as http:
            conversation = http.post("/process-llm-prompt", json={"prompt": "WEB-1"}).json()[
                "conversation"
            ]
            count = index
            while time.perf_counter() < stop_at:
                prompt = prompts[count % len(prompts)]
                count += 1
                start = time.perf_counter()
                response = http.post(
                    "/process-llm-prompt", json={"prompt": prompt, "conversation": conversation}
                )
                elapsed = time.perf_counter() - start
                with lock:
                    if response.status_code == 200:
                        latencies.append(elapsed)
                    else:
                        failures.append(response.status_code)

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    kind = "searches" if prompts == SEARCHES else "searches + detail views"
    print(
        f"{kind}, {clients} concurrent clients, {wall:.1f} s: {len(latencies)} requests, "
        f"{len(latencies) / wall:.1f} req/s, p50 {percentile(latencies, 0.5) * 1000:.0f} ms, "
        f"p99 {percentile(latencies, 0.99) * 1000:.0f} ms, mean "
        f"{statistics.mean(latencies) * 1000:.0f} ms, failures {len(failures)}"
    )


def one_write(base: str, token: str) -> None:
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=base, headers=headers, timeout=60) as http:
        start = time.perf_counter()
        preview = http.post("/process-llm-prompt", json={"prompt": "comment on WEB-4: bench"})
        previewed = time.perf_counter()
        data = preview.json()
        assert data["needs_confirmation"], data
        confirm = http.post(
            f"/plans/{data['plan_id']}/confirm", json={"conversation": data["conversation"]}
        )
        done = time.perf_counter()
        assert confirm.status_code == 200, confirm.text
    print(
        f"one write (comment): preview {(previewed - start) * 1000:.0f} ms, confirm "
        f"{(done - previewed) * 1000:.0f} ms, preview to confirmed {(done - start) * 1000:.0f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=10.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as home:
        proc, base, token = start_server(Path(home))
        try:
            with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}) as h:
                for prompt in MIXED:  # warm the metadata cache and the JQL compiler
                    h.post("/process-llm-prompt", json={"prompt": prompt}, timeout=60)
            print(f"jira-chat --sandbox serve, offline planner, {os.cpu_count()} CPU(s)")
            reads(base, token, args.clients, args.seconds, SEARCHES)
            reads(base, token, args.clients, args.seconds, MIXED)
            one_write(base, token)
        finally:
            proc.terminate()
            proc.wait(timeout=15)


if __name__ == "__main__":
    main()

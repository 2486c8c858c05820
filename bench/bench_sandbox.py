"""Benchmark the sandbox: seed 10,000 issues, then time one-page searches.

Usage: .venv/bin/python bench/bench_sandbox.py [--issues 10000] [--runs 40]

Prints the seeding time and, for a plain search and a history search
(`status CHANGED TO Done AFTER -7d`), the median of two measurements:
  * server time: measured inside the server around the whole request handler (JQL compile,
    SQL page + count-free token paging, rendering 50 issues to JSON), read from the
    `Server-Timing` response header;
  * round trip: the HTTP request as seen by a raw `requests` client on loopback.
Targets (issue 2): seeding < 15 s, median search < 50 ms.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from jira_chat.sandbox.runner import prepare_database, start_sandbox

JQL = "project = WEB AND status != Done AND assignee = currentUser() ORDER BY priority DESC, updated DESC"
HISTORY_JQL = "status CHANGED TO Done AFTER -7d ORDER BY updated DESC"
QUERIES = (("plain", JQL), ("history", HISTORY_JQL))
FIELDS = "summary,status,assignee,priority,issuetype,updated,labels"


def _time_search(session: requests.Session, url: str, label: str, jql: str, runs: int) -> None:
    params = {"jql": jql, "maxResults": "50", "fields": FIELDS}
    first = session.get(url, params=params, timeout=30)
    first.raise_for_status()
    found = len(first.json()["issues"])
    server_ms: list[float] = []
    round_trip_ms: list[float] = []
    for _ in range(runs):
        t0 = time.perf_counter()
        response = session.get(url, params=params, timeout=30)
        round_trip_ms.append((time.perf_counter() - t0) * 1000)
        response.raise_for_status()
        timing = response.headers["Server-Timing"]  # "app;dur=12.345"
        server_ms.append(float(timing.split("dur=")[1]))
    print(f"{label} query: {jql}")
    print(f"  page: maxResults=50, fields={FIELDS}; {found} issues on the first page")
    print(
        f"  median server time over {runs} searches: {statistics.median(server_ms):.1f} ms"
        " (target < 50 ms)"
    )
    print(
        f"  median HTTP round trip (requests, loopback): {statistics.median(round_trip_ms):.1f} ms"
    )
    print(f"  p90 server time: {sorted(server_ms)[int(len(server_ms) * 0.9) - 1]:.1f} ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--issues", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=40)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db_path = Path(tmp) / "bench.sqlite3"
        started = time.perf_counter()
        prepare_database(db_path, seed_issues=args.issues, reset=True)
        seeding = time.perf_counter() - started
        print(f"seeded {args.issues} issues in {seeding:.2f} s (target < 15 s)")
        with start_sandbox(db_path) as handle:
            session = requests.Session()
            session.auth = (handle.username, handle.api_token)
            url = f"{handle.url}/rest/api/3/search/jql"
            for label, jql in QUERIES:
                _time_search(session, url, label, jql, args.runs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""How fast the local newsroom starts, and how fast a shared sample article is answered.

Runs `newsbot run` with no Slack variables in a fresh directory, as `make run` does on a new
machine, and times it from launch to the line with the page's address (the page and the app are
ready then); then once more on the archive the first run left. Then, through the page's own
JSON API (what the browser calls), shares each sample article and times it from the post to the
thread reply appearing in the page's updates, first when it is fetched and analysed, then again
when it is answered from the archive.

    .venv/bin/python bench/local_newsroom.py [--rounds 3]

Goals (issue 16): start < 10 s, a shared sample answered < 1 s.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.localslack.process import page_url, start_newsroom, stop_newsroom

START_GOAL_S = 10.0
ANSWER_GOAL_S = 1.0
NEWS = "CLOCALNEWS"


def launch(home: Path) -> tuple[subprocess.Popen[str], str, float]:
    """`newsbot run` without tokens in `home`: the process, its page, seconds until ready."""
    proc, line, elapsed = start_newsroom(home)
    url = page_url(line)
    httpx.get(f"{url}/local/state", timeout=10).raise_for_status()
    return proc, url, elapsed


def answered(http: httpx.Client, url: str, state: dict[str, Any], sample_url: str) -> float:
    """Seconds from posting the link to its thread reply being in the page's updates."""
    seq = state["seq"]
    started = time.perf_counter()
    posted = http.post(f"{url}/local/message", json={"channel": NEWS, "text": sample_url})
    posted.raise_for_status()
    ts = posted.json()["ts"]
    while True:
        update = http.get(
            f"{url}/local/updates", params={"since": seq, "boot": state["boot"]}, timeout=30
        ).json()
        seq = update["seq"]
        for message in update["messages"]:
            if message["thread_ts"] == ts and message["ts"] != ts:
                state["seq"] = seq
                return time.perf_counter() - started
        if time.perf_counter() - started > 60:
            raise SystemExit(f"no reply to {sample_url} within 60 s")


def summary(values: list[float]) -> str:
    return f"median {statistics.median(values):.2f} s, max {max(values):.2f} s (n={len(values)})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3, help="fresh starts to time")
    args = parser.parse_args()

    fresh: list[float] = []
    again: list[float] = []
    first: list[float] = []
    archived: list[float] = []
    for _ in range(args.rounds):
        with tempfile.TemporaryDirectory(prefix="newsbot-bench-") as tmp:
            home = Path(tmp)
            proc, url, elapsed = launch(home)
            fresh.append(elapsed)
            try:
                with httpx.Client(timeout=30) as http:
                    state = http.get(f"{url}/local/state").json()
                    for sample in state["samples"]:
                        first.append(answered(http, url, state, sample["url"]))
                    for sample in state["samples"]:
                        archived.append(answered(http, url, state, sample["url"]))
            finally:
                stop_newsroom(proc)
            proc, url, elapsed = launch(home)  # the archive the first run left
            again.append(elapsed)
            stop_newsroom(proc)

    load = os.getloadavg()[0]
    print(f"local newsroom, {os.cpu_count()} CPUs, load average {load:.1f} at the end")
    print(f"start, fresh directory:   {summary(fresh)}   goal < {START_GOAL_S:g} s")
    print(f"start, existing archive:  {summary(again)}   goal < {START_GOAL_S:g} s")
    print(f"sample shared, analysed:  {summary(first)}   goal < {ANSWER_GOAL_S:g} s")
    print(f"sample shared again:      {summary(archived)}   goal < {ANSWER_GOAL_S:g} s")
    print(
        f"ratios to goal (max): start {max(fresh + again) / START_GOAL_S:.2f}, "
        f"answer {max(first + archived) / ANSWER_GOAL_S:.2f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

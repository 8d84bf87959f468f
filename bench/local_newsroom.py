"""How fast the local newsroom starts, and how fast a shared sample article is answered.

Runs `newsbot run` with no Slack variables in a fresh directory, as `make run` does on a new
machine, and times it from launch to the line with the page's address (the page and the app are
ready then); then once more on the archive the first run left. Then, through the page's own
JSON API (what the browser calls), shares each sample article and times it from the post to the
thread reply appearing in the page's updates, first when it is fetched and analysed, then again
when it is answered from the archive. The very first start, which compiles Python's bytecode,
is timed on its own. Each figure is given as wall time and as the CPU time newsbot used (on a
shared machine, about what it would take with the machine to itself).

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


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) the process has used so far, from Linux's /proc; NaN elsewhere.

    On a shared machine the wall time waits for other people's work; the CPU time does not, so
    it says what the same start would take with the two cores to itself."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def launch(home: Path) -> tuple[subprocess.Popen[str], str, float, float]:
    """`newsbot run` without tokens in `home`: the process, its page, and the wall and CPU
    seconds until it said it was ready."""
    proc, line, elapsed = start_newsroom(home)
    cpu = cpu_seconds(proc.pid)
    url = page_url(line)
    httpx.get(f"{url}/local/state", timeout=10).raise_for_status()
    return proc, url, elapsed, cpu


def answered(
    http: httpx.Client, url: str, state: dict[str, Any], sample_url: str, pid: int
) -> tuple[float, float]:
    """Wall seconds from posting the link to its thread reply being in the page's updates, and
    the CPU seconds newsbot spent meanwhile."""
    seq = state["seq"]
    cpu = cpu_seconds(pid)
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
                return time.perf_counter() - started, cpu_seconds(pid) - cpu
        if time.perf_counter() - started > 60:
            raise SystemExit(f"no reply to {sample_url} within 60 s")


def summary(values: list[float]) -> str:
    return f"median {statistics.median(values):.2f} s, max {max(values):.2f} s"


def report(label: str, wall: list[float], cpu: list[float], goal: float) -> None:
    print(f"{label + ':':34}wall {summary(wall)}; CPU {summary(cpu)}   goal < {goal:g} s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3, help="fresh starts to time")
    args = parser.parse_args()

    starts: dict[str, list[float]] = {"fresh": [], "fresh cpu": [], "again": [], "again cpu": []}
    shares: dict[str, list[float]] = {"first": [], "first cpu": [], "again": [], "again cpu": []}
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="newsbot-bench-pyc-") as pyc:
        # Python caches compiled modules after the first start on a person's machine; with
        # PYTHONDONTWRITEBYTECODE (set on some shared machines) every start would compile them
        # again. The first start below compiles into a cache of its own; the others use it.
        os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
        os.environ["PYTHONPYCACHEPREFIX"] = pyc
        with tempfile.TemporaryDirectory(prefix="newsbot-bench-") as tmp:
            proc, _, cold, cold_cpu = launch(Path(tmp))
            stop_newsroom(proc)
        for _ in range(args.rounds):
            with tempfile.TemporaryDirectory(prefix="newsbot-bench-") as tmp:
                home = Path(tmp)
                proc, url, elapsed, cpu = launch(home)
                starts["fresh"].append(elapsed)
                starts["fresh cpu"].append(cpu)
                try:
                    with httpx.Client(timeout=30) as http:
                        state = http.get(f"{url}/local/state").json()
                        for kind in ("first", "again"):  # analysed, then from the archive
                            for sample in state["samples"]:
                                wall, used = answered(http, url, state, sample["url"], proc.pid)
                                shares[kind].append(wall)
                                shares[f"{kind} cpu"].append(used)
                finally:
                    stop_newsroom(proc)
                proc, url, elapsed, cpu = launch(home)  # on the archive the first run left
                starts["again"].append(elapsed)
                starts["again cpu"].append(cpu)
                stop_newsroom(proc)

    print(
        f"local newsroom, {os.cpu_count()} CPUs, load average {load_before:.1f} at the start, "
        f"{os.getloadavg()[0]:.1f} at the end; {args.rounds} rounds, "
        f"{len(shares['first']) // args.rounds} sample articles each"
    )
    report("first start (compiles bytecode)", [cold], [cold_cpu], START_GOAL_S)
    report("start, fresh directory", starts["fresh"], starts["fresh cpu"], START_GOAL_S)
    report("start, existing archive", starts["again"], starts["again cpu"], START_GOAL_S)
    report("sample shared, analysed", shares["first"], shares["first cpu"], ANSWER_GOAL_S)
    report("sample shared again", shares["again"], shares["again cpu"], ANSWER_GOAL_S)
    worst_start = max(starts["fresh"] + starts["again"])
    worst_answer = max(shares["first"] + shares["again"])
    print(
        f"ratios to goal (worst wall, cached bytecode): start {worst_start / START_GOAL_S:.2f}, "
        f"answer {worst_answer / ANSWER_GOAL_S:.2f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""How much memory fetching a compression bomb takes: the figure behind README's Reliability.

Serves each bomb from tests.pageserver on 127.0.0.1 and fetches it with the real Fetcher
(5 MB cap, as deployed). For each it prints the bytes on the wire, what the fetcher answered,
the most memory Python held at once during the fetch (tracemalloc) and how far the process's
peak RSS grew, next to the decoded size the bomb would have reached. Goal: memory near the
cap, whatever the bomb expands to.

    python bench/fetch_bombs.py [--gigabytes 2]
"""

from __future__ import annotations

import argparse
import logging
import resource
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.fetch import Fetcher, FetchError
from tests.pageserver import PageServer, Route, compression_bomb

MB = 1024 * 1024
GOAL_MB = 16.0


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gigabytes", type=float, default=2.0, help="decoded size of each bomb")
    args = parser.parse_args()
    logging.disable(logging.WARNING)  # the fetcher's one-line refusals are printed below
    size = int(args.gigabytes * 1024 * MB)
    cases = [
        ("gzip, gzip", compression_bomb(size, layers=2), False),
        ("gzip", compression_bomb(size), True),
        ("deflate", compression_bomb(size, coding="deflate"), True),
    ]
    print(f"decoded size of each bomb: {size / MB:,.0f} MB; fetch cap 5 MB; goal < {GOAL_MB} MB")
    print(
        f"{'Content-Encoding':18} {'on wire':>10} {'py peak':>9} {'RSS +':>8} {'time':>7}  outcome"
    )
    worst = 0.0
    with PageServer() as site, Fetcher(allow_private=True, timeout_s=60.0) as fetcher:
        fetcher.fetch(site.html("/warm", "<p>warm</p>"))
        for i, (coding, bomb, chunked) in enumerate(cases):
            route = Route(body=bomb, headers={"Content-Encoding": coding}, chunked=chunked)
            url = site.add(f"/bomb{i}", route)
            before = rss_mb()
            tracemalloc.start()
            started = time.perf_counter()
            try:
                fetcher.fetch(url)
                outcome = "read (!)"
            except FetchError as exc:
                outcome = f"{exc.reason}: {exc}"
            elapsed = time.perf_counter() - started
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            grown = rss_mb() - before
            worst = max(worst, peak / MB)
            wire = f"{len(bomb) / 1024:,.1f} KB"
            print(
                f"{coding:18} {wire:>10} {peak / MB:>6.1f} MB {grown:>5.0f} MB "
                f"{elapsed:>6.2f}s  {outcome}"
            )
    ratio = size / MB / worst
    print(f"worst peak {worst:.1f} MB against {size / MB:,.0f} MB decoded: 1/{ratio:,.0f}")
    return 0 if worst < GOAL_MB else 1


if __name__ == "__main__":
    sys.exit(main())

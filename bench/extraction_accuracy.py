"""Article-body accuracy of extract_article against trafilatura's defaults, on the shared corpus.

Usage: python bench/extraction_accuracy.py [--keep DIR]

Reads ../shared/corpus/article-html (beside the repository): 91 real news pages with gold
bodies. Both extractors run over the same pages in one process; each writes a PRED json that
../shared/eval/score_extraction.py scores (word 4-gram precision and recall averaged over pages,
F1 of the averages). A page extract_article rejects with NoArticleText counts as an empty body,
as it would for a journalist. The goal is F1 >= 0.975 for extract_article.

It also counts the pages whose lead paragraph was lost (tests/leads.py says how it is measured).
"""

from __future__ import annotations

import argparse
import gzip
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import trafilatura

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # for tests.* helpers
from bot.article import NoArticleText, extract_article
from tests.leads import lead, leads_lost

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CORPUS = SHARED / "corpus" / "article-html"
SCORER = SHARED / "eval" / "score_extraction.py"
GOAL_F1 = 0.975
REJECTED: list[str] = []  # pages extract_article found no article text on


def trafilatura_defaults(html: str, url: str) -> str:
    return trafilatura.extract(html, url=url) or ""


def ours(html: str, url: str) -> str:
    try:
        return extract_article(html, url=url).text
    except NoArticleText:
        REJECTED.append(url)
        return ""


def predict(
    extract: Callable[[str, str], str], pages: dict[str, tuple[str, str]], out: Path
) -> float:
    """Write `out` as the scorer's PRED json; return pages per second."""
    start = time.perf_counter()
    pred = {key: {"articleBody": extract(html, url)} for key, (html, url) in pages.items()}
    rate = len(pages) / (time.perf_counter() - start)
    out.write_text(json.dumps(pred, ensure_ascii=False), encoding="utf-8")
    return rate


def score(pred: Path) -> str:
    """The scorer's one-line verdict, e.g. 'pages=91 precision=0.966 recall=0.973 F1=0.970'."""
    done = subprocess.run(
        [sys.executable, str(SCORER), str(CORPUS / "ground-truth.json"), str(pred)],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="write the PRED json files here and keep them")
    args = parser.parse_args()
    if not (CORPUS / "ground-truth.json").is_file() or not SCORER.is_file():
        print(f"corpus or scorer not found under {SHARED}: this benchmark needs ../shared")
        return 2
    gold = json.loads((CORPUS / "ground-truth.json").read_text(encoding="utf-8"))
    pages = {
        key: (
            gzip.decompress((CORPUS / "html" / f"{key}.html.gz").read_bytes()).decode(
                "utf-8", errors="replace"
            ),
            entry["url"],
        )
        for key, entry in gold.items()
    }
    print(f"{len(pages)} pages from {CORPUS}")
    with tempfile.TemporaryDirectory() as tmp:
        outdir = args.keep or Path(tmp)
        outdir.mkdir(parents=True, exist_ok=True)
        verdicts = {}
        lost: dict[str, list[str]] = {}
        captions: dict[str, list[str]] = {}
        for name, extract in (("trafilatura defaults", trafilatura_defaults), ("newsbot", ours)):
            pred = outdir / f"pred-{name.split()[0]}.json"
            rate = predict(extract, pages, pred)
            verdicts[name] = score(pred)
            lost[name], captions[name] = leads_lost(
                gold, pred, {key: html for key, (html, _) in pages.items()}
            )
            print(
                f"{name:22} {verdicts[name]}  lead paragraph lost on {len(lost[name])} pages"
                f" (+{len(captions[name])} whose gold lead is a media caption)  {rate:.1f} pages/s"
            )
    for url in REJECTED:
        print(f"  newsbot: NoArticleText on {url} (its lead is not counted as lost)")
    for key in lost["newsbot"]:
        print(f"  newsbot: lead lost on {gold[key]['url']}: {lead(gold[key]['articleBody'])[:70]}")
    for key in captions["newsbot"]:
        print(f"  newsbot: gold lead is a media caption on {gold[key]['url']}:")
        print(f"    {lead(gold[key]['articleBody'])[:90]}")
    f1 = float(verdicts["newsbot"].rsplit("F1=", 1)[1])
    print(f"goal F1 >= {GOAL_F1}: {'met' if f1 >= GOAL_F1 else 'NOT met'}")
    print(f"goal no lead paragraph lost: {'met' if not lost['newsbot'] else 'NOT met'}")
    return 0 if f1 >= GOAL_F1 and not lost["newsbot"] else 1


if __name__ == "__main__":
    sys.exit(main())

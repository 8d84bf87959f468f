"""Whether an extracted body lost the article's lead paragraph, measured against a gold body.

The lead is the first paragraph of the gold body with at least LEAD_MIN_WORDS words; it is lost
when its first LEAD_WORDS words (case-folded \\w+ tokens) do not appear as one run in the
extracted text. Pages refused as no article are counted apart (their whole body is missing by
design), and so are pages whose gold "lead" sits in the page inside a video player or a picture
caption (a figure, a figcaption, a block whose class names a video, a player or a caption):
that is not the story's lead. Used by tests/test_article.py and bench/extraction_accuracy.py.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import trafilatura

LEAD_MIN_WORDS = 8
LEAD_WORDS = 10
_MEDIA_CLASS = re.compile(r"video|player|caption", re.IGNORECASE)


def _tokens(text: str) -> list[str]:
    return [token.lower() for token in re.findall(r"\w+", text)]


def lead(gold: str) -> str:
    """The gold body's first paragraph of LEAD_MIN_WORDS words or more."""
    return next((p for p in gold.split("\n") if len(_tokens(p)) >= LEAD_MIN_WORDS), "")


def lead_lost(gold: str, ours: str) -> bool:
    words = " ".join(_tokens(lead(gold))[:LEAD_WORDS])
    return bool(words) and f" {words} " not in f" {' '.join(_tokens(ours))} "


def lead_in_media_caption(html: str, gold: str) -> bool:
    """Whether the gold lead's words sit, in the page, inside a video player or a caption."""
    tree = trafilatura.load_html(html)
    words = " ".join(_tokens(lead(gold))[:LEAD_WORDS])
    if tree is None or not words:
        return False
    holders = [
        e
        for e in tree.iter("p", "div", "span", "h2", "h3", "h4", "h5", "h6", "a", "figcaption")
        if words in " ".join(_tokens(e.text_content()))
    ]
    # the first place it appears in the flow of the page, at its innermost
    held = set(holders)
    innermost = next((e for e in holders if not any(d in held for d in e.iterdescendants())), None)
    return innermost is not None and any(
        e.tag in ("figure", "figcaption") or _MEDIA_CLASS.search(e.get("class") or "")
        for e in (innermost, *innermost.iterancestors())
    )


def leads_lost(
    gold: dict[str, dict[str, str]], pred: Path | dict[str, dict[str, str]], pages: dict[str, str]
) -> tuple[list[str], list[str]]:
    """Pages read (not refused) whose lead is missing from PRED (a path to the scorer's json,
    or its mapping), given each page's HTML: (lost, the gold lead was a media caption)."""
    ours = json.loads(pred.read_text(encoding="utf-8")) if isinstance(pred, Path) else pred
    missing = [
        key
        for key, entry in gold.items()
        if ours[key]["articleBody"] and lead_lost(entry["articleBody"], ours[key]["articleBody"])
    ]
    captions = [k for k in missing if lead_in_media_caption(pages[k], gold[k]["articleBody"])]
    return [k for k in missing if k not in captions], captions

"""An article's lede as a reply shows it: its first sentence, about 300 characters at most."""

from __future__ import annotations

import re

MAX_LEDE_CHARS = 300
ELLIPSIS = "…"
# What the lede is read from: the opening of the text (a first sentence is never longer).
OPENING_CHARS = 2000
# A sentence ends at . ! or ? (and any closing quotation mark or bracket) before a space and a
# capital letter, a digit or an opening quotation mark...
_END = re.compile(r"[.!?][\"'”’)\]]*\s+(?=[\"“‘(]?[A-Z0-9])")
# ...unless the dot ends an abbreviation or an initial ("Mr. Smith", "J. Doe", "U.S. officials").
_NOT_AN_END = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|Sen|Rep|Gov|Gen|Col|Lt|Sgt|Capt|St|Mt|Jr|Sr|No|Vol|Rev|Hon|Inc"
    r"|Ltd|Co|Corp|vs|etc|Jan|Feb|Mar|Apr|Aug|Sep|Sept|Oct|Nov|Dec)|\b[A-Z]|\b(?:[A-Z]\.)+[A-Z])$"
)


def lede(text: str, limit: int = MAX_LEDE_CHARS) -> str | None:
    """The first sentence of `text` (its first paragraph when no sentence ends in it), cut
    between words with an ellipsis past `limit` characters; None for a text without words."""
    paragraph = next((p.strip() for p in text.split("\n") if p.strip()), "")
    if not paragraph:
        return None
    sentence = paragraph
    for end in _END.finditer(paragraph):
        if not _NOT_AN_END.search(paragraph[: end.start()]):
            sentence = paragraph[: end.end()].rstrip()
            break
    sentence = " ".join(sentence.split())
    if len(sentence) <= limit:
        return sentence
    cut = sentence[: limit - len(ELLIPSIS)]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:—-") + ELLIPSIS

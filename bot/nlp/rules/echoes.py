"""Quoted words that repeat words the article quotes someone saying elsewhere: theirs.

News writing often quotes a phrase twice: a headline or a list of highlights shows a line that
the body quotes in full with its speaker ('- "My fears have been realized"' above 'Morrison
said, "... My fears have been realized."'), and a writer takes a phrase back up later ('hard to
square with "investing for growth"' after 'Reed said the deal allows "investing for growth that
will drive revenues"'). With no cue of its own, such a quote is the words of whoever the article
quotes saying them. A word or two is too common to prove anything ('the "reset"', 'a "virtual
tie"'); three or more words in a row, whole words, are the evidence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

Cue = TypeVar("Cue")

MIN_ECHO_WORDS = 3
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


def _words(text: str) -> list[str]:
    return [w.replace("’", "'").casefold() for w in _WORD.findall(text)]


@dataclass(frozen=True, slots=True)
class Said(Generic[Cue]):
    """A quote the article attributes: where it is and the cue that attributes it."""

    start: int
    end: int
    text: str
    cue: Cue


def echo_of_attributed_quote(
    text: str, start: int, end: int, said: Sequence[Said[Cue]]
) -> Said[Cue] | None:
    """The nearest attributed quote, apart from this one, whose words hold all of `text`'s in
    the same order (whole words, case and punctuation aside), or None; `text` needs at least
    MIN_ECHO_WORDS words."""
    words = _words(text)
    if len(words) < MIN_ECHO_WORDS:
        return None
    needle = " " + " ".join(words) + " "
    best: Said[Cue] | None = None
    for other in said:
        if other.start < end and start < other.end:
            continue  # the same quote, or one around it
        if needle not in " " + " ".join(_words(other.text)) + " ":
            continue
        if best is None or _distance(other, start) < _distance(best, start):
            best = other
    return best


def _distance(other: Said[Cue], start: int) -> int:
    return abs(other.start - start)

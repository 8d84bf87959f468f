"""Tables over a doc's tokens, built in one pass, that answer "the nearest token before i with
property P" and "the stretches of tokens between quotes" in constant time.

Attribution rules look at the words around every quote; on a page of thousands of quotation
marks a rule that walks those words afresh for each quote costs the square of the page. These
tables let it ask the same question once per quote at a constant price.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence

import numpy as np
from spacy.attrs import (
    DEP,
    ENT_IOB,
    HEAD,
    IDX,
    IS_ALPHA,
    IS_LOWER,
    IS_PUNCT,
    IS_SPACE,
    LEMMA,
    LOWER,
    ORTH,
    POS,
    SENT_START,
)
from spacy.tokens import Doc

# A range of token indices, both ends included; lo > hi is an empty range.
Range = tuple[int, int]


class Columns:
    """A doc's token attributes as plain lists, read in one Doc.to_array call: a pass over
    these costs no Token object per token, which a pass over the doc does."""

    def __init__(self, doc: Doc) -> None:
        n = len(doc)
        attrs = [HEAD, POS, DEP, LEMMA, LOWER, ORTH, IDX, IS_PUNCT, IS_SPACE, IS_ALPHA]
        table = doc.to_array([*attrs, IS_LOWER, ENT_IOB, SENT_START])
        self.strings = doc.vocab.strings
        self.head: list[int] = (np.arange(n) + table[:, 0].astype(np.int64)).tolist()
        self.pos: list[int] = table[:, 1].tolist()
        self.dep: list[int] = table[:, 2].tolist()
        self.lower: list[int] = table[:, 4].tolist()
        self.orth: list[int] = table[:, 5].tolist()
        self.idx: list[int] = table[:, 6].tolist()
        self.is_punct: list[bool] = table[:, 7].astype(bool).tolist()
        self.is_space: list[bool] = table[:, 8].astype(bool).tolist()
        self.is_alpha: list[bool] = table[:, 9].astype(bool).tolist()
        self.is_lower: list[bool] = table[:, 10].astype(bool).tolist()
        # Outside every entity: Token.ent_iob_ == "O" (0 is "", no entity annotation).
        self.outside_ents: list[bool] = (table[:, 11] == 2).tolist()
        # Token.is_sent_start is True: sent_start 1 (-1 is False, 0 unknown).
        self.sent_start: list[bool] = (table[:, 12] == 1).tolist()
        lemmas: list[int] = table[:, 3].tolist()
        # Lower-cased, as the lexicons are.
        lowered = {h: self.strings[h].lower() for h in set(lemmas)}
        self.lemma: list[str] = list(map(lowered.__getitem__, lemmas))

    def id(self, label: str) -> int:
        """The id a label or word has in these columns ("ROOT", "according")."""
        return int(self.strings[label])


def previous_true(flags: Sequence[bool]) -> list[int]:
    """For each i, the largest j <= i with flags[j], or -1."""
    out = [-1] * len(flags)
    last = -1
    for i, flag in enumerate(flags):
        if flag:
            last = i
        out[i] = last
    return out


def next_true(flags: Sequence[bool]) -> list[int]:
    """For each i, the smallest j >= i with flags[j], or len(flags)."""
    out = [len(flags)] * len(flags)
    nxt = len(flags)
    for i in range(len(flags) - 1, -1, -1):
        if flags[i]:
            nxt = i
        out[i] = nxt
    return out


def counts_before(flags: Sequence[bool]) -> list[int]:
    """For each i in 0..len(flags), how many of flags[0:i] are true."""
    out = [0] * (len(flags) + 1)
    for i, flag in enumerate(flags):
        out[i + 1] = out[i] + (1 if flag else 0)
    return out


def nearest(previous: Sequence[int], ranges: Sequence[Range]) -> int:
    """The highest index with the property in the first range that has one, or -1.

    `previous` is a previous_true table; ranges are given nearest first.
    """
    for lo, hi in ranges:
        if hi >= lo:
            j = previous[hi]
            if j >= lo:
                return j
    return -1


class Runs:
    """The maximal runs of consecutive true flags (quotation marks and quoted words, say)."""

    def __init__(self, flags: Sequence[bool]) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []  # exclusive
        for i, flag in enumerate(flags):
            if not flag:
                continue
            if self.ends and self.ends[-1] == i:
                self.ends[-1] = i + 1
            else:
                self.starts.append(i)
                self.ends.append(i + 1)

    def gaps(self, lo: int, hi: int) -> list[tuple[int, int]]:
        """The stretches of lo..hi (hi excluded) outside every run, in order, empty ones too."""
        out: list[tuple[int, int]] = []
        start = lo
        r = bisect_right(self.ends, lo)  # the first run that ends after lo
        while r < len(self.starts) and self.starts[r] < hi:
            out.append((start, max(start, self.starts[r])))
            start = self.ends[r]
            r += 1
        if start < hi:
            out.append((start, hi))
        return out

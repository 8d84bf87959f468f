"""Tables over a doc's tokens, built in one pass, that answer "the nearest token before i with
property P" and "the stretches of tokens between quotes" in constant time.

Attribution rules look at the words around every quote; on a page of thousands of quotation
marks a rule that walks those words afresh for each quote costs the square of the page. These
tables let it ask the same question once per quote at a constant price.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence

# A range of token indices, both ends included; lo > hi is an empty range.
Range = tuple[int, int]


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

"""Numbers as a person reads them: counted nouns ("1 article", "2 articles", "3 people") and
counts over time as a text sparkline ("▁▃▅█")."""

from __future__ import annotations

from collections.abc import Sequence

IRREGULAR = {"person": "people"}


def plural(noun: str, n: int) -> str:
    """`noun` as it goes with the number `n`: quote, quotes; person, people."""
    if n == 1:
        return noun
    return IRREGULAR.get(noun, f"{noun}s")


def counted(n: int, noun: str) -> str:
    """`1 article`, `2 articles`, `0 quotes`."""
    return f"{n} {plural(noun, n)}"


def last_days(n: float) -> str:
    """`the last day`, `the last 7 days`."""
    return "the last day" if n == 1 else f"the last {n:g} days"


SPARKS = "▁▂▃▄▅▆▇█"


def sparkline(counts: Sequence[int]) -> str:
    """One character per count, as tall as the count is against the largest: `▁` is none at
    all, `▂` to `█` some (so one mention never looks like none). `[0, 1, 4, 8]` -> `▁▃▅█`."""
    top = max(counts, default=0)
    if top <= 0:
        return SPARKS[0] * len(counts)
    steps = len(SPARKS) - 2
    return "".join(SPARKS[0] if n <= 0 else SPARKS[1 + round(steps * n / top)] for n in counts)

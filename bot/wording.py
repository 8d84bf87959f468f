"""Counted nouns as a person writes them: "1 article", "2 articles", "1 person", "3 people"."""

from __future__ import annotations

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

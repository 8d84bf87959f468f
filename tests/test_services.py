"""The membership caches of a running app: an answer is kept for its minutes, then asked again,
and no more than a bounded number of people are remembered at once."""

from __future__ import annotations

from bot.services import MembershipCache


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_an_answer_is_kept_for_its_minutes_then_forgotten() -> None:
    clock = Clock()
    cache: MembershipCache[frozenset[str]] = MembershipCache(ttl=300, clock=clock)
    cache.put("U1", frozenset({"G1"}))
    clock.now += 299
    assert cache.get("U1") == frozenset({"G1"})
    clock.now += 1
    assert cache.get("U1") is None
    assert cache.get("U2") is None


def test_past_its_bound_the_longest_remembered_person_is_forgotten_first() -> None:
    clock = Clock()
    cache: MembershipCache[frozenset[str]] = MembershipCache(ttl=300, clock=clock, max_users=2)
    cache.put("U1", frozenset({"G1"}))
    clock.now += 1
    cache.put("U2", frozenset({"G2"}))
    clock.now += 1
    cache.put("U1", frozenset({"G1", "G3"}))  # asked again: now the newest
    cache.put("U3", frozenset())
    assert len(cache) == 2
    assert cache.get("U2") is None
    assert cache.get("U1") == frozenset({"G1", "G3"})
    assert cache.get("U3") == frozenset()

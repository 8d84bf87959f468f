"""Which of an article's quotes are worth showing: the one ranking behind share replies,
`/newsbot article` and digests, so an article shows the same best quotes wherever it appears.

A quote counts for more when it is said directly, is of readable length (8 to 60 words) and comes
from a salient speaker. Fragments under SHORT_QUOTE_WORDS words ("a disaster") say little on
their own: they are shown only when the article (or speaker) has nothing longer, and rank below
every longer quote. Best quotes have a named speaker (a person or an organisation); a quote
credited to a bare description ("officials", "analysts") is shown only when the article has no
quote of a named speaker.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import lru_cache
from typing import Protocol, TypeVar

# Speakers with a name. A place that speaks ("Ukraine said") is its government, so it counts;
# a group ("officials", "residents") is a description.
NAMED_KINDS = frozenset({"person", "organization", "place"})
SHORT_QUOTE_WORDS = 4
READABLE_WORDS = (8, 60)
_KIND_WEIGHT = {"direct": 2.0, "partial": 1.0, "indirect": 0.5}


class RankedQuote(Protocol):
    """What the ranking reads of a quote: the analysis's records and the archive's rows alike."""

    @property
    def text(self) -> str: ...

    @property
    def kind(self) -> str: ...

    @property
    def speaker(self) -> str | None: ...

    @property
    def start(self) -> int: ...

    @property
    def cue(self) -> str | None: ...

    @property
    def speaker_kind(self) -> str | None: ...


T = TypeVar("T")
Q = TypeVar("Q", bound=RankedQuote)


# A digest ranks each of its thousands of quotes several times (per article, per speaker, for
# the day): the words of each text are counted once.
@lru_cache(maxsize=16384)
def word_count(text: str) -> int:
    return len(text.split())


class Credited(Protocol):
    """Who a quote is credited to."""

    @property
    def speaker(self) -> str | None: ...

    @property
    def speaker_kind(self) -> str | None: ...


def is_named(q: Credited) -> bool:
    """Whether the quote's speaker is named (a person, an organisation), not a description."""
    return bool(q.speaker) and q.speaker_kind in NAMED_KINDS


def is_short(text: str) -> bool:
    return word_count(text) < SHORT_QUOTE_WORDS


def quote_score(text: str, kind: str, speaker_weight: float) -> float:
    """How worth showing a quote is: said directly, of readable length, by a prominent speaker
    (`speaker_weight` is the speaker's salience, 0 to 1)."""
    words = word_count(text)
    if READABLE_WORDS[0] <= words <= READABLE_WORDS[1]:
        length = 1.0
    elif words >= SHORT_QUOTE_WORDS:
        length = 0.5
    else:
        length = 0.1
    return _KIND_WEIGHT.get(kind, 0.5) * length * (0.2 + speaker_weight)


def rank_key(text: str, score: float) -> tuple[bool, float]:
    """Sort key, best first: short quotes after every longer one, whatever their score."""
    return (is_short(text), -score)


def pick_spread(ranked: Sequence[T], n: int, key: Callable[[T], object]) -> list[T]:
    """The first `n` of `ranked`, one per `key` while other keys are left, then the best rest."""
    picked: list[T] = []
    seen: set[object] = set()
    for item in ranked:
        if len(picked) < n and key(item) not in seen:
            picked.append(item)
            seen.add(key(item))
    for item in ranked:
        if len(picked) < n and item not in picked:
            picked.append(item)
    return picked


def best_quotes(quotes: Iterable[Q], salience: Mapping[str, float], n: int) -> list[Q]:
    """Up to `n` attributed quotes worth showing, one per speaker while others are left, in text
    order; those of speakers without a name only when no named speaker is quoted, and short
    ones only when there is nothing longer. `salience` maps speaker names."""
    attributed = [q for q in quotes if q.speaker and q.text.strip()]
    attributed = [q for q in attributed if is_named(q)] or attributed
    longer = [q for q in attributed if not is_short(q.text)]
    ranked = sorted(
        longer or attributed,
        key=lambda q: rank_key(
            q.text, quote_score(q.text, q.kind, salience.get(q.speaker or "", 0))
        ),
    )
    return sorted(pick_spread(ranked, n, key=lambda q: q.speaker), key=lambda q: q.start)

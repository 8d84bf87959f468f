"""Which stored quotes are one quote seen several times: the keys a quote is indexed by.

The same quote in several articles (wire copy, a follow-up, a rival's report) is recognised by
its words, normalised as search reads them (bot.store.search.words: case, accents, punctuation
and apostrophes do not matter), never by its speaker or article. Two quotes are linked when

- they have the same normalised words, at least MIN_WORDS of them (shorter ones, "a disaster",
  are said by many people about many things): `words_key`; or
- one grew or was trimmed at one end in a later report: they share their first ANCHOR_WORDS
  words (`head_key`: words cut or added at the end) or their last ANCHOR_WORDS words
  (`tail_key`: at the start), both quotes having at least that many.

A quote cut at both ends, or quoted in pieces, is not linked (it shares no key): a limit chosen
so that every link is one indexed equality, fast at millions of quotes. Links are not followed
further: a quote's family is the quotes sharing one of its own keys. Each key is the first 8
bytes of the SHA-256 of the words, as a signed 64-bit integer (BIGINT on both databases).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from bot.store.search import words

MIN_WORDS = 5
ANCHOR_WORDS = 8


@dataclass(frozen=True, slots=True)
class QuoteKeys:
    words_key: int | None
    head_key: int | None
    tail_key: int | None


def fingerprint(normalised: list[str]) -> int:
    """A 64-bit key of a run of normalised words."""
    digest = hashlib.sha256(" ".join(normalised).encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def quote_keys(text: str) -> QuoteKeys:
    """The keys of a quote's text (None where it is too short to have one)."""
    return keys_of_words(words(text))


def keys_of_words(found: list[str]) -> QuoteKeys:
    """quote_keys of text whose search.words are `found` (a writer has them already)."""
    if len(found) < MIN_WORDS:
        return QuoteKeys(None, None, None)
    whole = fingerprint(found)
    if len(found) < ANCHOR_WORDS:
        return QuoteKeys(whole, None, None)
    return QuoteKeys(whole, fingerprint(found[:ANCHOR_WORDS]), fingerprint(found[-ANCHOR_WORDS:]))


def contains(longer: str, shorter: str) -> bool:
    """Whether the normalised words of `shorter` are a run of those of `longer`."""
    inner = " ".join(words(shorter))
    return bool(inner) and f" {inner} " in f" {' '.join(words(longer))} "

"""Evidence for a pronoun's antecedent from a person's first name ("Jane Roe" is a she more often
than a he), read from the first-name dictionary of the gender-guesser package.

Used only inside speaker resolution, as one vote among titles and earlier pronouns: it is never
shown, stored or said to be anyone's gender.
"""

from __future__ import annotations

from functools import cache, lru_cache

from bot.nlp.lexicon import TITLES

# The dictionary's answers for a name, overall and in the countries whose news newsbot reads
# most; a name must lean the same way in all of them ("Rand" is female overall, male in the
# USA: no evidence).
COUNTRIES = (None, "usa", "great_britain")
_LEAN = {"male": 1.0, "mostly_male": 0.5, "female": -1.0, "mostly_female": -0.5}
# How far a name must lean, summed over COUNTRIES, with a clear answer in one at least.
MIN_LEAN = 1.5
# A first name counts as two pronouns after the person (one may be misread), two thirds of a
# title (Mr, Ms).
NAME_VOTES = 2
# The names and words whose answers are kept (each a few hundred bytes): a process analysing
# articles for weeks meets ever more of them, and an unbounded cache would keep them all.
MEMO_SIZE = 4096


@cache
def _answers() -> dict[str, tuple[str, ...]]:
    """Every name's answers in COUNTRIES ("unknown": a name it does not know, "andy": either),
    each combination one shared tuple. Read once from gender-guesser's Detector, which is then
    let go: it holds every country's column for 48,000 names (20 MB resident; this table about
    5 MB). Loaded on first use (about two seconds): a process that resolves no pronoun never
    pays it."""
    from gender_guesser.detector import Detector

    detector = Detector(case_sensitive=False)
    shared: dict[tuple[str, ...], tuple[str, ...]] = {}
    table: dict[str, tuple[str, ...]] = {}
    for name in detector.names:
        answers = tuple(
            detector.get_gender(name, country) if country else detector.get_gender(name)
            for country in COUNTRIES
        )
        # A copy of the name: the Detector's own strings would keep its memory pages in use.
        table[name.encode().decode()] = shared.setdefault(answers, answers)
    return table


def genders(word: str) -> tuple[str, ...]:
    """gender-guesser's answer for a first name in each of COUNTRIES, as its
    Detector(case_sensitive=False).get_gender gives it: ("female", "female", "female")."""
    return _answers().get(word.lower(), ("unknown",) * len(COUNTRIES))


def first_name(name: str) -> str | None:
    """The first name of a person's full name, or None when the name is a surname alone
    ("Trump") or starts with an initial ("J. Smith"): "Sen. Ann Roe" -> "Ann"."""
    words = [w for w in name.split() if w.lower().rstrip(".") not in TITLES]
    if len(words) < 2:
        return None
    first = words[0]
    if len(first.rstrip(".")) < 2 or not first.isalpha():
        return None
    return first


@lru_cache(maxsize=MEMO_SIZE)
def name_votes(name: str) -> tuple[str, int] | None:
    """("m" or "f", votes) for a person's full name, or None when its first name says nothing
    or says different things in different countries."""
    first = first_name(name)
    if first is None:
        return None
    leans = [_LEAN.get(answer) for answer in genders(first)]
    found = [x for x in leans if x is not None]
    if not found or (min(found) < 0 < max(found)) or abs(sum(found)) < MIN_LEAN:
        return None
    if all(abs(x) < 1 for x in found):
        return None  # "mostly" everywhere ("Lindsey", "Chris"): a hint, not evidence
    return ("m" if sum(found) > 0 else "f", NAME_VOTES)


@lru_cache(maxsize=MEMO_SIZE)
def is_first_name(word: str) -> bool:
    """Whether a word is a given name in the dictionary, of either sex ("Timothy", "Ann"):
    evidence that a capitalised word after it is a surname, never shown or stored."""
    return len(word) > 1 and word.isalpha() and genders(word)[0] != "unknown"

"""The quote search language, and the one tokenizer both databases index with.

A query is words, "quoted phrases", OR and exclusions (-word, NOT word, -"phrase"). Words are
matched in any form: case, accents and a possessive 's do not matter and English words are
reduced to their stem ("voting" finds "votes"). Common words ("the", "of") are left out of a
query unless they are inside a phrase. SQLite (FTS5) and PostgreSQL (tsvector) index the same
terms, made here by `index_terms` when a quote is stored, so both give the same answers.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from bot.lean_imports import english_stemmer

MAX_TERMS = 10
# Too common to say anything about a quote: ignored as a search word (not inside a phrase).
STOP_WORDS = frozenset(
    """a an and are as at be but by for from has have he her his i if in into is it its of on
    or our she so than that the their them then there these they this to was we were what when
    which who will with would you your""".split()  # noqa: SIM905
)
# A word: letters and digits, with an ending of one or two letters after an apostrophe
# ("don't", "bridge's", "we're"); any other apostrophe separates words ("l'Élysée").
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]{1,2}\b)?")
_POSSESSIVE = re.compile(r"['’]s$")
_APOSTROPHES = re.compile(r"['’]")
# A query piece: an optional minus, then a "phrase" (closed or not) or a run of non-spaces.
_PIECE = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"'})
_STEMMER = english_stemmer()


def _fold(text: str) -> str:
    """Lower case without accents: "Élysée" -> "elysee"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    if decomposed.isascii():  # most text: no accent to take off (this runs for every quote)
        return decomposed
    marks = [c for c in set(decomposed) if unicodedata.combining(c)]
    return decomposed.translate(dict.fromkeys(map(ord, marks))) if marks else decomposed


def words(text: str) -> list[str]:
    """The words of `text` as search sees them: folded, possessive 's and apostrophes gone."""
    return [
        _APOSTROPHES.sub("", _POSSESSIVE.sub("", w)) if "'" in w or "’" in w else w
        for w in _WORD.findall(_fold(text))
    ]


@lru_cache(maxsize=200_000)
def term(word: str) -> str:
    """The indexed form of one folded word: its English stem, in letters both databases'
    tokenizers keep whole (a word in another script becomes "zz" and its UTF-8 in hex)."""
    stem = _STEMMER.stemWord(word)
    if stem.isascii():
        return stem
    return "zz" + stem.encode("utf-8").hex()


def index_terms(text: str) -> str:
    """What the search index holds for a quote's text: its terms, in order, space-separated."""
    return terms_of(words(text))


def terms_of(found: list[str]) -> str:
    """index_terms of text whose words() are `found`."""
    return " ".join(map(term, found))


@dataclass(frozen=True, slots=True)
class Term:
    """One word, or a phrase: terms that must follow each other in this order."""

    terms: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Query:
    """Every group must match (a group: any one of its terms) and no excluded term may."""

    groups: tuple[tuple[Term, ...], ...]
    excluded: tuple[Term, ...]
    problem: str | None = None  # one sentence saying why there is nothing to search for


def parse(text: str) -> Query:
    """`bridge OR tunnel -toll "city council"` -> groups ((bridg | tunnel), (citi council)),
    excluding (toll)."""
    groups: list[list[Term]] = []
    excluded: list[Term] = []
    common: list[str] = []
    join_next = negate_next = False
    for match in _PIECE.finditer(text.translate(_QUOTES)):
        minus, phrase, bare = match.groups()
        if bare in ("OR", "NOT"):
            join_next, negate_next = (bare == "OR", False) if bare == "OR" else (False, True)
            continue
        negate = negate_next or bool(minus) or (bare is not None and bare.startswith("-"))
        found = words(phrase if phrase is not None else bare.lstrip("-"))
        if phrase is None and len(found) == 1 and found[0] in STOP_WORDS:
            common.append(found[0])
            found = []
        piece = Term(tuple(term(w) for w in found)) if found else None
        if piece is not None and negate:
            excluded.append(piece)
        elif piece is not None:
            if join_next and groups:
                groups[-1].append(piece)
            else:
                groups.append([piece])
        join_next = negate_next = False
    if len(excluded) + sum(len(g) for g in groups) > MAX_TERMS:
        return Query((), (), f"A search takes at most {MAX_TERMS} words or phrases.")
    if not groups:
        if excluded:
            problem = "Say what to look for, not only what to leave out."
        elif common:
            problem = (
                f"“{' '.join(common)}” is too common to search for: add a more telling word, "
                'or put the words in quotation marks to search for an "exact phrase".'
            )
        else:
            problem = "Give me some words to look for."
        return Query((), (), problem)
    return Query(tuple(tuple(g) for g in groups), tuple(excluded))


def phrase(text: str) -> Query:
    """A query for the words of `text` as one phrase, common words included."""
    return Query(((Term(tuple(map(term, words(text)))),),), ())


def fts5_match(query: Query) -> str:
    """The query as an FTS5 MATCH expression over the indexed terms (only [a-z0-9] in them)."""

    def one(t: Term) -> str:
        return '"' + " ".join(t.terms) + '"'

    def any_of(terms: tuple[Term, ...]) -> str:
        return "(" + " OR ".join(one(t) for t in terms) + ")"

    expression = " AND ".join(any_of(g) for g in query.groups)
    if query.excluded:
        expression = f"({expression}) NOT {any_of(query.excluded)}"
    return expression


def tsquery(query: Query) -> str:
    """The query as PostgreSQL tsquery text, for to_tsquery('simple', ...)."""

    def one(t: Term) -> str:
        return "(" + " <-> ".join(f"'{w}'" for w in t.terms) + ")"

    def any_of(terms: tuple[Term, ...]) -> str:
        return "(" + " | ".join(one(t) for t in terms) + ")"

    parts = [any_of(g) for g in query.groups]
    if query.excluded:
        parts.append("!" + any_of(query.excluded))
    return " & ".join(parts)

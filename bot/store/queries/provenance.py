"""Where a quote first appeared: the same quote (bot.store.quote_keys) across articles, for the
"first seen in OUTLET on DATE, also in N other articles" line of every quote shown, and
`/newsbot said WORDS` (who said those words, and where they first appeared).

Both read only the articles the viewer may see, so a private share never shows up as where a
quote was first seen by someone outside its channel.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from bot.store import search, visibility
from bot.store.queries.archive import search_texts
from bot.store.queries.records import Provenance, QuoteView, quote_select, quote_views
from bot.store.queries.tables import ARTICLES, QUOTES
from bot.store.quote_keys import contains
from bot.store.visibility import Viewer

KEYS = ("words_key", "head_key", "tail_key")
# Copies of one quote read to place it: a quote in more articles than this is placed among
# its first ones (by when the newsroom saw them), and its count says "at least".
MAX_FAMILY = 2000
SAID_CANDIDATES = 200  # quotes holding the words, read to find who said them
# Pages of SAID_CANDIDATES read at most while none holds the words in order: common words are
# in many newer quotes in another order ("the valley will rebuild every school").
SAID_PAGES = 10
MIN_SAID_WORDS = 3
SAID_SPEAKERS = 5


def _found_by(row: Any) -> tuple[str, ...]:
    """The keys a quote is found by: a quote with head and tail keys by those (any quote of the
    same words has the same head), a shorter one by its words (models.QUOTE_KEY_INDEXES)."""
    return ("words_key",) if row.head_key is None else ("head_key", "tail_key")


def _family_rows(session: Session, keys: dict[str, set[int]], viewer: Viewer | None) -> list[Any]:
    """The quotes sharing one of these keys, oldest first, that `viewer` may see."""
    c = QUOTES.c
    # Each with the terms of its partial index, so that the database uses it.
    matches = [
        sa.and_(c[k].in_(sorted(v)), c.head_key.is_(None))
        if k == "words_key"
        else c[k].in_(sorted(v))
        for k, v in keys.items()
        if v
    ]
    if not matches:
        return []
    seen = visibility.visible(viewer, c.public, c.article_id)
    return list(
        session.execute(
            sa.select(c.id, c.article_id, c.seen_at, *(c[k] for k in KEYS))
            .add_columns(ARTICLES.c.site, ARTICLES.c.title, ARTICLES.c.canonical_url)
            .join(ARTICLES, ARTICLES.c.id == c.article_id)
            .where(sa.or_(*matches), *seen)
            .order_by(c.seen_at, c.article_id, c.id)
            .limit(MAX_FAMILY)
        ).all()
    )


def provenance(
    *, session: Session, quote_ids: Sequence[int], viewer: Viewer | None = None
) -> dict[int, Provenance]:
    """For each of these quotes found in more than one article: the article it was first seen
    in and how many articles hold it (the same words, or grown or trimmed at one end)."""
    if not quote_ids:
        return {}
    c = QUOTES.c
    own = session.execute(
        sa.select(c.id, c.article_id, c.words_key, c.head_key, c.tail_key).where(
            c.id.in_(sorted(set(quote_ids))), c.words_key.is_not(None)
        )
    ).all()
    keys: dict[str, set[int]] = {k: set() for k in KEYS}
    for row in own:
        for k in _found_by(row):
            if getattr(row, k) is not None:
                keys[k].add(getattr(row, k))
    by_key: dict[tuple[str, int], list[Any]] = defaultdict(list)
    for row in _family_rows(session, keys, viewer):
        for k in KEYS:
            value = getattr(row, k)
            if value is not None and value in keys[k]:
                by_key[(k, value)].append(row)
    found: dict[int, Provenance] = {}
    for row in own:
        family: dict[int, Any] = {}
        for k in _found_by(row):
            value = getattr(row, k)
            for other in by_key.get((k, value), []) if value is not None else []:
                family.setdefault(other.id, other)
        articles = {r.article_id for r in family.values()} | {row.article_id}
        if len(articles) < 2:
            continue
        first = min(family.values(), key=lambda r: (r.seen_at, r.article_id, r.id))
        found[row.id] = Provenance(
            quote_id=first.id,
            article_id=first.article_id,
            site=first.site,
            title=first.title,
            url=first.canonical_url,
            seen_at=first.seen_at,
            articles=len(articles),
        )
    return found


def with_provenance(
    *, session: Session, quotes: Sequence[QuoteView], viewer: Viewer | None = None
) -> tuple[QuoteView, ...]:
    """The quotes, each with its provenance when it was seen in other articles too."""
    found = provenance(session=session, quote_ids=[v.id for v in quotes], viewer=viewer)
    return tuple(replace(v, provenance=found.get(v.id)) for v in quotes)


@dataclass(frozen=True, slots=True)
class SaidBy:
    """Who said the words: the earliest quote of theirs holding them, and in how many
    articles they were seen saying them."""

    speaker: str | None
    first: QuoteView
    articles: int


@dataclass(frozen=True, slots=True)
class Said:
    query: str
    found: tuple[SaidBy, ...]
    problem: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "problem": self.problem,
            "found": [
                {"speaker": s.speaker, "articles": s.articles, "first": s.first.to_json()}
                for s in self.found
            ],
        }


def said(*, session: Session, words: str, viewer: Viewer | None = None) -> Said:
    """Who said `words` (normalised as search reads them) and where each first said them.

    The quotes holding all the words are found through the search index, those that hold
    them word for word are kept, and each speaker's are placed with their copies in other
    articles (provenance): the earliest of all is where the words first appeared.
    """
    wanted = search.words(words)
    if len(wanted) < MIN_SAID_WORDS:
        return Said(words, (), f"Give at least {MIN_SAID_WORDS} words of the quote.")
    # The words other than the commonest, all of them, through the search index; then word for
    # word here. A phrase query of the same words would make the index walk the long lists of
    # "the" and "we" to check positions.
    content = list(dict.fromkeys(w for w in wanted if w not in search.STOP_WORDS))
    query = " ".join(f'"{w}"' for w in content[: search.MAX_TERMS])
    if not content:
        query = '"' + " ".join(wanted) + '"'
    found = _holding(session, query, words, viewer)
    if not found:
        return Said(words, ())
    placed = provenance(session=session, quote_ids=[v.id for v in found], viewer=viewer)
    firsts = {p.quote_id for p in placed.values()} - {v.id for v in found}
    earlier: dict[int, QuoteView] = {}
    if firsts:
        rows = session.execute(quote_select().where(QUOTES.c.id.in_(sorted(firsts)))).all()
        earlier = {v.id: v for v in quote_views(rows)}
    groups: dict[str, list[QuoteView]] = defaultdict(list)
    for v in found:
        groups[(v.speaker or v.speaker_text or "").casefold()].append(v)
    answers: list[SaidBy] = []
    for quotes in groups.values():
        # The earliest copy may be credited to someone else: it is shown as it was credited.
        copies = [earlier.get(placed[v.id].quote_id, v) for v in quotes if v.id in placed]
        first = min([*quotes, *copies], key=_first_key)
        articles = max(
            [len({v.article_id for v in quotes})]
            + [placed[v.id].articles for v in quotes if v.id in placed]
        )
        answers.append(SaidBy(quotes[0].speaker or quotes[0].speaker_text, first, articles))
    answers.sort(key=lambda s: _first_key(s.first))
    return Said(words, tuple(answers[:SAID_SPEAKERS]))


def _holding(session: Session, query: str, words: str, viewer: Viewer | None) -> list[QuoteView]:
    """The newest quotes found by `query` that hold `words` word for word: the first page of
    SAID_CANDIDATES that has any, newest first (their copies elsewhere, older ones included, are
    found by provenance), reading at most SAID_PAGES pages.

    Candidates are read as ids and texts: the first page alone (it usually has the words), then
    all the other pages in one statement starting below it. A word in many quotes is found
    through the search index by reading all of its quotes whatever the limit, so a statement a
    page would read them all again for each page. The whole rows are read for the quotes kept.

    On PostgreSQL the database keeps the candidates holding the words in order (a phrase of
    their terms, checked on the rows it reads anyway) among all SAID_PAGES pages, in one
    statement: a first page without them would make a second statement read the word's quotes
    again."""
    if session.get_bind().dialect.name == "postgresql":
        holders = search_texts(
            session=session,
            words=query,
            limit=SAID_CANDIDATES,
            viewer=viewer,
            phrase=words,
            among=SAID_PAGES * SAID_CANDIDATES,
        )
        return _kept(session, holders, words)
    before, pages = None, 1
    while True:
        candidates = search_texts(
            session=session,
            words=query,
            limit=pages * SAID_CANDIDATES,
            before=before,
            viewer=viewer,
        )
        for first in range(0, len(candidates), SAID_CANDIDATES):
            if kept := _kept(session, candidates[first : first + SAID_CANDIDATES], words):
                return kept
        if before is not None or len(candidates) < SAID_CANDIDATES or SAID_PAGES == 1:
            return []
        before, pages = candidates[-1][0], SAID_PAGES - 1


def _kept(session: Session, candidates: list[tuple[int, str]], words: str) -> list[QuoteView]:
    """The whole rows of the `candidates` (ids and texts) holding `words` word for word."""
    kept = [i for i, text in candidates if contains(text, words)]
    if not kept:
        return []
    rows = session.execute(quote_select().where(QUOTES.c.id.in_(kept))).all()
    return sorted(quote_views(rows), key=lambda v: v.id, reverse=True)


def _first_key(v: QuoteView) -> tuple[datetime, int, int]:
    return (v.seen_at, v.article_id, v.id)

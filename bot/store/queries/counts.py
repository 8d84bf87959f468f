"""The counts the archive's writer keeps beside the rows it stores: each actor's article and
quote counters with its first and last seen, and each actor's weekly counts (actor_week, which
windowed rankings read, bot.store.queries.windows).

The writer keeps them, in the statement that inserts the rows (PostgreSQL) or right after it
(SQLite), rather than triggers: a trigger runs an upsert per row inserted, where a batch
touches each (week, actor) once. Every write of article_actor and quote rows goes through
bot.store.queries.articles, which adds what it inserts and takes off what it deletes.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session

from bot.store.db import PostgresTail, Rows, insert_rows
from bot.store.models import UTCDateTime
from bot.store.weeks import week_of

_WIDEN_SEEN = (
    ", last_seen_at = CASE WHEN last_seen_at IS NULL OR last_seen_at < {hi}"
    " THEN {hi} ELSE last_seen_at END"
    ", first_seen_at = CASE WHEN first_seen_at IS NULL OR first_seen_at > {lo}"
    " THEN {lo} ELSE first_seen_at END"
)
# PostgreSQL: one statement for all the actors, its arrays unnested (fixed text, prepared
# once); SQLite: an executemany of one row each, which runs in-process.
_PG_COUNTS_SQL = (
    "UPDATE actor SET article_count = article_count + d.a, quote_count = quote_count + d.q{widen}"
    " FROM unnest(CAST(:i AS INTEGER[]), CAST(:a AS INTEGER[]), CAST(:q AS INTEGER[]),"
    " CAST(:lo AS TIMESTAMP WITH TIME ZONE[]), CAST(:hi AS TIMESTAMP WITH TIME ZONE[]))"
    " AS d(i, a, q, lo, hi) WHERE actor.id = d.i"
)
_PG_COUNTS = {
    False: _PG_COUNTS_SQL.format(widen=""),
    True: _PG_COUNTS_SQL.format(widen=_WIDEN_SEEN.format(lo="d.lo", hi="d.hi")),
}
_SQLITE_COUNTS_SQL = (
    "UPDATE actor SET article_count = article_count + :a, quote_count = quote_count + :q"
    "{widen} WHERE id = :i"
)
_SQLITE_COUNTS = {
    False: sa.text(_SQLITE_COUNTS_SQL.format(widen="")),
    True: sa.text(
        _SQLITE_COUNTS_SQL.format(widen=_WIDEN_SEEN.format(lo=":lo", hi=":hi"))
    ).bindparams(sa.bindparam("lo", type_=UTCDateTime()), sa.bindparam("hi", type_=UTCDateTime())),
}
_ADD_WEEKS = (
    "INSERT INTO actor_week AS w (week, actor_id, articles, quotes) {rows} "
    "ON CONFLICT (week, actor_id) DO UPDATE SET "
    "articles = w.articles + excluded.articles, quotes = w.quotes + excluded.quotes"
)
# A part of the writer's one statement; its parameters are named unlike any table's columns.
_PG_WEEKS = _ADD_WEEKS.format(
    rows="SELECT * FROM unnest(CAST(:weeks_w AS INTEGER[]), CAST(:weeks_i AS INTEGER[]),"
    " CAST(:weeks_a AS INTEGER[]), CAST(:weeks_q AS INTEGER[]))"
)
_SQLITE_WEEKS = _ADD_WEEKS.format(rows="VALUES (?, ?, ?, ?)")


@dataclass
class ActorDelta:
    """What one write changes of an actor's counters and first/last seen."""

    articles: int = 0
    quotes: int = 0
    first: datetime | None = None
    last: datetime | None = None

    def seen(self, at: datetime) -> None:
        self.first = at if self.first is None else min(self.first, at)
        self.last = at if self.last is None else max(self.last, at)


@dataclass
class WeekDeltas:
    """What one write changes of the weekly counts: (week, actor id) -> [articles, quotes]."""

    counts: defaultdict[tuple[int, int], list[int]] = field(
        default_factory=lambda: defaultdict(lambda: [0, 0])
    )
    # The rows of an article share their seen_at: its week is worked out once.
    _weeks: dict[datetime, int] = field(default_factory=dict)

    def add(self, actor_id: int, seen_at: datetime, articles: int = 0, quotes: int = 0) -> None:
        week = self._weeks.get(seen_at)
        if week is None:
            week = self._weeks[seen_at] = week_of(seen_at)
        counts = self.counts[(week, actor_id)]
        counts[0] += articles
        counts[1] += quotes

    def changes(self) -> list[tuple[int, int, int, int]]:
        """(week, actor id, articles, quotes) of every count that changes, in key order (the
        same lock order in every writer)."""
        return sorted((w, i, a, q) for (w, i), (a, q) in self.counts.items() if a or q)


def apply_counts(
    session: Session,
    deltas: dict[int, ActorDelta],
    weeks: WeekDeltas | None = None,
    *inserts: Rows,
) -> None:
    """Insert the rows, add deltas to actors' counters (widening their first/last seen when
    the deltas have them) and `weeks` to the weekly counts. PostgreSQL: one statement for all
    (every statement is a round trip); SQLite: executemany, which runs in-process."""
    widen = all(d.first is not None for d in deltas.values())
    ordered = sorted(deltas.items())  # the same lock order in every writer
    changes = weeks.changes() if weeks is not None else []
    if session.get_bind().dialect.name == "postgresql":
        params = {
            "i": [i for i, _ in ordered],
            "a": [d.articles for _, d in ordered],
            "q": [d.quotes for _, d in ordered],
            "lo": [d.first for _, d in ordered],
            "hi": [d.last for _, d in ordered],
        }
        parts: tuple[str, ...] = ()
        if weeks is not None:  # empty arrays too: one statement text, prepared once
            parts = (_PG_WEEKS,)
            for n, name in enumerate(("weeks_w", "weeks_i", "weeks_a", "weeks_q")):
                params[name] = [change[n] for change in changes]
        insert_rows(session, *inserts, tail=PostgresTail(_PG_COUNTS[widen], params, parts))
        return
    insert_rows(session, *inserts)
    if ordered:
        session.execute(
            _SQLITE_COUNTS[widen],
            [
                {"i": i, "a": d.articles, "q": d.quotes}
                | ({"lo": d.first, "hi": d.last} if widen else {})
                for i, d in ordered
            ],
        )
    if changes:
        session.connection().exec_driver_sql(_SQLITE_WEEKS, changes)

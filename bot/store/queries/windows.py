"""The actors with most article links or quotes in a window of time: `top week|month` and the
Home tab's most quoted.

Grouping every row of a window costs a sort of all of them (22,000 links in a month at 100k
articles). Instead the actor_week counts (bot.store.weeks, kept by the writer) are read
biggest first, week by week, a few at a time: an actor not yet read has, in every week, no more
than the last count read there, so once the `limit`-th exact count of the actors read beats
the sum of those, no one else can reach the ranking (the threshold algorithm). The actors read
are counted exactly, each by a range of the (actor_id, seen_at) index, and the rows of the
articles a viewer may not see, read article by article, are taken off: the weekly counts are
of every article, so they stay an upper bound of what the viewer may see. A window wider than
MAX_WEEKS, or one that would need more than MAX_DEPTH actors a week, is grouped row by row as
before (`_counts`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from bot.store.models import ActorWeek, table_of
from bot.store.queries.records import ActorCount
from bot.store.queries.tables import ACTORS, ARTICLE_ACTORS
from bot.store.weeks import week_of

WEEKS = table_of(ActorWeek)
DEPTH = 32  # actors read per week at first; four times as many each time that is not enough
MAX_DEPTH = 2048
MAX_WEEKS = 60


def window(
    column: sa.ColumnElement[Any], since: datetime | None, until: datetime | None
) -> list[sa.ColumnElement[bool]]:
    """The conditions keeping `column` within [since, until); an open end is no condition."""
    conditions: list[sa.ColumnElement[bool]] = []
    if since is not None:
        conditions.append(column >= since)
    if until is not None:
        conditions.append(column < until)
    return conditions


def top_in_window(
    session: Session,
    table: sa.Table,
    since: datetime | None,
    until: datetime | None,
    limit: int,
    kinds: Sequence[str] = (),
    hidden: Sequence[int] | Any = (),
    depth: int = DEPTH,
) -> tuple[ActorCount, ...]:
    """The `limit` actors with most rows of `table` (ARTICLE_ACTORS or QUOTES) in
    [since, until), of `kinds` only if given, not counting the rows of the articles `hidden`
    (the ids of the window's articles hidden from the viewer, or a subquery of them, as
    visibility.hidden_ids gives them): most first, then by id. `depth`: the actors read per
    week at first."""
    found = None
    if since is not None:
        found = _threshold_top(session, table, since, until, limit, kinds, hidden, depth)
    if found is None:
        return _counts(session, table, since, until, limit, kinds, hidden)
    return found


def _threshold_top(
    session: Session,
    table: sa.Table,
    since: datetime,
    until: datetime | None,
    limit: int,
    kinds: Sequence[str],
    hidden: Sequence[int] | Any,
    depth: int,
) -> tuple[ActorCount, ...] | None:
    w = WEEKS.c
    count = w.articles if table is ARTICLE_ACTORS else w.quotes
    last = (
        week_of(until)
        if until is not None
        else session.execute(sa.select(sa.func.max(w.week))).scalar()
    )
    if last is None:
        return ()
    weeks = range(week_of(since), last + 1)
    if not weeks:  # the window begins after every row
        return ()
    if len(weeks) > MAX_WEEKS:
        return None
    c = table.c
    in_window = window(c.seen_at, since, until)
    read: set[int] = set()
    counts: dict[int, tuple[int, str, str]] = {}  # of `kinds`: what the viewer may see, name, kind
    while depth <= MAX_DEPTH:
        # Each week's biggest counts, all weeks in one statement.
        tops = [
            sa.select(sa.text("*")).select_from(
                sa.select(w.actor_id, count.label("n"), w.week)
                .where(w.week == week, count > 0)
                .order_by(count.desc())
                .limit(depth)
                .subquery()
            )
            for week in weeks
        ]
        per_week: dict[int, list[int]] = {}
        rows = session.execute(sa.union_all(*tops)).all()
        for _, n, week in rows:
            per_week.setdefault(week, []).append(n)
        bound = sum(min(ns) for ns in per_week.values() if len(ns) == depth)
        exhausted = all(len(ns) < depth for ns in per_week.values())
        new = sorted({actor_id for actor_id, _, _ in rows} - read)
        read.update(new)
        if new:
            # Each new actor of `kinds` counted exactly: a range of the (actor_id, seen_at)
            # index each, in the same statement as their names and their hidden rows (one
            # round trip: on a busy machine each costs a wait for the database's turn).
            exact = (
                sa.select(sa.func.count())
                .where(c.actor_id == ACTORS.c.id, *in_window)
                .scalar_subquery()
            )
            of_kind = [ACTORS.c.kind.in_(kinds)] if kinds else []
            counted = sa.select(ACTORS.c.id, ACTORS.c.name, ACTORS.c.kind, exact)
            taken_off = _hidden_rows(table, hidden, new)
            if taken_off is None:
                counted = counted.add_columns(sa.literal(0))
            else:
                counted = counted.add_columns(sa.func.coalesce(taken_off.c.n, 0)).outerjoin(
                    taken_off, taken_off.c.actor_id == ACTORS.c.id
                )
            for i, name, kind, n, off in session.execute(
                counted.where(ACTORS.c.id.in_(new), *of_kind)
            ):
                counts[i] = (n - off, name, kind)
        ranked = sorted((-n, i) for i, (n, _, _) in counts.items() if n > 0)[:limit]
        if exhausted or (len(ranked) == limit and -ranked[-1][0] > bound):
            return tuple(ActorCount(i, counts[i][1], counts[i][2], -n) for n, i in ranked)
        depth *= 4
    return None


def _hidden_rows(
    table: sa.Table, hidden: Sequence[int] | Any, actor_ids: list[int]
) -> sa.Subquery | None:
    """Per actor of `actor_ids`, its rows from the articles `hidden` from the viewer (the
    window's): (actor_id, n), or None when nothing is hidden.

    Read by article: each hidden article's rows are a short range of an index on article_id
    (for links the primary key, which holds the actor too), where the window's range of the
    (seen_at, ...) index holds every row of the window, seen or not. `actor_id + 0`: SQLite,
    without statistics, would otherwise read every row of the actors through their index."""
    if isinstance(hidden, Sequence) and not hidden:
        return None
    c = table.c
    return (
        sa.select(c.actor_id, sa.func.count().label("n"))
        .where(c.article_id.in_(hidden), (c.actor_id + sa.literal_column("0")).in_(actor_ids))
        .group_by(c.actor_id)
        .subquery()
    )


def _counts(
    session: Session,
    table: sa.Table,
    since: datetime | None,
    until: datetime | None,
    limit: int,
    kinds: Sequence[str] = (),
    hidden: Sequence[int] | Any = (),
) -> tuple[ActorCount, ...]:
    """top_in_window by grouping every row of the window.

    The (seen_at, actor_id, public, article_id) index answers it alone: the window's range,
    with what a viewer may see read from the index entries, never from the table. Grouped by
    `actor_id + 0`: grouped by the bare column, SQLite with statistics (after ANALYZE) skips
    through the (actor_id, seen_at) index actor by actor instead, 5 times slower at 100k
    articles."""
    count = sa.func.count().label("n")
    of_kind: list[sa.ColumnElement[bool]] = []
    if kinds:
        # Correlated, so the database walks the window's rows and looks each actor up; an IN
        # list of every actor of the kinds made SQLite walk the actors instead (5 times slower).
        kind = sa.select(ACTORS.c.kind).where(ACTORS.c.id == table.c.actor_id).scalar_subquery()
        of_kind = [kind.in_(kinds)]
    if not isinstance(hidden, Sequence) or hidden:
        of_kind.append(sa.or_(table.c.public.is_(True), table.c.article_id.not_in(hidden)))
    actor_id = (table.c.actor_id + sa.literal_column("0")).label("actor_id")
    ranked = (
        sa.select(actor_id, count)
        .where(table.c.actor_id.is_not(None), *window(table.c.seen_at, since, until), *of_kind)
        .group_by(actor_id)
        .order_by(count.desc(), actor_id)
        .limit(limit)
        .subquery()
    )
    return named(session, ranked)


def named(session: Session, ranked: sa.Subquery) -> tuple[ActorCount, ...]:
    """The actors of a ranking subquery of (actor_id, n) with their names and kinds, most first
    (then by id), read in the statement that ranks them."""
    rows = session.execute(
        sa.select(ACTORS.c.id, ACTORS.c.name, ACTORS.c.kind, ranked.c.n)
        .join(ranked, ranked.c.actor_id == ACTORS.c.id)
        .order_by(ranked.c.n.desc(), ACTORS.c.id)
    ).all()
    return tuple(ActorCount(*row) for row in rows)

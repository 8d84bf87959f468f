"""An actor over time: mentions and quotes per week, the outlets that quote them most, the
actors they appear with most; and the most quoted people and organisations of a window.

What `/newsbot actor NAME`, `newsbot actor NAME --json` and the App Home tab show. Weeks end at
`now`: the last of them is the 7 days before it (as `top week`), each earlier one the 7 days
before that. With a `viewer`, everything is counted over the articles they may see
(bot.store.visibility), the way `top` counts: the rows of the few articles hidden from them
are taken off counts over everything.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import sqlalchemy as sa
from sqlmodel import Session

from bot.store import visibility
from bot.store.queries.archive import NEWEST_FIRST
from bot.store.queries.follows import FOLLOWS
from bot.store.queries.records import ActorCount, QuoteView, _json_time, quote_select, quote_views
from bot.store.queries.tables import ARTICLE_ACTORS, ARTICLES, QUOTES
from bot.store.queries.windows import named, top_in_window
from bot.store.visibility import Viewer

WEEK = timedelta(days=7)
WEEKS = 8
# The outlets and companions of an actor are counted over their latest articles and quotes:
# what the newsroom reads of them now, and a bounded read however often they are in the news.
LATEST = 200
OUTLETS_SHOWN = 5
COMPANIONS_SHOWN = 5
QUOTED_KINDS = ("person", "organization")


@dataclass(frozen=True, slots=True)
class Weekly:
    """Counts per week, oldest week first; `starts` are the weeks' first instants."""

    starts: tuple[datetime, ...]
    counts: tuple[int, ...]

    @property
    def total(self) -> int:
        return sum(self.counts)

    def to_json(self) -> list[dict[str, Any]]:
        return [
            {"week_start": _json_time(s), "count": n}
            for s, n in zip(self.starts, self.counts, strict=True)
        ]


@dataclass(frozen=True, slots=True)
class OutletCount:
    outlet: str
    count: int


@dataclass(frozen=True, slots=True)
class Timeline:
    """One actor (or the actors one name stands for) over time."""

    actor_ids: tuple[int, ...]
    until: datetime
    mentions: Weekly  # articles per week
    quotes: Weekly  # quotes per week
    outlets: tuple[OutletCount, ...]  # by quotes, over their latest LATEST quotes
    companions: tuple[ActorCount, ...]  # by articles shared, over their latest LATEST articles

    def to_json(self) -> dict[str, Any]:
        return {
            "until": _json_time(self.until),
            "weeks": [
                {"week_start": _json_time(s), "mentions": m, "quotes": q}
                for s, m, q in zip(
                    self.mentions.starts, self.mentions.counts, self.quotes.counts, strict=True
                )
            ],
            "outlets": [{"outlet": o.outlet, "quotes": o.count} for o in self.outlets],
            "appears_with": [
                {"id": c.id, "name": c.name, "kind": c.kind, "articles": c.count}
                for c in self.companions
            ],
        }


@dataclass(frozen=True, slots=True)
class Trending:
    """An actor of a ranking with their mentions per week."""

    actor: ActorCount
    mentions: Weekly


def week_starts(now: datetime, weeks: int = WEEKS) -> tuple[datetime, ...]:
    return tuple(now - (weeks - i) * WEEK for i in range(weeks))


def weekly_counts(
    *,
    session: Session,
    table: sa.Table,
    actor_ids: Sequence[int],
    now: datetime,
    weeks: int = WEEKS,
    viewer: Viewer | None = None,
) -> dict[int, Weekly]:
    """Per actor of `actor_ids`, its rows of `table` (ARTICLE_ACTORS: articles; QUOTES: quotes)
    in each of the `weeks` weeks before `now`.

    One range scan of the (actor_id, seen_at) index per actor, bucketed by the database.
    """
    ids = sorted(set(actor_ids))
    if not ids:
        return {}
    hidden = None if viewer is None else _hidden_in_weeks(viewer, now, weeks)
    found: dict[int, list[int]] = {i: [0] * weeks for i in ids}
    for _, actor_id, i, n in session.execute(
        sa.union_all(*_weekly(0, table, ids, now, weeks, hidden))
    ):
        found[actor_id][i] += n
    starts = week_starts(now, weeks)
    return {i: Weekly(starts, tuple(counts)) for i, counts in found.items()}


def _hidden_in_weeks(viewer: Viewer, now: datetime, weeks: int) -> sa.CTE:
    """The articles of the `weeks` weeks before `now` hidden from `viewer`: id and seen_at.

    A common table expression: where a statement reads it twice (an actor's articles and
    quotes), PostgreSQL finds the hidden articles once."""
    found = visibility.hidden_articles(viewer, since=week_starts(now, weeks)[0], until=now)
    return found.add_columns(ARTICLES.c.seen_at).cte("hidden_in_weeks")


def _weekly(
    tag: int,
    table: sa.Table,
    ids: Sequence[int],
    now: datetime,
    weeks: int,
    hidden: sa.CTE | None,
) -> list[sa.Select[Any]]:
    """Selects of (tag, actor_id, week, n) for one UNION ALL: the rows of `table` per actor of
    `ids` and week, with the window's articles hidden from the viewer (_hidden_in_weeks) taken
    off as negative counts. `tag` tells one table's rows from another's in a statement reading
    both."""
    starts = week_starts(now, weeks)
    c = table.c

    def week(seen_at: sa.ColumnElement[Any]) -> sa.ColumnElement[int]:
        buckets = [(seen_at >= starts[i], i) for i in range(weeks - 1, 0, -1)]
        return sa.case(*buckets, else_=0).label("week")

    of_row = week(c.seen_at)
    counted = (
        sa.select(sa.literal(tag).label("tag"), c.actor_id, of_row, sa.func.count().label("n"))
        .where(c.actor_id.in_(ids), c.seen_at >= starts[0], c.seen_at < now)
        .group_by(c.actor_id, of_row)
    )
    if hidden is None:
        return [counted]
    # The hidden articles' rows, read article by article (a short range of an index on
    # article_id each, the week from the article's own seen_at) and kept for these actors
    # only: `actor_id + 0`, so that SQLite does not read every row of a popular actor
    # through its index instead. Negative, in the same statement: one round trip.
    of_article = week(hidden.c.seen_at)
    minus = (
        sa.select(sa.literal(tag), c.actor_id, of_article, -sa.func.count())
        .select_from(hidden)
        .join(table, c.article_id == hidden.c.id)
        .where((c.actor_id + sa.literal_column("0")).in_(ids))
        .group_by(c.actor_id, of_article)
    )
    return [counted, minus]


def most_quoted(
    *,
    session: Session,
    since: datetime,
    until: datetime,
    kinds: Sequence[str] = QUOTED_KINDS,
    limit: int = 8,
    viewer: Viewer | None = None,
) -> tuple[ActorCount, ...]:
    """The `limit` actors of `kinds` with most quotes in [since, until) that `viewer` may see."""

    # One pass over the window, what the viewer may not see left out (as top_actors counts).
    hidden = None if viewer is None else visibility.hidden_ids(session, viewer, since, until)
    return top_in_window(
        session, QUOTES, since, until, limit, kinds, hidden=() if hidden is None else hidden
    )


def trending(
    *,
    session: Session,
    now: datetime,
    limit: int = 8,
    weeks: int = WEEKS,
    viewer: Viewer | None = None,
) -> tuple[Trending, ...]:
    """The people and organisations most quoted in the last 7 days, each with their mentions
    (articles) per week over the last `weeks` weeks."""
    top = most_quoted(session=session, since=now - WEEK, until=now, limit=limit, viewer=viewer)
    mentions = weekly_counts(
        session=session,
        table=ARTICLE_ACTORS,
        actor_ids=[c.id for c in top],
        now=now,
        weeks=weeks,
        viewer=viewer,
    )
    return tuple(Trending(c, mentions[c.id]) for c in top)


def outlet_of(site: str | None, url: str) -> str:
    """The outlet's own name when the page gives it, else its host without "www."."""
    if site and site.strip():
        return site.strip()
    host = urlsplit(url).hostname or url
    return host.removeprefix("www.")


def _outlets(
    session: Session, actor_ids: Sequence[int], viewer: Viewer | None
) -> tuple[OutletCount, ...]:
    q, a = QUOTES.c, ARTICLES.c
    seen = visibility.visible(viewer, q.public, q.article_id)
    # Each actor's latest, an ordered index scan as quotes_by_actor reads, all in one statement.
    latest = [
        sa.select(
            sa.select(q.seen_at, q.article_id)
            .where(q.actor_id == actor_id, *seen)
            .order_by(q.seen_at.desc())
            .limit(LATEST)
            .subquery()
        )
        for actor_id in actor_ids
    ]
    if not latest:
        return ()
    quoted = sa.union_all(*latest).subquery()
    rows = session.execute(
        sa.select(quoted.c.seen_at, a.site, a.canonical_url)
        .join(ARTICLES, a.id == quoted.c.article_id)
        .order_by(quoted.c.seen_at.desc())
        .limit(LATEST)
    )
    counts = Counter(outlet_of(site, url) for _, site, url in rows)
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0].lower()))
    return tuple(OutletCount(o, n) for o, n in ranked[:OUTLETS_SHOWN])


def _companions(
    session: Session, actor_ids: Sequence[int], viewer: Viewer | None
) -> tuple[ActorCount, ...]:
    links = ARTICLE_ACTORS.c
    others = ARTICLE_ACTORS.alias("other")
    # Each actor's latest articles (as many times as they are someone's), then who else is in
    # them, counted, ranked and named in one statement.
    latest = [
        sa.select(
            sa.select(links.article_id)
            .where(
                links.actor_id == actor_id,
                *visibility.visible(viewer, links.public, links.article_id),
            )
            .order_by(links.seen_at.desc())
            .limit(LATEST)
            .subquery()
        )
        for actor_id in actor_ids
    ]
    if not latest:
        return ()
    theirs = sa.union_all(*latest).subquery()
    n = sa.func.count().label("n")
    best = (
        sa.select(others.c.actor_id, n)
        .join(theirs, theirs.c.article_id == others.c.article_id)
        .where(others.c.actor_id.not_in(actor_ids))
        .group_by(others.c.actor_id)
        .order_by(n.desc(), others.c.actor_id)
        .limit(COMPANIONS_SHOWN)
        .subquery()
    )
    return named(session, best)


def actor_timeline(
    *,
    session: Session,
    actor_ids: Sequence[int],
    now: datetime,
    weeks: int = WEEKS,
    viewer: Viewer | None = None,
) -> Timeline:
    """The actors of `actor_ids` taken as one (the ids a name stands for, as actor_profile
    finds them): their articles and quotes per week over the `weeks` weeks before `now`, the
    outlets with most of their latest LATEST quotes, and the actors in most of their latest
    LATEST articles."""
    ids = tuple(sorted(set(actor_ids)))
    hidden = None if viewer is None else _hidden_in_weeks(viewer, now, weeks)
    # Articles (tag 0) and quotes (tag 1) per week in one statement, the actors taken as one.
    sums = [[0] * weeks, [0] * weeks]
    if ids:
        both = sa.union_all(
            *_weekly(0, ARTICLE_ACTORS, ids, now, weeks, hidden),
            *_weekly(1, QUOTES, ids, now, weeks, hidden),
        )
        for tag, _, i, n in session.execute(both):
            sums[tag][i] += n
    starts = week_starts(now, weeks)
    return Timeline(
        actor_ids=ids,
        until=now,
        mentions=Weekly(starts, tuple(sums[0])),
        quotes=Weekly(starts, tuple(sums[1])),
        outlets=_outlets(session, ids, viewer),
        companions=_companions(session, ids, viewer),
    )


# Up to this many followed actors, each one's newest quotes are read (an ordered index scan of a
# few rows each). Someone following more is looked for in the last week, then the last WEEKS
# weeks, before that: a window as wide as the archive would make the database walk it whole.
FOLLOWED_SCANNED = 40
FOLLOWED_WINDOWS = (WEEK, WEEKS * WEEK)


def followed_quotes(
    *,
    session: Session,
    user: str,
    now: datetime,
    limit: int = 5,
    viewer: Viewer | None = None,
) -> tuple[int, tuple[QuoteView, ...]]:
    """How many actors `user` follows, and the newest `limit` quotes of them that `viewer` may
    see, newest first."""
    f = FOLLOWS.c
    ids = list(
        session.execute(
            sa.select(f.actor_id).where(f.user_id == user).order_by(f.actor_id)
        ).scalars()
    )
    if not ids:
        return 0, ()
    seen = visibility.visible(viewer, QUOTES.c.public, QUOTES.c.article_id)
    if len(ids) > FOLLOWED_SCANNED:
        followed = QUOTES.c.actor_id.in_(sa.select(f.actor_id).where(f.user_id == user))
        for window in FOLLOWED_WINDOWS:
            rows = session.execute(
                quote_select()
                .where(followed, QUOTES.c.seen_at >= now - window, *seen)
                .order_by(*NEWEST_FIRST)
                .limit(limit)
            ).all()
            if len(rows) >= limit:
                return len(ids), tuple(quote_views(rows))
    # Each actor's newest, an ordered index scan of a few rows each, all in one statement: one
    # round trip, not one per actor (what a loaded database server makes each of them wait for).
    newest = [
        sa.select(sa.text("*")).select_from(
            sa.select(QUOTES.c.id)
            .where(QUOTES.c.actor_id == actor_id, *seen)
            .order_by(*NEWEST_FIRST)
            .limit(limit)
            .subquery()
        )
        for actor_id in ids
    ]
    rows = session.execute(
        quote_select()
        .where(QUOTES.c.id.in_(sa.union_all(*newest).scalar_subquery()))
        .order_by(*NEWEST_FIRST)
        .limit(limit)
    ).all()
    return len(ids), tuple(quote_views(rows))


__all__ = [
    "OutletCount",
    "Timeline",
    "Trending",
    "Weekly",
    "actor_timeline",
    "followed_quotes",
    "most_quoted",
    "outlet_of",
    "trending",
    "weekly_counts",
]

"""Which archived articles a person in Slack may see, as conditions for the archive's reads.

An article is seen by everyone when it was shared in a public channel or stored by the operator
(`article.public`); otherwise only by members of a channel it was shared in. A `Viewer` names
the channels, besides public ones, whose shares the asking person may see (their private
channels and the one they ask in); `None` stands for the operator at the command line, who sees
the whole archive.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from bot.store.models import Article, ArticleActor, Quote, Share, table_of

ARTICLES = table_of(Article)
LINKS = table_of(ArticleActor)
QUOTES = table_of(Quote)
SHARES = table_of(Share)
PUBLIC_CHANNEL = "channel"  # Slack's channel_type of a public channel's message event


@dataclass(frozen=True, slots=True)
class Viewer:
    """Someone asking in Slack: besides public articles, those shared in `channels`."""

    channels: frozenset[str]

    @classmethod
    def of(cls, channels: Iterable[str | None]) -> Viewer:
        return cls(frozenset(c for c in channels if c))


# Only shares in private channels (or of unknown kind) make an article visible to some and not
# others: a public channel's share makes it public. The partial index on them (channel,
# article_id) is what every lookup below reads, so a busy public channel costs nothing here.
# models.PRIVATE_SHARE_SQL with the table named, so that inside a correlated subquery it can
# only mean the share's columns (the article has a status too).
PRIVATE_SHARE = sa.and_(
    SHARES.c.status == "done",
    sa.text("(share.channel_type IS NULL OR share.channel_type <> 'channel')"),
)


def private_shares(channels: frozenset[str]) -> sa.Select[Any]:
    """The ids of the articles shared in these channels, privately."""
    s = SHARES.c
    return sa.select(s.article_id).where(s.channel.in_(sorted(channels)), PRIVATE_SHARE)


def shared_in(channels: frozenset[str], article_id: Any) -> sa.ColumnElement[bool]:
    """The article `article_id` has a finished share in one of `channels`."""
    s = SHARES.c
    return sa.exists().where(
        s.article_id == article_id, s.channel.in_(sorted(channels)), PRIVATE_SHARE
    )


def visible(
    viewer: Viewer | None, public: Any = ARTICLES.c.public, article_id: Any = ARTICLES.c.id
) -> list[sa.ColumnElement[bool]]:
    """WHERE conditions keeping the rows `viewer` may see: `public` is the article's flag (or
    its copy on a quote or actor link) and `article_id` the article's id in the same row."""
    if viewer is None:
        return []
    if not viewer.channels:
        return [public.is_(True)]
    return [sa.or_(public.is_(True), shared_in(viewer.channels, article_id))]


def hidden(viewer: Viewer, public: Any, article_id: Any) -> sa.ColumnElement[bool]:
    """The row's article is one `viewer` may not see.

    For counting many rows: the articles shared in the viewer's channels are read once (a
    hashed set on PostgreSQL, a temporary index on SQLite), not looked up for every row.
    """
    if not viewer.channels:
        return sa.and_(public.is_(False))
    theirs = private_shares(viewer.channels).where(SHARES.c.article_id.is_not(None))
    return sa.and_(public.is_(False), article_id.not_in(theirs))


def hidden_articles(
    viewer: Viewer, *, since: datetime | None = None, until: datetime | None = None
) -> sa.Select[Any]:
    """Ids of the articles `viewer` may not see, within [since, until) of their seen_at.

    Found through the (public, seen_at) index: the articles not shared publicly are the few,
    so what a viewer may not see is taken off counts over everything, not counted anew. Those
    few are each looked up among the viewer's channels' shares (NOT EXISTS), not tested against
    every private share of those channels read first (`hidden`'s NOT IN: on SQLite a temporary
    index of some 6,000 shares per channel at 100k articles, built again by each statement).
    """
    a = ARTICLES.c
    query = sa.select(a.id).where(a.public.is_(False))
    if viewer.channels:
        # OFFSET 0: PostgreSQL keeps it a look-up per article (a subquery with an offset is
        # never made a join). As a bare NOT EXISTS it hashed every private share of the
        # channels first: 6,092 for one channel at 100k articles, 1.1 to 5.9 ms a statement
        # for a week's 88 private articles, now 0.4 ms.
        s = SHARES.c
        theirs = (
            sa.select(sa.literal(1))
            .where(s.article_id == a.id, s.channel.in_(sorted(viewer.channels)), PRIVATE_SHARE)
            .offset(0)
        )
        query = query.where(~sa.exists(theirs))
    if since is not None:
        query = query.where(a.seen_at >= since)
    if until is not None:
        query = query.where(a.seen_at < until)
    return query


# Past this many hidden articles their ids go to the database as a subquery, not a list.
MAX_LISTED_IDS = 5000


def hidden_ids(
    session: Session, viewer: Viewer, since: datetime | None, until: datetime | None
) -> Any:
    """The articles of [since, until) hidden from `viewer`, for `column.in_(...)`: a list of
    ids (empty when none is hidden), or their subquery where a list would plan slowly.

    SQLite gets the ids as a list: with a subquery it would rather walk the whole table
    testing each row. PostgreSQL plans hundreds of bound values slowly and a subquery well, and
    so does SQLite past a few thousand (all time, say). PostgreSQL always gets the subquery,
    unread: reading the ids first only to learn whether there are any cost a round trip and
    the same look-up twice (a subquery of no articles takes nothing off).
    """
    found = hidden_articles(viewer, since=since, until=until)
    if session.get_bind().dialect.name == "postgresql":
        return found.scalar_subquery()
    ids = list(session.execute(found).scalars())
    if len(ids) > MAX_LISTED_IDS:
        return found.scalar_subquery()
    return ids


def mark_public(session: Session, article_ids: Iterable[int]) -> None:
    """Everyone may see these articles from now on, with their quotes and actor links (inside
    the caller's transaction)."""
    ids = sorted(set(article_ids))
    if not ids:
        return
    for table, column in ((ARTICLES, ARTICLES.c.id), (LINKS, LINKS.c.article_id),
                          (QUOTES, QUOTES.c.article_id)):  # fmt: skip
        session.execute(
            sa.update(table).where(column.in_(ids), table.c.public.is_(False)).values(public=True)
        )

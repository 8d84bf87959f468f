"""What a person's App Home tab shows, gathered from the archive in one short read: the people
and organisations most quoted this week with their weeks, the latest quotes of the actors they
follow, and the digests of their channels with when each is next due."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from bot.schedule import describe_days, next_fire_time
from bot.store import queries as q
from bot.store.visibility import Viewer

TRENDING = 8  # actors in "most quoted this week"
FOLLOWED_QUOTES = 5


@dataclass(frozen=True, slots=True)
class ChannelDigest:
    """A channel's digest schedule, in words, and its next run in the channel's time zone."""

    channel: str
    time: str
    timezone: str
    days: str
    next_run: datetime | None


@dataclass(frozen=True, slots=True)
class HomeData:
    now: datetime
    trending: tuple[q.Trending, ...]
    digests: tuple[ChannelDigest, ...]
    # How many actors the person follows (None: not asked), and the newest quotes of them
    # they may see.
    following: int | None = None
    followed_quotes: tuple[q.QuoteView, ...] = ()


def gather(
    sessions: Callable[[], Session],
    *,
    user: str,
    channels: Collection[str],
    viewer: Viewer,
    now: datetime,
) -> HomeData:
    """The Home tab of `user`, who is in `channels` and may see what `viewer` may, at `now`."""
    with sessions() as session:
        trending = q.trending(session=session, now=now, limit=TRENDING, viewer=viewer)
        subs = [s for s in q.list_digest_subscriptions(session=session) if s.channel in channels]
        following, quotes = q.followed_quotes(
            session=session, user=user, now=now, limit=FOLLOWED_QUOTES, viewer=viewer
        )
    digests = tuple(
        ChannelDigest(
            s.channel, s.time, s.timezone, describe_days(s.weekdays), next_fire_time(s, now)
        )
        for s in subs
    )
    digests = tuple(sorted(digests, key=lambda d: (d.next_run is None, d.next_run or now)))
    return HomeData(now, trending, digests, following, quotes)

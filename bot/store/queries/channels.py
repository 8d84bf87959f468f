"""Per-channel settings: whether newsbot answers shared links there, and its digest subscription."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session

from bot.store.db import write_transaction
from bot.store.errors import InvalidSchedule
from bot.store.models import utcnow
from bot.store.queries.tables import CHANNELS, SUBSCRIPTIONS, insert_ignoring_duplicates


def channel_replies_enabled(*, session: Session, channel: str) -> bool:
    """Whether newsbot replies in `channel` to shared links (on unless switched off)."""
    enabled = session.execute(
        sa.select(CHANNELS.c.replies).where(CHANNELS.c.channel == channel)
    ).scalar()
    return True if enabled is None else bool(enabled)


def set_channel_replies(*, session: Session, channel: str, enabled: bool) -> None:
    """Switch replies to shared links in `channel` on or off. Commits."""
    write_transaction(session)
    insert = insert_ignoring_duplicates(session, CHANNELS, ["channel"])
    session.execute(insert.values(channel=channel, replies=enabled, updated_at=utcnow()))
    session.execute(
        sa.update(CHANNELS)
        .where(CHANNELS.c.channel == channel)
        .values(replies=enabled, updated_at=utcnow())
    )
    session.commit()


@dataclass(frozen=True, slots=True)
class DigestSubscriptionView:
    channel: str
    time: str  # "HH:MM", local to `timezone`
    timezone: str  # IANA name, e.g. "Europe/Berlin"
    weekdays: tuple[int, ...]  # 0 = Monday
    notify_empty: bool
    created_by: str | None


_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


def set_digest_subscription(
    *,
    session: Session,
    channel: str,
    time: str,
    timezone: str,
    weekdays: Sequence[int] = (0, 1, 2, 3, 4),
    notify_empty: bool = False,
    created_by: str | None = None,
) -> None:
    """Subscribe `channel` to a digest at `time` (HH:MM in `timezone`), or change it. Commits."""
    if not _TIME.match(time):
        raise InvalidSchedule(f"digest time must be HH:MM (24-hour), not {time!r}")
    days = sorted(set(weekdays))
    if not days or any(d not in range(7) for d in days):
        raise InvalidSchedule(
            f"weekdays must be numbers 0 (Monday) to 6 (Sunday), not {weekdays!r}"
        )
    write_transaction(session)
    now = utcnow()
    values = {
        "time": time,
        "timezone": timezone,
        "weekdays": days,
        "notify_empty": notify_empty,
        "updated_at": now,
    }
    insert = insert_ignoring_duplicates(session, SUBSCRIPTIONS, ["channel"])
    session.execute(insert.values(channel=channel, created_by=created_by, created_at=now, **values))
    session.execute(
        sa.update(SUBSCRIPTIONS).where(SUBSCRIPTIONS.c.channel == channel).values(values)
    )
    session.commit()


def remove_digest_subscription(*, session: Session, channel: str) -> bool:
    """Stop `channel`'s digest; False when it had none. Commits."""
    write_transaction(session)
    removed = session.execute(
        sa.select(sa.func.count()).where(SUBSCRIPTIONS.c.channel == channel)
    ).scalar_one()
    session.execute(sa.delete(SUBSCRIPTIONS).where(SUBSCRIPTIONS.c.channel == channel))
    session.commit()
    return bool(removed)


def list_digest_subscriptions(
    *, session: Session, channel: str | None = None
) -> tuple[DigestSubscriptionView, ...]:
    """Every digest subscription (or `channel`'s), by channel."""
    c = SUBSCRIPTIONS.c
    query = sa.select(c.channel, c.time, c.timezone, c.weekdays, c.notify_empty, c.created_by)
    if channel is not None:
        query = query.where(c.channel == channel)
    return tuple(
        DigestSubscriptionView(r.channel, r.time, r.timezone, tuple(r.weekdays), *r[4:])
        for r in session.execute(query.order_by(c.channel))
    )

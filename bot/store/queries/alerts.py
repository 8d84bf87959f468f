"""Follow alerts: who should hear of a newly read article (the followers of the actors it
quotes, not the people who shared it), and the claim row that makes each alert go out once.

The claim is the row itself: (user_id, article_id) is unique, so of any number of processes
finishing shares of one article, exactly one inserts each follower's row, and only the process
holding a row sends it. A row left pending or posting by a process that died is taken over
once its lease runs out (take_over_stale_alerts), as digest runs are.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session

from bot.store.db import write_transaction
from bot.store.models import FollowAlert, table_of
from bot.store.queries.follows import followers_of
from bot.store.queries.tables import (
    ARTICLES,
    QUOTES,
    SHARES,
    insert_ignoring_duplicates,
    take_over_stale,
)
from bot.store.visibility import PRIVATE_SHARE

ALERTS = table_of(FollowAlert)
ACTIVE = ("pending", "posting")
DEFAULT_LEASE = timedelta(minutes=3)


@dataclass(frozen=True, slots=True)
class AlertAudience:
    """Who may hear of an article: each follower of an actor it quotes (with those actors),
    none of its sharers; and, unless it is public, the private channels it was shared in (a
    follower must be in one of them)."""

    article_id: int
    followers: dict[str, frozenset[int]]
    public: bool
    private_channels: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Alert:
    id: int
    user: str
    article_id: int
    actor_ids: tuple[int, ...]
    status: str
    claimed_by: str | None
    dm_channel: str | None
    message_ts: str | None
    created_at: datetime


def alert_audience(
    *, session: Session, article_id: int, share_id: int | None = None
) -> AlertAudience | None:
    """Who may hear of article `article_id`; None when it is not a read article.

    `share_id` is the share being finished (not yet marked done, its article not yet linked):
    it counts as one of the article's shares, so its sharer is left out and its channel makes
    the article public or seen by that channel's members.
    """
    a = ARTICLES.c
    row = session.execute(
        sa.select(a.public, a.status, a.page_kind).where(a.id == article_id)
    ).first()
    if row is None or row.status != "done" or row.page_kind != "article":
        return None
    quoted = session.execute(
        sa.select(QUOTES.c.actor_id)
        .distinct()
        .where(QUOTES.c.article_id == article_id, QUOTES.c.actor_id.is_not(None))
    ).scalars()
    followers = followers_of(session=session, actor_ids=list(quoted))
    if not followers:
        return AlertAudience(article_id, {}, bool(row.public), ())
    s = SHARES.c
    this_share = s.id == (share_id if share_id is not None else -1)
    sharers = set(
        session.execute(
            sa.select(s.user_id).distinct().where(sa.or_(s.article_id == article_id, this_share))
        ).scalars()
    )
    followers = {u: ids for u, ids in followers.items() if u not in sharers}
    public = bool(row.public) or (
        share_id is not None
        and session.execute(sa.select(s.channel_type).where(this_share)).scalar() == "channel"
    )
    channels: tuple[str, ...] = ()
    if not public and followers:
        private = sa.text("(share.channel_type IS NULL OR share.channel_type <> 'channel')")
        channels = tuple(
            session.execute(
                sa.select(s.channel)
                .distinct()
                .where(
                    sa.or_(
                        sa.and_(s.article_id == article_id, PRIVATE_SHARE),
                        sa.and_(this_share, private),
                    )
                )
                .order_by(s.channel)
            ).scalars()
        )
    return AlertAudience(
        article_id, {u: frozenset(ids) for u, ids in sorted(followers.items())}, public, channels
    )


def claim_alert(
    *,
    session: Session,
    user: str,
    article_id: int,
    actor_ids: frozenset[int],
    owner: str,
    now: datetime,
) -> int | None:
    """Claim the alert telling `user` of the article; its id, or None when it was claimed
    before (by any process, at any time). Commits."""
    write_transaction(session)
    insert = insert_ignoring_duplicates(session, ALERTS, ["user_id", "article_id"])
    # ON CONFLICT DO NOTHING returns no row when the alert was claimed before.
    alert_id: int | None = session.execute(
        insert.values(
            user_id=user,
            article_id=article_id,
            actor_ids=sorted(actor_ids),
            status="pending",
            claimed_by=owner,
            claimed_at=now,
            created_at=now,
        ).returning(ALERTS.c.id)
    ).scalar()
    session.commit()
    return alert_id


def get_alert(*, session: Session, alert_id: int) -> Alert:
    c = ALERTS.c
    row = session.execute(
        sa.select(
            c.id,
            c.user_id,
            c.article_id,
            c.actor_ids,
            c.status,
            c.claimed_by,
            c.dm_channel,
            c.message_ts,
            c.created_at,
        ).where(c.id == alert_id)
    ).one()
    return Alert(
        row.id,
        row.user_id,
        row.article_id,
        tuple(row.actor_ids),
        row.status,
        row.claimed_by,
        row.dm_channel,
        row.message_ts,
        row.created_at,
    )


def _ours(alert_id: int, owner: str) -> list[sa.ColumnElement[bool]]:
    c = ALERTS.c
    return [c.id == alert_id, c.claimed_by == owner, c.status.in_(ACTIVE)]


def start_posting(
    *, session: Session, alert_id: int, owner: str, dm_channel: str, now: datetime
) -> bool:
    """Note that the alert's message may reach Slack from now on; False if it is not ours."""
    write_transaction(session)
    result = session.execute(
        sa.update(ALERTS)
        .where(*_ours(alert_id, owner))
        .values(status="posting", dm_channel=dm_channel, claimed_at=now)
    )
    session.commit()
    return bool(result.rowcount == 1)  # type: ignore[attr-defined]


def finish_alert(
    *,
    session: Session,
    alert_id: int,
    owner: str,
    now: datetime,
    message_ts: str | None = None,
    status: str = "sent",
    reason: str | None = None,
) -> bool:
    """Close the alert as sent (with its message's ts) or failed; False if it is not ours."""
    write_transaction(session)
    result = session.execute(
        sa.update(ALERTS)
        .where(*_ours(alert_id, owner))
        .values(status=status, message_ts=message_ts, failure_reason=reason, sent_at=now)
    )
    session.commit()
    return bool(result.rowcount == 1)  # type: ignore[attr-defined]


def take_over_stale_alerts(
    *, session: Session, owner: str, now: datetime, lease: timedelta = DEFAULT_LEASE
) -> list[int]:
    """Claim every unsent alert whose lease ran out; return their ids, oldest first. Commits."""
    return take_over_stale(session, ALERTS, active=ACTIVE, owner=owner, now=now, lease=lease)

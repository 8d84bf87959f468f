"""The share queue: a shared link recorded, claimed by a worker, finished or given up, answered."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from bot.store import visibility
from bot.store.db import write_transaction
from bot.store.errors import InvalidUrl
from bot.store.models import key_hash, utcnow
from bot.store.queries.articles import remember_urls
from bot.store.queries.records import ClaimedShare, ShareView
from bot.store.queries.tables import SHARES, insert_ignoring_duplicates
from bot.store.sanitize import without_nul
from bot.urls import NotAWebAddress, article_key, redact_url, url_keys, without_userinfo

DEFAULT_CLAIM_EXPIRY = timedelta(minutes=10)
DEFAULT_MAX_ATTEMPTS = 5


def record_share(
    *,
    session: Session,
    team: str | None,
    channel: str,
    message_ts: str,
    thread_ts: str | None,
    user: str | None,
    url: str,
    shared_at: datetime | None = None,
    channel_type: str | None = None,
) -> tuple[int, bool]:
    """Record that `user` shared `url` in a message; return (share id, created). Commits.

    `channel_type` is the message event's: "channel" (public) makes the article, once stored,
    seen by everyone; "group" (private) or unknown only by the channel's members.

    Idempotent: Slack redelivering the same event (same channel, message ts and URL, in any
    variant) finds the first share and returns created=False. Raises bot.store.errors.InvalidUrl
    for a URL that is not http(s).
    """
    url = without_nul(url)
    try:
        key = article_key(url)
    except NotAWebAddress as exc:
        raise InvalidUrl(f"{redact_url(url)} is not an http(s) web address.") from exc
    write_transaction(session)
    values = {
        "team": team,
        "channel": channel,
        "channel_type": channel_type,
        "message_ts": message_ts,
        "thread_ts": thread_ts,
        "user_id": user,
        "url": without_userinfo(url),  # a password is never stored; the query is, for the fetch
        "url_key": key,
        "url_hash": key_hash(key),
        "shared_at": shared_at or utcnow(),
        "status": "pending",
        "attempts": 0,
        "reacted": False,
    }
    insert = insert_ignoring_duplicates(session, SHARES, ["channel", "message_ts", "url_hash"])
    share_id = session.execute(insert.values(values).returning(SHARES.c.id)).scalar()
    created = share_id is not None
    if share_id is None:
        share_id = session.execute(
            sa.select(SHARES.c.id).where(
                SHARES.c.channel == channel,
                SHARES.c.message_ts == message_ts,
                SHARES.c.url_hash == values["url_hash"],
            )
        ).scalar_one()
    session.commit()
    return share_id, created


def _claimable(now: datetime, stale_after: timedelta, max_attempts: int) -> Any:
    s = SHARES.c
    return sa.and_(
        s.status == "pending",
        s.attempts < max_attempts,
        sa.or_(s.claimed_at.is_(None), s.claimed_at < now - stale_after),
    )


def _claim_values(worker_id: str, now: datetime) -> dict[str, Any]:
    return {"claimed_by": worker_id, "claimed_at": now, "attempts": SHARES.c.attempts + 1}


def _claimed(rows: Iterable[Any]) -> list[ClaimedShare]:
    return [ClaimedShare(*row) for row in sorted(rows, key=lambda r: r[0])]


_CLAIM_COLUMNS = (
    SHARES.c.id,
    SHARES.c.team,
    SHARES.c.channel,
    SHARES.c.message_ts,
    SHARES.c.thread_ts,
    SHARES.c.user_id,
    SHARES.c.url,
    SHARES.c.attempts,
)


def claim_share(
    *,
    session: Session,
    share_id: int,
    worker_id: str,
    stale_after: timedelta = DEFAULT_CLAIM_EXPIRY,
    max_attempts: int = DEFAULT_MAX_ATTEMPTS,
) -> ClaimedShare | None:
    """Claim one share by id; None when it is done, failed, or held by a live worker. Commits.

    A share `worker_id` itself holds is claimed again: a worker runs each share once at a time,
    so its own claim is left over from an attempt that failed (the archive was unreachable).
    """
    now = utcnow()
    write_transaction(session)
    own = sa.and_(
        SHARES.c.status == "pending",
        SHARES.c.claimed_by == worker_id,
        SHARES.c.attempts < max_attempts,
    )
    rows = session.execute(
        sa.update(SHARES)
        .where(SHARES.c.id == share_id, sa.or_(_claimable(now, stale_after, max_attempts), own))
        .values(_claim_values(worker_id, now))
        .returning(*_CLAIM_COLUMNS)
    ).all()
    session.commit()
    claimed = _claimed(rows)
    return claimed[0] if claimed else None


def release_claims(*, session: Session, gone: Callable[[str], bool]) -> list[str]:
    """Free the pending shares held by workers `gone` says are dead; return those. Commits.

    A killed process cannot release its claims; without this its shares would wait out the
    claim expiry before anyone took them up again.
    """
    holders = session.execute(
        sa.select(SHARES.c.claimed_by)
        .where(SHARES.c.status == "pending", SHARES.c.claimed_by.is_not(None))
        .distinct()
    ).scalars()
    dead = sorted(h for h in holders if gone(h))
    if dead:  # the write lock only when there is something to free
        write_transaction(session)
        session.execute(
            sa.update(SHARES)
            .where(SHARES.c.status == "pending", SHARES.c.claimed_by.in_(dead))
            .values(claimed_by=None, claimed_at=None)
        )
        session.commit()
    return dead


GAVE_UP = "newsbot failed on it {attempts} times in a row (the reason is in its log)"


def give_up_share(
    *,
    session: Session,
    share_id: int,
    worker_id: str,
    stale_after: timedelta = DEFAULT_CLAIM_EXPIRY,
    max_attempts: int = DEFAULT_MAX_ATTEMPTS,
) -> ShareView | None:
    """Take a share that used up its attempts, to answer it and mark it failed. Commits.

    A share whose every attempt ended in an error would otherwise stay pending forever and its
    sharer never hear of it. None when the share has attempts left, is finished, or is held by
    another live worker (a claim newer than `stale_after`).
    """
    now = utcnow()
    s = SHARES.c
    write_transaction(session)
    taken = session.execute(
        sa.update(SHARES)
        .where(
            s.id == share_id,
            s.status == "pending",
            s.attempts >= max_attempts,
            sa.or_(
                s.claimed_by.is_(None), s.claimed_by == worker_id, s.claimed_at < now - stale_after
            ),
        )
        .values(
            claimed_by=worker_id,
            claimed_at=now,
            failure_reason=GAVE_UP.format(attempts=max_attempts),
        )
        .returning(s.id)
    ).scalar()
    session.commit()
    return None if taken is None else get_share(session=session, share_id=share_id)


def mark_share_done(*, session: Session, share_id: int, article_id: int) -> None:
    """The share's article is stored as `article_id`; the share is finished. Commits.

    The shared URL is remembered as one of the article's URLs, so the next share of it is
    found by find_article even when it redirected elsewhere.
    """
    write_transaction(session)
    url, channel_type = session.execute(
        sa.select(SHARES.c.url, SHARES.c.channel_type).where(SHARES.c.id == share_id)
    ).one()
    if channel_type == visibility.PUBLIC_CHANNEL:
        visibility.mark_public(session, [article_id])
    session.execute(
        sa.update(SHARES)
        .where(SHARES.c.id == share_id)
        .values(
            status="done",
            failure_reason=None,
            article_id=article_id,
            claimed_by=None,
            claimed_at=None,
            done_at=utcnow(),
        )
    )
    remember_urls(session, article_id, [(k, url) for k in url_keys(url)])
    session.commit()


def mark_share_failed(*, session: Session, share_id: int, reason: str) -> None:
    """The share cannot be analysed, for `reason` (one sentence for a person). Commits."""
    write_transaction(session)
    session.execute(
        sa.update(SHARES)
        .where(SHARES.c.id == share_id)
        .values(
            status="failed",
            failure_reason=without_nul(reason),
            claimed_by=None,
            claimed_at=None,
            done_at=utcnow(),
        )
    )
    session.commit()


def record_reply(
    *, session: Session, share_id: int, reply_ts: str | None = None, reacted: bool | None = None
) -> None:
    """Note what newsbot posted about a share: its reply's ts, and/or that it reacted. Commits."""
    values: dict[str, Any] = {}
    if reply_ts is not None:
        values["reply_ts"] = reply_ts
    if reacted is not None:
        values["reacted"] = reacted
    if not values:
        return
    write_transaction(session)
    session.execute(sa.update(SHARES).where(SHARES.c.id == share_id).values(values))
    session.commit()


def get_share(*, session: Session, share_id: int) -> ShareView | None:
    s = SHARES.c
    row = session.execute(
        sa.select(
            s.id,
            s.team,
            s.channel,
            s.message_ts,
            s.thread_ts,
            s.user_id,
            s.url,
            s.shared_at,
            s.status,
            s.failure_reason,
            s.article_id,
            s.reply_ts,
            s.reacted,
            s.attempts,
        ).where(s.id == share_id)
    ).one_or_none()
    return None if row is None else ShareView(*row)


def pending_share_ids(*, session: Session) -> list[int]:
    """Ids of every share still pending, oldest first (to resume work after a restart)."""
    return list(
        session.execute(
            sa.select(SHARES.c.id).where(SHARES.c.status == "pending").order_by(SHARES.c.id)
        ).scalars()
    )

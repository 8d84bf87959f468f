"""The digest in the archive: what a channel shared in a period, and the runs that post it.

`channel_articles` reads the analysed articles a channel shared in a window. A digest run is
claimed once per (channel, period) and leased while posting.

A run is claimed by inserting its row; the unique (channel, period_end) makes the INSERT fail for
every process but one, before anything is posted. The claiming process holds a lease (claimed_by,
claimed_at) that it renews with every message; a run whose lease ran out was left half-posted by
a process that died, and is taken over by another. Every posted message's ts is recorded (the
parent on the run, each reply as a DigestReply) so a resumed run posts only what is missing.
Subscriptions themselves are read and written through bot.store.queries.channels; only when
each schedule was set is read here, for the scheduler's catch-up.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from bot.pagekind import ARTICLE
from bot.store.db import write_transaction
from bot.store.models import DigestReply, DigestRun, table_of
from bot.store.queries.records import (
    ArticleActorView,
    QuoteView,
    SharedArticle,
)
from bot.store.queries.tables import (
    ACTORS,
    ARTICLE_ACTORS,
    ARTICLES,
    QUOTES,
    SHARES,
    SUBSCRIPTIONS,
    take_over_stale,
)

logger = logging.getLogger(__name__)

RUNS = table_of(DigestRun)
REPLIES = table_of(DigestReply)

# A run whose claim has not been renewed for this long belongs to a process that died. Posting
# renews it with every message, and a 429's Retry-After is far shorter.
DEFAULT_LEASE = timedelta(minutes=3)

# pending: claimed, nothing posted yet; posting: the parent is being (or was) posted;
# done: every message posted; empty: nothing to post; skipped: the bot was down past the grace
# time; failed: given up, see failure_reason.
ACTIVE = ("pending", "posting")
NOT_A_DIGEST = ("skipped",)


@dataclass(frozen=True, slots=True)
class Run:
    """One digest run as the poster needs it."""

    id: int
    channel: str
    period_start: datetime
    period_end: datetime
    status: str
    parent_ts: str | None
    messages: tuple[dict[str, Any], ...]
    reply_ts: tuple[str, ...]  # the replies posted so far, in order
    claimed_by: str | None
    finished_at: datetime | None
    created_at: datetime  # when the run was claimed: nothing of it can be in Slack before this

    @property
    def posted(self) -> int:
        """How many of `messages` are in Slack already (the parent counts once posted)."""
        return (1 if self.parent_ts else 0) + len(self.reply_ts)


def previous_end(*, session: Session, channel: str, before: datetime) -> datetime | None:
    """Where the channel's last digest before `before` ended (skipped runs were no digest)."""
    r = RUNS.c
    return session.execute(
        sa.select(sa.func.max(r.period_end)).where(
            r.channel == channel, r.period_end < before, r.status.not_in(NOT_A_DIGEST)
        )
    ).scalar()


def has_run(*, session: Session, channel: str, period_end: datetime) -> bool:
    """Whether the channel's digest for the period ending `period_end` has a run, of any status
    (claimed, posted, empty, failed or skipped)."""
    r = RUNS.c
    found = session.execute(
        sa.select(r.id).where(r.channel == channel, r.period_end == period_end).limit(1)
    ).first()
    return found is not None


def schedules_set_at(*, session: Session) -> dict[str, datetime]:
    """When each channel's digest schedule was last set: times scheduled before it are not owed."""
    s = SUBSCRIPTIONS.c
    return {
        row.channel: row.updated_at for row in session.execute(sa.select(s.channel, s.updated_at))
    }


def _insert_run(session: Session, values: dict[str, Any]) -> int | None:
    """INSERT the run; None when (channel, period_end) exists already. Commits."""
    write_transaction(session)
    try:
        run_id = session.execute(sa.insert(RUNS).values(values).returning(RUNS.c.id)).scalar_one()
        session.commit()
    except sa.exc.IntegrityError:
        session.rollback()
        return None
    return int(run_id)


def claim_run(
    *,
    session: Session,
    channel: str,
    period_start: datetime,
    period_end: datetime,
    messages: list[dict[str, Any]],
    owner: str,
    now: datetime,
) -> Run | None:
    """Claim the channel's digest for the period ending `period_end`; None if another did.

    With no messages the run is closed at once as "empty" (the period is covered, nothing to
    post). Commits.
    """
    values = {
        "channel": channel,
        "period_start": period_start,
        "period_end": period_end,
        "status": "pending" if messages else "empty",
        "messages": messages,
        "claimed_by": owner,
        "claimed_at": now,
        "created_at": now,
        "finished_at": None if messages else now,
    }
    run_id = _insert_run(session, values)
    return None if run_id is None else get_run(session=session, run_id=run_id)


def record_skipped(
    *, session: Session, channel: str, period_start: datetime, period_end: datetime, now: datetime
) -> bool:
    """Note a digest that was not posted because the bot was down past the grace time.

    False when the period has a run already (another process posted it). Commits.
    """
    values = {
        "channel": channel,
        "period_start": period_start,
        "period_end": period_end,
        "status": "skipped",
        "failure_reason": "the bot was not running at the digest time (missed the grace time)",
        "messages": [],
        "created_at": now,
        "finished_at": now,
    }
    return _insert_run(session, values) is not None


def get_run(*, session: Session, run_id: int) -> Run:
    r = RUNS.c
    row = session.execute(
        sa.select(
            r.id,
            r.channel,
            r.period_start,
            r.period_end,
            r.status,
            r.parent_ts,
            r.messages,
            r.claimed_by,
            r.finished_at,
            r.created_at,
        ).where(r.id == run_id)
    ).one()
    replies = session.execute(
        sa.select(REPLIES.c.reply_ts).where(REPLIES.c.run_id == run_id).order_by(REPLIES.c.id)
    ).scalars()
    return Run(
        id=row.id,
        channel=row.channel,
        period_start=row.period_start,
        period_end=row.period_end,
        status=row.status,
        parent_ts=row.parent_ts,
        messages=tuple(row.messages or ()),
        reply_ts=tuple(replies),
        claimed_by=row.claimed_by,
        finished_at=row.finished_at,
        created_at=row.created_at,
    )


def _held(run_id: int, owner: str) -> Any:
    return sa.and_(RUNS.c.id == run_id, RUNS.c.claimed_by == owner, RUNS.c.status.in_(ACTIVE))


def _update_held(session: Session, run_id: int, owner: str, values: dict[str, Any]) -> bool:
    write_transaction(session)
    changed = session.execute(sa.update(RUNS).where(_held(run_id, owner)).values(values))
    session.commit()
    return bool(changed.rowcount)  # type: ignore[attr-defined]


def start_posting(*, session: Session, run_id: int, owner: str, now: datetime) -> bool:
    """Mark that the parent is about to be posted; False if the run is no longer ours. Commits.

    From here until its ts is recorded, a crash leaves it unknown whether Slack has the parent.
    """
    return _update_held(session, run_id, owner, {"status": "posting", "claimed_at": now})


def record_parent(
    *, session: Session, run_id: int, owner: str, parent_ts: str, now: datetime
) -> bool:
    """The parent message was posted as `parent_ts`. Commits."""
    return _update_held(session, run_id, owner, {"parent_ts": parent_ts, "claimed_at": now})


def record_reply(
    *,
    session: Session,
    run_id: int,
    owner: str,
    article_id: int | None,
    reply_ts: str,
    now: datetime,
) -> bool:
    """A thread reply was posted as `reply_ts` (renewing the lease). Commits."""
    write_transaction(session)
    renewed = session.execute(
        sa.update(RUNS).where(_held(run_id, owner)).values(claimed_at=now)
    ).rowcount  # type: ignore[attr-defined]
    # Recorded even when the lease was lost: the message is in Slack either way.
    session.execute(
        sa.insert(REPLIES).values(
            run_id=run_id, article_id=article_id, reply_ts=reply_ts, posted_at=now
        )
    )
    session.commit()
    return bool(renewed)


def finish_run(
    *,
    session: Session,
    run_id: int,
    owner: str,
    now: datetime,
    status: str = "done",
    reason: str | None = None,
) -> bool:
    """Close a run we hold as done or failed (with `reason`). Commits."""
    if status not in ("done", "failed"):
        raise ValueError(f"a digest run finishes done or failed, not {status!r}")
    values = {"status": status, "failure_reason": reason, "finished_at": now, "claimed_at": now}
    return _update_held(session, run_id, owner, values)


def take_over_stale_runs(
    *, session: Session, owner: str, now: datetime, lease: timedelta = DEFAULT_LEASE
) -> list[int]:
    """Claim every unfinished run whose lease ran out; return their ids, oldest first. Commits."""
    return take_over_stale(session, RUNS, active=ACTIVE, owner=owner, now=now, lease=lease)


def last_posted_run(*, session: Session, channel: str) -> Run | None:
    """The channel's most recent digest whose parent is in Slack, or None."""
    r = RUNS.c
    run_id = session.execute(
        sa.select(r.id)
        .where(r.channel == channel, r.parent_ts.is_not(None))
        .order_by(r.period_end.desc())
        .limit(1)
    ).scalar()
    return None if run_id is None else get_run(session=session, run_id=run_id)


def channel_articles(
    *,
    session: Session,
    channel: str,
    since: datetime,
    until: datetime,
    actors_per_article: int = 5,
    quotes_per_article: int = 5,
) -> tuple[SharedArticle, ...]:
    """Articles shared in `channel` within [since, until), analysed, in order of first share.

    For the digest: each with who shared it, its most salient actors and its first quotes.
    """
    s = SHARES.c
    shares = session.execute(
        sa.select(s.article_id, s.user_id, s.shared_at)
        .where(
            s.channel == channel,
            s.shared_at >= since,
            s.shared_at < until,
            s.status == "done",
            s.article_id.is_not(None),
        )
        .order_by(s.shared_at, s.id)
    ).all()
    if not shares:
        return ()
    first_shared: dict[int, datetime] = {}
    sharers: dict[int, list[str]] = defaultdict(list)
    share_counts: dict[int, int] = defaultdict(int)
    for article_id, user, shared_at in shares:
        first_shared.setdefault(article_id, shared_at)
        share_counts[article_id] += 1
        if user and user not in sharers[article_id]:
            sharers[article_id].append(user)
    ids = list(first_shared)
    a = ARTICLES.c
    articles = {
        row.id: row
        for row in session.execute(
            sa.select(a.id, a.canonical_url, a.title, a.site, a.published_at).where(
                a.id.in_(ids), a.page_kind == ARTICLE
            )
        )
    }
    ids = [i for i in ids if i in articles]
    links, q = ARTICLE_ACTORS.c, QUOTES.c
    linked = session.execute(
        sa.select(
            links.article_id,
            links.actor_id,
            links.role,
            links.mentions,
            links.salience,
        ).where(links.article_id.in_(ids))
    ).all()
    # Each article's first quotes, cut in the database (one sort of a few rows per article).
    in_order = sa.func.row_number().over(partition_by=q.article_id, order_by=(q.start, q.id))
    numbered = (
        sa.select(q.id, q.text, q.kind, q.cue, q.speaker_text, q.actor_id, q.article_id,
                  q.seen_at, q.start, q.end, in_order.label("n"))
        .where(q.article_id.in_(ids))
        .subquery()
    )  # fmt: skip
    first_quotes = session.execute(
        sa.select(numbered)
        .where(numbered.c.n <= quotes_per_article)
        .order_by(numbered.c.article_id, numbered.c.n)
    ).all()
    # The actors' names looked up by id, not joined: joined, PostgreSQL hashes the whole
    # actor table for a few hundred rows.
    named = sorted(({r.actor_id for r in linked} | {r.actor_id for r in first_quotes}) - {None})
    names = {
        r.id: r
        for r in session.execute(
            sa.select(ACTORS.c.id, ACTORS.c.name, ACTORS.c.kind).where(ACTORS.c.id.in_(named))
        )
    }
    actors: dict[int, list[ArticleActorView]] = defaultdict(list)
    for row in sorted(
        (r for r in linked if r.actor_id in names),
        key=lambda r: (r.article_id, -r.salience, -r.mentions, names[r.actor_id].name),
    ):
        if len(actors[row.article_id]) < actors_per_article:
            actor = names[row.actor_id]
            actors[row.article_id].append(
                ArticleActorView(
                    actor.id, actor.name, actor.kind, row.role, row.mentions, row.salience
                )
            )
    quotes: dict[int, list[QuoteView]] = defaultdict(list)
    for row in first_quotes:
        page, who = articles[row.article_id], names.get(row.actor_id)
        quotes[row.article_id].append(
            QuoteView(
                id=row.id, text=row.text, kind=row.kind, cue=row.cue,
                speaker=who.name if who else None, speaker_text=row.speaker_text,
                actor_id=row.actor_id, article_id=row.article_id, article_title=page.title,
                article_url=page.canonical_url, site=page.site, seen_at=row.seen_at,
                start=row.start, end=row.end, speaker_kind=who.kind if who else None,
                published_at=page.published_at,
            )
        )  # fmt: skip
    return tuple(
        SharedArticle(
            article_id=i,
            url=articles[i].canonical_url,
            title=articles[i].title,
            site=articles[i].site,
            published_at=articles[i].published_at,
            first_shared_at=first_shared[i],
            sharers=tuple(sharers[i]),
            share_count=share_counts[i],
            actors=tuple(actors[i]),
            quotes=tuple(quotes[i]),
        )
        for i in ids
    )

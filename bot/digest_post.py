"""Posting a channel's digest exactly once: claim the run, post the parent, then each reply.

Every message is posted only after the database says this process holds the run, and its ts is
recorded right after Slack answers. A process that dies part-way leaves the run with its lease
running out; the next start (or the scheduler's periodic sweep) takes it over and posts the
replies still missing under the same parent. The one gap no Slack API can close: a crash after
Slack accepted the parent but before its ts was stored. Such a run is closed as failed rather
than posted again, because a second parent is worse than a missing one.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlmodel import Session

from bot.digest import Digest, build_digest, window
from bot.digest_blocks import build_digest_messages
from bot.store import digest_queries as dq
from bot.store import queries as q

logger = logging.getLogger(__name__)

OWNER = f"{socket.gethostname()}:{os.getpid()}"
# Slack allows about one message per second per channel (chat.postMessage's special limit).
MIN_INTERVAL_S = 1.0
# Enough for the digest: every actor that can speak, every quote.
_ACTORS_PER_ARTICLE = 25
_QUOTES_PER_ARTICLE = 500


def _utc_now() -> datetime:
    return datetime.now(UTC)


class ChannelPacer:
    """At most one message per `interval` seconds per channel, across this process's threads."""

    def __init__(self, sleep: Callable[[float], None] = time.sleep) -> None:
        self._next: dict[str, float] = {}
        self._lock = threading.Lock()
        self._sleep = sleep

    def wait(self, channel: str, interval: float) -> None:
        with self._lock:
            now = time.monotonic()
            at = max(now, self._next.get(channel, now))
            self._next[channel] = at + interval
        if at > now:
            self._sleep(at - now)


# One pacer per process: every poster in it shares Slack's per-channel budget.
PACER = ChannelPacer()


@dataclass(frozen=True)
class Poster:
    """What posting needs: the archive, the Slack client, who we are, the clock, the pace."""

    sessions: Callable[[], Session]
    client: WebClient
    owner: str = OWNER
    clock: Callable[[], datetime] = _utc_now
    min_interval: float = MIN_INTERVAL_S
    lease: timedelta = dq.DEFAULT_LEASE
    pacer: ChannelPacer = field(default=PACER)


@dataclass(frozen=True, slots=True)
class Outcome:
    """What one attempt did: the run (None if another process had it) and messages posted."""

    run_id: int | None
    status: str
    posted: int = 0
    parent_ts: str | None = None


def prepare_digest(
    sessions: Callable[[], Session], *, channel: str, period_end: datetime, timezone: str
) -> Digest:
    """The digest of everything shared in `channel` since its previous digest, up to
    `period_end` (the first one covers 24 hours)."""
    with sessions() as session:
        previous = dq.previous_end(session=session, channel=channel, before=period_end)
        start, end = window(period_end, previous)
        articles = q.channel_articles(
            session=session,
            channel=channel,
            since=start,
            until=end,
            actors_per_article=_ACTORS_PER_ARTICLE,
            quotes_per_article=_QUOTES_PER_ARTICLE,
        )
    return build_digest(
        channel=channel, period_start=start, period_end=end, timezone=timezone, articles=articles
    )


def post_digest(
    poster: Poster,
    *,
    channel: str,
    period_end: datetime,
    timezone: str,
    notify_empty: bool = False,
) -> Outcome:
    """Post `channel`'s digest for the period ending `period_end`, unless it has been already.

    Safe to call from any number of processes at once: only the one whose claim is inserted
    posts anything.
    """
    digest = prepare_digest(
        poster.sessions, channel=channel, period_end=period_end, timezone=timezone
    )
    messages = [m.to_json() for m in build_digest_messages(digest, notify_empty=notify_empty)]
    with poster.sessions() as session:
        run = dq.claim_run(
            session=session,
            channel=channel,
            period_start=digest.period_start,
            period_end=digest.period_end,
            messages=messages,
            owner=poster.owner,
            now=poster.clock(),
        )
    if run is None:
        logger.info("digest of %s for %s is another process's", channel, period_end.isoformat())
        return Outcome(None, "taken")
    if run.status == "empty":
        logger.info("digest of %s: nothing shared, nothing posted", channel)
        return Outcome(run.id, "empty")
    return deliver(poster, run)


def resume_stale_runs(poster: Poster) -> list[Outcome]:
    """Take over runs left unfinished by a process that died, and finish posting them."""
    with poster.sessions() as session:
        run_ids = dq.take_over_stale_runs(
            session=session, owner=poster.owner, now=poster.clock(), lease=poster.lease
        )
    outcomes: list[Outcome] = []
    for run_id in run_ids:
        with poster.sessions() as session:
            run = dq.get_run(session=session, run_id=run_id)
        logger.warning(
            "resuming digest run %d of %s (%d of %d messages posted)",
            run.id,
            run.channel,
            run.posted,
            len(run.messages),
        )
        outcomes.append(deliver(poster, run))
    return outcomes


def _post(poster: Poster, channel: str, payload: dict[str, Any], thread_ts: str | None) -> str:
    poster.pacer.wait(channel, poster.min_interval)
    kwargs: dict[str, Any] = {"channel": channel, "text": payload["text"]}
    kwargs["blocks"] = payload["blocks"]
    if thread_ts is not None:
        kwargs["thread_ts"] = thread_ts
    # 429s are retried after Retry-After by the client's RateLimitErrorRetryHandler.
    response = poster.client.chat_postMessage(**kwargs)
    return str(response["ts"])


def deliver(poster: Poster, run: dq.Run) -> Outcome:
    """Post the messages of a run we hold that are not in Slack yet, parent first."""
    messages = run.messages
    parent_ts = run.parent_ts
    posted = 0

    def lost() -> Outcome:
        logger.warning("digest run %d was taken over by another process; stopping", run.id)
        return Outcome(run.id, "lost", posted, parent_ts)

    try:
        if parent_ts is None:
            if run.status == "posting":
                return _give_up(poster, run, "interrupted while posting the parent message")
            with poster.sessions() as session:
                if not dq.start_posting(
                    session=session, run_id=run.id, owner=poster.owner, now=poster.clock()
                ):
                    return lost()
            parent_ts = _post(poster, run.channel, messages[0], None)
            posted += 1
            with poster.sessions() as session:
                if not dq.record_parent(
                    session=session,
                    run_id=run.id,
                    owner=poster.owner,
                    parent_ts=parent_ts,
                    now=poster.clock(),
                ):
                    return lost()
        for message in messages[1 + len(run.reply_ts) :]:
            ts = _post(poster, run.channel, message, parent_ts)
            posted += 1
            with poster.sessions() as session:
                if not dq.record_reply(
                    session=session,
                    run_id=run.id,
                    owner=poster.owner,
                    article_id=message["article_id"],
                    reply_ts=ts,
                    now=poster.clock(),
                ):
                    return lost()
    except SlackApiError as exc:
        logger.exception("posting digest run %d of %s failed", run.id, run.channel)
        error = exc.response.get("error", "error") if exc.response is not None else "error"
        _give_up(poster, run, f"Slack answered {error}")
        return Outcome(run.id, "failed", posted, parent_ts)
    with poster.sessions() as session:
        dq.finish_run(session=session, run_id=run.id, owner=poster.owner, now=poster.clock())
    logger.info("digest run %d of %s posted (%d messages)", run.id, run.channel, len(messages))
    return Outcome(run.id, "done", posted, parent_ts)


def _give_up(poster: Poster, run: dq.Run, reason: str) -> Outcome:
    # Resuming without knowing what Slack has could post a second parent: stop here instead.
    logger.error("digest run %d of %s not posted: %s", run.id, run.channel, reason)
    with poster.sessions() as session:
        dq.finish_run(
            session=session,
            run_id=run.id,
            owner=poster.owner,
            now=poster.clock(),
            status="failed",
            reason=reason,
        )
    return Outcome(run.id, "failed", 0, run.parent_ts)

"""Posting a channel's digest exactly once: claim the run, post the parent, then each reply.

Every message is posted only after the database says this process holds the run, and its ts is
recorded right after Slack answers. A process that dies part-way leaves the run with its lease
running out; the next start (or the scheduler's periodic sweep) takes it over and posts the
replies still missing under the same parent. A crash after Slack accepted a message but before
its ts was stored is closed by Slack itself: every message carries message metadata naming its
run and part, so a resumed run whose parent ts is unknown looks for that parent in the channel's
history, and one with replies to post first reads its thread; whatever Slack already has is
recorded, not posted again. When Slack cannot be read the run is left for a later sweep (closed
as failed once it is too old, or at once when Slack refuses the read for good), because a second
parent is worse than a late or missing one.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlmodel import Session

from bot.clock import utc_now
from bot.digest import Digest, build_digest, window
from bot.digest_blocks import build_digest_messages
from bot.process import PROCESS_ID
from bot.slack_history import SlackUnreadable, ours, read_all
from bot.store import queries as q
from bot.store.queries import digests as dq

logger = logging.getLogger(__name__)

# Slack allows about one message per second per channel (chat.postMessage's special limit).
MIN_INTERVAL_S = 1.0
# Message metadata on every digest message: {"run_id": DigestRun.id, "part": index in messages}.
DIGEST_EVENT = "newsbot_digest"
# Slack's clock against ours: the parent is looked for from this long before the run's claim.
HISTORY_MARGIN = timedelta(minutes=10)
# A resumed run whose Slack state cannot be read is retried by later sweeps (each after the
# lease runs out) until the run is this old, then closed as failed.
RETRY_UNREADABLE_FOR = timedelta(hours=1)
# Enough for the digest: every actor that can speak, every quote.
_ACTORS_PER_ARTICLE = 25
_QUOTES_PER_ARTICLE = 500


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
    owner: str = PROCESS_ID
    clock: Callable[[], datetime] = utc_now
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


def claim_digest(
    poster: Poster, *, channel: str, period_end: datetime, timezone: str, notify_empty: bool
) -> dq.Run | None:
    """Build the digest's messages and claim its run; None if another process has it."""
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
    return run


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
    run = claim_digest(
        poster,
        channel=channel,
        period_end=period_end,
        timezone=timezone,
        notify_empty=notify_empty,
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


def post_part(poster: Poster, run: dq.Run, part: int, thread_ts: str | None) -> str:
    """Post message `part` of the run (0 is the parent) and return its ts."""
    channel, payload = run.channel, run.messages[part]
    poster.pacer.wait(channel, poster.min_interval)
    kwargs: dict[str, Any] = {"channel": channel, "text": payload["text"]}
    kwargs["blocks"] = payload["blocks"]
    # Names the message in Slack, so a resumed run finds what it posted but never recorded.
    kwargs["metadata"] = {
        "event_type": DIGEST_EVENT,
        "event_payload": {"run_id": run.id, "part": part},
    }
    if thread_ts is not None:
        kwargs["thread_ts"] = thread_ts
    # 429s are retried after Retry-After by the client's RateLimitErrorRetryHandler.
    response = poster.client.chat_postMessage(**kwargs)
    return str(response["ts"])


def _parts(messages: list[dict[str, Any]], run_id: int) -> Iterator[tuple[int, str]]:
    """(part, ts) of each message that is a part of run `run_id`, by its metadata."""
    for message, payload in ours(messages, DIGEST_EVENT):
        part = payload.get("part")
        if payload.get("run_id") == run_id and isinstance(part, int):
            yield part, str(message["ts"])


def find_parent(poster: Poster, run: dq.Run) -> str | None:
    """The ts of the run's parent if Slack has it (posted, never recorded), from the history."""
    oldest = run.created_at - HISTORY_MARGIN
    history = read_all(
        poster.client.conversations_history, channel=run.channel, oldest=f"{oldest.timestamp():.6f}"
    )
    found = [ts for part, ts in _parts(history, run.id) if part == 0]
    # Two would mean the gap was hit before; the earliest is the thread readers saw first.
    return min(found, key=float) if found else None


def find_replies(poster: Poster, run: dq.Run, parent_ts: str) -> dict[int, str]:
    """The run's replies Slack has in the parent's thread, by part."""
    thread = read_all(poster.client.conversations_replies, channel=run.channel, ts=parent_ts)
    found: dict[int, str] = {}
    for part, ts in _parts(sorted(thread, key=lambda m: float(m["ts"])), run.id):
        if part > 0:
            found.setdefault(part, ts)
    return found


def deliver(poster: Poster, run: dq.Run) -> Outcome:
    """Post the messages of a run we hold that are not in Slack yet, parent first."""
    messages = run.messages
    parent_ts = run.parent_ts
    posted = 0
    # A run that reached "posting" before this call may have messages in Slack that were never
    # recorded; one that did not (or whose parent this call posts) has none.
    resumed = run.status == "posting"

    def lost() -> Outcome:
        logger.warning("digest run %d was taken over by another process; stopping", run.id)
        return Outcome(run.id, "lost", posted, parent_ts)

    def record_parent(ts: str) -> bool:
        with poster.sessions() as session:
            return dq.record_parent(
                session=session, run_id=run.id, owner=poster.owner, parent_ts=ts, now=poster.clock()
            )

    try:
        if parent_ts is None and resumed:
            parent_ts = find_parent(poster, run)
            if parent_ts is not None:
                logger.warning(
                    "digest run %d of %s: parent %s found in the channel's history, resuming its"
                    " thread",
                    run.id,
                    run.channel,
                    parent_ts,
                )
                if not record_parent(parent_ts):
                    return lost()
        if parent_ts is None:
            with poster.sessions() as session:
                if not dq.start_posting(
                    session=session, run_id=run.id, owner=poster.owner, now=poster.clock()
                ):
                    return lost()
            parent_ts = post_part(poster, run, 0, None)
            posted += 1
            resumed = False
            if not record_parent(parent_ts):
                return lost()
        first = 1 + len(run.reply_ts)
        in_slack = find_replies(poster, run, parent_ts) if resumed and first < len(messages) else {}
        for part in range(first, len(messages)):
            ts = in_slack.get(part)
            if ts is None:
                ts = post_part(poster, run, part, parent_ts)
                posted += 1
            else:
                logger.warning(
                    "digest run %d of %s: reply %d found in the thread, not posted again",
                    run.id,
                    run.channel,
                    part,
                )
            with poster.sessions() as session:
                if not dq.record_reply(
                    session=session,
                    run_id=run.id,
                    owner=poster.owner,
                    article_id=messages[part]["article_id"],
                    reply_ts=ts,
                    now=poster.clock(),
                ):
                    return lost()
    except SlackUnreadable as exc:
        return _unreadable(poster, run, exc, posted, parent_ts)
    except SlackApiError as exc:
        logger.exception("posting digest run %d of %s failed", run.id, run.channel)
        error = exc.response.get("error", "error") if exc.response is not None else "error"
        _give_up(poster, run, f"Slack answered {error}")
        return Outcome(run.id, "failed", posted, parent_ts)
    with poster.sessions() as session:
        dq.finish_run(session=session, run_id=run.id, owner=poster.owner, now=poster.clock())
    logger.info("digest run %d of %s posted (%d messages)", run.id, run.channel, len(messages))
    return Outcome(run.id, "done", posted, parent_ts)


def _unreadable(
    poster: Poster, run: dq.Run, exc: SlackUnreadable, posted: int, parent_ts: str | None
) -> Outcome:
    """Slack could not say what the run has posted: post nothing; retry later, or give up."""
    age = poster.clock() - run.created_at
    if exc.transient and age < RETRY_UNREADABLE_FOR:
        # Left as it is, held by us: once the lease runs out a later sweep takes it over again.
        logger.error(
            "digest run %d of %s: cannot read what Slack has (%s); nothing posted, retrying once"
            " the lease runs out",
            run.id,
            run.channel,
            exc.reason,
            exc_info=exc,
        )
        return Outcome(run.id, "deferred", posted, parent_ts)
    logger.error("digest run %d of %s: reading Slack failed", run.id, run.channel, exc_info=exc)
    outcome = _give_up(poster, run, f"could not read what Slack has: {exc.reason}")
    return Outcome(run.id, "failed", posted, parent_ts or outcome.parent_ts)


def _give_up(poster: Poster, run: dq.Run, reason: str) -> Outcome:
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

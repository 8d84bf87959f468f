"""Follow alerts: when a newly read article quotes an actor someone follows, that person gets
one direct message with the quotes and the article's link, each quote saying where it was
first seen when other articles hold it too, as every answer does.

One per article per person, however often the article is shared and by however many
processes: each alert is a row claimed in the database before anything is sent
(bot.store.queries.alerts), and only its holder sends it. Never for an article the person
shared, and never for an article they may not see: an article shared only in private
channels reaches the followers who are members of one of them (asked of Slack; when Slack
cannot say, nobody is told, and a later share of the article tries again).

A process that dies between claiming an alert and recording it sent leaves the row's lease to
run out; the next start (or the scheduler's sweep every minute) takes it over. A crash after
Slack took the message but before its ts was stored is closed by Slack itself, as for digests:
each alert carries message metadata naming it, and a resumed alert that may have been posted
first reads the direct message's history.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlmodel import Session

from bot.clock import utc_now
from bot.follow_blocks import ALERT_QUOTES, build_follow_alert
from bot.process import PROCESS_ID
from bot.ranking import best_quotes
from bot.slack_history import SlackUnreadable, ours, read_all
from bot.store import queries as q
from bot.store.queries import alerts as aq
from bot.store.visibility import Viewer

logger = logging.getLogger(__name__)

ALERT_EVENT = "newsbot_follow_alert"  # message metadata: {"alert_id": FollowAlert.id}
HISTORY_MARGIN = timedelta(minutes=10)
RETRY_UNREADABLE_FOR = timedelta(hours=1)
MEMBERS_PAGE = 999
MAX_MEMBER_PAGES = 50


@dataclass(frozen=True)
class Alerter:
    """What sending alerts needs: the archive, the Slack client, who we are, the clock."""

    sessions: Callable[[], Session]
    client: WebClient
    owner: str = PROCESS_ID
    clock: Callable[[], datetime] = utc_now
    lease: timedelta = aq.DEFAULT_LEASE


def channel_members(client: WebClient, channel: str) -> set[str]:
    """Everyone in `channel` (raises SlackApiError or OSError when Slack cannot say)."""
    members: set[str] = set()
    cursor = None
    for _ in range(MAX_MEMBER_PAGES):
        page = client.conversations_members(channel=channel, limit=MEMBERS_PAGE, cursor=cursor)
        members.update(page.get("members") or [])
        cursor = (page.get("response_metadata") or {}).get("next_cursor")
        if not cursor:
            break
    return members


def _may_see(alerter: Alerter, audience: aq.AlertAudience) -> dict[str, frozenset[str]]:
    """The followers who may see the article, each with the private channels of its shares
    Slack says they are in: all followers (and no channel) if it is public, else the members
    of a private channel it was shared in."""
    followers = set(audience.followers)
    if audience.public:
        return {user: frozenset() for user in followers}
    seen_in: dict[str, set[str]] = {}
    for channel in audience.private_channels:
        try:
            members = channel_members(alerter.client, channel)
        except (SlackApiError, OSError):
            logger.exception("could not ask Slack who is in %s; no follower is told", channel)
            continue
        for user in followers & members:
            seen_in.setdefault(user, set()).add(channel)
    return {user: frozenset(channels) for user, channels in seen_in.items()}


def alert_followers(alerter: Alerter, article_id: int, *, share_id: int | None = None) -> list[str]:
    """Tell every follower who should hear of the article and has not; the statuses.

    Called with the share being finished (`share_id`) before it is closed, so that a process
    dying in between leaves the share to be worked on again, and every alert claimed.
    """
    with alerter.sessions() as session:
        audience = aq.alert_audience(session=session, article_id=article_id, share_id=share_id)
    if audience is None or not audience.followers:
        return []
    outcomes: list[str] = []
    for user, seen_in in sorted(_may_see(alerter, audience).items()):
        with alerter.sessions() as session:
            alert_id = aq.claim_alert(
                session=session,
                user=user,
                article_id=article_id,
                actor_ids=audience.followers[user],
                owner=alerter.owner,
                now=alerter.clock(),
            )
        if alert_id is not None:
            outcomes.append(deliver(alerter, alert_id, seen_in=seen_in))
    return outcomes


def resume_stale_alerts(alerter: Alerter) -> list[str]:
    """Take over alerts a process that died left unsent, and send them."""
    with alerter.sessions() as session:
        ids = aq.take_over_stale_alerts(
            session=session, owner=alerter.owner, now=alerter.clock(), lease=alerter.lease
        )
    if ids:
        logger.warning("resuming %d follow alerts left unsent", len(ids))
    return [deliver(alerter, alert_id) for alert_id in ids]


def _message(session: Session, alert: aq.Alert, viewer: Viewer) -> dict[str, Any] | None:
    """The alert's message (text and blocks), or None when the article is gone. Each quote
    says where it was first seen among the articles `viewer` may see."""
    stored = q.get_article(session=session, article_id=alert.article_id)
    if stored is None:
        return None
    actors, quotes = q.article_analysis(session=session, article_id=alert.article_id)
    followed = set(alert.actor_ids)
    theirs = [v for v in quotes if v.actor_id in followed]
    salience = {a.name: a.salience for a in actors}
    shown = best_quotes(theirs, salience, ALERT_QUOTES)
    shown = list(q.with_provenance(session=session, quotes=shown, viewer=viewer))
    refs = [q.ActorRef(a.actor_id, a.name, a.kind) for a in actors if a.actor_id in followed]
    if not refs:  # a speaker that is no actor of the article's list: named by its quotes
        refs = [q.ActorRef(v.actor_id or 0, v.speaker or "", "") for v in theirs[:1]]
    built = build_follow_alert(
        actors=refs,
        title=stored.title,
        url=stored.canonical_url,
        site=stored.site,
        quotes=shown,
        total=len(theirs),
    )
    return built.to_payload()


def _already_sent(alerter: Alerter, alert: aq.Alert) -> str | None:
    """The ts of this alert's message if the direct message's history holds it."""
    if alert.dm_channel is None:
        return None
    oldest = alert.created_at - HISTORY_MARGIN
    history = read_all(
        alerter.client.conversations_history,
        channel=alert.dm_channel,
        oldest=f"{oldest.timestamp():.6f}",
    )
    for message, payload in ours(history, ALERT_EVENT):
        if payload.get("alert_id") == alert.id:
            return str(message["ts"])
    return None


def deliver(alerter: Alerter, alert_id: int, *, seen_in: frozenset[str] = frozenset()) -> str:
    """Send an alert this process holds, unless Slack already has it: sent, found, lost (another
    process took it over), deferred (Slack unreadable for now) or failed.

    Where its quotes were first seen is looked for in public articles and in those shared in
    `seen_in`, the private channels the follower was found in when the alert was claimed; an
    alert resumed after a crash looks in public articles only, never beyond what they may see.
    """
    with alerter.sessions() as session:
        alert = aq.get_alert(session=session, alert_id=alert_id)
        payload = _message(session, alert, Viewer.of(seen_in))

    def finish(status: str, ts: str | None = None, reason: str | None = None) -> bool:
        with alerter.sessions() as session:
            return aq.finish_alert(
                session=session,
                alert_id=alert.id,
                owner=alerter.owner,
                now=alerter.clock(),
                message_ts=ts,
                status=status,
                reason=reason,
            )

    if payload is None:
        finish("failed", reason="the article is no longer in the archive")
        return "failed"
    try:
        if alert.status == "posting":
            found = _already_sent(alerter, alert)
            if found is not None:
                logger.warning("follow alert %d found in Slack, not sent again", alert.id)
                return "found" if finish("sent", found) else "lost"
        dm = alert.dm_channel
        if dm is None:
            opened = alerter.client.conversations_open(users=alert.user)
            dm = str(opened["channel"]["id"])
        with alerter.sessions() as session:
            if not aq.start_posting(
                session=session,
                alert_id=alert.id,
                owner=alerter.owner,
                dm_channel=dm,
                now=alerter.clock(),
            ):
                return "lost"
        posted = alerter.client.chat_postMessage(
            channel=dm,
            unfurl_links=False,
            unfurl_media=False,
            metadata={"event_type": ALERT_EVENT, "event_payload": {"alert_id": alert.id}},
            **payload,
        )
    except SlackUnreadable as exc:
        if exc.transient and alerter.clock() - alert.created_at < RETRY_UNREADABLE_FOR:
            logger.error("follow alert %d: cannot read Slack (%s); retrying later", alert.id, exc)
            return "deferred"
        finish("failed", reason=f"could not read what Slack has: {exc.reason}")
        return "failed"
    except (SlackApiError, OSError) as exc:
        logger.exception("sending follow alert %d to %s failed", alert.id, alert.user)
        if isinstance(exc, SlackApiError) and exc.response is not None:
            finish("failed", reason=f"Slack answered {exc.response.get('error', 'error')}")
            return "failed"
        return "deferred"  # unreachable or timed out: left for the sweep once the lease ends
    return "sent" if finish("sent", str(posted["ts"])) else "lost"

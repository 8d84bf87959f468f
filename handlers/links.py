"""Links shared in channels: record each as a pending share before the ack, answer when analysed.

`on_message` runs before Slack's request is acknowledged (the app sets process_before_response),
so it only parses the event and records shares; `process_share` runs in the worker pool and ends
in a reaction on the message and, where the channel wants it, one thread reply.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from html import unescape
from typing import Any
from urllib.parse import urlsplit

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.blocks import build_link_answer, build_unread_links
from bot.follow_alerts import Alerter, alert_followers
from bot.process import PROCESS_ID, is_dead_process
from bot.services import Services
from bot.shares import ShareOutcome, UrlResult, analyse_share, finish_share
from bot.slack_history import SlackUnreadable, ours, read_all
from bot.store import notices
from bot.store import queries as q
from bot.store.errors import InvalidUrl
from bot.urls import redact_url

logger = logging.getLogger(__name__)

# Slack writes links as <url> or <url|label>; user and channel mentions use the same brackets
# but never start with a scheme.
SLACK_LINK = re.compile(r"<(https?://[^>|\s]+)(?:\|[^>]*)?>", re.IGNORECASE)

ANALYSED_EMOJI = "newspaper"
UNREADABLE_EMOJI = "warning"
NOT_ARTICLE_EMOJI = "page_facing_up"  # read and kept, but a recipe, a shop page, ...
REPLY_EVENT = "newsbot_share_reply"  # message metadata type on thread replies
# Links read from one message; the rest are answered in one reply saying how many they were, so
# a message of 200 links makes 10 shares and 11 replies, not 200.
MAX_LINKS_PER_MESSAGE = 10
# Message subtypes that are a person saying something; joins, topic changes, deletions and bot
# posts are not shares.
SHARE_SUBTYPES = frozenset({None, "thread_broadcast", "file_share", "me_message"})
SLACK_HOSTS = ("slack.com", "slack-edge.com", "slack-files.com", "slack-imgs.com", "slack.dev")
FILE_SUFFIXES = (
    # images
    ".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".bmp", ".tif", ".tiff", ".heic", ".ico",
    # documents, media and archives: files, not articles
    ".pdf", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".csv", ".zip", ".gz", ".tar",
    ".mp3", ".mp4", ".mov", ".m4a", ".wav", ".avi", ".webm", ".json", ".xml", ".txt",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class SharedMessage:
    """The part of a message event that makes shares: where, who, and the article links."""

    channel: str
    ts: str
    thread_ts: str | None
    user: str | None
    team: str | None
    urls: tuple[str, ...]  # the first MAX_LINKS_PER_MESSAGE
    channel_type: str | None = None  # "channel" public, "group" private (who may see it)
    unread: int = 0  # article links after those, not read


def is_article_link(url: str) -> bool:
    """False for links to Slack itself, to images and to other files."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    host = (parts.hostname or "").lower().rstrip(".")
    if not host or any(host == h or host.endswith("." + h) for h in SLACK_HOSTS):
        return False
    return not parts.path.lower().endswith(FILE_SUFFIXES)


def urls_in_message(message: dict[str, Any]) -> list[str]:
    """Article links of one message, in order, once each: from its text and its unfurls."""
    found: list[str] = []
    for match in SLACK_LINK.finditer(message.get("text") or ""):
        found.append(unescape(match.group(1)))
    for attachment in message.get("attachments") or []:
        if isinstance(attachment, dict):
            for key in ("from_url", "original_url", "title_link"):
                if isinstance(attachment.get(key), str):
                    found.append(attachment[key])
                    break
    seen: set[str] = set()
    urls = []
    for url in found:
        if url not in seen and is_article_link(url):
            seen.add(url)
            urls.append(url)
    return urls


def parse_message_event(event: dict[str, Any], *, bot_user_id: str | None) -> SharedMessage | None:
    """The shares a message event carries, or None when it carries none for us.

    Edits (message_changed) count with the edited message: links the edit added become shares,
    links it already had are found again and recorded once by the store.
    """
    subtype = event.get("subtype")
    message = event.get("message") if subtype == "message_changed" else event
    if not isinstance(message, dict):
        return None
    if subtype != "message_changed" and subtype not in SHARE_SUBTYPES:
        return None
    if message.get("subtype") not in SHARE_SUBTYPES:
        return None
    if message.get("bot_id") or message.get("bot_profile"):
        return None  # our own posts and other bots' alike
    user = message.get("user")
    if bot_user_id and user == bot_user_id:
        return None
    if event.get("channel_type") not in (None, "channel", "group"):
        return None
    channel, ts = event.get("channel"), message.get("ts")
    if not channel or not ts:
        return None
    urls = urls_in_message(message)
    if not urls:
        return None
    return SharedMessage(
        channel=channel,
        ts=ts,
        thread_ts=message.get("thread_ts"),
        user=user,
        team=message.get("team") or event.get("team"),
        urls=tuple(urls[:MAX_LINKS_PER_MESSAGE]),
        channel_type=event.get("channel_type"),
        unread=max(0, len(urls) - MAX_LINKS_PER_MESSAGE),
    )


def on_message(event: dict[str, Any], context: Any) -> None:
    """Record every article link of the message as a pending share; Bolt acks after this."""
    shared = parse_message_event(event, bot_user_id=context.get("bot_user_id"))
    if shared is None:
        return
    services: Services = context["services"]
    created: list[int] = []
    with services.sessions() as session:
        for url in shared.urls:
            try:
                share_id, new = q.record_share(
                    session=session,
                    team=shared.team,
                    channel=shared.channel,
                    message_ts=shared.ts,
                    thread_ts=shared.thread_ts,
                    user=shared.user,
                    url=url,
                    shared_at=services.clock(),
                    channel_type=shared.channel_type,
                )
            except InvalidUrl:
                logger.info(
                    "skipping %r in %s/%s: not a web address",
                    redact_url(url),
                    shared.channel,
                    shared.ts,
                )
                continue
            if new:
                created.append(share_id)
    # Redelivered events find their shares already recorded: nothing new to submit.
    services.worker.submit_all(created)


def answer_unread_links(event: dict[str, Any], context: Any, client: WebClient) -> None:
    """After the ack: one thread reply, once per message, naming how many links were not read.

    Slack redelivering the event and edits of the message find the message claimed already.
    """
    shared = parse_message_event(event, bot_user_id=context.get("bot_user_id"))
    if shared is None or not shared.unread:
        return
    services: Services = context["services"]
    with services.sessions() as session:
        if not q.channel_replies_enabled(session=session, channel=shared.channel):
            return
        claimed = notices.claim_unread_links(
            session=session,
            channel=shared.channel,
            message_ts=shared.ts,
            unread=shared.unread,
            now=services.clock(),
        )
    if not claimed:
        return
    message = build_unread_links(read=len(shared.urls), unread=shared.unread)
    try:
        posted = client.chat_postMessage(
            channel=shared.channel,
            thread_ts=shared.thread_ts or shared.ts,
            unfurl_links=False,
            unfurl_media=False,
            **message.to_payload(),
        )
    except (SlackApiError, OSError):
        # Claimed but not posted: at most one such reply per message, never two.
        logger.exception("telling %s/%s of its unread links failed", shared.channel, shared.ts)
        return
    with services.sessions() as session:
        notices.record_unread_links_reply(
            session=session, channel=shared.channel, message_ts=shared.ts, reply_ts=posted.get("ts")
        )


def pending_share_ids(services: Services) -> list[int]:
    """The sweep: shares still pending, after freeing those a killed process on this host held."""
    with services.sessions() as session:
        if freed := q.release_claims(session=session, gone=is_dead_process):
            logger.info("took back the shares claimed by %s, which no longer run", freed)
        return q.pending_share_ids(session=session)


def process_share(share_id: int, *, services: Services, client: WebClient) -> None:
    """Worker job: analyse the share (or find it in the archive), answer in Slack, close it.

    An attempt that ends in an error leaves the share pending for the next sweep; once its
    attempts are used up it is closed as failed and the sharer told, once.
    """
    try:
        outcome = analyse_share(share_id, services)
    except Exception:
        logger.exception("share %s failed in the worker", share_id)
        outcome = None
    if outcome is None:
        outcome = given_up(share_id, services)
    if outcome is None:
        return  # done already, another worker holds it, or it has attempts left
    try:
        answer_share(outcome, services=services, client=client)
    except (SlackApiError, OSError):
        # The analysis is stored either way; a reply Slack refused, or that timed out (Slack
        # may have posted it), is logged, not retried.
        logger.exception("answering share %s in %s failed", share_id, outcome.share.channel)
    tell_followers(outcome, services=services, client=client)
    finish_share(outcome, services)


def tell_followers(outcome: ShareOutcome, *, services: Services, client: WebClient) -> None:
    """The follow alerts of a read article, claimed before its share is closed: a process that
    dies before then leaves the share pending, and its next attempt claims what is left."""
    article_id = outcome.result.article_id
    if not outcome.result.is_article or article_id is None:
        return
    alerter = Alerter(sessions=services.sessions, client=client, clock=services.clock)
    try:
        alert_followers(alerter, article_id, share_id=outcome.share.id)
    except Exception:
        # Claimed alerts left unsent are taken over by the sweep once their lease ends.
        logger.exception("telling the followers of article %s failed", article_id)


def given_up(share_id: int, services: Services) -> ShareOutcome | None:
    """The share as a failure to answer, when it used up its attempts; else None."""
    with services.sessions() as session:
        share = q.give_up_share(session=session, share_id=share_id, worker_id=PROCESS_ID)
    if share is None:
        return None
    logger.warning("gave up on share %s in %s: %s", share.id, share.channel, share.failure_reason)
    return ShareOutcome(share=share, result=UrlResult(url=share.url, error=share.failure_reason))


def reaction_for(result: UrlResult) -> str:
    """:newspaper: for an article, another emoji for a page that is no article, :warning: for a
    link that could not be read."""
    if not result.ok:
        return UNREADABLE_EMOJI
    return ANALYSED_EMOJI if result.is_article else NOT_ARTICLE_EMOJI


def answer_share(outcome: ShareOutcome, *, services: Services, client: WebClient) -> None:
    """A reaction on the message and, where the channel wants replies, one thread reply."""
    share, result = outcome.share, outcome.result
    if not share.reacted:
        emoji = reaction_for(result)
        try:
            client.reactions_add(channel=share.channel, timestamp=share.message_ts, name=emoji)
            reacted = True
        except (SlackApiError, OSError) as exc:
            # A refused or timed-out reaction must not cost the reply: log it and go on.
            reacted = (
                isinstance(exc, SlackApiError) and exc.response.get("error") == "already_reacted"
            )
            if not reacted:
                logger.exception("reacting to share %s in %s failed", share.id, share.channel)
        if reacted:
            with services.sessions() as session:
                q.record_reply(session=session, share_id=share.id, reacted=True)
    if share.reply_ts:
        return  # replied before a restart; one reply per share
    with services.sessions() as session:
        if not q.channel_replies_enabled(session=session, channel=share.channel):
            return
    message = build_link_answer(result, url=share.url)
    reply_ts = earlier_reply(client, share) if share.attempts > 1 else None
    if reply_ts is None:
        posted = client.chat_postMessage(
            channel=share.channel,
            thread_ts=share.thread_ts or share.message_ts,
            unfurl_links=False,
            unfurl_media=False,
            metadata={"event_type": REPLY_EVENT, "event_payload": {"share_id": share.id}},
            **message.to_payload(),
        )
        reply_ts = posted.get("ts")
    with services.sessions() as session:
        q.record_reply(session=session, share_id=share.id, reply_ts=reply_ts)


def earlier_reply(client: WebClient, share: q.ShareView) -> str | None:
    """The ts of the reply an earlier attempt at this share posted, if the thread holds one.

    A process killed after Slack took its reply but before the archive noted it leaves no
    reply_ts; the thread is the record then (each reply carries its share id as metadata).
    """
    try:
        thread = read_all(
            client.conversations_replies,
            channel=share.channel,
            ts=share.thread_ts or share.message_ts,
        )
    except SlackUnreadable:
        logger.exception("could not read the thread of share %s; replying anyway", share.id)
        return None
    for message, payload in ours(thread, REPLY_EVENT):
        if payload.get("share_id") == share.id:
            return str(message.get("ts"))
    return None

"""Whose archive answers are whose: the private channels a person is in, asked of Slack.

Slack's users.conversations (types=private_channel, the groups:read scope) lists the private
channels the person shares with the bot, which are the only ones newsbot has shares from. The
answer is cached per process (bot.services.MembershipCache), and so is the Home tab's list of
all the person's channels: opening the tab again within a few minutes asks Slack nothing. When
Slack cannot be asked the person sees public articles only, and the failure is logged.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.services import Services
from bot.store.visibility import Viewer

logger = logging.getLogger(__name__)

# The lookup happens inside Slack's 3 seconds for the slash command's ack.
LOOKUP_TIMEOUT_S = 2
PAGE_SIZE = 999  # users.conversations' largest page
MAX_PAGES = 20


def _channels(client: WebClient, user: str, types: str) -> list[dict[str, Any]]:
    """The channels of `types` that `user` is in and the bot can see (raises SlackApiError,
    OSError)."""
    quick = WebClient(token=client.token, base_url=client.base_url, timeout=LOOKUP_TIMEOUT_S)
    found: list[dict[str, Any]] = []
    cursor = None
    for _ in range(MAX_PAGES):
        page = quick.users_conversations(
            user=user, types=types, exclude_archived=False, limit=PAGE_SIZE, cursor=cursor
        )
        found += [c for c in page.get("channels") or [] if c.get("id")]
        cursor = (page.get("response_metadata") or {}).get("next_cursor")
        if not cursor:
            break
    return found


def private_channels(client: WebClient, user: str) -> frozenset[str]:
    """Every private channel `user` is in that the bot can see (raises SlackApiError, OSError)."""
    return frozenset(c["id"] for c in _channels(client, user, "private_channel"))


def channels_of(
    client: WebClient | None, services: Services, *, user: str
) -> tuple[frozenset[str], Viewer]:
    """Every channel `user` is in (public and private, the channels:read and groups:read
    scopes), and what they may see of the archive; their private channels go into the cache.

    Slack's answer is kept for the cache's minutes (services.channels). Without an answer
    from Slack: no channels, and public articles only (logged, not kept).
    """
    if client is None:
        return frozenset(), Viewer.of([])
    cached = services.channels.get(user)
    if cached is not None:
        everything, private = cached
        return everything, Viewer.of(private)
    try:
        found = _channels(client, user, "public_channel,private_channel")
    except (SlackApiError, OSError) as exc:
        logger.warning(
            "could not ask Slack which channels %s is in (%s); showing public articles only",
            user,
            exc,
        )
        return frozenset(), Viewer.of([])
    private = frozenset(c["id"] for c in found if c.get("is_private"))
    everything = frozenset(c["id"] for c in found)
    services.membership.put(user, private)
    services.channels.put(user, (everything, private))
    return everything, Viewer.of(private)


def viewer_for(
    client: WebClient | None, services: Services, *, user: str | None, channel: str | None
) -> Viewer:
    """Who is asking: their private channels (cached) and the channel they ask in.

    The channel asked in counts because the person is in it: Slack runs a slash command only
    there. Without an answer from Slack, that channel and public articles are all they see.
    """
    if not user or client is None:
        return Viewer.of([channel])
    channels = services.membership.get(user)
    if channels is None:
        try:
            channels = private_channels(client, user)
        except (SlackApiError, OSError) as exc:
            logger.warning(
                "could not ask Slack which private channels %s is in (%s); "
                "answering from public channels only",
                user,
                exc,
            )
            return Viewer.of([channel])
        services.membership.put(user, channels)
    return Viewer.of([*channels, channel])

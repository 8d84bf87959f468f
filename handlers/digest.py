"""`/newsbot digest ...`: subscribe the channel, stop, show status, or post the digest now.

Thin: the words are parsed and acted on by bot.schedule, the answers built by bot.digest_blocks.
Every sub-command answers within the slash command's ack; `now` queues the posting on the
scheduler (a second per message is too slow for the ack).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from bot import schedule
from bot.blocks import Message, build_notice
from bot.digest_blocks import build_digest_usage, build_status, build_subscribed
from handlers.invocation import Invocation

if TYPE_CHECKING:
    from bot.services import Services

logger = logging.getLogger(__name__)


def answer(inv: Invocation, services: Services) -> Message:
    """Dispatch `digest <sub-command> ...` typed in `inv.channel`."""
    sub, _, rest = inv.args.partition(" ")
    sub = sub.lower()
    if not inv.channel:
        return build_notice("Digests belong to a channel: type this in the channel you mean.")
    if sub in ("at", "on"):
        return subscribe(inv.channel, rest, inv.user, services)
    if sub in ("off", "stop"):
        return unsubscribe(inv.channel, services)
    if sub == "status":
        return status(inv.channel, services)
    if sub == "now":
        return post_now(inv.channel, services)
    problem = f"I don't know `digest {sub}`." if sub else None
    return build_digest_usage(problem)


def subscribe(channel: str, args: str, user: str | None, services: Services) -> Message:
    try:
        request = schedule.parse_schedule(args, default_timezone=schedule.default_timezone())
    except schedule.ScheduleError as exc:
        return build_digest_usage(str(exc))
    state = schedule.subscribe(
        services.sessions, channel=channel, request=request, user=user, now=services.clock()
    )
    return build_subscribed(
        time=request.time,
        timezone=request.timezone,
        days=schedule.describe_days(request.weekdays),
        next_run=state.next_run,
        notify_empty=request.notify_empty,
    )


def unsubscribe(channel: str, services: Services) -> Message:
    if schedule.unsubscribe(services.sessions, channel=channel):
        return build_notice("This channel's digest is off. `/newsbot digest at HH:MM` restarts it.")
    return build_notice("This channel had no digest to stop.")


def status(channel: str, services: Services) -> Message:
    state = schedule.status(services.sessions, channel=channel, now=services.clock())
    sub = state.subscription
    tz = ZoneInfo(sub.timezone if sub else schedule.default_timezone())
    last_end = state.last_run.period_end.astimezone(tz) if state.last_run else None
    return build_status(
        time=sub.time if sub else None,
        timezone=sub.timezone if sub else None,
        days=schedule.describe_days(sub.weekdays) if sub else None,
        next_run=state.next_run,
        last_end=last_end,
        last_link=state.last_link,
    )


def post_now(channel: str, services: Services) -> Message:
    if not schedule.request_digest_now(channel, services.clock()):
        return build_notice("Digests are not running in this bot process; ask an admin.")
    return build_notice(
        "Posting the digest of everything shared here since the last one (or the last 24 hours)."
    )

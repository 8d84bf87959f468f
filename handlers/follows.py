"""`/newsbot follow NAME`, `unfollow NAME`, `following`: parse, ask the archive, answer privately.

Following needs the name to stand for an actor of an article the person may see (their
viewer); the alerts themselves are sent by bot.follow_alerts when a share is read.
"""

from __future__ import annotations

from bot import follow_blocks
from bot.blocks import Message, build_notice
from bot.services import Services
from bot.store import queries as q
from handlers.invocation import Invocation


def _no_user() -> Message:
    return build_notice("Slack did not say who is asking, so I can't keep follows for you.")


def answer_follow(inv: Invocation, services: Services) -> Message:
    if not inv.args:
        return build_notice("Usage: `/newsbot follow NAME`")
    if not inv.user:
        return _no_user()
    with services.sessions() as session:
        change = q.follow(session=session, user=inv.user, name=inv.args, viewer=inv.seen_by)
    return follow_blocks.build_followed(change)


def answer_unfollow(inv: Invocation, services: Services) -> Message:
    if not inv.args:
        return build_notice("Usage: `/newsbot unfollow NAME`")
    if not inv.user:
        return _no_user()
    with services.sessions() as session:
        change = q.unfollow(session=session, user=inv.user, name=inv.args)
    return follow_blocks.build_unfollowed(change)


def answer_following(inv: Invocation, services: Services) -> Message:
    if not inv.user:
        return _no_user()
    with services.sessions() as session:
        actors = q.following(session=session, user=inv.user)
    return follow_blocks.build_following(actors)

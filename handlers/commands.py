"""`/newsbot`: parse the sub-command, ask bot/ for the answer, reply privately in Block Kit.

Quick sub-commands are answered in the ack itself; slow ones (`article URL`) are acknowledged at
once and answered through response_url by the lazy half, `answer_slow_newsbot`.
"""

from __future__ import annotations

import difflib
import json
import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from typing import Any, Protocol

from bot import blocks
from bot.blocks import Message
from bot.pipeline import is_url
from bot.said_blocks import build_said
from bot.services import Services
from bot.shares import analyse_url
from bot.store import queries as q
from bot.store import search
from handlers import digest, follows, members
from handlers.invocation import Invocation, parse

logger = logging.getLogger(__name__)

MAX_DAYS = 3650
MAX_LISTED = 15  # quotes per answer: readable, and well inside 50 blocks
RECENT_QUOTES = 3  # in `actor NAME`
MAX_MORE_TEXT = 1500  # a button's value holds 2,000 characters
TOP_LIMIT = 10
PERIODS = {"today": timedelta(days=1), "week": timedelta(days=7), "month": timedelta(days=30)}
PERIOD_LABELS = {"today": "today", "week": "the last 7 days", "month": "the last 30 days"}

Answer = Callable[[Invocation, Services], Message]


def usage(form: str) -> Message:
    return blocks.build_notice(f"Usage: `/newsbot {form}`")


def answer_help(inv: Invocation, services: Services) -> Message:
    return blocks.build_help()


def split_days(args: str) -> tuple[str, int | None]:
    """`Jane Doe 7` -> ("Jane Doe", 7); without a trailing number, no window (None)."""
    name, _, last = args.rpartition(" ")
    if name and last.isdigit():
        return name.strip(), max(1, min(int(last), MAX_DAYS))
    return args, None


def more_value(text: str, offset: int) -> str:
    """What a "More" button carries: the command to go on with, and how many were shown."""
    return json.dumps({"text": text[:MAX_MORE_TEXT], "offset": offset})


def answer_quotes(inv: Invocation, services: Services, *, offset: int = 0) -> Message:
    name, days = split_days(inv.args)
    if not name:
        return usage("quotes NAME [days]")
    since = None if days is None else services.clock() - timedelta(days=days)
    with services.sessions() as session:
        found = q.quotes_by_actor(
            session=session,
            name=name,
            since=since,
            limit=MAX_LISTED,
            offset=offset,
            viewer=inv.seen_by,
        )
        placed = q.with_provenance(session=session, quotes=found.quotes, viewer=inv.seen_by)
        found = replace(found, quotes=placed)
    shown = found.offset + len(found.quotes)
    more = more_value(f"quotes {inv.args}", shown) if found.total > shown else None
    return blocks.build_quotes(found, days=days, more=more)


def answer_actor(inv: Invocation, services: Services) -> Message:
    if not inv.args:
        return usage("actor NAME")
    with services.sessions() as session:
        lookup = q.actor_profile(session=session, name=inv.args, viewer=inv.seen_by)
        recent = timeline = None
        if lookup.profiles:
            recent = q.quotes_by_actor(
                session=session, name=inv.args, limit=RECENT_QUOTES, viewer=inv.seen_by
            )
            placed = q.with_provenance(session=session, quotes=recent.quotes, viewer=inv.seen_by)
            recent = replace(recent, quotes=placed)
            timeline = q.actor_timeline(
                session=session,
                actor_ids=[p.id for p in lookup.profiles],
                now=services.clock(),
                viewer=inv.seen_by,
            )
    more = None
    if recent is not None and recent.total > len(recent.quotes):
        more = more_value(f"quotes {inv.args}", len(recent.quotes))
    return blocks.build_actor(lookup, recent, more=more, timeline=timeline)


def answer_top(inv: Invocation, services: Services) -> Message:
    period = inv.args.lower() or "week"
    if period not in PERIODS:
        return usage("top [today|week|month]")
    now = services.clock()
    since = (
        now.replace(hour=0, minute=0, second=0, microsecond=0)
        if period == "today"
        else (now - PERIODS[period])
    )
    with services.sessions() as session:
        top = q.top_actors(
            session=session, since=since, until=now, limit=TOP_LIMIT, viewer=inv.seen_by
        )
    return blocks.build_top(top, period=PERIOD_LABELS[period])


def answer_search(inv: Invocation, services: Services, *, offset: int = 0) -> Message:
    if not inv.args:
        return usage("search WORDS")
    problem = search.parse(inv.args).problem
    if problem:
        return blocks.build_notice(problem)
    with services.sessions() as session:
        found = q.search_quotes(
            session=session, words=inv.args, limit=MAX_LISTED, offset=offset, viewer=inv.seen_by
        )
        total = q.count_search(session=session, words=inv.args, viewer=inv.seen_by)
        found = q.with_provenance(session=session, quotes=found, viewer=inv.seen_by)
    shown = offset + len(found)
    more = more_value(f"search {inv.args}", shown) if total > shown else None
    return blocks.build_search(inv.args, found, total=total, offset=offset, more=more)


def answer_said(inv: Invocation, services: Services) -> Message:
    if not inv.args:
        return usage("said WORDS")
    with services.sessions() as session:
        result = q.said(session=session, words=inv.args, viewer=inv.seen_by)
    return build_said(result)


def answer_replies(inv: Invocation, services: Services) -> Message:
    setting = inv.args.lower()
    if setting not in ("on", "off") or not inv.channel:
        return usage("replies on|off")
    with services.sessions() as session:
        q.set_channel_replies(session=session, channel=inv.channel, enabled=setting == "on")
    if setting == "on":
        return blocks.build_notice("I'll reply in a thread to links shared in this channel.")
    return blocks.build_notice(
        "I'll stop replying to links here; I'll still read them and mark them with a reaction."
    )


def start_article(inv: Invocation, services: Services) -> Message:
    if not is_url(inv.args):
        return usage("article URL")
    return blocks.build_notice(f"Reading {blocks.link(inv.args)} now; I'll answer here shortly.")


def finish_article(inv: Invocation, services: Services) -> Message:
    """Analyse the link now (or take it from the archive) and show the result privately."""
    url = inv.args
    if not is_url(url):
        return usage("article URL")
    return blocks.build_link_answer(analyse_url(url, services), url=url)


def answer_digest(inv: Invocation, services: Services) -> Message:
    return digest.answer(inv, services)  # its sub-commands: at, off, status, now


# The sub-commands that read the archive: answered from what the person asking may see.
ARCHIVE_READS = frozenset({"quotes", "actor", "top", "search", "said", "follow"})
# name -> answer, for the sub-commands answered inside the ack.
QUICK: dict[str, Answer] = {
    "help": answer_help,
    "quotes": answer_quotes,
    "actor": answer_actor,
    "top": answer_top,
    "search": answer_search,
    "said": answer_said,
    "follow": follows.answer_follow,
    "unfollow": follows.answer_unfollow,
    "following": follows.answer_following,
    "replies": answer_replies,
    "digest": answer_digest,
}
# Sub-commands whose work does not fit in Slack's 3 seconds: (what the ack says, the answer
# posted later through response_url).
SLOW: dict[str, tuple[Answer, Answer]] = {"article": (start_article, finish_article)}


class Paged(Protocol):
    def __call__(self, inv: Invocation, services: Services, *, offset: int) -> Message: ...


# The answers a "More" button goes on with, from `offset`.
PAGED: dict[str, Paged] = {"quotes": answer_quotes, "search": answer_search}


def known_names() -> list[str]:
    return [*QUICK, *SLOW]


def answer_unknown(inv: Invocation) -> Message:
    closest = difflib.get_close_matches(inv.name, known_names(), n=1, cutoff=0.5)
    return blocks.build_help(unknown=inv.name, closest=closest[0] if closest else None)


def _invocation(body: dict[str, Any]) -> Invocation:
    return parse(body.get("text"), channel=body.get("channel_id"), user=body.get("user_id"))


def on_newsbot(ack: Any, body: dict[str, Any], context: Any) -> None:
    """Answer quick sub-commands in the ack; acknowledge slow ones with a short note."""
    inv = _invocation(body)
    services: Services = context["services"]
    try:
        if inv.name in SLOW:
            started, _ = SLOW[inv.name]
            message = started(inv, services)
        elif inv.name in QUICK:
            if inv.name in ARCHIVE_READS:
                viewer = members.viewer_for(
                    context.get("client"), services, user=inv.user, channel=inv.channel
                )
                inv = replace(inv, viewer=viewer)
            message = QUICK[inv.name](inv, services)
        else:
            message = answer_unknown(inv)
    except Exception:
        logger.exception("/newsbot %s failed", inv.name)
        message = blocks.build_notice("Something went wrong answering that; it has been logged.")
    ack(**message.to_response())


def answer_slow_newsbot(body: dict[str, Any], context: Any, respond: Any) -> None:
    """The lazy half: does the slow work and answers through response_url."""
    inv = _invocation(body)
    if inv.name not in SLOW:
        return
    services: Services = context["services"]
    _, finish = SLOW[inv.name]
    try:
        message = finish(inv, services)
    except Exception:
        logger.exception("/newsbot %s failed", inv.name)
        message = blocks.build_notice("Something went wrong answering that; it has been logged.")
    respond(replace_original=False, **message.to_response())


def on_more(
    ack: Any, body: dict[str, Any], action: dict[str, Any], context: Any, respond: Any
) -> None:
    """The "More" button of a long answer: the next page, in place of the one clicked."""
    ack()
    services: Services = context["services"]
    try:
        value = json.loads(action.get("value") or "{}")
        user = (body.get("user") or {}).get("id")
        channel = (body.get("channel") or {}).get("id")
        inv = parse(str(value.get("text", "")), channel=channel, user=user)
        paged = PAGED.get(inv.name)
        if paged is None:
            logger.warning("a More button for %r, which has no pages", inv.name)
            return
        viewer = members.viewer_for(context.get("client"), services, user=user, channel=channel)
        offset = max(0, int(value.get("offset", 0)))
        message = paged(replace(inv, viewer=viewer), services, offset=offset)
    except Exception:
        logger.exception("the More button failed")
        message = blocks.build_notice("Something went wrong answering that; it has been logged.")
    respond(replace_original=True, **message.to_response())

"""The App Home tab as a Block Kit view (views.publish): pure, from bot.home.HomeData.

A view holds at most 100 blocks; this one holds about a dozen, whatever the archive holds: the
rankings are single sections of at most TRENDING lines, and the followed quotes are a handful.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from bot.blocks import (
    Block,
    context,
    escape,
    header,
    safe,
    section,
    stored_quote_block,
)
from bot.digest_blocks import schedule_sentence
from bot.home import HomeData
from bot.store.queries import Trending
from bot.wording import counted, sparkline

MAX_VIEW_BLOCKS = 100
# Slack channel ids: only these are written as <#ID> mentions.
_CHANNEL_ID = re.compile(r"^[CG][A-Z0-9]{2,30}$")
DIVIDER: Block = {"type": "divider"}


def _moment(when: datetime) -> str:
    return f"{when:%a} {when.day} {when:%b %H:%M}"


def trending_line(rank: int, t: Trending) -> str:
    """`1. *Maria Alvarez* (person): 12 quotes · `▁▃▅█` 9 articles in 8 weeks`"""
    weeks = len(t.mentions.counts)
    return (
        f"{rank}. *{safe(t.actor.name, 100)}* _({t.actor.kind})_ — "
        f"{counted(t.actor.count, 'quote')} · `{sparkline(t.mentions.counts)}` "
        f"{counted(t.mentions.total, 'article')} in {weeks} weeks"
    )


def _trending_blocks(data: HomeData) -> list[Block]:
    if not data.trending:
        return [
            section(
                "*Most quoted this week*\nNo one was quoted in the last 7 days in the "
                "articles you can see."
            )
        ]
    lines = [trending_line(i, t) for i, t in enumerate(data.trending, 1)]
    return [
        section("*Most quoted this week*\n" + "\n".join(lines)),
        context(
            "People and organisations by quotes in the last 7 days; the marks are the "
            "articles naming them each week, oldest first. "
            "`/newsbot actor NAME` shows more."
        ),
    ]


def _followed_blocks(data: HomeData) -> list[Block]:
    if data.following is None:
        return []
    if data.following == 0:
        return [
            section(
                "*Latest quotes by the actors you follow*\nYou follow no one yet: "
                "`/newsbot follow NAME` sends you their new quotes and lists them here."
            )
        ]
    title = f"*Latest quotes by the actors you follow* ({counted(data.following, 'actor')})"
    if not data.followed_quotes:
        return [section(f"{title}\nNo quotes of them yet in the articles you can see.")]
    return [section(title), *(stored_quote_block(q) for q in data.followed_quotes)]


def _digest_blocks(data: HomeData) -> list[Block]:
    if not data.digests:
        return [
            section(
                "*Digests of your channels*\nNone of your channels gets a digest. "
                "`/newsbot digest at HH:MM` in a channel starts one."
            )
        ]
    lines = []
    for d in data.digests:
        where = f"<#{d.channel}>" if _CHANNEL_ID.match(d.channel) else safe(d.channel, 40)
        line = f"• {where}: {schedule_sentence(d.time, d.timezone, d.days)}"
        if d.next_run is not None:
            line += f"; next *{_moment(d.next_run)}*"
        lines.append(line)
    return [section("*Digests of your channels*\n" + "\n".join(lines[:40]))]


def build_home(data: HomeData) -> dict[str, Any]:
    """The Home tab's view: most quoted this week, followed actors' quotes, channel digests."""
    blocks: list[Block] = [header("Your newsroom this week")]
    blocks += _trending_blocks(data)
    followed = _followed_blocks(data)
    if followed:
        blocks += [DIVIDER, *followed]
    blocks += [DIVIDER, *_digest_blocks(data)]
    blocks.append(context(f"Updated {_moment(data.now)} UTC · `/newsbot help` for commands"))
    return {"type": "home", "blocks": blocks[:MAX_VIEW_BLOCKS]}


def build_home_failure() -> dict[str, Any]:
    """The view shown when the Home tab could not be gathered (the error is logged)."""
    text = escape("Something went wrong gathering your newsroom's week; it has been logged.")
    return {"type": "home", "blocks": [header("Your newsroom this week"), section(text)]}

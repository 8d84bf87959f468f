"""`newsbot digest --channel C [--preview | --json]`: a channel's digest from the command line.

It covers what `/newsbot digest now` covers: everything shared in the channel since its last
digest (or the last 24 hours), up to now. --preview prints it as text and --json prints the
Block Kit payloads, neither posting nor recording anything; without them the digest is posted
exactly as the scheduler posts it, and counts as the channel's latest digest.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from bot.clock import utc_now
from bot.settings import Settings
from bot.wording import counted

if TYPE_CHECKING:
    from sqlmodel import Session


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    digest = subparsers.add_parser(
        "digest",
        help="build (and post, or preview) a channel's digest of what was shared since the last",
        description="Build CHANNEL's digest of the articles shared there since its last digest "
        "(or in the last 24 hours), up to now, and post it to Slack; --preview or --json only "
        "print it.",
    )
    digest.add_argument("--channel", required=True, help="Slack channel id, e.g. C0123456789")
    out = digest.add_mutually_exclusive_group()
    out.add_argument("--preview", action="store_true", help="print the digest as text")
    out.add_argument("--json", action="store_true", help="print the Block Kit payloads")
    digest.add_argument(
        "--timezone",
        default=None,
        help="Area/City for dates and times (default: the channel's subscription, else "
        "NEWSBOT_TIMEZONE)",
    )
    digest.set_defaults(func=cmd_digest)


def cmd_digest(args: argparse.Namespace, settings: Settings) -> int:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    from bot.digest_blocks import build_digest_messages, render_text
    from bot.digest_post import prepare_digest
    from bot.store import queries as q
    from bot.store.db import make_engine, session_factory, upgrade

    engine = make_engine(settings.database_url)
    try:
        upgrade(engine)
        sessions = session_factory(engine)
        with sessions() as session:
            subs = q.list_digest_subscriptions(session=session, channel=args.channel)
        timezone = args.timezone or (subs[0].timezone if subs else settings.timezone)
        try:
            ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError):
            print(
                f"newsbot: “{timezone}” is not a time zone (use e.g. Europe/London).",
                file=sys.stderr,
            )
            return 2
        now = utc_now()
        if args.preview or args.json:
            digest = prepare_digest(
                sessions, channel=args.channel, period_end=now, timezone=timezone
            )
            messages = build_digest_messages(digest, notify_empty=True)
            if args.json:
                print(json.dumps([m.to_json() for m in messages], ensure_ascii=False, indent=1))
            else:
                sys.stdout.write(render_text(messages))
            return 0
        notify_empty = subs[0].notify_empty if subs else True
        return _post(settings, sessions, args.channel, now, timezone, notify_empty)
    finally:
        engine.dispose()


def _post(
    settings: Settings,
    sessions: Callable[[], Session],
    channel: str,
    now: datetime,
    timezone: str,
    notify_empty: bool,
) -> int:
    from bot.digest_post import Poster, post_digest
    from bot.startup import make_client

    if not settings.slack_bot_token:
        print("newsbot: SLACK_BOT_TOKEN is not set; --preview shows the digest without it.",
              file=sys.stderr)  # fmt: skip
        return 2
    poster = Poster(sessions=sessions, client=make_client(settings))
    # Slack's refusals are logged and end the run as failed (see bot.digest_post).
    outcome = post_digest(
        poster, channel=channel, period_end=now, timezone=timezone, notify_empty=notify_empty
    )
    print(f"digest of {channel}: {outcome.status}, {counted(outcome.posted, 'message')} posted")
    return 0 if outcome.status in ("done", "empty") else 1

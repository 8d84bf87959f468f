"""`/newsbot`: parse the sub-command, ask bot/ for the answer, reply privately in Block Kit.

Quick sub-commands are answered in the ack itself; slow ones (`article URL`) are acknowledged at
once and answered through response_url by the lazy half, `answer_slow_newsbot`.
"""

from __future__ import annotations

import difflib
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bot import blocks
from bot.blocks import Message
from bot.services import Services

logger = logging.getLogger(__name__)

# Slack may send links and mentions wrapped as <url|label> even with escaping off.
_WRAPPED = re.compile(r"<([^<>|]+)(?:\|([^<>]*))?>")


@dataclass(frozen=True, slots=True)
class Invocation:
    """One /newsbot call: the sub-command, the rest of its text, and where it was typed."""

    name: str
    args: str
    channel: str | None
    user: str | None


def parse(text: str | None, *, channel: str | None = None, user: str | None = None) -> Invocation:
    """`quotes Jane Doe 7` -> Invocation("quotes", "Jane Doe 7"); empty text means help."""
    cleaned = _WRAPPED.sub(lambda m: m.group(1), (text or "").strip())
    name, _, args = cleaned.partition(" ")
    return Invocation(name=name.lower() or "help", args=args.strip(), channel=channel, user=user)


Answer = Callable[[Invocation, Services], Message]


def answer_help(inv: Invocation, services: Services) -> Message:
    return blocks.build_help()


def answer_digest(inv: Invocation, services: Services) -> Message:
    # The digest issue plugs its sub-commands in here (subscribe, unsubscribe, now, status).
    return blocks.build_not_available(
        "digest", ("digest on HH:MM [weekdays]", "digest off", "digest now", "digest status")
    )


# name -> answer, for the sub-commands answered inside the ack.
QUICK: dict[str, Answer] = {
    "help": answer_help,
    "digest": answer_digest,
}
# Sub-commands whose work does not fit in Slack's 3 seconds: acknowledged, then answered later.
SLOW: dict[str, tuple[Answer, Answer]] = {}


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

"""Pure functions from newsbot's records to Slack messages (Block Kit dicts plus fallback text).

Every piece of text that came from an article or a user is escaped here (`&`, `<`, `>`), so a
title or quote can never ping a channel or smuggle a link, and every block is kept inside Slack's
limits (50 blocks a message, 3,000 characters a section text, 150 a header text).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from bot.nlp.records import Actor, Analysis, Quote

MAX_BLOCKS = 50
MAX_SECTION_CHARS = 3000
MAX_HEADER_CHARS = 150
MAX_CONTEXT_ELEMENTS = 10
MAX_FALLBACK_CHARS = 3000
ELLIPSIS = "…"

Block = dict[str, Any]

# The sub-commands of /newsbot with their one-line help, in the order help shows them.
COMMAND_HELP: tuple[tuple[str, str], ...] = (
    ("help", "this list"),
    ("quotes NAME [days]", "what NAME was quoted saying (default: the last 30 days)"),
    ("actor NAME", "who NAME is in the archive: roles, articles, recent quotes"),
    ("top [today|week|month]", "the actors most in the news"),
    ("search WORDS", "quotes containing these words"),
    ("article URL", "analyse a link now and show the result only to you"),
    ("replies on|off", "whether newsbot answers shared links in this channel's threads"),
    ("digest ...", "daily digests for this channel (coming soon)"),
)


@dataclass(frozen=True, slots=True)
class Message:
    """A Slack message: Block Kit blocks plus the plain-text fallback for notifications."""

    text: str
    blocks: tuple[Block, ...]

    def to_payload(self) -> dict[str, Any]:
        """Keyword arguments for chat.postMessage / chat.postEphemeral."""
        return {"text": self.text, "blocks": list(self.blocks)}

    def to_response(self) -> dict[str, Any]:
        """The body of a private answer to a slash command (ack() or response_url)."""
        return {"response_type": "ephemeral", **self.to_payload()}


# -- text safety ---------------------------------------------------------------------------------


def escape(text: str) -> str:
    """Slack's three control characters, escaped as Slack asks: no mention or link survives."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def clip(text: str, limit: int) -> str:
    """At most `limit` characters, ending in an ellipsis when cut, never inside an `&...;`."""
    if len(text) <= limit:
        return text
    cut = text[: limit - len(ELLIPSIS)]
    amp = cut.rfind("&", max(0, len(cut) - 5))
    if amp != -1 and ";" not in cut[amp:]:
        cut = cut[:amp]
    return cut.rstrip() + ELLIPSIS


def safe(text: str, limit: int = MAX_SECTION_CHARS) -> str:
    """Escaped and clipped: the one way outside text enters a message."""
    return clip(escape(text), limit)


def link(url: str, label: str | None = None) -> str:
    """A mrkdwn link whose URL cannot close the markup early and whose label is escaped."""
    target = escape(url).replace("|", "%7C").replace(" ", "%20")
    return f"<{target}|{safe(label, 500)}>" if label else f"<{target}>"


# -- block primitives ----------------------------------------------------------------------------


def header(text: str) -> Block:
    return {"type": "header", "text": {"type": "plain_text", "text": clip(text, MAX_HEADER_CHARS)}}


def section(mrkdwn: str) -> Block:
    """A section of already-safe mrkdwn (clipped to Slack's limit here, so callers cannot miss)."""
    return {"type": "section", "text": {"type": "mrkdwn", "text": clip(mrkdwn, MAX_SECTION_CHARS)}}


def context(*mrkdwn: str) -> Block:
    elements = [{"type": "mrkdwn", "text": clip(t, MAX_SECTION_CHARS)} for t in mrkdwn if t]
    return {"type": "context", "elements": elements[:MAX_CONTEXT_ELEMENTS]}


def divider() -> Block:
    return {"type": "divider"}


def message(fallback: str, blocks: Iterable[Block]) -> Message:
    """A Message within Slack's block budget; a last context block says what did not fit."""
    blocks = list(blocks)
    if len(blocks) > MAX_BLOCKS:
        dropped = len(blocks) - (MAX_BLOCKS - 1)
        blocks = [*blocks[: MAX_BLOCKS - 1], context(f"_{dropped} more not shown_")]
    return Message(text=clip(fallback, MAX_FALLBACK_CHARS) or " ", blocks=tuple(blocks))


# -- share replies -------------------------------------------------------------------------------


def best_quotes(analysis: Analysis, n: int = 3) -> list[Quote]:
    """The quotes most worth showing: attributed, direct, said by salient actors, not too short.

    At most one quote per speaker while others are left, then in text order.
    """
    salience = {a.name: a.salience for a in analysis.actors}

    def score(q: Quote) -> float:
        kind = {"direct": 2.0, "partial": 1.0, "indirect": 0.5}[q.kind]
        words = len(q.text.split())
        length = 1.0 if 8 <= words <= 60 else 0.4
        return kind * length * (0.2 + salience.get(q.speaker or "", 0.0))

    ranked = sorted((q for q in analysis.quotes if q.speaker), key=score, reverse=True)
    picked: list[Quote] = []
    for q in ranked:
        if len(picked) < n and all(p.speaker != q.speaker for p in picked):
            picked.append(q)
    for q in ranked:
        if len(picked) < n and q not in picked:
            picked.append(q)
    return sorted(picked, key=lambda q: q.start)


def actor_line(actor: Actor) -> str:
    role = f" — {safe(actor.role, 300)}" if actor.role else ""
    return f"• *{safe(actor.name, 200)}*{role} _({actor.kind})_"


def quote_line(q: Quote) -> str:
    said = "" if q.kind == "direct" else " _(reported)_"
    return f"> “{safe(q.text, 700)}”\n— *{safe(q.speaker or 'unattributed', 200)}*{said}"


def build_share_reply(
    *,
    title: str | None,
    url: str,
    site: str | None,
    analysis: Analysis,
    max_actors: int = 5,
    max_quotes: int = 3,
) -> Message:
    """The thread reply to a shared link: title, key actors with roles, the best quotes."""
    name = title or url
    blocks: list[Block] = [
        section(f"*{link(url, name)}*" + (f"  ·  {safe(site, 200)}" if site else ""))
    ]
    actors = list(analysis.actors[:max_actors])
    if actors:
        blocks.append(section("*Key actors*\n" + "\n".join(actor_line(a) for a in actors)))
    quotes = best_quotes(analysis, max_quotes)
    if quotes:
        blocks.append(section("*Quotes*\n" + "\n".join(quote_line(q) for q in quotes)))
    if not actors and not quotes:
        blocks.append(context("_No actors or quotes found in this article._"))
    counts = f"{len(analysis.actors)} actors, {len(analysis.quotes)} quotes"
    blocks.append(context(f"{counts} · ask more with `/newsbot quotes NAME`"))
    names = ", ".join(escape(a.name) for a in actors[:3])
    fallback = f"{escape(name)}: {counts}" + (f" ({names})" if names else "")
    return message(fallback, blocks)


def build_share_failure(*, url: str, reason: str) -> Message:
    """The thread reply when a link could not be read: one sentence saying why."""
    sentence = f"I could not read {link(url)}: {safe(reason.rstrip('.'), 1000)}."
    return message(
        f"I could not read this link: {escape(reason.rstrip('.'))}.", [section(sentence)]
    )


# -- /newsbot answers ----------------------------------------------------------------------------


def build_help(*, unknown: str | None = None, closest: str | None = None) -> Message:
    """The list of sub-commands; for an unrecognised one, says so and suggests the closest."""
    blocks: list[Block] = []
    intro = ""
    if unknown is not None:
        intro = f"I don't know `{safe(unknown, 200)}`."
        if closest:
            intro += f" Did you mean `/newsbot {safe(closest, 100)}`?"
        blocks.append(section(intro))
    lines = "\n".join(f"• `/newsbot {usage}` — {what}" for usage, what in COMMAND_HELP)
    blocks.append(section("*newsbot commands*\n" + lines))
    blocks.append(context("Share an article link in a channel I'm in and I'll read it for you."))
    return message(intro or "newsbot commands: " + ", ".join(u for u, _ in COMMAND_HELP), blocks)


def build_notice(text: str) -> Message:
    """A one-sentence answer (already-safe mrkdwn), e.g. a usage hint or a confirmation."""
    return message(text, [section(text)])


def build_not_available(feature: str, usage: Sequence[str] = ()) -> Message:
    """A sub-command that exists but is not built yet, with what it will accept."""
    text = f"`/newsbot {safe(feature, 100)}` is not available yet."
    blocks = [section(text)]
    if usage:
        blocks.append(context("Planned: " + ", ".join(f"`{safe(u, 200)}`" for u in usage)))
    return message(text, blocks)

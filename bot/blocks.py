"""Pure functions from newsbot's records to Slack messages (Block Kit dicts plus fallback text).

Every piece of text that came from an article or a user goes through `escape`, so a title or
quote is shown as written: it can never ping a channel, smuggle a link, format itself or leave
its block quote. Every block is kept inside Slack's limits (50 blocks a message, 3,000
characters a section text, 150 a header text).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

from bot.nlp.records import Analysis, Quote
from bot.quoting import Shown, fragment_url
from bot.quoting import shown as said
from bot.ranking import best_quotes
from bot.urls import redact_url
from bot.wording import counted, last_days, sparkline

if TYPE_CHECKING:
    from bot.shares import UrlResult
    from bot.store.queries import (
        ActorCount,
        ActorLookup,
        ActorProfile,
        ActorQuotes,
        ActorRef,
        QuoteView,
        Timeline,
        TopActors,
    )

MAX_BLOCKS = 50
MAX_SECTION_CHARS = 3000
MAX_HEADER_CHARS = 150
MAX_CONTEXT_ELEMENTS = 10
MAX_FALLBACK_CHARS = 3000
# A longer URL is not linked (its title is shown alone): with its label it would not fit one
# section, and a link cut by the section limit shows as broken markup.
MAX_LINK_URL_CHARS = 2000
ELLIPSIS = "…"

Block = dict[str, Any]

# The sub-commands of /newsbot with their one-line help, in the order help shows them.
COMMAND_HELP: tuple[tuple[str, str], ...] = (
    ("help", "this list"),
    ("quotes NAME [days]", "what NAME was quoted saying, newest first (optionally: last N days)"),
    ("actor NAME", "who NAME is in the archive: roles, weeks, outlets, company, recent quotes"),
    ("top [today|week|month]", "the actors most in the news"),
    ("search WORDS", "quotes containing these words"),
    ("said WORDS", "who said these words, and where they first appeared"),
    ("follow NAME", "a direct message whenever a newly shared article quotes NAME"),
    ("unfollow NAME", "stop following NAME"),
    ("following", "the actors you follow"),
    ("article URL", "analyse a link now and show the result only to you"),
    ("replies on|off", "whether newsbot answers shared links in this channel's threads"),
    ("digest at HH:MM [Area/City] [weekdays]", "post a digest thread here on that schedule"),
    ("digest off|status|now", "stop it, show the next and last digest, or post one now"),
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


# Slack documents an escape for its three control characters only (&amp; &lt; &gt;); mrkdwn has
# none for its formatting characters, so outside text shows look-alikes that Slack does not
# parse: ∗ (U+2217), ˍ (U+02CD), ∼ (U+223C), ˋ (U+02CB). The archive keeps the originals.
_CONTROLS = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
LOOK_ALIKES = {"*": "\u2217", "_": "\u02cd", "~": "\u223c", "`": "\u02cb"}
# NUL, which a text/plain page may carry, means nothing to a reader.
_INERT = str.maketrans({**LOOK_ALIKES, "&": "&amp;", "<": "&lt;", ">": "&gt;", "\x00": ""})
# mrkdwn's block quote and list markup work per line: outside text stays on the line it is put on.
_LINE_BREAKS = re.compile(r"\s*[\r\n\v\f\x1c-\x1e\x85\u2028\u2029][\s]*")
# A word joiner after the @ keeps a written "@channel" from ever being read as the broadcast.
_BROADCAST = re.compile(r"@(?=(?:channel|here|everyone)\b)", re.IGNORECASE)


def escape_controls(text: str) -> str:
    """Only Slack's three control characters escaped: for our own sentences and URL targets."""
    return text.translate(_CONTROLS)


def escape(text: str) -> str:
    """Outside text (from an article or a person) as inert mrkdwn, shown as written.

    No mention, broadcast or link survives (`&`, `<`, `>` as entities; "@channel" broken by a
    word joiner), formatting characters are look-alikes, and line breaks become spaces.
    """
    text = _LINE_BREAKS.sub(" ", text.translate(_INERT))
    return _BROADCAST.sub("@\u2060", text)


def clip(text: str, limit: int) -> str:
    """At most `limit` characters, ending in an ellipsis when cut, never inside an `&...;` nor
    inside `<...>` markup (a cut link would show as broken text)."""
    if len(text) <= limit:
        return text
    cut = text[: limit - len(ELLIPSIS)]
    amp = cut.rfind("&", max(0, len(cut) - 5))
    if amp != -1 and ";" not in cut[amp:]:
        cut = cut[:amp]
    opened = cut.rfind("<")
    if opened != -1 and ">" not in cut[opened:]:
        cut = cut[:opened]
    return cut.rstrip() + ELLIPSIS


def safe(text: str, limit: int = MAX_SECTION_CHARS) -> str:
    """Escaped and clipped: the one way outside text enters a message."""
    return clip(escape(text), limit)


def link(url: str, label: str | None = None) -> str:
    """A mrkdwn link whose URL cannot close the markup early and whose label is escaped.

    A URL too long to link whole gives the label alone (or the URL's start, clipped, as text).
    The URL is shown redacted (bot.urls.redact_url), also where it stands in for a label.
    """
    if label == url:
        label = None
    url = redact_url(url)
    target = escape_controls(url).replace("|", "%7C").replace(" ", "%20")
    if len(target) > MAX_LINK_URL_CHARS:
        return safe(label or url, 500)
    return f"<{target}|{safe(label, 500)}>" if label and label != url else f"<{target}>"


# -- block primitives ----------------------------------------------------------------------------


def header(text: str) -> Block:
    return {"type": "header", "text": {"type": "plain_text", "text": clip(text, MAX_HEADER_CHARS)}}


def mrkdwn_text(mrkdwn: str) -> dict[str, Any]:
    """A mrkdwn text object, clipped to Slack's limit; verbatim, so Slack adds no links or
    mentions of its own to what we wrote (its automatic parsing)."""
    return {"type": "mrkdwn", "text": clip(mrkdwn, MAX_SECTION_CHARS), "verbatim": True}


def section(mrkdwn: str) -> Block:
    """A section of already-safe mrkdwn (clipped to Slack's limit here, so callers cannot miss)."""
    return {"type": "section", "text": mrkdwn_text(mrkdwn)}


def context(*mrkdwn: str) -> Block:
    elements = [mrkdwn_text(t) for t in mrkdwn if t]
    return {"type": "context", "elements": elements[:MAX_CONTEXT_ELEMENTS]}


def message(fallback: str, blocks: Iterable[Block]) -> Message:
    """A Message within Slack's block budget; a last context block says what did not fit."""
    blocks = list(blocks)
    if len(blocks) > MAX_BLOCKS:
        dropped = len(blocks) - (MAX_BLOCKS - 1)
        blocks = [*blocks[: MAX_BLOCKS - 1], context(f"_{dropped} more not shown_")]
    return Message(text=clip(fallback, MAX_FALLBACK_CHARS) or " ", blocks=tuple(blocks))


# -- share replies -------------------------------------------------------------------------------


class ShownActor(Protocol):
    """What an actor's line shows: an analysis's Actor and a digest's DigestActor alike."""

    @property
    def name(self) -> str: ...

    @property
    def kind(self) -> str: ...

    @property
    def role(self) -> str | None: ...


def actor_line(actor: ShownActor, *, articles: int = 1) -> str:
    """`• *Name* — role _(kind)_`, and how many articles name them when more than one."""
    role = f" — {safe(actor.role, 300)}" if actor.role else ""
    count = f" · {counted(articles, 'article')}" if articles > 1 else ""
    return f"• *{safe(actor.name, 200)}*{role} _({actor.kind})_{count}"


def said_line(shown: Shown, limit: int) -> str:
    """The words of a quote as mrkdwn (rule 12): verbatim words in quotation marks; reported
    speech as the speaker and the whole clause, unquoted ("*Jane Doe* said that ...")."""
    if shown.verbatim:
        return f"“{safe(shown.words, limit)}”"
    speaker = f"*{safe(shown.speaker, 200)}*"
    return f"{escape(shown.before)}{speaker}{escape(shown.after)} {safe(shown.words, limit)}"


def credit_line(shown: Shown, source: str) -> str:
    """What follows the words: who said them (for verbatim words) and the link to them."""
    who = f"*{safe(shown.speaker, 200)}* · " if shown.verbatim else ""
    return f"— {who}{source}"


def quote_line(q: Quote, url: str) -> str:
    """A quote of a share reply, linked to its place in the article."""
    shown = said(q.text, q.kind, q.speaker, q.cue)
    source = link(fragment_url(url, q.text), "in the article")
    return f"> {said_line(shown, 700)}\n{credit_line(shown, source)}"


def build_share_reply(
    *,
    title: str | None,
    url: str,
    site: str | None,
    analysis: Analysis,
    published: datetime | None = None,
    authors: Sequence[str] = (),
    lede: str | None = None,
    max_actors: int = 5,
    max_quotes: int = 3,
) -> Message:
    """The thread reply to a shared link: the linked title; site, publication date and byline;
    the lede; key actors with roles; the best quotes (bot.ranking), each linked to its place."""
    name = title or redact_url(url)
    about = [safe(site, 200) if site else "", _day(published) if published else ""]
    if authors:
        about.append("by " + safe(", ".join(authors[:4]), 300))
    lines = [f"*{link(url, name)}*", "  ·  ".join(a for a in about if a)]
    if lede:
        lines.append(safe(lede, 400))
    blocks: list[Block] = [section("\n".join(line for line in lines if line))]
    actors = list(analysis.actors[:max_actors])
    if actors:
        blocks.append(section("*Key actors*\n" + "\n".join(actor_line(a) for a in actors)))
    salience = {a.name: a.salience for a in analysis.actors}
    quotes = best_quotes(analysis.quotes, salience, max_quotes)
    if quotes:
        blocks.append(section("*Quotes*\n" + "\n".join(quote_line(q, url) for q in quotes)))
    if not actors and not quotes:
        blocks.append(context("_No actors or quotes found in this article._"))
    counts = f"{counted(len(analysis.actors), 'actor')}, {counted(len(analysis.quotes), 'quote')}"
    blocks.append(context(f"{counts} · ask more with `/newsbot quotes NAME`"))
    names = ", ".join(escape(a.name) for a in actors[:3])
    fallback = f"{escape(name)}: {counts}" + (f" ({names})" if names else "")
    return message(fallback, blocks)


def build_not_article(*, url: str, title: str | None, kind: str, reason: str | None) -> Message:
    """The one line for a shared page that is no news article: what it is, and why."""
    why = f" ({safe(reason.rstrip('.'), 300)})" if reason else ""
    sentence = f"{link(url, title or url)} is not a news article: it is {safe(kind, 100)}{why}."
    return message(f"Not a news article: {escape(kind)}", [context(sentence)])


def build_link_answer(result: UrlResult, *, url: str) -> Message:
    """The answer to a link (a thread reply, or `/newsbot article`): the article's reply, the
    line saying what a page that is no article is, or why the link could not be read."""
    if result.analysis is None:
        return build_share_failure(url=url, reason=result.error or "unknown error")
    if not result.is_article:
        return build_not_article(
            url=result.url,
            title=result.title,
            kind=result.page_kind,
            reason=result.not_article_reason,
        )
    return build_share_reply(
        title=result.title,
        url=result.url,
        site=result.site,
        analysis=result.analysis,
        published=result.published,
        authors=result.authors,
        lede=result.lede,
    )


def build_share_failure(*, url: str, reason: str) -> Message:
    """The thread reply when a link could not be read: one sentence saying why."""
    sentence = f"I could not read {link(url)}: {safe(reason.rstrip('.'), 1000)}."
    return message(
        f"I could not read this link: {escape(reason.rstrip('.'))}.", [section(sentence)]
    )


def build_unread_links(*, read: int, unread: int) -> Message:
    """The one thread reply to a message with more links than newsbot reads."""
    links = "link was" if unread == 1 else "links were"
    sentence = (
        f"I read the first {counted(read, 'link')} of a message: {unread} more {links} not read "
        "(share them in messages of their own to have them read)."
    )
    return message(sentence, [section(sentence)])


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


def _day(when: datetime | None) -> str:
    return when.strftime("%d %b %Y").lstrip("0") if when else "undated"


def _seen(quote: QuoteView) -> str:
    """When the newsroom first saw the quote's article, and the page's own date when another."""
    published = quote.published_at
    if published is None or published.date() == quote.seen_at.date():
        return _day(quote.seen_at)
    return f"{_day(quote.seen_at)} (published {_day(published)})"


def suggest(suggestions: Sequence[str]) -> str:
    if not suggestions:
        return ""
    return " Did you mean " + ", ".join(f"*{safe(s, 100)}*" for s in suggestions[:5]) + "?"


def stored_quote_block(quote: QuoteView) -> Block:
    """A quote from the archive with who said it, where and when."""
    shown = said(quote.text, quote.kind, quote.speaker or quote.speaker_text, quote.cue)
    label = quote.article_title or quote.site or quote.article_url
    source = link(fragment_url(quote.article_url, quote.text), label)
    # The quote gives way to a long link, so the section's limit never cuts the date off.
    first = first_seen_line(quote)
    room = max(200, min(2000, MAX_SECTION_CHARS - len(source) - len(first) - 300))
    said_text = f"> {said_line(shown, room)}\n{credit_line(shown, source)} · {_seen(quote)}"
    return section(said_text + (f"\n{first}" if first else ""))


def first_seen_line(quote: QuoteView) -> str:
    """ "First seen in OUTLET on DATE, also in N other articles", for a quote other articles
    hold too (the same words, or grown or trimmed at one end); else nothing."""
    p = quote.provenance
    if p is None or p.articles < 2:
        return ""
    others = counted(p.articles - 1, "other article")
    if p.article_id == quote.article_id:
        return f"_First seen in this article, on {_day(p.seen_at)}; also in {others}._"
    where = link(p.url, p.site or p.title or p.url)
    return f"_First seen in {where} on {_day(p.seen_at)}, also in {others}._"


def build_candidates(query: str, candidates: Sequence[ActorProfile], command: str) -> Message:
    """A name that could mean several people: who they are, and how to ask for one."""
    lines = [f"*{safe(query, 200)}* could be several people:"]
    lines += [
        f"• *{safe(c.name, 200)}*"
        + (f" — {safe(c.roles[0], 200)}" if c.roles else "")
        + f" · {counted(c.article_count, 'article')}"
        for c in candidates
    ]
    first = escape(candidates[0].name)
    lines.append(f"Ask for one by the full name: `/newsbot {command} {first}`.")
    text = "\n".join(lines)
    return message(f"{escape(query)} could be several people", [section(text)])


def _who(actors: Sequence[ActorRef]) -> str:
    """The names an answer is about; a bare surname taken to be one of them goes unsaid."""
    full = [a.name for a in actors if len(a.name.split()) > 1]
    shown = [a for a in actors if a.name in full or not any(f.endswith(f" {a.name}") for f in full)]
    return ", ".join(f"*{safe(a.name, 200)}*" for a in shown)


# The action_id of the "More" button of a long answer; its value says what to show next.
MORE_ACTION = "newsbot_more"


def more_button(value: str) -> Block:
    """The "More" button under a long answer: Slack sends `value` back when it is clicked."""
    return {
        "type": "actions",
        "block_id": "more",
        "elements": [
            {
                "type": "button",
                "action_id": MORE_ACTION,
                "text": {"type": "plain_text", "text": "More"},
                "value": value,
            }
        ],
    }


def _how_many(result: ActorQuotes) -> str:
    """`3 quotes`, `15 of 21 quotes`, or `quotes 16–21 of 21` past the first page."""
    shown, total = len(result.quotes), max(result.total, result.offset + len(result.quotes))
    if result.offset:
        return f"quotes {result.offset + 1}–{result.offset + shown} of {total}"
    if total > shown:
        return f"{shown} of {counted(total, 'quote')}"
    return counted(shown, "quote")


def build_quotes(result: ActorQuotes, *, days: int | None, more: str | None = None) -> Message:
    """`/newsbot quotes NAME [days]`: the actor's quotes, newest first (all time without days);
    `more` is the value of a "More" button, when there are more to show."""
    name = safe(result.query, 200)
    if result.candidates:
        return build_candidates(result.query, result.candidates, "quotes")
    if not result.actors:
        text = f"I found no one called *{name}* in the archive.{suggest(result.suggestions)}"
        return build_notice(text)
    who = _who(result.actors)
    window = "in the archive" if days is None else f"in {last_days(days)}"
    if not result.quotes:
        return build_notice(f"No quotes from {who} {window}.")
    found = _how_many(result)
    intro = f"{found[0].upper()}{found[1:]} from {who} {window}, newest first:"
    blocks = [section(intro), *(stored_quote_block(q) for q in result.quotes)]
    if more is not None:
        blocks.append(more_button(more))
    return message(f"{found} from {escape(result.actors[0].name)}", blocks)


def weeks_line(counts: Sequence[int], noun: str) -> str:
    """`▁▃▅█` 13 articles: a count per week as a sparkline, and their sum."""
    return f"`{sparkline(counts)}` {counted(sum(counts), noun)}"


def timeline_block(timeline: Timeline) -> Block:
    """An actor's weeks (articles and quotes), the outlets quoting them most, and the actors
    they appear with most."""
    weeks = len(timeline.mentions.counts)
    lines = [
        f"*Last {weeks} weeks*, a mark a week to {_day(timeline.until)}: "
        f"{weeks_line(timeline.mentions.counts, 'article')} · "
        f"{weeks_line(timeline.quotes.counts, 'quote')}"
    ]
    if timeline.outlets:
        lines.append(
            "*Quoted most in:* "
            + ", ".join(
                f"{safe(o.outlet, 100)} ({counted(o.count, 'quote')})" for o in timeline.outlets
            )
        )
    if timeline.companions:
        lines.append(
            "*Appears most with:* "
            + ", ".join(
                f"*{safe(c.name, 100)}* ({counted(c.count, 'article')})"
                for c in timeline.companions
            )
        )
    return section("\n".join(lines))


def build_actor(
    lookup: ActorLookup,
    recent: ActorQuotes | None = None,
    *,
    more: str | None = None,
    timeline: Timeline | None = None,
) -> Message:
    """`/newsbot actor NAME`: who the name stands for in the archive, its `timeline` and its
    `recent` quotes (`more`: the value of a "More" button that shows the rest)."""
    if lookup.candidates:
        return build_candidates(lookup.query, lookup.candidates, "actor")
    if not lookup.profiles:
        name = safe(lookup.query, 200)
        return build_notice(
            f"I found no one called *{name}* in the archive.{suggest(lookup.suggestions)}"
        )
    blocks: list[Block] = []
    for p in lookup.profiles:
        lines = [f"*{safe(p.name, 200)}* _({p.kind})_"]
        if p.roles:
            lines.append("Roles: " + "; ".join(safe(r, 200) for r in p.roles[:8]))
        if p.aliases:
            lines.append("Also written as: " + ", ".join(safe(a, 200) for a in p.aliases[:8]))
        lines.append(
            f"In {counted(p.article_count, 'article')} "
            f"with {counted(p.quote_count, 'quote')}, "
            f"{_day(p.first_seen)} to {_day(p.last_seen)}."
        )
        blocks.append(section("\n".join(lines)))
    if timeline is not None:
        blocks.append(timeline_block(timeline))
    if recent is not None and recent.quotes:
        blocks.append(section(f"*Recent quotes* ({_how_many(recent)}):"))
        blocks.extend(stored_quote_block(q) for q in recent.quotes)
    hint = f"`/newsbot quotes {escape(lookup.profiles[0].name)}` shows what they said."
    blocks.append(context(hint))
    if more is not None:
        blocks.append(more_button(more))
    first = lookup.profiles[0]
    return message(f"{escape(first.name)}: {counted(first.article_count, 'article')}", blocks)


def _ranking(counts: Sequence[ActorCount], unit: str) -> str:
    return "\n".join(
        f"{i}. *{safe(c.name, 200)}* _({c.kind})_ — {counted(c.count, unit)}"
        for i, c in enumerate(counts, 1)
    )


def build_top(top: TopActors, *, period: str) -> Message:
    """`/newsbot top [today|week|month]`: the actors most written about and most quoted."""
    if not top.by_articles and not top.by_quotes:
        return build_notice(f"Nothing in the archive for {safe(period, 50)} yet.")
    blocks = [section(f"*Most in the news — {safe(period, 50)}*")]
    if top.by_articles:
        blocks.append(section("*Most written about*\n" + _ranking(top.by_articles, "article")))
    if top.by_quotes:
        blocks.append(section("*Most quoted*\n" + _ranking(top.by_quotes, "quote")))
    names = ", ".join(escape(c.name) for c in top.by_articles[:3])
    return message(f"Most in the news ({escape(period)}): {names}", blocks)


def build_search(
    words: str,
    quotes: Sequence[QuoteView],
    *,
    total: int = 0,
    offset: int = 0,
    more: str | None = None,
    cap: int = 1000,
) -> Message:
    """`/newsbot search WORDS`: quotes containing the words, newest first; `total` of them
    (counted up to `cap` + 1: above it, "more than cap"), these after the first `offset`."""
    shown = safe(words, 200)
    if not quotes:
        return build_notice(f"No quotes contain “{shown}”.")
    n, total = len(quotes), max(total, offset + len(quotes))
    of = f"more than {cap:,}" if total > cap else str(total)
    if offset:
        found = f"Quotes {offset + 1}–{offset + n} of {of}"
    elif total > n:
        found = f"{n} of {of} quotes"
    else:
        found = counted(n, "quote")
    blocks = [section(f"{found} containing “{shown}”, newest first:")]
    blocks.extend(stored_quote_block(q) for q in quotes)
    if more is not None:
        blocks.append(more_button(more))
    return message(f"{found} containing “{escape(words)}”", blocks)

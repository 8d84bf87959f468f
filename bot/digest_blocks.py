"""Pure `build_*` functions: a Digest -> the Slack messages of its thread, parent first.

Escaping and Slack's per-block limits come from bot.blocks. What this module adds is splitting:
content too long for one section is split at line or word boundaries into several sections, and
sections too many for one message continue in the next reply, so nothing is cut mid-word.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.blocks import (
    LOOK_ALIKES,
    MAX_BLOCKS,
    MAX_SECTION_CHARS,
    Block,
    Message,
    clip,
    context,
    credit_line,
    escape,
    escape_controls,
    header,
    link,
    message,
    said_line,
    section,
)
from bot.digest import ArticleEntry, Digest, DigestQuote, SpeakerQuotes
from bot.quoting import fragment_url
from bot.quoting import shown as said
from bot.urls import redact_url

# A digest is read in a minute: these bound its length however many articles were shared.
MAX_PARENT_ACTORS = 5
ARTICLES_PER_LIST = 25  # articles that are not main stories, listed in one reply
LIST_CHARS = 12_000  # and at most about this much text in one list reply
MAX_LISTS = 3  # list replies; further articles are counted, not listed
MAX_LIST_ACTORS = 3
MAX_TITLE_CHARS = 200
MAX_SPEAKERS_SHOWN = 10  # in "who said what"; the next ones are named with their counts
MAX_ALSO_QUOTED = 30
MAX_SPEAKER_QUOTES = 2
QUOTE_CHARS = 700  # a quote longer than this is clipped; its link leads to the whole
SPEAKER_QUOTE_CHARS = 400
# A "word" for splitting: a run of non-space characters, where <...> markup (a link whose label
# has spaces) counts as part of the word, so a split never lands inside a link.
_WORD = re.compile(r"(?:<[^<>]*>|[^\s<])+|<")


@dataclass(frozen=True, slots=True)
class DigestMessage:
    """One message of a digest thread and the article it is about (None for the others)."""

    message: Message
    article_id: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {"article_id": self.article_id, **self.message.to_payload()}


# -- splitting -----------------------------------------------------------------------------------


def _join_greedily(pieces: Iterable[str], sep: str, limit: int) -> list[str]:
    """Consecutive pieces joined by `sep` into as few texts of at most `limit` as they allow
    (each piece must itself fit)."""
    texts: list[str] = []
    current = ""
    for piece in pieces:
        candidate = f"{current}{sep}{piece}" if current else piece
        if len(candidate) <= limit:
            current = candidate
        else:
            texts.append(current)
            current = piece
    if current:
        texts.append(current)
    return texts


def split_words(text: str, limit: int) -> list[str]:
    """`text` in pieces of at most `limit` characters, broken between words (and links).

    Only a single word longer than `limit` is broken inside, as nothing else can fit it.
    """
    if len(text) <= limit:
        return [text]
    words = [
        word[i : i + limit] for word in _WORD.findall(text) for i in range(0, len(word), limit)
    ]
    return _join_greedily(words, " ", limit)


def pack_lines(lines: Iterable[str], limit: int = MAX_SECTION_CHARS) -> list[str]:
    """Lines joined into texts of at most `limit` characters, a long line split between words."""
    return _join_greedily((p for line in lines for p in split_words(line, limit)), "\n", limit)


def sections(lines: Iterable[str]) -> list[Block]:
    """As few mrkdwn sections as hold `lines` (already-safe mrkdwn) within Slack's limit."""
    return [section(text) for text in pack_lines(lines)]


def paginate(blocks: Sequence[Block], fallback: str) -> list[Message]:
    """The blocks as one message, or as several of at most 50 blocks each, in order."""
    if len(blocks) <= MAX_BLOCKS:
        return [message(fallback, blocks)]
    per_page = MAX_BLOCKS - 1  # room for the "continued" note
    pages = [list(blocks[i : i + per_page]) for i in range(0, len(blocks), per_page)]
    first, *rest = pages
    return [
        message(fallback, first),
        *(message(f"{fallback} (continued)", [context("_continued_"), *page]) for page in rest),
    ]


# -- pieces of text ------------------------------------------------------------------------------


def day(when: datetime) -> str:
    return f"{when:%A} {when.day} {when:%B %Y}"


def _moment(when: datetime) -> str:
    return f"{when:%a} {when.day} {when:%b %H:%M}"


def count(n: int, noun: str, plural: str | None = None) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {plural or noun + 's'}"


def quote_body(q: DigestQuote, limit: int = QUOTE_CHARS) -> list[str]:
    """The quote as a blockquote line (rule 12: bot.blocks.said_line), clipped at `limit`: its
    link leads to the whole of it."""
    return [f"> {said_line(said(q.text, q.kind, q.speaker, q.cue), limit)}"]


def source_link(q: DigestQuote, label: str | None = None) -> str:
    """A link to the quote's place in its article, labelled with the article's title."""
    return link(fragment_url(q.article_url, q.text), label or q.article_title or q.article_url)


def quote_lines(q: DigestQuote, *, source: bool = False) -> list[str]:
    """The quote, then who said it and the link to it (labelled with the article's title with
    `source`)."""
    shown = said(q.text, q.kind, q.speaker, q.cue)
    where = source_link(q) if source else source_link(q, "in the article")
    return [*quote_body(q), credit_line(shown, where)]


def _title(entry: ArticleEntry) -> str:
    return entry.title or redact_url(entry.url)


def _headline(entry: ArticleEntry) -> str:
    site = f"  ·  {escape(entry.site)}" if entry.site else ""
    return f"*{link(entry.url, clip(_title(entry), MAX_TITLE_CHARS))}*{site}"


def _best_quote(entry: ArticleEntry) -> DigestQuote | None:
    """The article's quote for the digest: a named speaker's own words first."""
    return min(entry.quotes, key=lambda q: (not q.named_and_verbatim, q.rank), default=None)


# -- messages ------------------------------------------------------------------------------------


def build_parent(digest: Digest) -> Message:
    """The thread's parent: the date, how many articles were shared by how many people (never a
    mention: a digest pings no one), the period's main actors with their article counts, and
    the quote of the day."""
    date = day(digest.local_end)
    n = len(digest.articles)
    people = len(digest.sharers)
    blocks: list[Block] = [header(f"News digest — {date}")]
    shared = f"*{count(n, 'article')}* shared" + (
        f" by {count(people, 'person', 'people')}" if people else ""
    )
    blocks.extend(sections([shared]))
    if digest.top_actors:
        lines = [
            f"• *{escape(a.name)}* _({a.kind})_ — {count(a.articles, 'article')}"
            for a in digest.top_actors[:MAX_PARENT_ACTORS]
        ]
        blocks.extend(sections(["*Most in the news*", *lines]))
    if digest.top_quote is not None:
        blocks.extend(sections(["*Quote of the day*", *quote_lines(digest.top_quote, source=True)]))
    tz = escape_controls(digest.timezone)
    blocks.append(
        context(
            f"Shared between {_moment(digest.local_start)} and {_moment(digest.local_end)} ({tz})"
            " · the main stories, the other articles and who said what are in this thread"
        )
    )
    names = ", ".join(escape(a.name) for a in digest.top_actors[:3])
    fallback = f"News digest for {date}: {count(n, 'article')}" + (f" — {names}" if names else "")
    return message(fallback, blocks)


def build_article_reply(entry: ArticleEntry) -> list[Message]:
    """A main story's thread reply: linked title and site, how many shared it, its key actors
    and its best quote."""
    lines = [_headline(entry)]
    if len(entry.sharers) > 1:
        lines.append(f"Shared by {count(len(entry.sharers), 'person', 'people')}")
    if entry.actors:
        lines.append("With " + ", ".join(f"*{escape(a.name)}*" for a in entry.actors))
    best = _best_quote(entry)
    if best is not None:
        lines.extend(quote_lines(best))
    return paginate(sections(lines), escape(_title(entry)))


def _list_line(entry: ArticleEntry) -> str:
    names = ", ".join(escape(a.name) for a in entry.actors[:MAX_LIST_ACTORS])
    return f"• {_headline(entry)}" + (f" — {names}" if names else "")


def build_article_lists(digest: Digest) -> list[Message]:
    """The articles that are not main stories, several to a message in the order shared, in at
    most MAX_LISTS messages; what does not fit is counted in the last line."""
    top = set(digest.top_stories)
    rest = [e for e in digest.articles if e.article_id not in top]
    pages: list[list[str]] = []
    for entry in rest:
        line = _list_line(entry)
        page = pages[-1] if pages else None
        if page is None or len(page) >= ARTICLES_PER_LIST or sum(map(len, page)) > LIST_CHARS:
            if len(pages) == MAX_LISTS:
                break
            pages.append([])
        pages[-1].append(line)
    listed = sum(len(p) for p in pages)
    messages: list[Message] = []
    first = len(top) + 1
    for i, page in enumerate(pages):
        last = first + len(page) - 1
        lines = [f"*More articles* ({first}–{last} of {len(digest.articles)})", *page]
        if i == len(pages) - 1 and listed < len(rest):
            lines.append(f"_and {count(len(rest) - listed, 'more article')}_")
        messages.append(message(f"More articles ({first}–{last})", sections(lines)))
        first = last + 1
    return messages


def _speaker_block_lines(group: SpeakerQuotes) -> list[str]:
    lines = [f"*{escape(group.speaker)}*"]
    for q in group.quotes[:MAX_SPEAKER_QUOTES]:
        lines.extend([*quote_body(q, SPEAKER_QUOTE_CHARS), f"— in {source_link(q)}"])
    return lines


def build_who_said_what(digest: Digest) -> list[Message]:
    """The closing reply: named speakers' own words, the most quoted first; the others named."""
    groups = digest.who_said_what
    if not groups:
        return []
    blocks = sections([f"*Who said what* — {count(len(groups), 'speaker')} in their own words"])
    for group in groups[:MAX_SPEAKERS_SHOWN]:
        blocks.extend(sections(_speaker_block_lines(group)))
    rest = groups[MAX_SPEAKERS_SHOWN:]
    if rest:
        also = ", ".join(f"{escape(g.speaker)} ({len(g.quotes)})" for g in rest[:MAX_ALSO_QUOTED])
        more = len(rest) - MAX_ALSO_QUOTED
        blocks.extend(
            sections([f"*Also quoted:* {also}" + (f" and {more} more" if more > 0 else "")])
        )
    top = ", ".join(escape(g.speaker) for g in groups[:3])
    return paginate(blocks, f"Who said what: {top}")


def build_empty_notice(digest: Digest) -> Message:
    """The "no articles" notice of a subscription that asks for one."""
    text = (
        f"No articles were shared in this channel between {_moment(digest.local_start)} and "
        f"{_moment(digest.local_end)} ({escape_controls(digest.timezone)})."
    )
    return message(text, [section(text)])


def build_digest_messages(digest: Digest, *, notify_empty: bool = False) -> list[DigestMessage]:
    """Every message of the digest in posting order: the parent, a reply for each main story,
    the other articles listed several to a reply, who said what (at most 1 + MAX_TOP_STORIES +
    MAX_LISTS + 1 messages, however many articles). An empty period gives nothing, or the
    notice when the subscription asks for one."""
    if digest.is_empty:
        return [DigestMessage(build_empty_notice(digest))] if notify_empty else []
    out = [DigestMessage(build_parent(digest))]
    entries = {e.article_id: e for e in digest.articles}
    for article_id in digest.top_stories:
        for i, reply in enumerate(build_article_reply(entries[article_id])):
            out.append(DigestMessage(reply, article_id if i == 0 else None))
    out.extend(DigestMessage(m) for m in build_article_lists(digest))
    out.extend(DigestMessage(m) for m in build_who_said_what(digest))
    return out


# -- plain text (the command line's --preview) ---------------------------------------------------

_LINK = re.compile(r"<([^<>|]+)\|([^<>]*)>")
_BARE = re.compile(r"<([^<>]+)>")
_ORIGINALS = str.maketrans({shown: original for original, shown in LOOK_ALIKES.items()})


def mrkdwn_to_text(text: str) -> str:
    """Slack mrkdwn as a terminal shows it: links as `label (url)`, mentions as `@U123`, the
    article's own formatting characters as written."""
    text = _LINK.sub(lambda m: f"{m.group(2)} ({m.group(1)})", text)
    text = _BARE.sub(lambda m: m.group(1), text)
    return html.unescape(text).translate(_ORIGINALS).replace("@\u2060", "@")


def block_text(block: Block) -> list[str]:
    if block["type"] in ("header", "section"):
        return [mrkdwn_to_text(block["text"]["text"])]
    if block["type"] == "context":
        return [mrkdwn_to_text(e["text"]) for e in block["elements"]]
    return []


def render_text(messages: Sequence[DigestMessage]) -> str:
    """The digest thread as plain text, parent first, each reply marked as such."""
    out: list[str] = []
    for i, item in enumerate(messages):
        out.append("=" * 72 if i == 0 else f"--- reply {i} " + "-" * 60)
        out.extend(line for block in item.message.blocks for line in block_text(block))
    return "\n".join(out) + "\n"


# -- answers to `/newsbot digest ...` ------------------------------------------------------------

DIGEST_USAGE = (
    ("digest at HH:MM [Area/City] [weekdays] [always]", "post a digest here at that local time"),
    ("digest off", "stop this channel's digest"),
    ("digest status", "when the next digest comes, and the last one"),
    ("digest now", "post the digest of everything shared since the last one"),
)


def build_digest_usage(problem: str | None = None) -> Message:
    """How to use `/newsbot digest`, after the sentence saying what was wrong (if anything)."""
    lines = [f"• `/newsbot {usage}` — {what}" for usage, what in DIGEST_USAGE]
    blocks = [section(escape_controls(problem))] if problem else []
    blocks.extend(sections(["*Daily digests*", *lines]))
    blocks.append(
        context("weekdays: `mon-fri`, `mon,wed,fri`, `weekends`, `daily` (the default) · "
                "`always`: post a notice even when nothing was shared")
    )  # fmt: skip
    return message(problem or "newsbot digest commands", blocks)


def schedule_sentence(time: str, timezone: str, days: str) -> str:
    return f"{days} at *{escape_controls(time)}* ({escape_controls(timezone)})"


def build_subscribed(
    *, time: str, timezone: str, days: str, next_run: datetime | None, notify_empty: bool
) -> Message:
    text = f"This channel will get a digest {schedule_sentence(time, timezone, days)}."
    if next_run is not None:
        text += f" Next: {_moment(next_run)}."
    note = (
        "A notice is posted even when nothing was shared."
        if notify_empty
        else "Nothing is posted when nothing was shared."
    )
    return message(text, [section(text), context(note)])


def build_status(
    *,
    time: str | None,
    timezone: str | None,
    days: str | None,
    next_run: datetime | None,
    last_end: datetime | None,
    last_link: str | None,
) -> Message:
    """`digest status`: the schedule, the next run in the channel's time, the last digest."""
    if time is None or timezone is None or days is None:
        lines = ["This channel has no digest. Start one with `/newsbot digest at HH:MM`."]
    else:
        lines = [f"Digest {schedule_sentence(time, timezone, days)}."]
        if next_run is not None:
            lines.append(f"Next digest: *{_moment(next_run)}* ({escape_controls(timezone)}).")
    if last_link and last_end is not None:
        lines.append(f"Last digest: {link(last_link, f'the digest of {day(last_end)}')}.")
    else:
        lines.append("No digest has been posted here yet.")
    return message(mrkdwn_to_text(" ".join(lines)), sections(lines))

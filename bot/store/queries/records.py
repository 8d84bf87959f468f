"""The small frozen records the archive's readers return, and the one select QuoteViews are read
by."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from bot import ANALYZER_VERSION
from bot.store.queries.tables import ACTORS, ARTICLES, QUOTES


def _json_time(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


@dataclass(frozen=True, slots=True)
class ActorRef:
    id: int
    name: str
    kind: str


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where a quote seen in several articles was first seen (bot.store.quote_keys)."""

    quote_id: int  # the first copy
    article_id: int
    site: str | None
    title: str | None
    url: str
    seen_at: datetime
    articles: int  # how many articles hold the quote, the first included

    def to_json(self) -> dict[str, Any]:
        return {
            "quote_id": self.quote_id,
            "article_id": self.article_id,
            "site": self.site,
            "title": self.title,
            "url": self.url,
            "seen_at": _json_time(self.seen_at),
            "articles": self.articles,
        }


@dataclass(frozen=True, slots=True)
class QuoteView:
    """One stored quote with its speaker and article, as every reader shows it."""

    id: int
    text: str
    kind: str
    cue: str | None
    speaker: str | None  # the archive actor's canonical name
    speaker_text: str | None  # the speaker as written in the article
    actor_id: int | None
    article_id: int
    article_title: str | None
    article_url: str
    site: str | None
    seen_at: datetime  # when the newsroom first saw the article
    start: int
    end: int
    speaker_kind: str | None = None  # the archive actor's kind
    published_at: datetime | None = None  # the date the page gives
    # Where it was first seen when other articles hold it too (queries.provenance); else None.
    provenance: Provenance | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "text": self.text,
            "kind": self.kind,
            "cue": self.cue,
            "speaker": self.speaker,
            "speaker_text": self.speaker_text,
            "article_id": self.article_id,
            "article_title": self.article_title,
            "article_url": self.article_url,
            "site": self.site,
            "seen_at": _json_time(self.seen_at),
            "published_at": _json_time(self.published_at),
            "start": self.start,
            "end": self.end,
            "first_seen": self.provenance.to_json() if self.provenance else None,
        }


@dataclass(frozen=True, slots=True)
class ActorQuotes:
    """Quotes of the actors a name stands for, newest first; `suggestions` when none matched."""

    query: str
    actors: tuple[ActorRef, ...]
    quotes: tuple[QuoteView, ...]
    suggestions: tuple[str, ...] = ()
    # How many quotes there are in all, and how many newer ones come before these.
    total: int = 0
    offset: int = 0
    # The people an ambiguous name could mean (then there are no actors and no quotes).
    candidates: tuple[ActorProfile, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "actors": [{"id": a.id, "name": a.name, "kind": a.kind} for a in self.actors],
            "quotes": [q.to_json() for q in self.quotes],
            "total": self.total,
            "offset": self.offset,
            "suggestions": list(self.suggestions),
            "candidates": [c.to_json() for c in self.candidates],
        }


@dataclass(frozen=True, slots=True)
class ActorProfile:
    id: int
    name: str
    kind: str
    aliases: tuple[str, ...]
    roles: tuple[str, ...]
    article_count: int
    quote_count: int
    first_seen: datetime | None
    last_seen: datetime | None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "kind": self.kind,
            "aliases": list(self.aliases),
            "roles": list(self.roles),
            "article_count": self.article_count,
            "quote_count": self.quote_count,
            "first_seen": _json_time(self.first_seen),
            "last_seen": _json_time(self.last_seen),
        }


@dataclass(frozen=True, slots=True)
class ActorLookup:
    """The profiles a name stands for (most written-about first), or the closest known names."""

    query: str
    profiles: tuple[ActorProfile, ...]
    suggestions: tuple[str, ...] = ()
    candidates: tuple[ActorProfile, ...] = ()  # the people an ambiguous name could mean

    def to_json(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "profiles": [p.to_json() for p in self.profiles],
            "suggestions": list(self.suggestions),
            "candidates": [c.to_json() for c in self.candidates],
        }


@dataclass(frozen=True, slots=True)
class ActorCount:
    id: int
    name: str
    kind: str
    count: int


@dataclass(frozen=True, slots=True)
class TopActors:
    """The most present actors of a window (all time when `since` is None)."""

    since: datetime | None
    until: datetime | None
    by_articles: tuple[ActorCount, ...]
    by_quotes: tuple[ActorCount, ...]

    def to_json(self) -> dict[str, Any]:
        def rows(counts: tuple[ActorCount, ...]) -> list[dict[str, Any]]:
            return [{"id": c.id, "name": c.name, "kind": c.kind, "count": c.count} for c in counts]

        return {
            "since": _json_time(self.since),
            "until": _json_time(self.until),
            "by_articles": rows(self.by_articles),
            "by_quotes": rows(self.by_quotes),
        }


@dataclass(frozen=True, slots=True)
class ArticleActorView:
    actor_id: int
    name: str
    kind: str
    role: str | None
    mentions: int
    salience: float


@dataclass(frozen=True, slots=True)
class SharedArticle:
    """An article shared in a channel during a window, for the digest."""

    article_id: int
    url: str
    title: str | None
    site: str | None
    published_at: datetime | None
    first_shared_at: datetime
    sharers: tuple[str, ...]  # Slack user ids, in order of first share
    share_count: int
    actors: tuple[ArticleActorView, ...]  # most salient first
    quotes: tuple[QuoteView, ...]  # in text order


@dataclass(frozen=True, slots=True)
class StoredArticle:
    """What the archive holds for a URL: enough to answer "already in the archive"."""

    id: int
    canonical_url: str
    title: str | None
    site: str | None
    status: str
    failure_reason: str | None
    analyzer_version: str | None
    published_at: datetime | None
    seen_at: datetime
    actor_count: int
    quote_count: int
    page_kind: str = "article"  # or what the page is instead (bot.pagekind)
    not_article_reason: str | None = None
    authors: tuple[str, ...] = ()
    opening: str = ""  # the start of the text, enough for its lede (bot.lede)

    def is_current(self, analyzer_version: str = ANALYZER_VERSION) -> bool:
        """Analysed, and by this analyzer version (else it is worth analysing again)."""
        return self.status == "done" and self.analyzer_version == analyzer_version


@dataclass(frozen=True, slots=True)
class ClaimedShare:
    """A share a worker now holds: analyse `url`, then mark it done or failed."""

    id: int
    team: str | None
    channel: str
    message_ts: str
    thread_ts: str | None
    user: str | None
    url: str
    attempts: int


@dataclass(frozen=True, slots=True)
class ShareView:
    id: int
    team: str | None
    channel: str
    message_ts: str
    thread_ts: str | None
    user: str | None
    url: str
    shared_at: datetime
    status: str
    failure_reason: str | None
    article_id: int | None
    reply_ts: str | None
    reacted: bool
    attempts: int


def quote_select() -> sa.Select[Any]:
    qc, ac = QUOTES.c, ARTICLES.c
    return (
        sa.select(
            qc.id,
            qc.text,
            qc.kind,
            qc.cue,
            ACTORS.c.name.label("speaker"),
            qc.speaker_text,
            qc.actor_id,
            qc.article_id,
            ac.title.label("article_title"),
            ac.canonical_url.label("article_url"),
            ac.site,
            qc.seen_at,
            qc.start,
            qc.end,
            ACTORS.c.kind.label("speaker_kind"),
            ac.published_at,
        )
        .join(ARTICLES, ac.id == qc.article_id)
        .outerjoin(ACTORS, ACTORS.c.id == qc.actor_id)
    )


def quote_views(rows: Iterable[Any]) -> list[QuoteView]:
    return [QuoteView(**row._mapping) for row in rows]

"""Every read and write newsbot makes of the archive, for the Slack side, the digest and the CLI.

Each function takes the session as the keyword-only `session`. Reads return small frozen
dataclasses, never ORM rows, so callers may use them after the session is gone. Writes commit
their own transaction (on SQLite as a writer from the start, see db.write_transaction).
"""

from __future__ import annotations

import difflib
import hashlib
import logging
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from bot import ANALYZER_VERSION
from bot.article import Article as PageArticle
from bot.nlp.records import Actor as ActorRecord
from bot.nlp.records import Analysis
from bot.store import search, visibility
from bot.store.db import PostgresTail, Rows, insert_rows, write_transaction
from bot.store.linking import link_actors, name_key
from bot.store.models import (
    Actor,
    ActorName,
    Article,
    ArticleActor,
    ArticleUrl,
    ChannelSetting,
    DigestSubscription,
    Quote,
    Share,
    UTCDateTime,
    key_hash,
    table_of,
    utcnow,
)
from bot.store.sanitize import clean_analysed, without_nul
from bot.store.visibility import Viewer
from bot.urls import (
    NotAWebAddress,
    article_key,
    canonical_url,
    keyed_urls,
    url_keys,
    without_userinfo,
)

logger = logging.getLogger(__name__)

ACTORS = table_of(Actor)
NAMES = table_of(ActorName)
ARTICLES = table_of(Article)
ARTICLE_URLS = table_of(ArticleUrl)
ARTICLE_ACTORS = table_of(ArticleActor)
QUOTES = table_of(Quote)
SHARES = table_of(Share)
CHANNELS = table_of(ChannelSetting)
SUBSCRIPTIONS = table_of(DigestSubscription)

# Any constant; PostgreSQL writers of analyses queue on it so that two articles naming one new
# actor at the same moment cannot create it twice (SQLite's single writer does this already).
ARCHIVE_WRITE_LOCK = 0x71756F74  # "quot"
DEFAULT_CLAIM_EXPIRY = timedelta(minutes=10)
DEFAULT_MAX_ATTEMPTS = 5


def _json_time(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


# --------------------------------------------------------------------------- read records


@dataclass(frozen=True, slots=True)
class ActorRef:
    id: int
    name: str
    kind: str


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
    seen_at: datetime
    start: int
    end: int

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
            "start": self.start,
            "end": self.end,
        }


@dataclass(frozen=True, slots=True)
class ActorQuotes:
    """Quotes of the actors a name stands for, newest first; `suggestions` when none matched."""

    query: str
    actors: tuple[ActorRef, ...]
    quotes: tuple[QuoteView, ...]
    suggestions: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "actors": [{"id": a.id, "name": a.name, "kind": a.kind} for a in self.actors],
            "quotes": [q.to_json() for q in self.quotes],
            "suggestions": list(self.suggestions),
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

    def to_json(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "profiles": [p.to_json() for p in self.profiles],
            "suggestions": list(self.suggestions),
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


# --------------------------------------------------------------------------- articles


def _parse_published(value: str | datetime | date | None) -> datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, date):
        parsed = datetime(value.year, value.month, value.day)
    else:
        try:
            parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            logger.warning("unreadable publication date %r ignored", value)
            return None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def _article_identity(article: PageArticle) -> tuple[str, str, list[tuple[str, str]]]:
    """(canonical URL, dedupe key, (key, URL) of every URL the article is known by).

    An article read from a file has no web address; its text stands in for one, so the same
    file ingested twice is one article.
    """
    urls = keyed_urls((article.canonical_url, article.url, article.requested_url))
    if urls:
        key, canonical = urls[0]
        return canonical, key, urls
    digest = hashlib.sha256(article.text.encode("utf-8")).hexdigest()[:32]
    return f"text:{digest}", f"text:{digest}", [(f"text:{digest}", article.url)]


def _find_article_id(session: Session, keys: Sequence[str]) -> int | None:
    """The article known by any of these URL keys (every article's own key is among them)."""
    if not keys:
        return None
    return session.execute(_FIND_ARTICLE, {"hashes": [key_hash(k) for k in keys]}).scalar()


def _url_rows(article_id: int, urls: Iterable[tuple[str, str]], now: datetime) -> list[Any]:
    return [
        {"url_hash": key_hash(k), "url_key": k, "article_id": article_id, "url": u,
         "first_seen_at": now}
        for k, u in dict(urls).items()
    ]  # fmt: skip


def _remember_urls(session: Session, article_id: int, urls: Iterable[tuple[str, str]]) -> None:
    """Record URL keys the article is known by; keys already taken stay with their article."""
    rows = _url_rows(article_id, urls, utcnow())
    if rows:
        session.execute(_insert_ignoring_duplicates(session, ARTICLE_URLS, ["url_hash"]), rows)


# The statements of store_analysis, built once: building them per article cost more CPU than
# the database spent running them. URL keys are looked up by their hash (models.key_hash).
_FIND_ARTICLE = sa.select(sa.func.min(ARTICLE_URLS.c.article_id)).where(
    ARTICLE_URLS.c.url_hash.in_(sa.bindparam("hashes", expanding=True))
)
_FIND_ARTICLES = sa.select(ARTICLE_URLS.c.url_hash, ARTICLE_URLS.c.article_id).where(
    ARTICLE_URLS.c.url_hash.in_(sa.bindparam("hashes", expanding=True))
)
# Ids come back in the order of the rows, so a batch's articles go in as one statement.
_INSERT_ARTICLES = sa.insert(ARTICLES).returning(ARTICLES.c.id, sort_by_parameter_order=True)
_UPDATE_ARTICLE = sa.update(ARTICLES).where(ARTICLES.c.id == sa.bindparam("article_id"))


def _lock_archive(session: Session) -> None:
    if session.get_bind().dialect.name == "postgresql":
        session.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": ARCHIVE_WRITE_LOCK})


# A page can make the analyzer read thousands of letters as one name; no name is that long, and
# its keys would not fit PostgreSQL's index. Such an actor is not stored (its quotes keep the
# speaker as written, unlinked).
MAX_NAME_CHARS = 300


def _merged_actors(analysis: Analysis) -> list[ActorRecord]:
    """The analysis's actors plus any quote speaker it does not list (0 mentions)."""
    actors = [
        replace(a, aliases=tuple(x for x in a.aliases if len(x) <= MAX_NAME_CHARS))
        for a in analysis.actors
        if len(a.name) <= MAX_NAME_CHARS
    ]
    named = {a.name for a in analysis.actors}
    for quote in analysis.quotes:
        if quote.speaker and quote.speaker not in named and len(quote.speaker) <= MAX_NAME_CHARS:
            named.add(quote.speaker)
            kind = quote.speaker_kind or "person"
            actors.append(ActorRecord(quote.speaker, kind, (), None, 0, 0.0))
    return actors


def _drop_analysis(session: Session, article_id: int) -> None:
    """Remove an article's actor links and quotes, taking them off the actors' counters."""
    linked = (
        session.execute(
            sa.select(ARTICLE_ACTORS.c.actor_id).where(ARTICLE_ACTORS.c.article_id == article_id)
        )
        .scalars()
        .all()
    )
    quoted = session.execute(
        sa.select(QUOTES.c.actor_id, sa.func.count())
        .where(QUOTES.c.article_id == article_id, QUOTES.c.actor_id.is_not(None))
        .group_by(QUOTES.c.actor_id)
    ).all()
    deltas: dict[int, _Delta] = defaultdict(_Delta)
    for actor_id in linked:
        deltas[actor_id].articles -= 1
    for actor_id, n in quoted:
        deltas[actor_id].quotes -= n
    session.execute(sa.delete(QUOTES).where(QUOTES.c.article_id == article_id))
    session.execute(sa.delete(ARTICLE_ACTORS).where(ARTICLE_ACTORS.c.article_id == article_id))
    _apply_counts(session, deltas)


_WIDEN_SEEN = (
    ", last_seen_at = CASE WHEN last_seen_at IS NULL OR last_seen_at < {hi}"
    " THEN {hi} ELSE last_seen_at END"
    ", first_seen_at = CASE WHEN first_seen_at IS NULL OR first_seen_at > {lo}"
    " THEN {lo} ELSE first_seen_at END"
)
# PostgreSQL: one statement for all the actors, its arrays unnested (fixed text, prepared
# once); SQLite: an executemany of one row each, which runs in-process.
_PG_COUNTS_SQL = (
    "UPDATE actor SET article_count = article_count + d.a, quote_count = quote_count + d.q{widen}"
    " FROM unnest(CAST(:i AS INTEGER[]), CAST(:a AS INTEGER[]), CAST(:q AS INTEGER[]),"
    " CAST(:lo AS TIMESTAMP WITH TIME ZONE[]), CAST(:hi AS TIMESTAMP WITH TIME ZONE[]))"
    " AS d(i, a, q, lo, hi) WHERE actor.id = d.i"
)
_PG_COUNTS = {
    False: _PG_COUNTS_SQL.format(widen=""),
    True: _PG_COUNTS_SQL.format(widen=_WIDEN_SEEN.format(lo="d.lo", hi="d.hi")),
}
_SQLITE_COUNTS_SQL = (
    "UPDATE actor SET article_count = article_count + :a, quote_count = quote_count + :q"
    "{widen} WHERE id = :i"
)
_SQLITE_COUNTS = {
    False: sa.text(_SQLITE_COUNTS_SQL.format(widen="")),
    True: sa.text(
        _SQLITE_COUNTS_SQL.format(widen=_WIDEN_SEEN.format(lo=":lo", hi=":hi"))
    ).bindparams(sa.bindparam("lo", type_=UTCDateTime()), sa.bindparam("hi", type_=UTCDateTime())),
}


@dataclass
class _Delta:
    """What one batch changes of an actor's counters and first/last seen."""

    articles: int = 0
    quotes: int = 0
    first: datetime | None = None
    last: datetime | None = None

    def seen(self, at: datetime) -> None:
        self.first = at if self.first is None else min(self.first, at)
        self.last = at if self.last is None else max(self.last, at)


def _apply_counts(session: Session, deltas: dict[int, _Delta], *inserts: Rows) -> None:
    """Insert the rows, add deltas to actors' counters, and widen their first/last seen when
    the deltas have them. PostgreSQL: one statement for all (every statement is a round trip);
    SQLite: executemany, which runs in-process."""
    widen = all(d.first is not None for d in deltas.values())
    ordered = sorted(deltas.items())  # the same lock order in every writer
    if session.get_bind().dialect.name == "postgresql":
        tail = PostgresTail(
            _PG_COUNTS[widen],
            {
                "i": [i for i, _ in ordered],
                "a": [d.articles for _, d in ordered],
                "q": [d.quotes for _, d in ordered],
                "lo": [d.first for _, d in ordered],
                "hi": [d.last for _, d in ordered],
            },
        )
        insert_rows(session, *inserts, tail=tail)
        return
    insert_rows(session, *inserts)
    if ordered:
        session.execute(
            _SQLITE_COUNTS[widen],
            [
                {"i": i, "a": d.articles, "q": d.quotes}
                | ({"lo": d.first, "hi": d.last} if widen else {})
                for i, d in ordered
            ],
        )


def store_analysis(
    *,
    session: Session,
    article: PageArticle,
    analysis: Analysis,
    analyzer_version: str = ANALYZER_VERSION,
    fetched_at: datetime | None = None,
) -> int:
    """Store an article with its actors and quotes; return its id. Commits.

    An article already stored under any URL variant is updated, never duplicated, and its
    actors and quotes are replaced by these, all in one transaction. Actors are linked to the
    archive's existing actors (bot.store.linking).
    """
    (article_id,) = store_analyses(
        session=session,
        items=[(article, analysis)],
        analyzer_version=analyzer_version,
        fetched_at=fetched_at,
    )
    return article_id


def store_analyses(
    *,
    session: Session,
    items: Sequence[tuple[PageArticle, Analysis]],
    analyzer_version: str = ANALYZER_VERSION,
    fetched_at: datetime | None = None,
    public: bool = False,
) -> list[int]:
    """store_analysis for many articles in one transaction (all or none); their ids. Commits.

    For bulk ingest: one commit (on PostgreSQL, one disk flush) and one lock for the batch.
    Keep batches small (tens of articles): other writers wait while a batch is written.
    `public`: everyone in Slack may see these articles (the operator's ingest); otherwise they
    keep what they had, and new ones are seen once shared (bot.store.visibility).
    """
    pending = [_prepare(*clean_analysed(a, an), analyzer_version, fetched_at) for a, an in items]
    for p in pending:
        p.public = public
    write_transaction(session)
    try:
        _lock_archive(session)
        for group in _without_shared_urls(pending):
            _store_group(session, group)
        session.commit()
    except Exception:
        session.rollback()
        raise
    return [p.article_id for p in pending if p.article_id is not None]


@dataclass
class _Pending:
    """One analysed article of a batch on its way into the archive."""

    canonical: str
    key: str
    urls: list[tuple[str, str]]
    fields: dict[str, Any]
    seen_at: datetime
    analysis: Analysis
    records: list[ActorRecord]
    article_id: int | None = None
    public: bool = False


def _prepare(
    article: PageArticle,
    analysis: Analysis,
    analyzer_version: str,
    fetched_at: datetime | None,
) -> _Pending:
    now = utcnow()
    fetched = fetched_at or now
    canonical, key, urls = _article_identity(article)
    published = _parse_published(article.published)
    # A date in the future is a page's mistake; the article is placed when it was read.
    seen_at = published if published and published <= fetched + timedelta(days=1) else fetched
    fields: dict[str, Any] = {
        "title": article.title,
        "site": article.site,
        "authors": list(article.authors),
        "published_at": published,
        "fetched_at": fetched,
        "seen_at": seen_at,
        "language": article.language,
        "text": article.text,
        "status": "done",
        "failure_reason": None,
        "analyzer_version": analyzer_version,
        "updated_at": now,
    }
    return _Pending(canonical, key, urls, fields, seen_at, analysis, _merged_actors(analysis))


def _without_shared_urls(pending: Sequence[_Pending]) -> Iterable[list[_Pending]]:
    """Runs of the batch in which no two articles share a URL key: a later variant of an
    article must find the earlier one stored, so it goes into the next run."""
    group: list[_Pending] = []
    keys: set[str] = set()
    for p in pending:
        mine = {k for k, _ in p.urls}
        if keys & mine:
            yield group
            group, keys = [], set()
        group.append(p)
        keys |= mine
    if group:
        yield group


def _store_group(session: Session, group: Sequence[_Pending]) -> None:
    """Store articles that share no URL, each statement once for all of them."""
    now = utcnow()
    hashes = {k: key_hash(k) for p in group for k, _ in p.urls}
    found: dict[str, int] = dict(
        session.execute(_FIND_ARTICLES, {"hashes": sorted(hashes.values())}).tuples().all()
    )
    for p in group:
        known = [found[hashes[k]] for k, _ in p.urls if hashes[k] in found]
        p.article_id = min(known) if known else None
    stored = [p for p in group if p.article_id is not None]
    if stored:
        already = set(
            session.execute(
                sa.select(ARTICLES.c.id).where(
                    ARTICLES.c.id.in_([p.article_id for p in stored]), ARTICLES.c.public
                )
            ).scalars()
        )
        for p in stored:
            p.public = p.public or p.article_id in already
        session.execute(
            _UPDATE_ARTICLE,
            [{"article_id": p.article_id, "public": p.public, **p.fields} for p in stored],
        )
        for p in stored:
            _drop_analysis(session, p.article_id)  # type: ignore[arg-type]
    new = [p for p in group if p.article_id is None]
    if new:
        article_ids = session.execute(
            _INSERT_ARTICLES,
            [
                {
                    "canonical_url": p.canonical,
                    "url_key": p.key,
                    "url_hash": key_hash(p.key),
                    "created_at": now,
                    "public": p.public,
                    **p.fields,
                }
                for p in new
            ],
        ).scalars()
        for p, article_id in zip(new, article_ids, strict=True):
            p.article_id = article_id
    url_rows = [row for p in group for row in _url_rows(p.article_id, p.urls, now)]  # type: ignore[arg-type]

    linked = link_actors(session, [r for p in group for r in p.records])
    actor_ids = iter(linked.ids)
    link_rows: list[dict[str, Any]] = []
    quote_rows: list[dict[str, Any]] = []
    deltas: dict[int, _Delta] = defaultdict(_Delta)
    for p in group:
        links, by_name = _article_links(p, [next(actor_ids) for _ in p.records])
        quotes = _quote_rows(p, by_name)
        for actor_id in links:
            deltas[actor_id].articles += 1
            deltas[actor_id].seen(p.seen_at)
        for row in quotes:
            if row["actor_id"] is not None:
                deltas[row["actor_id"]].quotes += 1
        link_rows += links.values()
        quote_rows += quotes
    _apply_counts(
        session,
        deltas,
        Rows(ARTICLE_URLS, url_rows, skip_taken=True),
        linked.names,
        Rows(ARTICLE_ACTORS, link_rows),
        Rows(QUOTES, quote_rows),
    )


def _article_links(
    p: _Pending, actor_ids: Sequence[int]
) -> tuple[dict[int, dict[str, Any]], dict[str, int]]:
    """The article's actor links by actor id, and the actor id of each record's name."""
    links: dict[int, dict[str, Any]] = {}
    by_name: dict[str, int] = {}
    for record, actor_id in zip(p.records, actor_ids, strict=True):
        by_name.setdefault(record.name, actor_id)
        link = links.get(actor_id)
        if link is None:
            links[actor_id] = {
                "article_id": p.article_id,
                "actor_id": actor_id,
                "mentions": record.mentions,
                "salience": record.salience,
                "role": record.role,
                "seen_at": p.seen_at,
                "public": p.public,
            }
        else:  # two records of this article turned out to be one actor
            link["mentions"] += record.mentions
            link["salience"] = max(link["salience"], record.salience)
            link["role"] = link["role"] or record.role
    return links, by_name


def _quote_rows(p: _Pending, by_name: dict[str, int]) -> list[dict[str, Any]]:
    return [
        {
            "article_id": p.article_id,
            "actor_id": by_name.get(q.speaker) if q.speaker else None,
            "speaker_text": q.speaker_text or q.speaker,
            "text": q.text,
            "kind": q.kind,
            "cue": q.cue,
            "start": q.start,
            "end": q.end,
            "seen_at": p.seen_at,
            "public": p.public,
            "terms": search.index_terms(q.text),
        }
        for q in p.analysis.quotes
    ]


def record_article_failure(*, session: Session, url: str, reason: str) -> int | None:
    """Note that the article at `url` could not be read; return its id. Commits.

    An article already stored (and analysed) keeps its analysis: only unknown URLs get a
    failed row. Returns None for a URL that is not a web address.
    """
    url, reason = without_nul(url), without_nul(reason)
    try:
        key, canonical = article_key(url), canonical_url(url)
    except NotAWebAddress:
        return None
    write_transaction(session)
    article_id = _find_article_id(session, [key])
    now = utcnow()
    if article_id is None:
        article_id = session.execute(
            sa.insert(ARTICLES)
            .values(
                canonical_url=canonical,
                url_key=key,
                url_hash=key_hash(key),
                authors=[],
                text="",
                status="failed",
                failure_reason=reason,
                seen_at=now,
                fetched_at=now,
                created_at=now,
                updated_at=now,
            )
            .returning(ARTICLES.c.id)
        ).scalar_one()
        _remember_urls(session, article_id, [(key, canonical)])
    else:
        session.execute(
            sa.update(ARTICLES)
            .where(ARTICLES.c.id == article_id, ARTICLES.c.status != "done")
            .values(status="failed", failure_reason=reason, updated_at=now)
        )
    session.commit()
    return article_id


def find_article(*, session: Session, url: str) -> StoredArticle | None:
    """The stored article for any variant of `url` (tracking, http/https, AMP, slash), or None."""
    article_id = _find_article_id(session, url_keys(url))
    return None if article_id is None else get_article(session=session, article_id=article_id)


def get_article(*, session: Session, article_id: int) -> StoredArticle | None:
    a = ARTICLES.c
    row = session.execute(
        sa.select(
            a.id,
            a.canonical_url,
            a.title,
            a.site,
            a.status,
            a.failure_reason,
            a.analyzer_version,
            a.published_at,
            a.seen_at,
        ).where(a.id == article_id)
    ).one_or_none()
    if row is None:
        return None
    actor_count = session.execute(
        sa.select(sa.func.count()).where(ARTICLE_ACTORS.c.article_id == article_id)
    ).scalar_one()
    quote_count = session.execute(
        sa.select(sa.func.count()).where(QUOTES.c.article_id == article_id)
    ).scalar_one()
    return StoredArticle(**row._mapping, actor_count=actor_count, quote_count=quote_count)


# --------------------------------------------------------------------------- shares


def record_share(
    *,
    session: Session,
    team: str | None,
    channel: str,
    message_ts: str,
    thread_ts: str | None,
    user: str | None,
    url: str,
    shared_at: datetime | None = None,
    channel_type: str | None = None,
) -> tuple[int, bool]:
    """Record that `user` shared `url` in a message; return (share id, created). Commits.

    `channel_type` is the message event's: "channel" (public) makes the article, once stored,
    seen by everyone; "group" (private) or unknown only by the channel's members.

    Idempotent: Slack redelivering the same event (same channel, message ts and URL, in any
    variant) finds the first share and returns created=False. Raises bot.urls.NotAWebAddress
    for a URL that is not http(s).
    """
    url = without_nul(url)
    key = article_key(url)
    write_transaction(session)
    values = {
        "team": team,
        "channel": channel,
        "channel_type": channel_type,
        "message_ts": message_ts,
        "thread_ts": thread_ts,
        "user_id": user,
        "url": without_userinfo(url),  # a password is never stored; the query is, for the fetch
        "url_key": key,
        "url_hash": key_hash(key),
        "shared_at": shared_at or utcnow(),
        "status": "pending",
        "attempts": 0,
        "reacted": False,
    }
    insert = _insert_ignoring_duplicates(session, SHARES, ["channel", "message_ts", "url_hash"])
    share_id = session.execute(insert.values(values).returning(SHARES.c.id)).scalar()
    created = share_id is not None
    if share_id is None:
        share_id = session.execute(
            sa.select(SHARES.c.id).where(
                SHARES.c.channel == channel,
                SHARES.c.message_ts == message_ts,
                SHARES.c.url_hash == values["url_hash"],
            )
        ).scalar_one()
    session.commit()
    return share_id, created


_IGNORING_DUPLICATES: dict[tuple[str, str], Any] = {}


def _insert_ignoring_duplicates(session: Session, table: sa.Table, unique: list[str]) -> Any:
    """INSERT ... ON CONFLICT (unique) DO NOTHING, built once per database kind and table."""
    dialect = session.get_bind().dialect.name
    statement = _IGNORING_DUPLICATES.get((dialect, table.name))
    if statement is None:
        if dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert
        else:
            from sqlalchemy.dialects.sqlite import insert  # type: ignore[assignment]
        statement = insert(table).on_conflict_do_nothing(index_elements=unique)
        _IGNORING_DUPLICATES[(dialect, table.name)] = statement
    return statement


def _claimable(now: datetime, stale_after: timedelta, max_attempts: int) -> Any:
    s = SHARES.c
    return sa.and_(
        s.status == "pending",
        s.attempts < max_attempts,
        sa.or_(s.claimed_at.is_(None), s.claimed_at < now - stale_after),
    )


def _claim_values(worker_id: str, now: datetime) -> dict[str, Any]:
    return {"claimed_by": worker_id, "claimed_at": now, "attempts": SHARES.c.attempts + 1}


def _claimed(rows: Iterable[Any]) -> list[ClaimedShare]:
    return [ClaimedShare(*row) for row in sorted(rows, key=lambda r: r[0])]


_CLAIM_COLUMNS = (
    SHARES.c.id,
    SHARES.c.team,
    SHARES.c.channel,
    SHARES.c.message_ts,
    SHARES.c.thread_ts,
    SHARES.c.user_id,
    SHARES.c.url,
    SHARES.c.attempts,
)


def claim_pending_shares(
    *,
    session: Session,
    limit: int,
    worker_id: str,
    stale_after: timedelta = DEFAULT_CLAIM_EXPIRY,
    max_attempts: int = DEFAULT_MAX_ATTEMPTS,
) -> list[ClaimedShare]:
    """Claim up to `limit` pending shares, oldest first, for `worker_id`. Commits.

    A share claimed more than `stale_after` ago is still pending only because its worker died;
    it is claimed again. Shares that have used up `max_attempts` are marked failed instead.
    PostgreSQL skips rows another worker is claiming (FOR UPDATE SKIP LOCKED); SQLite's single
    writer makes the claiming UPDATE atomic.
    """
    now = utcnow()
    write_transaction(session)
    session.execute(
        sa.update(SHARES)
        .where(
            SHARES.c.status == "pending",
            SHARES.c.attempts >= max_attempts,
            sa.or_(SHARES.c.claimed_at.is_(None), SHARES.c.claimed_at < now - stale_after),
        )
        .values(
            status="failed",
            failure_reason=f"gave up after {max_attempts} attempts",
            claimed_by=None,
            claimed_at=None,
        )
    )
    wanted = (
        sa.select(SHARES.c.id)
        .where(_claimable(now, stale_after, max_attempts))
        .order_by(SHARES.c.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
        .scalar_subquery()
    )
    rows = session.execute(
        sa.update(SHARES)
        .where(SHARES.c.id.in_(wanted))
        .values(_claim_values(worker_id, now))
        .returning(*_CLAIM_COLUMNS)
    ).all()
    session.commit()
    return _claimed(rows)


def claim_share(
    *,
    session: Session,
    share_id: int,
    worker_id: str,
    stale_after: timedelta = DEFAULT_CLAIM_EXPIRY,
    max_attempts: int = DEFAULT_MAX_ATTEMPTS,
) -> ClaimedShare | None:
    """Claim one share by id; None when it is done, failed, or held by a live worker. Commits.

    A share `worker_id` itself holds is claimed again: a worker runs each share once at a time,
    so its own claim is left over from an attempt that failed (the archive was unreachable).
    """
    now = utcnow()
    write_transaction(session)
    own = sa.and_(
        SHARES.c.status == "pending",
        SHARES.c.claimed_by == worker_id,
        SHARES.c.attempts < max_attempts,
    )
    rows = session.execute(
        sa.update(SHARES)
        .where(SHARES.c.id == share_id, sa.or_(_claimable(now, stale_after, max_attempts), own))
        .values(_claim_values(worker_id, now))
        .returning(*_CLAIM_COLUMNS)
    ).all()
    session.commit()
    claimed = _claimed(rows)
    return claimed[0] if claimed else None


def release_claims(*, session: Session, gone: Callable[[str], bool]) -> list[str]:
    """Free the pending shares held by workers `gone` says are dead; return those. Commits.

    A killed process cannot release its claims; without this its shares would wait out the
    claim expiry before anyone took them up again.
    """
    holders = session.execute(
        sa.select(SHARES.c.claimed_by)
        .where(SHARES.c.status == "pending", SHARES.c.claimed_by.is_not(None))
        .distinct()
    ).scalars()
    dead = sorted(h for h in holders if gone(h))
    if dead:  # the write lock only when there is something to free
        write_transaction(session)
        session.execute(
            sa.update(SHARES)
            .where(SHARES.c.status == "pending", SHARES.c.claimed_by.in_(dead))
            .values(claimed_by=None, claimed_at=None)
        )
        session.commit()
    return dead


GAVE_UP = "newsbot failed on it {attempts} times in a row (the reason is in its log)"


def give_up_share(
    *,
    session: Session,
    share_id: int,
    worker_id: str,
    stale_after: timedelta = DEFAULT_CLAIM_EXPIRY,
    max_attempts: int = DEFAULT_MAX_ATTEMPTS,
) -> ShareView | None:
    """Take a share that used up its attempts, to answer it and mark it failed. Commits.

    A share whose every attempt ended in an error would otherwise stay pending forever and its
    sharer never hear of it. None when the share has attempts left, is finished, or is held by
    another live worker (a claim newer than `stale_after`).
    """
    now = utcnow()
    s = SHARES.c
    write_transaction(session)
    taken = session.execute(
        sa.update(SHARES)
        .where(
            s.id == share_id,
            s.status == "pending",
            s.attempts >= max_attempts,
            sa.or_(
                s.claimed_by.is_(None), s.claimed_by == worker_id, s.claimed_at < now - stale_after
            ),
        )
        .values(
            claimed_by=worker_id,
            claimed_at=now,
            failure_reason=GAVE_UP.format(attempts=max_attempts),
        )
        .returning(s.id)
    ).scalar()
    session.commit()
    return None if taken is None else get_share(session=session, share_id=share_id)


def mark_share_done(*, session: Session, share_id: int, article_id: int) -> None:
    """The share's article is stored as `article_id`; the share is finished. Commits.

    The shared URL is remembered as one of the article's URLs, so the next share of it is
    found by find_article even when it redirected elsewhere.
    """
    write_transaction(session)
    url, channel_type = session.execute(
        sa.select(SHARES.c.url, SHARES.c.channel_type).where(SHARES.c.id == share_id)
    ).one()
    if channel_type == visibility.PUBLIC_CHANNEL:
        visibility.mark_public(session, [article_id])
    session.execute(
        sa.update(SHARES)
        .where(SHARES.c.id == share_id)
        .values(
            status="done",
            failure_reason=None,
            article_id=article_id,
            claimed_by=None,
            claimed_at=None,
            done_at=utcnow(),
        )
    )
    _remember_urls(session, article_id, [(k, url) for k in url_keys(url)])
    session.commit()


def mark_share_failed(*, session: Session, share_id: int, reason: str) -> None:
    """The share cannot be analysed, for `reason` (one sentence for a person). Commits."""
    write_transaction(session)
    session.execute(
        sa.update(SHARES)
        .where(SHARES.c.id == share_id)
        .values(
            status="failed",
            failure_reason=without_nul(reason),
            claimed_by=None,
            claimed_at=None,
            done_at=utcnow(),
        )
    )
    session.commit()


def record_reply(
    *, session: Session, share_id: int, reply_ts: str | None = None, reacted: bool | None = None
) -> None:
    """Note what newsbot posted about a share: its reply's ts, and/or that it reacted. Commits."""
    values: dict[str, Any] = {}
    if reply_ts is not None:
        values["reply_ts"] = reply_ts
    if reacted is not None:
        values["reacted"] = reacted
    if not values:
        return
    write_transaction(session)
    session.execute(sa.update(SHARES).where(SHARES.c.id == share_id).values(values))
    session.commit()


def get_share(*, session: Session, share_id: int) -> ShareView | None:
    s = SHARES.c
    row = session.execute(
        sa.select(
            s.id,
            s.team,
            s.channel,
            s.message_ts,
            s.thread_ts,
            s.user_id,
            s.url,
            s.shared_at,
            s.status,
            s.failure_reason,
            s.article_id,
            s.reply_ts,
            s.reacted,
            s.attempts,
        ).where(s.id == share_id)
    ).one_or_none()
    return None if row is None else ShareView(*row)


def pending_share_ids(*, session: Session) -> list[int]:
    """Ids of every share still pending, oldest first (to resume work after a restart)."""
    return list(
        session.execute(
            sa.select(SHARES.c.id).where(SHARES.c.status == "pending").order_by(SHARES.c.id)
        ).scalars()
    )


def channel_replies_enabled(*, session: Session, channel: str) -> bool:
    """Whether newsbot replies in `channel` to shared links (on unless switched off)."""
    enabled = session.execute(
        sa.select(CHANNELS.c.replies).where(CHANNELS.c.channel == channel)
    ).scalar()
    return True if enabled is None else bool(enabled)


def set_channel_replies(*, session: Session, channel: str, enabled: bool) -> None:
    """Switch replies to shared links in `channel` on or off. Commits."""
    write_transaction(session)
    insert = _insert_ignoring_duplicates(session, CHANNELS, ["channel"])
    session.execute(insert.values(channel=channel, replies=enabled, updated_at=utcnow()))
    session.execute(
        sa.update(CHANNELS)
        .where(CHANNELS.c.channel == channel)
        .values(replies=enabled, updated_at=utcnow())
    )
    session.commit()


# --------------------------------------------------------------------------- reading the archive


def _actor_ids_for(session: Session, name: str) -> list[int]:
    """Actors whose name or alias folds to `name`'s key; failing that, persons of that surname."""
    key = name_key(name)
    if not key:
        return []
    for kinds in (("name", "alias"), ("surname",)):
        ids = (
            session.execute(
                sa.select(NAMES.c.actor_id)
                .distinct()
                .where(NAMES.c.key == key, NAMES.c.name_kind.in_(kinds))
            )
            .scalars()
            .all()
        )
        if ids:
            return sorted(ids)
    return []


def _profiles(session: Session, actor_ids: Sequence[int]) -> list[ActorProfile]:
    a = ACTORS.c
    rows = session.execute(
        sa.select(
            a.id,
            a.name,
            a.kind,
            a.aliases,
            a.roles,
            a.article_count,
            a.quote_count,
            a.first_seen_at,
            a.last_seen_at,
        )
        .where(a.id.in_(actor_ids))
        .order_by(a.article_count.desc(), a.id)
    ).all()
    return [
        ActorProfile(
            id=r.id,
            name=r.name,
            kind=r.kind,
            aliases=tuple(r.aliases),
            roles=tuple(r.roles),
            article_count=r.article_count,
            quote_count=r.quote_count,
            first_seen=r.first_seen_at,
            last_seen=r.last_seen_at,
        )
        for r in rows
    ]


def _prefix_range(prefix: str) -> tuple[str, str]:
    return prefix, prefix[:-1] + chr(ord(prefix[-1]) + 1)


SUGGESTION_CANDIDATES = 2000


def suggest_names(
    *, session: Session, name: str, limit: int = 5, viewer: Viewer | None = None
) -> tuple[str, ...]:
    """The known actor names closest to `name`, for "no such actor, did you mean ...".

    Candidates are names and aliases sharing a three-letter prefix with a word of `name`, or,
    when none of those is close, a two-letter prefix ("Trmp" finds "Trump"): index ranges, so
    this stays fast on a large archive. They are ranked by difflib similarity; the result is
    each matching actor's canonical name, best first. With a `viewer`, only actors of articles
    they may see are suggested.
    """
    key = name_key(name)
    if not key:
        return ()
    scored = _close_actors(session, key, prefix=3) or _close_actors(session, key, prefix=2)
    if not scored:
        return ()
    best = sorted(scored, key=lambda i: (-scored[i], i))[: limit * 3]
    best = _seen_actors(session, viewer, best)
    id_names = session.execute(sa.select(ACTORS.c.id, ACTORS.c.name).where(ACTORS.c.id.in_(best)))
    names: dict[int, str] = {actor_id: actor_name for actor_id, actor_name in id_names}
    ranked = sorted(best, key=lambda i: (-scored[i], names[i]))
    return tuple(dict.fromkeys(names[i] for i in ranked))[:limit]


def _close_actors(session: Session, key: str, *, prefix: int) -> dict[int, float]:
    """Actor ids whose names share `prefix` letters with a word of `key`, with their similarity
    (0.6 and over only)."""
    n = NAMES.c
    found: dict[str, set[int]] = defaultdict(set)
    for token in dict.fromkeys(key.split()):
        low, high = _prefix_range(token[:prefix])
        rows = session.execute(
            sa.select(n.key, n.actor_id)
            .where(n.key >= low, n.key < high)
            .limit(SUGGESTION_CANDIDATES)
        ).all()
        for cand_key, actor_id in rows:
            found[cand_key].add(actor_id)
    scored: dict[int, float] = {}
    for cand_key, actor_ids in found.items():
        score = max(
            difflib.SequenceMatcher(None, key, cand_key).ratio(),
            # "Trumpp" against the surname of "Donald Trump": compare word with word too
            *(difflib.SequenceMatcher(None, t, cand_key).ratio() for t in key.split()),
        )
        if score >= 0.6:
            for actor_id in actor_ids:
                scored[actor_id] = max(score, scored.get(actor_id, 0.0))
    return scored


def _window(
    column: sa.ColumnElement[Any], since: datetime | None, until: datetime | None
) -> list[sa.ColumnElement[bool]]:
    conditions: list[sa.ColumnElement[bool]] = []
    if since is not None:
        conditions.append(column >= since)
    if until is not None:
        conditions.append(column < until)
    return conditions


def _quote_select() -> sa.Select[Any]:
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
        )
        .join(ARTICLES, ac.id == qc.article_id)
        .outerjoin(ACTORS, ACTORS.c.id == qc.actor_id)
    )


def _quote_views(rows: Iterable[Any]) -> list[QuoteView]:
    return [QuoteView(**row._mapping) for row in rows]


def quotes_by_actor(
    *,
    session: Session,
    name: str,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int = 20,
    viewer: Viewer | None = None,
) -> ActorQuotes:
    """Quotes of the actor(s) `name` stands for (name or alias, any case or accents).

    Newest first, optionally within [since, until). An unknown name gives no quotes and the
    closest known names as `suggestions`. With a `viewer`, only what they may see counts
    (bot.store.visibility): an actor found only in articles hidden from them is unknown.
    """
    actor_ids = _seen_actors(session, viewer, _actor_ids_for(session, name))
    if not actor_ids:
        return ActorQuotes(name, (), (), suggest_names(session=session, name=name, viewer=viewer))
    refs = tuple(ActorRef(p.id, p.name, p.kind) for p in _profiles(session, actor_ids))
    views: list[QuoteView] = []
    # One indexed, already ordered scan per actor, merged here: an IN list would make the
    # database sort every quote of every matching actor.
    for actor_id in actor_ids:
        rows = session.execute(
            _quote_select()
            .where(
                QUOTES.c.actor_id == actor_id,
                *_window(QUOTES.c.seen_at, since, until),
                *visibility.visible(viewer, QUOTES.c.public, QUOTES.c.article_id),
            )
            .order_by(QUOTES.c.seen_at.desc(), QUOTES.c.id.desc())
            .limit(limit)
        ).all()
        views += _quote_views(rows)
    views.sort(key=lambda v: (v.seen_at, v.id), reverse=True)
    return ActorQuotes(name, refs, tuple(views[:limit]))


def actor_profile(*, session: Session, name: str, viewer: Viewer | None = None) -> ActorLookup:
    """Kind, roles, aliases, article and quote counts and last sighting of what `name` names.

    Several actors may answer to one name (two people called "Smith"): all are given, the
    most written-about first. An unknown name gives the closest known names instead. With a
    `viewer`, counts, sightings and roles come from the articles they may see only.
    """
    actor_ids = _seen_actors(session, viewer, _actor_ids_for(session, name))
    if not actor_ids:
        return ActorLookup(name, (), suggest_names(session=session, name=name, viewer=viewer))
    profiles = _profiles(session, actor_ids)
    if viewer is not None:
        profiles = _as_seen_by(session, viewer, profiles)
        profiles.sort(key=lambda p: (-p.article_count, p.id))
    return ActorLookup(name, tuple(profiles))


def _seen_actors(session: Session, viewer: Viewer | None, actor_ids: list[int]) -> list[int]:
    """The actors of `actor_ids` that appear in at least one article `viewer` may see."""
    if viewer is None or not actor_ids:
        return actor_ids
    links = ARTICLE_ACTORS.c
    appears = sa.exists().where(
        links.actor_id == ACTORS.c.id, *visibility.visible(viewer, links.public, links.article_id)
    )
    seen = set(
        session.execute(sa.select(ACTORS.c.id).where(ACTORS.c.id.in_(actor_ids), appears))
        .scalars()
        .all()
    )
    return [actor_id for actor_id in actor_ids if actor_id in seen]


def _hidden_counts(
    session: Session, viewer: Viewer, table: sa.Table, actor_ids: list[int]
) -> dict[int, int]:
    """Per actor, its rows of `table` (links or quotes) in articles hidden from `viewer`."""
    c = table.c
    return {
        actor_id: n
        for actor_id, n in session.execute(
            sa.select(c.actor_id, sa.func.count())
            .where(c.actor_id.in_(actor_ids), visibility.hidden(viewer, c.public, c.article_id))
            .group_by(c.actor_id)
        )
    }


def _as_seen_by(
    session: Session, viewer: Viewer, profiles: list[ActorProfile]
) -> list[ActorProfile]:
    """The profiles without what the articles hidden from `viewer` added to them.

    The actors' counters cover the whole archive; their hidden links and quotes are few index
    entries (public, actor_id, article_id), so they are counted, for all the actors at once,
    and taken off.
    """
    ids = [p.id for p in profiles]
    links = ARTICLE_ACTORS.c
    hidden_articles = _hidden_counts(session, viewer, ARTICLE_ACTORS, ids)
    hidden_quotes = _hidden_counts(session, viewer, QUOTES, ids)
    hidden_roles: dict[int, set[str]] = defaultdict(set)
    with_roles = [p.id for p in profiles if p.roles and p.id in hidden_articles]
    if with_roles:
        for actor_id, role in session.execute(
            sa.select(links.actor_id, links.role)
            .distinct()
            .where(
                links.actor_id.in_(with_roles),
                links.role.is_not(None),
                visibility.hidden(viewer, links.public, links.article_id),
            )
        ):
            hidden_roles[actor_id].add(name_key(role))
    return [
        _without_hidden(
            session,
            viewer,
            p,
            hidden_articles.get(p.id, 0),
            hidden_quotes.get(p.id, 0),
            hidden_roles[p.id],
        )
        for p in profiles
    ]


def _without_hidden(
    session: Session,
    viewer: Viewer,
    profile: ActorProfile,
    hidden_articles: int,
    hidden_quotes: int,
    hidden_roles: set[str],
) -> ActorProfile:
    if not hidden_articles and not hidden_quotes:
        return profile
    links = ARTICLE_ACTORS.c
    seen = [
        links.actor_id == profile.id,
        *visibility.visible(viewer, links.public, links.article_id),
    ]
    first = session.execute(
        sa.select(links.seen_at).where(*seen).order_by(links.seen_at).limit(1)
    ).scalar()
    last = session.execute(
        sa.select(links.seen_at).where(*seen).order_by(links.seen_at.desc()).limit(1)
    ).scalar()

    def shown(role: str) -> bool:
        # A role hidden articles gave is shown only if an article the viewer sees gives it too.
        if name_key(role) not in hidden_roles:
            return True
        given = sa.select(links.article_id).where(*seen, links.role == role).limit(1)
        return session.execute(given).first() is not None

    return replace(
        profile,
        roles=tuple(r for r in profile.roles if shown(r)),
        article_count=profile.article_count - hidden_articles,
        quote_count=profile.quote_count - hidden_quotes,
        first_seen=first,
        last_seen=last,
    )


def _counts(
    session: Session,
    table: sa.Table,
    since: datetime | None,
    until: datetime | None,
    limit: int,
) -> tuple[ActorCount, ...]:
    count = sa.func.count().label("n")
    ranked = (
        sa.select(table.c.actor_id, count)
        .where(table.c.actor_id.is_not(None), *_window(table.c.seen_at, since, until))
        .group_by(table.c.actor_id)
        .order_by(count.desc(), table.c.actor_id)
        .limit(limit)
        .subquery()
    )
    rows = session.execute(
        sa.select(ACTORS.c.id, ACTORS.c.name, ACTORS.c.kind, ranked.c.n)
        .join(ranked, ranked.c.actor_id == ACTORS.c.id)
        .order_by(ranked.c.n.desc(), ACTORS.c.id)
    ).all()
    return tuple(ActorCount(*row) for row in rows)


def _all_time_counts(
    session: Session, column: sa.Column[int], limit: int
) -> tuple[ActorCount, ...]:
    rows = session.execute(
        sa.select(ACTORS.c.id, ACTORS.c.name, ACTORS.c.kind, column)
        .where(column > 0)
        .order_by(column.desc(), ACTORS.c.id)
        .limit(limit)
    ).all()
    return tuple(ActorCount(*row) for row in rows)


def top_actors(
    *,
    session: Session,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int = 10,
    viewer: Viewer | None = None,
) -> TopActors:
    """The actors in most articles and with most quotes, within [since, until) or all time.

    With a `viewer`, counted over the articles they may see only.
    """
    all_time = since is None and until is None

    def ranking(table: sa.Table, counter: sa.Column[int]) -> tuple[ActorCount, ...]:
        def ranked(k: int) -> tuple[ActorCount, ...]:
            if all_time:
                # Kept as counters on the actor: ranking all time needs no scan of every link.
                return _all_time_counts(session, counter, k)
            return _counts(session, table, since, until, k)

        if viewer is None or not hidden:
            return ranked(limit)
        # SQLite gets the ids as a list: with a subquery it would rather walk the whole table
        # testing each row. PostgreSQL plans hundreds of bound values slowly and a subquery
        # well, and so does SQLite past a few thousand (all time, say).
        ids: Any = hidden
        if postgres or len(hidden) > MAX_LISTED_IDS:
            ids = visibility.hidden_articles(viewer, since=since, until=until).scalar_subquery()
        # Counted here, not by GROUP BY: grouping, SQLite walks the actor index instead.
        minus = Counter(
            session.execute(
                sa.select(table.c.actor_id).where(
                    table.c.article_id.in_(ids), table.c.actor_id.is_not(None)
                )
            ).scalars()
        )
        return _top_without(ranked, minus, limit)

    postgres = session.get_bind().dialect.name == "postgresql"
    hidden: list[int] = []
    if viewer is not None:
        found = session.execute(visibility.hidden_articles(viewer, since=since, until=until))
        hidden = list(found.scalars())

    return TopActors(
        since,
        until,
        ranking(ARTICLE_ACTORS, ACTORS.c.article_count),
        ranking(QUOTES, ACTORS.c.quote_count),
    )


MAX_LISTED_IDS = 5000


def _top_without(
    ranked: Callable[[int], tuple[ActorCount, ...]], minus: Mapping[int, int], limit: int
) -> tuple[ActorCount, ...]:
    """The top `limit` of a ranking by count once `minus` is taken off some actors' counts.

    `ranked(k)` is the top k over everything (count desc, id asc). An actor below the top k
    can have no more than the k-th count, so once the `limit`-th count afterwards is higher,
    the answer is known; and only the actors in `minus` can fall, so the top `limit + len(minus)`
    always holds it (any actor below has `limit` unaffected actors ranked above it).
    """
    if not minus:
        return ranked(limit)
    bound = limit + len(minus)
    k = min(limit * 3, bound)
    while True:
        before = ranked(k)
        after = [(c.count - minus.get(c.id, 0), c.id, c) for c in before]
        after.sort(key=lambda item: (-item[0], item[1]))
        top = [replace(c, count=n) for n, _, c in after[:limit] if n > 0]
        exhausted = len(before) < k or k >= bound
        if exhausted or (len(top) == limit and top[-1].count > before[-1].count):
            return tuple(top)
        k = min(k * 4, bound)


def search_quotes(
    *,
    session: Session,
    words: str,
    limit: int = 20,
    viewer: Viewer | None = None,
) -> tuple[QuoteView, ...]:
    """Quotes matching the search `words`, newest first: every word (in any form: "vote" finds
    "voting"), "exact phrases", `a OR b`, and none of `-word` / `NOT word` (bot.store.search).

    A query with nothing to look for (only common words, only exclusions) finds nothing;
    search.parse(words).problem says why. SQLite answers from the FTS5 index, PostgreSQL from
    the tsvector GIN index; both index the same terms, kept in step by the database itself.
    """
    query = search.parse(words)
    if query.problem:
        return ()
    seen = visibility.visible(viewer, QUOTES.c.public, QUOTES.c.article_id)
    if session.get_bind().dialect.name == "postgresql":
        match = sa.text("quote.text_tsv @@ to_tsquery('simple', :query)").bindparams(
            query=search.tsquery(query)
        )
        ids_query = (
            sa.select(QUOTES.c.id).where(match, *seen).order_by(QUOTES.c.id.desc()).limit(limit)
        )
    else:
        fts = search.fts5_match(query)
        index = sa.table("quote_fts", sa.column("rowid", sa.Integer))
        ids_query = sa.select(index.c.rowid).where(
            sa.text("quote_fts MATCH :fts").bindparams(fts=fts)
        )
        if seen:
            ids_query = ids_query.join(QUOTES, QUOTES.c.id == index.c.rowid).where(*seen)
        ids_query = ids_query.order_by(index.c.rowid.desc()).limit(limit)
    ids = session.execute(ids_query).scalars().all()
    if not ids:
        return ()
    rows = session.execute(_quote_select().where(QUOTES.c.id.in_(ids))).all()
    return tuple(sorted(_quote_views(rows), key=lambda v: v.id, reverse=True))


def channel_articles(
    *,
    session: Session,
    channel: str,
    since: datetime,
    until: datetime,
    actors_per_article: int = 5,
    quotes_per_article: int = 5,
) -> tuple[SharedArticle, ...]:
    """Articles shared in `channel` within [since, until), analysed, in order of first share.

    For the digest: each with who shared it, its most salient actors and its first quotes.
    """
    s = SHARES.c
    shares = session.execute(
        sa.select(s.article_id, s.user_id, s.shared_at)
        .where(
            s.channel == channel,
            s.shared_at >= since,
            s.shared_at < until,
            s.status == "done",
            s.article_id.is_not(None),
        )
        .order_by(s.shared_at, s.id)
    ).all()
    if not shares:
        return ()
    first_shared: dict[int, datetime] = {}
    sharers: dict[int, list[str]] = defaultdict(list)
    share_counts: dict[int, int] = defaultdict(int)
    for article_id, user, shared_at in shares:
        first_shared.setdefault(article_id, shared_at)
        share_counts[article_id] += 1
        if user and user not in sharers[article_id]:
            sharers[article_id].append(user)
    ids = list(first_shared)
    a = ARTICLES.c
    articles = {
        row.id: row
        for row in session.execute(
            sa.select(a.id, a.canonical_url, a.title, a.site, a.published_at).where(a.id.in_(ids))
        )
    }
    actors: dict[int, list[ArticleActorView]] = defaultdict(list)
    links = ARTICLE_ACTORS.c
    for row in session.execute(
        sa.select(
            links.article_id,
            links.actor_id,
            ACTORS.c.name,
            ACTORS.c.kind,
            links.role,
            links.mentions,
            links.salience,
        )
        .join(ACTORS, ACTORS.c.id == links.actor_id)
        .where(links.article_id.in_(ids))
        .order_by(links.article_id, links.salience.desc(), links.mentions.desc(), ACTORS.c.name)
    ):
        if len(actors[row.article_id]) < actors_per_article:
            actors[row.article_id].append(ArticleActorView(*row[1:]))
    quotes: dict[int, list[QuoteView]] = defaultdict(list)
    for view in _quote_views(
        session.execute(
            _quote_select()
            .where(QUOTES.c.article_id.in_(ids))
            .order_by(QUOTES.c.article_id, QUOTES.c.start, QUOTES.c.id)
        )
    ):
        if len(quotes[view.article_id]) < quotes_per_article:
            quotes[view.article_id].append(view)
    return tuple(
        SharedArticle(
            article_id=i,
            url=articles[i].canonical_url,
            title=articles[i].title,
            site=articles[i].site,
            published_at=articles[i].published_at,
            first_shared_at=first_shared[i],
            sharers=tuple(sharers[i]),
            share_count=share_counts[i],
            actors=tuple(actors[i]),
            quotes=tuple(quotes[i]),
        )
        for i in ids
        if i in articles
    )


def article_analysis(
    *, session: Session, article_id: int
) -> tuple[tuple[ArticleActorView, ...], tuple[QuoteView, ...]]:
    """One stored article's actors (most salient first) and quotes (in text order).

    For answering a link the archive already holds without fetching it again.
    """
    links = ARTICLE_ACTORS.c
    actors = session.execute(
        sa.select(
            links.actor_id, ACTORS.c.name, ACTORS.c.kind, links.role, links.mentions, links.salience
        )
        .join(ACTORS, ACTORS.c.id == links.actor_id)
        .where(links.article_id == article_id)
        .order_by(links.salience.desc(), links.mentions.desc(), ACTORS.c.name)
    )
    quotes = session.execute(
        _quote_select()
        .where(QUOTES.c.article_id == article_id)
        .order_by(QUOTES.c.start, QUOTES.c.id)
    )
    return tuple(ArticleActorView(*row) for row in actors), tuple(_quote_views(quotes))


# --------------------------------------------------------------------------- digests


@dataclass(frozen=True, slots=True)
class DigestSubscriptionView:
    channel: str
    time: str  # "HH:MM", local to `timezone`
    timezone: str  # IANA name, e.g. "Europe/Berlin"
    weekdays: tuple[int, ...]  # 0 = Monday
    notify_empty: bool
    created_by: str | None


_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


def set_digest_subscription(
    *,
    session: Session,
    channel: str,
    time: str,
    timezone: str,
    weekdays: Sequence[int] = (0, 1, 2, 3, 4),
    notify_empty: bool = False,
    created_by: str | None = None,
) -> None:
    """Subscribe `channel` to a digest at `time` (HH:MM in `timezone`), or change it. Commits."""
    if not _TIME.match(time):
        raise ValueError(f"digest time must be HH:MM (24-hour), not {time!r}")
    days = sorted(set(weekdays))
    if not days or any(d not in range(7) for d in days):
        raise ValueError(f"weekdays must be numbers 0 (Monday) to 6 (Sunday), not {weekdays!r}")
    write_transaction(session)
    now = utcnow()
    values = {
        "time": time,
        "timezone": timezone,
        "weekdays": days,
        "notify_empty": notify_empty,
        "updated_at": now,
    }
    insert = _insert_ignoring_duplicates(session, SUBSCRIPTIONS, ["channel"])
    session.execute(insert.values(channel=channel, created_by=created_by, created_at=now, **values))
    session.execute(
        sa.update(SUBSCRIPTIONS).where(SUBSCRIPTIONS.c.channel == channel).values(values)
    )
    session.commit()


def remove_digest_subscription(*, session: Session, channel: str) -> bool:
    """Stop `channel`'s digest; False when it had none. Commits."""
    write_transaction(session)
    removed = session.execute(
        sa.select(sa.func.count()).where(SUBSCRIPTIONS.c.channel == channel)
    ).scalar_one()
    session.execute(sa.delete(SUBSCRIPTIONS).where(SUBSCRIPTIONS.c.channel == channel))
    session.commit()
    return bool(removed)


def list_digest_subscriptions(
    *, session: Session, channel: str | None = None
) -> tuple[DigestSubscriptionView, ...]:
    """Every digest subscription (or `channel`'s), by channel."""
    c = SUBSCRIPTIONS.c
    query = sa.select(c.channel, c.time, c.timezone, c.weekdays, c.notify_empty, c.created_by)
    if channel is not None:
        query = query.where(c.channel == channel)
    return tuple(
        DigestSubscriptionView(r.channel, r.time, r.timezone, tuple(r.weekdays), *r[4:])
        for r in session.execute(query.order_by(c.channel))
    )

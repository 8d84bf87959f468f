"""Articles into the archive (an analysis stored, a failure noted) and back out by any of their
URLs."""

from __future__ import annotations

import hashlib
import logging
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from bot import ANALYZER_VERSION
from bot.article import Article as PageArticle
from bot.lede import OPENING_CHARS
from bot.nlp.actor_kinds import looks_like_name
from bot.nlp.records import Actor as ActorRecord
from bot.nlp.records import Analysis
from bot.pagekind import ARTICLE
from bot.store import search
from bot.store.db import Rows, write_transaction
from bot.store.linking import link_actors
from bot.store.models import key_hash, utcnow
from bot.store.queries.counts import ActorDelta, WeekDeltas, apply_counts
from bot.store.queries.records import (
    ArticleActorView,
    QuoteView,
    StoredArticle,
    quote_select,
    quote_views,
)
from bot.store.queries.tables import (
    ACTORS,
    ARTICLE_ACTORS,
    ARTICLE_URLS,
    ARTICLES,
    QUOTES,
    insert_ignoring_duplicates,
)
from bot.store.quote_keys import keys_of_words
from bot.store.sanitize import clean_analysed, without_nul
from bot.urls import NotAWebAddress, article_key, canonical_url, keyed_urls, url_keys

logger = logging.getLogger(__name__)


# Any constant; PostgreSQL writers of analyses queue on it so that two articles naming one new
# actor at the same moment cannot create it twice (SQLite's single writer does this already).
ARCHIVE_WRITE_LOCK = 0x71756F74  # "quot"


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


def remember_urls(session: Session, article_id: int, urls: Iterable[tuple[str, str]]) -> None:
    """Record URL keys the article is known by; keys already taken stay with their article."""
    rows = _url_rows(article_id, urls, utcnow())
    if rows:
        session.execute(insert_ignoring_duplicates(session, ARTICLE_URLS, ["url_hash"]), rows)


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
        a
        if all(len(x) <= MAX_NAME_CHARS for x in a.aliases)
        else replace(a, aliases=tuple(x for x in a.aliases if len(x) <= MAX_NAME_CHARS))
        for a in analysis.actors
        if len(a.name) <= MAX_NAME_CHARS
    ]
    named = {a.name for a in analysis.actors}
    for quote in analysis.quotes:
        if (
            quote.speaker
            and quote.speaker not in named
            and len(quote.speaker) <= MAX_NAME_CHARS
            # "company", "the statement": the quote keeps them as written, unlinked.
            and looks_like_name(quote.speaker)
        ):
            named.add(quote.speaker)
            kind = quote.speaker_kind or "person"
            actors.append(ActorRecord(quote.speaker, kind, (), None, 0, 0.0))
    return actors


def _drop_analysis(session: Session, article_id: int, weeks: WeekDeltas) -> None:
    """Remove an article's actor links and quotes, taking them off the actors' counters, and
    off the weekly counts by way of `weeks` (applied with the rows that replace them)."""
    linked = session.execute(
        sa.select(ARTICLE_ACTORS.c.actor_id, ARTICLE_ACTORS.c.seen_at).where(
            ARTICLE_ACTORS.c.article_id == article_id
        )
    ).all()
    quoted = session.execute(
        sa.select(QUOTES.c.actor_id, QUOTES.c.seen_at, sa.func.count())
        .where(QUOTES.c.article_id == article_id, QUOTES.c.actor_id.is_not(None))
        .group_by(QUOTES.c.actor_id, QUOTES.c.seen_at)
    ).all()
    deltas: dict[int, ActorDelta] = defaultdict(ActorDelta)
    for actor_id, seen_at in linked:
        deltas[actor_id].articles -= 1
        weeks.add(actor_id, seen_at, articles=-1)
    for actor_id, seen_at, n in quoted:
        deltas[actor_id].quotes -= n
        weeks.add(actor_id, seen_at, quotes=-n)
    session.execute(sa.delete(QUOTES).where(QUOTES.c.article_id == article_id))
    session.execute(sa.delete(ARTICLE_ACTORS).where(ARTICLE_ACTORS.c.article_id == article_id))
    apply_counts(session, deltas)


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
    if article.page_kind != ARTICLE:
        # A recipe or a shop page keeps its place in the archive, with its reason, but its
        # "actors" and "quotes" would count in rankings and digests meant for the news.
        analysis = Analysis(actors=(), quotes=())
    canonical, key, urls = _article_identity(article)
    published = _parse_published(article.published)
    # Windows and "newest first" go by when the newsroom first saw the article, not by the date
    # the page gives (which is kept as published_at): an old story shared today is today's.
    seen_at = fetched
    fields: dict[str, Any] = {
        "title": article.title,
        "site": article.site,
        "authors": list(article.authors),
        "published_at": published,
        "fetched_at": fetched,
        "seen_at": seen_at,
        "language": article.language,
        "page_kind": article.page_kind,
        "not_article_reason": article.not_article_reason,
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
    weeks = WeekDeltas()
    hashes = {k: key_hash(k) for p in group for k, _ in p.urls}
    found: dict[str, int] = dict(
        session.execute(_FIND_ARTICLES, {"hashes": sorted(hashes.values())}).tuples().all()
    )
    for p in group:
        known = [found[hashes[k]] for k, _ in p.urls if hashes[k] in found]
        p.article_id = min(known) if known else None
    stored = [p for p in group if p.article_id is not None]
    if stored:
        known_rows = session.execute(
            sa.select(ARTICLES.c.id, ARTICLES.c.public, ARTICLES.c.seen_at).where(
                ARTICLES.c.id.in_([p.article_id for p in stored])
            )
        ).all()
        already = {row.id: row for row in known_rows}
        for p in stored:
            p.public = p.public or bool(already[p.article_id].public)
            # Analysed again, it keeps the time the newsroom first saw it.
            earlier = already[p.article_id].seen_at
            if earlier is not None and earlier < p.seen_at:
                p.seen_at = p.fields["seen_at"] = earlier
        session.execute(
            _UPDATE_ARTICLE,
            [{"article_id": p.article_id, "public": p.public, **p.fields} for p in stored],
        )
        for p in stored:
            _drop_analysis(session, p.article_id, weeks)  # type: ignore[arg-type]
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
    deltas: dict[int, ActorDelta] = defaultdict(ActorDelta)
    for p in group:
        links, by_name = _article_links(p, [next(actor_ids) for _ in p.records])
        quotes = _quote_rows(p, by_name)
        for actor_id in links:
            deltas[actor_id].articles += 1
            deltas[actor_id].seen(p.seen_at)
            weeks.add(actor_id, p.seen_at, articles=1)
        for row in quotes:
            if row["actor_id"] is not None:
                deltas[row["actor_id"]].quotes += 1
                weeks.add(row["actor_id"], p.seen_at, quotes=1)
        link_rows += links.values()
        quote_rows += quotes
    apply_counts(
        session,
        deltas,
        weeks,
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
    rows = []
    for q in p.analysis.quotes:
        found = search.words(q.text)  # once for the search terms and the keys
        keys = keys_of_words(found)
        rows.append(
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
                "terms": search.terms_of(found),
                "words_key": keys.words_key,
                "head_key": keys.head_key,
                "tail_key": keys.tail_key,
            }
        )
    return rows


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
        remember_urls(session, article_id, [(key, canonical)])
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
            a.page_kind,
            a.not_article_reason,
            sa.func.substr(a.text, 1, OPENING_CHARS).label("opening"),
        ).where(a.id == article_id)
    ).one_or_none()
    if row is None:
        return None
    authors = session.execute(sa.select(a.authors).where(a.id == article_id)).scalar_one()
    actor_count = session.execute(
        sa.select(sa.func.count()).where(ARTICLE_ACTORS.c.article_id == article_id)
    ).scalar_one()
    quote_count = session.execute(
        sa.select(sa.func.count()).where(QUOTES.c.article_id == article_id)
    ).scalar_one()
    return StoredArticle(
        **row._mapping,
        actor_count=actor_count,
        quote_count=quote_count,
        authors=tuple(authors or ()),
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
        quote_select()
        .where(QUOTES.c.article_id == article_id)
        .order_by(QUOTES.c.start, QUOTES.c.id)
    )
    return tuple(ArticleActorView(*row) for row in actors), tuple(quote_views(quotes))

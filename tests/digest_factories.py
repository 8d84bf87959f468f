"""Builders of the store's SharedArticle rows for digest tests (no database, no spaCy)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.digest import FIRST_WINDOW, Digest, build_digest
from bot.store.queries import ArticleActorView, QuoteView, SharedArticle

BASE = datetime(2024, 3, 30, 8, 0, tzinfo=UTC)
# 2024-03-31 07:00 UTC = 08:00 in London: British Summer Time began that morning.
END = BASE + timedelta(hours=23)

ActorSpec = tuple[str, str, str | None, float]  # name, kind, role, salience
QuoteSpec = tuple[str, str, str | None]  # text, kind, speaker
_ACTOR_IDS: dict[str, int] = {}


def actor_id(name: str) -> int:
    """One id per name across all articles, as the archive's actor linking gives."""
    return _ACTOR_IDS.setdefault(name, len(_ACTOR_IDS) + 1)


def shared_article(
    article_id: int,
    *,
    title: str | None = None,
    sharers: tuple[str, ...] = ("UREPORTER1",),
    actors: list[ActorSpec] | None = None,
    quotes: list[QuoteSpec] | None = None,
    shared_at: datetime | None = None,
    site: str | None = "Example News",
) -> SharedArticle:
    url = f"https://news.example.com/story/{article_id}"
    when = shared_at or BASE + timedelta(minutes=article_id)
    actor_views = tuple(
        ArticleActorView(
            actor_id=actor_id(name),
            name=name,
            kind=kind,
            role=role,
            mentions=3,
            salience=salience,
        )
        for name, kind, role, salience in actors or []
    )
    kinds = {name: kind for name, kind, _, _ in actors or []}
    quote_views: list[QuoteView] = []
    start = 0
    for n, (text, kind, speaker) in enumerate(quotes or []):
        quote_views.append(
            QuoteView(
                id=article_id * 100 + n,
                text=text,
                kind=kind,
                cue="said",
                speaker=speaker,
                speaker_text=speaker,
                speaker_kind=kinds.get(speaker, "person") if speaker else None,
                actor_id=actor_id(speaker) if speaker else None,
                article_id=article_id,
                article_title=title,
                article_url=url,
                site=site,
                seen_at=when,
                start=start,
                end=start + len(text),
            )
        )
        start += len(text) + 50
    return SharedArticle(
        article_id=article_id,
        url=url,
        title=title if title is not None else f"Story {article_id}",
        site=site,
        published_at=when,
        first_shared_at=when,
        sharers=sharers,
        share_count=len(sharers),
        actors=actor_views,
        quotes=tuple(quote_views),
    )


def digest_of(*articles: SharedArticle, tz: str = "Europe/London") -> Digest:
    """The digest of `articles` for the 24 hours to END in `tz`."""
    return build_digest(
        channel="CNEWS00001",
        period_start=END - FIRST_WINDOW,
        period_end=END,
        timezone=tz,
        articles=list(articles),
    )

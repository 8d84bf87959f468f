"""Small builders of Articles and Analyses for archive tests (no spaCy needed)."""

from __future__ import annotations

from bot.article import Article
from bot.nlp.records import Actor, ActorKind, Analysis, Quote, QuoteKind


def article(
    url: str = "https://news.example.com/2024/05/story",
    *,
    text: str = "Body text of the story.",
    title: str | None = "A story",
    published: str | None = "2024-05-01",
    site: str | None = "Example News",
) -> Article:
    return Article(
        url=url,
        canonical_url=url,
        title=title,
        site=site,
        authors=("A. Writer",),
        published=published,
        language="en",
        text=text,
    )


def actor(
    name: str,
    kind: ActorKind = "person",
    *,
    aliases: tuple[str, ...] = (),
    role: str | None = None,
    mentions: int = 1,
    salience: float = 0.5,
) -> Actor:
    return Actor(name, kind, aliases, role, mentions, salience)


def quote(
    text: str,
    speaker: str | None,
    *,
    kind: QuoteKind = "direct",
    start: int = 0,
    cue: str | None = "said",
    speaker_text: str | None = None,
) -> Quote:
    return Quote(
        text=text,
        start=start,
        end=start + len(text),
        kind=kind,
        speaker=speaker,
        speaker_kind="person" if speaker else None,
        cue=cue,
        speaker_text=speaker_text or speaker,
    )


def analysis(actors: list[Actor], quotes: list[Quote] | None = None) -> Analysis:
    return Analysis(actors=tuple(actors), quotes=tuple(quotes or ()))

"""Small builders of Articles and Analyses for archive tests (no spaCy needed)."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from bot.article import Article
from bot.nlp.records import Actor, ActorKind, Analysis, Quote, QuoteKind
from bot.store import queries
from bot.store.visibility import Viewer

# The two channels of the visibility tests (store, timelines, follow alerts) and the two people
# asking: an outsider asks in the public channel and is in no private one; a member is in both.
PUBLIC, PRIVATE = "CPUBLIC001", "GPRIVATE01"
OUTSIDER = Viewer.of([PUBLIC])
MEMBER = Viewer.of([PUBLIC, PRIVATE])


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


def shared_article(
    session: Session,
    *,
    n: int,
    channel: str,
    private: bool,
    page: Article,
    fetched_at: datetime,
    read: Analysis,
) -> int:
    """Store `page` as a worker does after someone shared it in `channel` (message `n`):
    the share is recorded, the analysis stored and the share marked done. The article's id."""
    share_id, _ = queries.record_share(
        session=session, team=None, channel=channel, message_ts=f"{n}.0", thread_ts=None,
        user="U1", url=page.url, channel_type="group" if private else "channel",
    )  # fmt: skip
    article_id = queries.store_analysis(
        session=session, article=page, fetched_at=fetched_at, analysis=read
    )
    queries.mark_share_done(session=session, share_id=share_id, article_id=article_id)
    return article_id

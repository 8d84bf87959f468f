"""The share job: claim a pending share, bring its URL into the archive (fetch, analyse, store,
or read what the archive already holds), and close the share as done or failed.

bot.worker runs it off the Slack request path; handlers.links answers Slack in between.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, cast
from urllib.parse import urlsplit

from bot.lede import lede
from bot.nlp.deadline import AnalysisTimeout
from bot.nlp.records import Actor, ActorKind, Analysis, Quote, QuoteKind
from bot.pagekind import ARTICLE
from bot.pipeline import analyze_source
from bot.process import PROCESS_ID
from bot.store import queries as q

if TYPE_CHECKING:
    from sqlmodel import Session

    from bot.services import Services

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class UrlResult:
    """A URL brought into the archive: its article and analysis, or why there are none."""

    url: str
    title: str | None = None
    site: str | None = None
    article_id: int | None = None
    analysis: Analysis | None = None
    error: str | None = None
    page_kind: str = ARTICLE  # or what the page is instead, and why (bot.pagekind)
    not_article_reason: str | None = None
    published: datetime | None = None
    authors: tuple[str, ...] = ()
    lede: str | None = None  # the first sentence (bot.lede)

    @property
    def ok(self) -> bool:
        return self.error is None and self.analysis is not None

    @property
    def is_article(self) -> bool:
        """Read, and a news article: what gets an article's answer."""
        return self.ok and self.page_kind == ARTICLE


@dataclass(frozen=True, slots=True)
class ShareOutcome:
    """A claimed share after the work, with what newsbot already posted about it."""

    share: q.ShareView
    result: UrlResult


def stored_analysis(
    actors: Sequence[q.ArticleActorView], quotes: Sequence[q.QuoteView]
) -> Analysis:
    """The archive's view of an article as the analysis records the reply is built from."""
    kinds = {a.name: a.kind for a in actors}
    return Analysis(
        actors=tuple(
            Actor(
                name=a.name,
                kind=cast(ActorKind, a.kind),
                aliases=(),
                role=a.role,
                mentions=a.mentions,
                salience=a.salience,
            )
            for a in actors
        ),
        quotes=tuple(
            Quote(
                text=v.text,
                start=v.start,
                end=v.end,
                kind=cast(QuoteKind, v.kind),
                speaker=v.speaker,
                speaker_kind=cast(ActorKind | None, v.speaker_kind or kinds.get(v.speaker or "")),
                cue=v.cue,
                speaker_text=v.speaker_text,
            )
            for v in quotes
        ),
    )


def analyse_url(url: str, services: Services) -> UrlResult:
    """The archive's answer for `url`, fetching and analysing (and storing) only when needed.

    A URL the archive already holds, analysed by this analyzer version, is not fetched again.
    """
    with services.sessions() as session:
        stored = q.find_article(session=session, url=url)
        if stored is not None and stored.is_current():
            return archived_result(session, stored)
    try:
        result = analyze_source(url, analyzer=services.analyzer, fetcher=services.fetcher)
    except AnalysisTimeout as exc:
        # A partial analysis would be stored for good as if complete: the share fails instead.
        logger.warning("stopped analysing a page from %s: %s", urlsplit(url).hostname, exc)
        return UrlResult(url=url, error=str(exc))
    if result.article is None or result.analysis is None:
        return UrlResult(url=url, error=result.error or "the page has no article text")
    with services.sessions() as session:
        article_id = q.store_analysis(
            session=session,
            article=result.article,
            analysis=result.analysis,
            fetched_at=services.clock(),
        )
    # Answered from what was stored, as the next share of the link will be: the same answer.
    with services.sessions() as session:
        stored = q.get_article(session=session, article_id=article_id)
        assert stored is not None
        return archived_result(session, stored)


def archived_result(session: Session, stored: q.StoredArticle) -> UrlResult:
    """The answer for a link from what the archive holds of its article."""
    actors, quotes = q.article_analysis(session=session, article_id=stored.id)
    return UrlResult(
        url=stored.canonical_url,
        title=stored.title,
        site=stored.site,
        article_id=stored.id,
        analysis=stored_analysis(actors, quotes),
        page_kind=stored.page_kind,
        not_article_reason=stored.not_article_reason,
        published=stored.published_at,
        authors=stored.authors,
        lede=lede(stored.opening),
    )


def analyse_share(share_id: int, services: Services) -> ShareOutcome | None:
    """Claim the share and bring its URL into the archive; None if it is not ours to do.

    The share stays claimed: `finish_share` closes it once Slack has been answered.
    """
    with services.sessions() as session:
        claimed = q.claim_share(session=session, share_id=share_id, worker_id=PROCESS_ID)
        if claimed is None:
            return None
        share = q.get_share(session=session, share_id=share_id)
    assert share is not None
    return ShareOutcome(share=share, result=analyse_url(claimed.url, services))


def finish_share(outcome: ShareOutcome, services: Services) -> None:
    """Close the share: done with its article, or failed with the one-sentence reason."""
    share_id, result = outcome.share.id, outcome.result
    with services.sessions() as session:
        if result.article_id is not None:
            q.mark_share_done(session=session, share_id=share_id, article_id=result.article_id)
        else:
            q.mark_share_failed(session=session, share_id=share_id, reason=result.error or "")

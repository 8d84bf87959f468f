"""A bounded pool of threads that works through pending shares, off the Slack request path.

Slack must be answered within 3 seconds, so a listener only records a share and submits its id;
claiming, fetching, analysing and storing happen here, at most `size` at a time. The Slack
answer is part of the job handed in by the app, so this module knows nothing of Slack.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast
from urllib.parse import urlsplit

from bot.nlp.deadline import AnalysisTimeout
from bot.nlp.records import Actor, ActorKind, Analysis, Quote, QuoteKind
from bot.pagekind import ARTICLE
from bot.process import PROCESS_ID
from bot.store import queries as q

if TYPE_CHECKING:
    from bot.services import Services

logger = logging.getLogger(__name__)

Job = Callable[[int], None]
Sweep = Callable[[], Iterable[int]]
# Pending shares are looked for this often, so a share whose worker died (its claim expires) or
# that was recorded by another process is still worked on without a restart.
SWEEP_EVERY_S = 60.0


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
                speaker_kind=cast(ActorKind | None, kinds.get(v.speaker or "")),
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
    from bot.pipeline import analyze_source

    with services.sessions() as session:
        stored = q.find_article(session=session, url=url)
        if stored is not None and stored.is_current():
            actors, quotes = q.article_analysis(session=session, article_id=stored.id)
            return UrlResult(
                url=stored.canonical_url,
                title=stored.title,
                site=stored.site,
                article_id=stored.id,
                analysis=stored_analysis(actors, quotes),
                page_kind=stored.page_kind,
                not_article_reason=stored.not_article_reason,
            )
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
    return UrlResult(
        url=result.article.canonical_url or url,
        title=result.article.title,
        site=result.article.site,
        article_id=article_id,
        analysis=result.analysis,
        page_kind=result.article.page_kind,
        not_article_reason=result.article.not_article_reason,
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


class WorkerPool:
    """`size` daemon threads running `job(share_id)` for every submitted id, in order."""

    def __init__(self, size: int, *, name: str = "newsbot-worker") -> None:
        if size < 1:
            raise ValueError("a worker pool needs at least one thread")
        self.size = size
        self.name = name
        self._queue: queue.Queue[int | None] = queue.Queue()
        self._threads: list[threading.Thread] = []
        self._job: Job | None = None
        self._lock = threading.Lock()
        self._known: set[int] = set()  # queued or running, so a sweep does not queue them twice
        self._stopping = threading.Event()
        self._sweeper: threading.Thread | None = None

    @property
    def running(self) -> bool:
        return bool(self._threads)

    def start(self, job: Job, *, sweep: Sweep | None = None, every: float = SWEEP_EVERY_S) -> None:
        """Start the threads; with `sweep`, submit what it finds now and then every `every` s."""
        with self._lock:
            if self._threads:
                raise RuntimeError("worker pool already started")
            self._job = job
            self._stopping.clear()
            for i in range(self.size):
                t = threading.Thread(target=self._run, name=f"{self.name}-{i}", daemon=True)
                t.start()
                self._threads.append(t)
            if sweep is not None:
                t = threading.Thread(
                    target=self._sweep, args=(sweep, every), name=f"{self.name}-sweep", daemon=True
                )
                t.start()
                self._sweeper = t

    def submit(self, share_id: int) -> None:
        """Queue the id unless it is already queued or running here."""
        with self._lock:
            if share_id in self._known:
                return
            self._known.add(share_id)
        self._queue.put(share_id)

    def submit_all(self, share_ids: Iterable[int]) -> None:
        for share_id in share_ids:
            self.submit(share_id)

    def join(self) -> None:
        """Block until every id submitted so far has been processed."""
        self._queue.join()

    def stop(self, timeout: float = 30.0) -> None:
        """Let running jobs finish, then end the threads; queued ids stay pending in the store."""
        self._stopping.set()
        with self._lock:
            threads, self._threads = self._threads, []
        # Drop what has not started: those shares are still pending and resume at the next start.
        try:
            while True:
                dropped = self._queue.get_nowait()
                with self._lock:
                    self._known.discard(dropped)
                self._queue.task_done()
        except queue.Empty:
            pass
        for _ in threads:
            self._queue.put(None)
        for t in threads:
            t.join(timeout)
        if self._sweeper is not None:
            self._sweeper.join(timeout)
            self._sweeper = None

    def _sweep(self, sweep: Sweep, every: float) -> None:
        while not self._stopping.is_set():
            try:
                for share_id in sweep():
                    self.submit(share_id)
            except Exception:
                logger.exception("looking for pending shares failed")
            self._stopping.wait(every)

    def _run(self) -> None:
        job = self._job
        assert job is not None
        while True:
            share_id = self._queue.get()
            try:
                if share_id is None:
                    return
                job(share_id)
            except Exception:
                # One bad share must not take a worker thread with it.
                logger.exception("share %s failed in the worker", share_id)
            finally:
                with self._lock:
                    self._known.discard(share_id)
                self._queue.task_done()

"""From a source (a URL or a file) to an Article and its Analysis: the path every link takes."""

from __future__ import annotations

import gzip
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from itertools import islice
from pathlib import Path
from typing import Any

from bot.article import Article, ArticleError, article_from_text, extract_article
from bot.fetch import Fetcher, FetchError
from bot.language import ENGLISH
from bot.nlp.analyze import Analyzer
from bot.nlp.outlets import publisher_last
from bot.nlp.records import Analysis
from bot.pagekind import ARTICLE
from bot.urls import redact_url

logger = logging.getLogger(__name__)

HTML_SUFFIXES = (".html", ".htm", ".html.gz", ".htm.gz")
TEXT_SUFFIXES = (".txt", ".txt.gz")
FILE_SUFFIXES = HTML_SUFFIXES + TEXT_SUFFIXES


class SourceError(Exception):
    """A source that cannot be read; str() is one sentence for the person who asked."""


@dataclass(frozen=True, slots=True)
class SourceResult:
    """What became of one source: an article and its analysis, or the reason there is none."""

    source: str
    article: Article | None = None
    analysis: Analysis | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    def to_json(self, *, explain: bool = False) -> dict[str, Any]:
        """The object of DESIGN.md's `newsbot analyze` interface, its URLs redacted for showing;
        with `explain`, each quote says which rules made it and each actor which rule chose its
        kind (an `explain` key)."""
        a, an = self.article, self.analysis
        return {
            "source": redact_url(self.source),
            "url": redact_url(a.canonical_url or a.url) if a else None,
            "title": a.title if a else None,
            "site": a.site if a else None,
            "authors": list(a.authors) if a else [],
            "published": a.published if a else None,
            "language": a.language if a else None,
            "page_kind": a.page_kind if a else None,
            "not_article_reason": a.not_article_reason if a else None,
            "text": a.text if a else None,
            "actors": [x.to_json(explain=explain) for x in an.actors] if an else [],
            "quotes": [q.to_json(explain=explain) for q in an.quotes] if an else [],
            "error": self.error,
        }


NOTHING_ANALYSED = Analysis(actors=(), quotes=())


def is_read_in_english(article: Article) -> bool:
    """Whether the English pipeline may read the article: its language is English or unknown.

    Read in another language, its function words would become "actors" and its punctuation
    "quotes"; such an article gets an empty analysis, and its page_kind says why.
    """
    return article.language in (None, ENGLISH)


def is_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


def load_source(source: str, fetcher: Fetcher | None) -> Article:
    """Read one source into an Article.

    Raises FetchError, ArticleError or SourceError, each with a one-line message.
    """
    if is_url(source):
        if fetcher is None:
            raise SourceError("fetching web pages is not enabled here")
        page = fetcher.fetch(source)
        if page.content_type == "text/plain":
            article = article_from_text(page.text, source=page.final_url)
        else:
            article = extract_article(page.text, url=page.final_url)
        # The link that redirected here finds the article again without a fetch.
        return replace(article, requested_url=page.url)
    path = Path(source)
    name = path.name.lower()
    if not path.is_file():
        if name.endswith(FILE_SUFFIXES):
            raise SourceError(f"{source}: no such file")
        raise SourceError(f"{source}: no such file, and not an http(s) URL")
    try:
        raw = gzip.decompress(path.read_bytes()) if name.endswith(".gz") else path.read_bytes()
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        raise SourceError(f"{source}: cannot be read ({exc})") from exc
    text = raw.decode("utf-8", errors="replace")
    if name.endswith(HTML_SUFFIXES):
        return extract_article(text, source=str(path))
    if name.endswith(TEXT_SUFFIXES):
        return article_from_text(text, source=str(path))
    raise SourceError(f"{source}: expected an http(s) URL, an .html/.htm(.gz) or a .txt file")


def _load(source: str, fetcher: Fetcher | None) -> SourceResult:
    try:
        return SourceResult(source=source, article=load_source(source, fetcher))
    except (FetchError, ArticleError, SourceError) as exc:
        logger.info("source %s not analysed: %s", redact_url(source), exc)
        return SourceResult(source=source, error=str(exc))


def analyze_sources(
    sources: Iterable[str],
    *,
    analyzer: Analyzer,
    fetcher: Fetcher | None,
    chunk_size: int = 64,
) -> Iterator[SourceResult]:
    """Results in input order; the texts of each chunk go through nlp.pipe together.

    One failing source yields its error and the others go on.
    """
    it = iter(sources)
    while chunk := list(islice(it, chunk_size)):
        loaded = [_load(s, fetcher) for s in chunk]
        ready = [r.article for r in loaded if r.article and is_read_in_english(r.article)]
        analyses = iter(analyzer.analyze_many(article.text for article in ready))
        for r in loaded:
            if r.article is None:
                yield r
            else:
                analysis = (
                    publisher_last(next(analyses), r.article.site)
                    if is_read_in_english(r.article)
                    else NOTHING_ANALYSED
                )
                yield SourceResult(source=r.source, article=r.article, analysis=analysis)


def analyze_source(source: str, *, analyzer: Analyzer, fetcher: Fetcher | None) -> SourceResult:
    """One source, for the Slack worker and `/newsbot article`."""
    loaded = _load(source, fetcher)
    if loaded.article is None:
        return loaded
    article = loaded.article
    # A page that is no news article is not analysed: the archive keeps none of it (bot.store).
    wanted = is_read_in_english(article) and article.page_kind == ARTICLE
    analysis = (
        publisher_last(analyzer.analyze(article.text), article.site) if wanted else NOTHING_ANALYSED
    )
    return SourceResult(source=source, article=article, analysis=analysis)

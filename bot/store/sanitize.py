"""Text both databases accept: no NUL (U+0000), which PostgreSQL's text type cannot hold.

A page served as text/plain, a title or a URL may carry NULs; they mean nothing to a reader, so
they are dropped before anything is written, the same way on SQLite and PostgreSQL.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import replace
from typing import TypeVar

from bot.article import Article
from bot.nlp.records import Actor, Analysis, Quote

NUL = "\x00"
_Optional = TypeVar("_Optional", str, str | None)


def without_nul(text: _Optional) -> _Optional:
    """`text` with every NUL removed (None stays None)."""
    return text.replace(NUL, "") if text and NUL in text else text


def _has_nul(article: Article, analysis: Analysis) -> bool:
    texts = [
        article.url, article.canonical_url, article.title, article.site, article.language,
        article.text, *article.authors,
        *(t for a in analysis.actors for t in (a.name, a.role, *a.aliases)),
        *(t for q in analysis.quotes for t in (q.text, q.speaker, q.cue, q.speaker_text)),
    ]  # fmt: skip
    return any(t and NUL in t for t in texts)


def clean_analysed(article: Article, analysis: Analysis) -> tuple[Article, Analysis]:
    """The article and its analysis without NULs; offsets into the text moved to match."""
    if not _has_nul(article, analysis):
        return article, analysis
    removed = [i for i, c in enumerate(article.text) if c == NUL]

    def moved(offset: int) -> int:
        return offset - bisect_left(removed, offset)

    def actor(a: Actor) -> Actor:
        return replace(
            a,
            name=without_nul(a.name),
            role=without_nul(a.role),
            aliases=tuple(without_nul(x) for x in a.aliases),
            spans=tuple((moved(s), moved(e)) for s, e in a.spans),
        )

    def quote(q: Quote) -> Quote:
        return replace(
            q,
            text=without_nul(q.text),
            start=moved(q.start),
            end=moved(q.end),
            speaker=without_nul(q.speaker),
            cue=without_nul(q.cue),
            speaker_text=without_nul(q.speaker_text),
        )

    clean = replace(
        article,
        url=without_nul(article.url),
        canonical_url=without_nul(article.canonical_url),
        title=without_nul(article.title),
        site=without_nul(article.site),
        authors=tuple(without_nul(a) for a in article.authors),
        language=without_nul(article.language),
        text=without_nul(article.text),
    )
    return clean, replace(
        analysis,
        actors=tuple(actor(a) for a in analysis.actors),
        quotes=tuple(quote(q) for q in analysis.quotes),
    )

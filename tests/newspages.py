"""The shared news pages (../shared/corpus/article-html) as newsbot reads them, for the tests
that check every page; a test using them skips with a reason when ../shared is absent."""

from __future__ import annotations

import gzip
import json

from bot.article import Article, NoArticleText, extract_article
from tests.conftest import shared_path


def shared_news_articles() -> list[tuple[str, Article]]:
    """(URL, Article) of each page extract_article reads; pages it refuses are left out."""
    corpus = shared_path("corpus", "article-html")
    gold = json.loads((corpus / "ground-truth.json").read_text(encoding="utf-8"))
    read = []
    for key, entry in gold.items():
        html = gzip.decompress((corpus / "html" / f"{key}.html.gz").read_bytes()).decode()
        try:
            read.append((entry["url"], extract_article(html, url=entry["url"])))
        except NoArticleText:
            continue
    return read

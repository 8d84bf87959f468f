"""Turn a news page (HTML) or a plain-text file into an Article: body text, metadata, canonical URL.

URL normalisation and archive keys live in bot.urls; `canonical_url`, `article_key` and
`NotAWebAddress` are also importable from here, as before.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass

import trafilatura
from lxml.html import HtmlElement
from trafilatura.settings import Document

from bot.language import detect
from bot.pagebody import repair, without_non_article_lines
from bot.pagekind import ARTICLE, Declared, classify, page_facts, read_declared
from bot.pagemeta import byline, published, site_name, title_without_site
from bot.sites import same_site
from bot.urls import (
    NotAWebAddress,
    article_key,
    canonical_url,
    is_site_root,
    redact_url,
    resolve_web_url,
    site_host,
    unwrap_amp_proxy,
)

__all__ = [
    "Article",
    "ArticleError",
    "NoArticleText",
    "NotAWebAddress",
    "article_from_text",
    "article_key",
    "canonical_url",
    "extract_article",
]

logger = logging.getLogger(__name__)

# Fewer words than this is a teaser, a caption or a navigation scrap, not an article: there is
# nothing in it worth analysing for actors and quotes. Real short news briefs run to 60+ words.
MIN_ARTICLE_WORDS = 50
# A page that declares itself paywalled (schema.org isAccessibleForFree=false) and yields fewer
# words than this shows only its teaser; publishers who serve the full text to readers of the
# markup (Google's flexible sampling) give far more.
PAYWALL_TEASER_WORDS = 150

_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Article:
    """One article as read from one source."""

    url: str  # where it was read from: the fetched final URL, or a file path
    canonical_url: str | None  # normalised; None for plain files without a URL
    title: str | None
    site: str | None  # site name, e.g. "The Guardian" (else the host, without "www.")
    authors: tuple[str, ...]
    published: str | None  # ISO 8601 date (YYYY-MM-DD) when known
    language: str | None  # ISO 639-1, from the text (bot.language), e.g. "en"
    text: str  # the article body
    requested_url: str | None = None  # the URL fetched, when redirects led from it to `url`
    # "article", or what the page is instead ("a recipe", "a page in French"; bot.pagekind)
    page_kind: str = ARTICLE
    not_article_reason: str | None = None  # why it is not an article, one clause


class ArticleError(Exception):
    """A source that yields no usable article; str(err) is one line for a journalist."""


class NoArticleText(ArticleError):
    """The page has no article body: a paywall, a home page, a video page or a scrap of text."""

    def __init__(
        self,
        message: str = (
            "no article text found on that page (it may be a paywall, a home page or a video page)"
        ),
    ) -> None:
        super().__init__(message)


# --------------------------------------------------------------------------- pages


def _first(tree: HtmlElement, xpath: str) -> str | None:
    for value in tree.xpath(xpath):
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def _declared_canonical(tree: HtmlElement, page_url: str | None) -> str | None:
    """<link rel=canonical>, else og:url, resolved against the page; only http(s) counts."""
    for xpath in (
        "//link[contains(concat(' ', normalize-space(translate(@rel, 'CANONIL', 'canonil')),"
        " ' '), ' canonical ')]/@href",
        "//meta[@property='og:url' or @name='og:url']/@content",
    ):
        for href in tree.xpath(xpath):
            found = resolve_web_url(str(href), page_url)
            if found:
                return found
    return None


def _trusted_canonical(declared: str | None, page_url: str | None) -> str | None:
    """The canonical URL a page declares, when the page may speak for it.

    Only a URL on the fetched page's own site (registrable domain) counts: a page anywhere could
    otherwise name a wire service's article as its own and have its words archived, and later
    answered, under that URL. A page read from a file (no page_url) is the operator's, so its
    declaration stands. A home page declared as the canonical of an article page is a CMS
    mistake; trusting it would make all of a site's articles one in the archive.
    """
    if declared is None or page_url is None:
        return declared
    if is_site_root(declared) and not is_site_root(page_url):
        return None
    # An AMP cache serves the publisher's own page, named in its path (bot.urls).
    if not same_site(declared, unwrap_amp_proxy(page_url)):
        logger.info(
            "ignoring the canonical URL %s declared by %s: another site",
            redact_url(declared),
            redact_url(page_url),
        )
        return None
    return declared


_HOST_NAME = re.compile(r"[\w-]+(?:\.[\w-]+)+\.?(?::\d+)?")


def _site_name(claimed: str | None, canonical: str | None) -> str | None:
    """The site's name as the page gives it, else its host. A name that is the host of another
    site is not the page's to give: trafilatura falls back to the host of the page's own
    canonical link, trusted or not."""
    host = claimed.strip() if claimed and _HOST_NAME.fullmatch(claimed.strip()) else None
    if host and canonical and not same_site(f"http://{host}/", canonical):
        return site_host(canonical)
    return claimed or site_host(canonical)


_LANG_TAG = re.compile(r"^([a-zA-Z]{2,3})(?:[-_][a-zA-Z0-9]+)*$")


def _declared_language(tree: HtmlElement) -> str | None:
    """The primary language subtag the page declares: html@lang, content-language, og:locale."""
    for xpath in (
        "/html/@lang",
        "/html/@xml:lang",
        "//meta[translate(@http-equiv, 'CONTENT-LANGUAGE', 'content-language')"
        " = 'content-language']/@content",
        "//meta[@name='language' or @name='dc.language' or @name='DC.language']/@content",
        "//meta[@property='og:locale']/@content",
    ):
        value = _first(tree, xpath)
        match = _LANG_TAG.match(value.split(",")[0].strip()) if value else None
        if match:
            return match.group(1).lower()
    return None


def _declares_paywall(tree: HtmlElement) -> bool:
    """Whether the page's JSON-LD marks it isAccessibleForFree=false (schema.org, Google)."""
    for script in tree.xpath("//script[@type='application/ld+json']/text()"):
        if "isaccessibleforfree" not in script.lower():
            continue
        try:
            data = json.loads(script)
        except ValueError:
            # Broken JSON-LD is common; fall back to the literal declaration.
            if re.search(r'isAccessibleForFree"\s*:\s*"?false', script, re.IGNORECASE):
                return True
            continue
        if _json_says_not_free(data):
            return True
    return False


def _json_says_not_free(data: object) -> bool:
    if isinstance(data, list):
        return any(_json_says_not_free(item) for item in data)
    if not isinstance(data, dict):
        return False
    for key, value in data.items():
        if key.lower() == "isaccessibleforfree" and str(value).strip().lower() == "false":
            return True
        if isinstance(value, dict | list) and _json_says_not_free(value):
            return True
    return False


def _words(text: str) -> list[str]:
    return [word.lower() for word in _WORD.findall(text)]


def _is_too_short(text: str, tree: HtmlElement) -> bool:
    words = len(_words(text))
    return words < MIN_ARTICLE_WORDS or (words < PAYWALL_TEASER_WORDS and _declares_paywall(tree))


def _headlines(tree: HtmlElement, title: str | None) -> list[str]:
    """What the page gives as its headline: the title found, og:title and each <h1>."""
    found = [title or "", *tree.xpath("//meta[@property='og:title']/@content")]
    found += [h1.text_content() for h1 in tree.iter("h1")]
    return [str(h) for h in found if str(h).strip()]


def _without_headline(text: str, headlines: list[str]) -> str:
    """The body without its first line when that line is the headline, kept in Article.title.

    The page's <h1> often differs from the title it declares ("HS Roundup" and "High School
    Roundup"), so any of the page's headlines counts.
    """
    text = text.strip()
    first, _, rest = text.partition("\n")
    if rest and any(_words(first) == _words(headline) for headline in headlines):
        return rest.lstrip()
    return text


def _read_body_and_metadata(tree: HtmlElement, url: str | None) -> Document | None:
    """trafilatura's reading of the page, or None when it finds no main text."""
    try:
        document = trafilatura.bare_extraction(
            tree,
            url=url,
            with_metadata=True,
            # Precision mode drops the link lists, teasers and "related" boxes that sit inside
            # article containers; on the shared news corpus it loses far less body than it sheds.
            favor_precision=True,
            # Reader comments are not the article: a commenter's words must not become quotes.
            include_comments=False,
            include_tables=True,
            # No `deduplicate`: trafilatura's cache is process-wide, so reading the same article
            # twice (a re-share, a re-analysis) would find "duplicates" and return nothing.
        )
    except Exception as exc:
        # One malformed page must not take a batch or the Slack worker down with it.
        logger.exception("trafilatura failed on %s", redact_url(url or "a page without URL"))
        raise ArticleError("that page could not be read as an article") from exc
    return document if isinstance(document, Document) else None


def extract_article(html: str, *, url: str | None = None, source: str | None = None) -> Article:
    """Read an article page: its body text (trafilatura) and metadata.

    `url` is the page's final fetched URL, if it came from the web; `source` names where it
    was read from otherwise (a file path), for Article.url. Raises NoArticleText when the page
    carries no article body: a home page, a video page, a paywall teaser, a scrap of text.
    """
    tree = trafilatura.load_html(html)
    if tree is None:
        raise NoArticleText()
    page_url = resolve_web_url(url, None)
    declared = _trusted_canonical(_declared_canonical(tree, url), page_url)
    canonical = declared or page_url
    if is_site_root(canonical):
        raise NoArticleText()
    markup = read_declared(tree)
    document = _read_body_and_metadata(repair(tree), url)
    text = document.text or "" if document else ""
    text = without_non_article_lines(
        _without_headline(text, _headlines(tree, document.title if document else None))
    )
    if document is None or _is_too_short(text, tree):
        raise NoArticleText()
    site = _site_name(site_name(tree, document.sitename, canonical), canonical)
    language = detect(text, declared=_declared_language(tree))
    kind = classify(page_facts(markup, text, language))
    return Article(
        url=url or source or canonical or "",
        canonical_url=canonical,
        title=title_without_site(document.title, site, canonical) or None,
        site=site,
        authors=byline(document.author, site=site, page_url=canonical),
        published=published(document.date, canonical),
        language=language,
        text=text,
        page_kind=kind.kind,
        not_article_reason=kind.reason,
    )


def article_from_text(text: str, *, source: str) -> Article:
    """A plain-text source: the whole text is the body, kept exactly as given.

    `source` is a file path or, for a text/plain web page, its URL. The title is the first
    non-empty line. Raises NoArticleText when the text is blank.
    """
    title = next((line.strip() for line in text.splitlines() if line.strip()), None)
    if title is None:
        raise NoArticleText(f"no article text: {source} is empty")
    canonical = resolve_web_url(source, None)
    language = detect(text)
    kind = classify(page_facts(Declared(), text, language))
    return Article(
        url=source,
        canonical_url=canonical,
        title=title,
        site=site_host(canonical),
        authors=(),
        published=None,
        language=language,
        text=text,
        page_kind=kind.kind,
        not_article_reason=kind.reason,
    )

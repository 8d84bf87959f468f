"""Turn a news page (HTML) or a plain-text file into an Article: body text, metadata, canonical URL.

Also the URL normalisation the archive relies on: `canonical_url` (a cleaned URL that still
points at the same resource) and `article_key` (a lossy key that folds http/https, www., AMP and
trailing-slash variants of one article together, for de-duplicating re-shares).
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from urllib.parse import unquote, urljoin, urlsplit, urlunsplit

import trafilatura
from lxml.html import HtmlElement
from trafilatura.settings import Document

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
    language: str | None  # e.g. "en"
    text: str  # the article body


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


class NotAWebAddress(ArticleError, ValueError):
    """canonical_url() was given something that is not an http(s) URL."""


# --------------------------------------------------------------------------- URLs

# Query parameters that only say how a reader arrived (campaigns, click ids, share buttons);
# they never select a different article.
_TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "gclsrc",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "twclid",
        "ttclid",
        "li_fat_id",
        "igshid",
        "igsh",
        "mc_cid",
        "mc_eid",
        "_ga",
        "_gl",
        "_hsenc",
        "_hsmi",
        "mkt_tok",
        "ref_src",
        "ref_url",
        "smid",
        "smtyp",
        "cmpid",
        "ocid",
        "sr_share",
        "__twitter_impression",
        "oly_anon_id",
        "oly_enc_id",
        "vero_id",
        "rb_clickid",
        "s_kwcid",
        "ito",
        "cmp",
    }
)
# Whole families: Google Analytics (utm_), BBC/comScore (ns_), AT Internet (at_), Piwik/Matomo.
_TRACKING_PREFIXES = ("utm_", "ns_", "at_", "pk_", "mtm_")
_DEFAULT_PORTS = {"http": 80, "https": 443}
_PERCENT_ESCAPE = re.compile(r"%[0-9a-fA-F]{2}")


def _is_tracking(name: str) -> bool:
    key = unquote(name).lower()
    return key in _TRACKING_PARAMS or key.startswith(_TRACKING_PREFIXES)


def _query_pairs(query: str) -> list[str]:
    """The raw `name=value` pieces of a query, as written (no re-encoding), empty pieces dropped."""
    return [piece for piece in query.split("&") if piece]


def _param_name(piece: str) -> str:
    return piece.split("=", 1)[0]


def canonical_url(url: str) -> str:
    """Normalise an http(s) URL without changing which resource it names.

    Lowercases scheme and host, drops a default port, the fragment and tracking parameters
    (keeping the others in order, as written), uppercases percent-escapes, and turns an empty
    path into "/". A trailing slash is kept: /a and /a/ may be different resources on a server,
    and the result must stay a working link. Folding such variants is `article_key`'s job.

    Raises NotAWebAddress for anything but an http(s) URL with a host.
    """
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as exc:
        raise NotAWebAddress(f"not a valid web address: {url}") from exc
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").rstrip(".")
    if scheme not in _DEFAULT_PORTS or not host:
        raise NotAWebAddress(f"not an http(s) web address: {url}")
    if ":" in host:  # IPv6 literal: urlsplit stripped its brackets
        host = f"[{host}]"
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    if parts.username is not None:
        netloc = parts.netloc.rsplit("@", 1)[0] + "@" + netloc
    path = _PERCENT_ESCAPE.sub(lambda m: m.group(0).upper(), parts.path) or "/"
    query = "&".join(p for p in _query_pairs(parts.query) if not _is_tracking(_param_name(p)))
    return urlunsplit((scheme, netloc, path, query, ""))


# Google's AMP viewer (google.TLD/amp/s/HOST/PATH) and the AMP cache
# (HOST-WITH-DASHES.cdn.ampproject.org/c/s/HOST/PATH): the original URL is inside the path,
# "s/" marking https.
_GOOGLE_AMP = re.compile(r"^(?:www\.)?google\.[a-z.]+$")
_AMP_CACHE = re.compile(r"\.cdn\.ampproject\.org$")
_AMP_VIEWER_PATH = re.compile(r"^/amp/(s/)?(?P<rest>[^/].*)$")
_AMP_CACHE_PATH = re.compile(r"^/[a-z]/(s/)?(?P<rest>[^/].*)$")
_AMP_QUERY = {"amp", "amp=1", "amp=true", "amp=yes", "outputtype=amp"}
_HOST_PREFIXES = ("www.", "amp.")


def _unwrap_amp_proxy(url: str) -> str:
    """The publisher's own URL behind a Google AMP viewer or AMP cache URL, else `url`."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if _GOOGLE_AMP.match(host):
        inner = _AMP_VIEWER_PATH.match(parts.path)
    elif _AMP_CACHE.search(host):
        inner = _AMP_CACHE_PATH.match(parts.path)
    else:
        return url
    if inner is None:
        return url
    scheme = "https" if inner.group(1) else "http"
    query = f"?{parts.query}" if parts.query else ""
    return f"{scheme}://{inner.group('rest')}{query}"


def _strip_amp_path(path: str) -> str:
    segments = [s for s in path.split("/") if s]
    if len(segments) > 1 and segments[-1] == "amp":
        segments.pop()
    if len(segments) > 1 and segments[0] == "amp":
        segments.pop(0)
    if segments:
        # story.amp and story.amp.html are the AMP twins of story and story.html
        segments[-1] = re.sub(r"\.amp(?=\.html?$|$)", "", segments[-1])
    return "/".join(segments)


def article_key(url: str) -> str:
    """One key for every URL variant of one article, for de-duplicating re-shares.

    Folds http/https, www. and amp. hosts, Google AMP viewer and AMP cache URLs, AMP paths
    (/amp, /amp/ prefix or suffix, .amp) and AMP query flags, and trailing slashes, on top of
    canonical_url(). The key looks like "example.com/news/story?id=3" and is not a URL to fetch.
    """
    parts = urlsplit(canonical_url(_unwrap_amp_proxy(canonical_url(url))))
    host = parts.netloc
    for prefix in _HOST_PREFIXES:
        host = host.removeprefix(prefix)
    query = "&".join(p for p in _query_pairs(parts.query) if p.lower() not in _AMP_QUERY)
    key = f"{host}/{_strip_amp_path(parts.path)}"
    return f"{key}?{query}" if query else key


# --------------------------------------------------------------------------- pages


def _site_host(url: str | None) -> str | None:
    if not url:
        return None
    host = urlsplit(url).hostname
    return host.removeprefix("www.") if host else None


def _web_url(candidate: str | None, base: str | None) -> str | None:
    """`candidate` resolved against `base` and normalised, if that gives an http(s) URL."""
    if not candidate or not candidate.strip():
        return None
    resolved = urljoin(base, candidate.strip()) if base else candidate.strip()
    try:
        return canonical_url(resolved)
    except NotAWebAddress:
        return None


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
            found = _web_url(str(href), page_url)
            if found:
                return found
    return None


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


def _is_site_root(url: str | None) -> bool:
    """A bare host ("https://example.com/") is a home page, whatever text it carries."""
    if not url:
        return False
    parts = urlsplit(url)
    return parts.path in ("", "/") and not parts.query


def _authors(raw: str | None) -> tuple[str, ...]:
    if not raw:
        return ()
    names = (name.strip() for name in raw.split(";"))
    return tuple(dict.fromkeys(name for name in names if name))


def _words(text: str) -> list[str]:
    return [word.lower() for word in _WORD.findall(text)]


def _is_too_short(text: str, tree: HtmlElement) -> bool:
    words = len(_words(text))
    return words < MIN_ARTICLE_WORDS or (words < PAYWALL_TEASER_WORDS and _declares_paywall(tree))


def _without_headline(text: str, title: str | None) -> str:
    """The body without its first line when that line is the headline, kept in Article.title."""
    text = text.strip()
    first, _, rest = text.partition("\n")
    if title and rest and _words(first) == _words(title):
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
        logger.exception("trafilatura failed on %s", url or "a page without URL")
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
    page_url = _web_url(url, None)
    declared = _declared_canonical(tree, url)
    if declared and _is_site_root(declared) and page_url and not _is_site_root(page_url):
        # Some CMSs declare the home page as every article's canonical; trusting it would
        # make all of a site's articles one in the archive.
        declared = None
    canonical = declared or page_url
    if _is_site_root(canonical):
        raise NoArticleText()
    document = _read_body_and_metadata(tree, url)
    text = _without_headline(document.text or "", document.title) if document else ""
    if document is None or _is_too_short(text, tree):
        raise NoArticleText()
    return Article(
        url=url or source or canonical or "",
        canonical_url=canonical,
        title=document.title or None,
        site=document.sitename or _site_host(canonical or page_url),
        authors=_authors(document.author),
        published=document.date or None,
        language=_declared_language(tree),
        text=text,
    )


def article_from_text(text: str, *, source: str) -> Article:
    """A plain-text source: the whole text is the body, kept exactly as given.

    `source` is a file path or, for a text/plain web page, its URL. The title is the first
    non-empty line. Raises NoArticleText when the text is blank.
    """
    title = next((line.strip() for line in text.splitlines() if line.strip()), None)
    if title is None:
        raise NoArticleText(f"no article text: {source} is empty")
    canonical = _web_url(source, None)
    return Article(
        url=source,
        canonical_url=canonical,
        title=title,
        site=_site_host(canonical),
        authors=(),
        published=None,
        language=None,
        text=text,
    )

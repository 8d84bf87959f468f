"""bot.article: canonical URLs and archive keys, page metadata, refusing pages without an article,
plain-text sources kept verbatim, and body accuracy on the shared news corpus."""

from __future__ import annotations

import gzip
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.article import (
    ArticleError,
    NoArticleText,
    NotAWebAddress,
    article_from_text,
    article_key,
    canonical_url,
    extract_article,
)
from tests.conftest import shared_path

# ---------------------------------------------------------------------------- canonical_url


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # scheme and host are case-insensitive; the path is not
        ("HTTPS://WWW.Example.COM/News/Story", "https://www.example.com/News/Story"),
        # default ports go, others stay
        ("http://example.com:80/a", "http://example.com/a"),
        ("https://example.com:443/a", "https://example.com/a"),
        ("https://example.com:8443/a", "https://example.com:8443/a"),
        ("http://example.com:443/a", "http://example.com:443/a"),
        # the fragment never reaches the server
        ("https://example.com/a#comments", "https://example.com/a"),
        # tracking parameters go (any case); the others stay in order, as written
        (
            "https://example.com/a?utm_source=tw&id=7&fbclid=x&page=2&UTM_Medium=y&gclid=1",
            "https://example.com/a?id=7&page=2",
        ),
        (
            "https://example.com/a?mc_cid=1&mc_eid=2&igshid=3&_ga=4&ref_src=5&msclkid=6&dclid=7",
            "https://example.com/a",
        ),
        (
            "https://example.com/s?q=a+b&z=1&a=2&ref=home",
            "https://example.com/s?q=a+b&z=1&a=2&ref=home",
        ),
        ("https://example.com/a?&&id=7&", "https://example.com/a?id=7"),
        # an empty path is the root; a trailing slash stays (it may name another resource)
        ("https://example.com", "https://example.com/"),
        ("https://example.com/news/story/", "https://example.com/news/story/"),
        ("https://example.com/news/story", "https://example.com/news/story"),
        # percent-escapes are case-insensitive; their canonical form is upper case
        ("https://example.com/caf%c3%a9", "https://example.com/caf%C3%A9"),
        ("https://example.com./a", "https://example.com/a"),
    ],
)
def test_canonical_url_normalises_without_changing_the_resource(raw: str, expected: str) -> None:
    assert canonical_url(raw) == expected


def test_canonical_url_is_idempotent() -> None:
    once = canonical_url("HTTP://Example.com:80/a/?utm_campaign=x&b=2#f")
    assert canonical_url(once) == once == "http://example.com/a/?b=2"


@pytest.mark.parametrize(
    "raw",
    ["ftp://example.com/a", "mailto:desk@example.com", "example.com/story", "javascript:x()", ""],
)
def test_canonical_url_refuses_what_is_not_a_web_address(raw: str) -> None:
    with pytest.raises(NotAWebAddress):
        canonical_url(raw)
    assert issubclass(NotAWebAddress, ArticleError) and issubclass(NotAWebAddress, ValueError)


_SEGMENT = st.text("abcXYZ09-_.~%2f", min_size=1, max_size=8)
_PARAM = st.sampled_from(["id", "page", "utm_source", "fbclid", "amp", "q", "UTM_Term", "_ga"])
WEB_URLS = st.builds(
    lambda scheme, www, host, port, path, slash, query, frag: (
        f"{scheme}://{www}{host}{port}/{'/'.join(path)}{slash}"
        + ("?" + "&".join(f"{k}={v}" for k, v in query) if query else "")
        + frag
    ),
    st.sampled_from(["http", "https", "HTTPS"]),
    st.sampled_from(["", "www.", "WWW.", "amp."]),
    st.sampled_from(["example.com", "News.Example.org", "example.co.uk"]),
    st.sampled_from(["", ":80", ":443", ":8080"]),
    st.lists(_SEGMENT, max_size=4),
    st.sampled_from(["", "/"]),
    st.lists(st.tuples(_PARAM, _SEGMENT), max_size=4),
    st.sampled_from(["", "#top", "#"]),
)


@given(WEB_URLS)
def test_canonical_url_is_stable_and_keeps_the_article_key(url: str) -> None:
    """Normalising twice changes nothing, and never moves a URL to another archive key."""
    once = canonical_url(url)
    assert canonical_url(once) == once
    assert article_key(once) == article_key(url)
    assert "#" not in once and "utm_" not in once.lower() and "fbclid" not in once


# ---------------------------------------------------------------------------- article_key

SAME_ARTICLE = [
    "https://www.example.com/news/story",
    "http://example.com/news/story",
    "http://example.com/news/story/",
    "HTTPS://WWW.EXAMPLE.COM:443/news/story?utm_source=tw#top",
    "https://amp.example.com/news/story",
    "https://www.example.com/news/story/amp",
    "https://www.example.com/news/story/amp/",
    "https://www.example.com/news/story?amp=1",
    "https://www.example.com/news/story?amp",
    "https://www.example.com/news/story?outputType=amp",
    "https://www.example.com/amp/news/story",
    "https://www.example.com/news/story.amp",
    "https://www.google.com/amp/s/www.example.com/news/story/amp/",
    "https://www.google.co.uk/amp/example.com/news/story",
    "https://www-example-com.cdn.ampproject.org/c/s/www.example.com/news/story?amp=1",
]


@pytest.mark.parametrize("variant", SAME_ARTICLE)
def test_article_key_folds_url_variants_of_one_article(variant: str) -> None:
    assert article_key(variant) == "example.com/news/story"


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("https://example.com/news/story?id=2", "https://example.com/news/story?id=3"),
        ("https://example.com/news/story", "https://example.com/news/other"),
        ("https://example.com/news/Story", "https://example.com/news/story"),
        ("https://example.com/news/story", "https://example.org/news/story"),
        ("https://news.example.com/story", "https://example.com/story"),
    ],
)
def test_article_key_keeps_different_articles_apart(one: str, other: str) -> None:
    assert article_key(one) != article_key(other)


def test_article_key_keeps_other_params_and_amp_html_extension() -> None:
    assert article_key("https://www.example.com/a/story.amp.html?id=4&amp=1") == (
        "example.com/a/story.html?id=4"
    )
    assert (
        article_key("https://example.com/")
        == article_key("http://www.example.com")
        == ("example.com/")
    )


# ---------------------------------------------------------------------------- pages

PARAGRAPHS = [
    "The city council voted on Tuesday to close the old harbour bridge to cars from next "
    "spring, ending a decade of argument over the crumbling structure that links the two "
    "halves of town.",
    "\u201cWe cannot keep patching it,\u201d said Maria Lopez, the council\u2019s head of "
    "transport, after the vote. \u201cThe engineers have told us plainly that the deck will "
    "not last another five winters.\u201d",
    "Shop owners on the north bank said the closure would cost them customers. The Harbour "
    "Traders Association, which represents forty businesses, asked for a free shuttle bus "
    "during the works.",
    "The council said a new pedestrian and cycle crossing would open in 2027, paid for by a "
    "regional infrastructure grant of twelve million euros approved last month.",
]
PAGE_URL = "https://www.gazette.example/news/2024/03/harbour-bridge/?utm_source=twitter"


def article_page(head: str = "", *, html_attrs: str = 'lang="en-GB"') -> str:
    """A small news page of our own: navigation, headline, byline, body, footer."""
    body = "\n".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return f"""<!DOCTYPE html><html {html_attrs}><head><meta charset="utf-8">
<title>Harbour bridge to close to cars | Northport Gazette</title>{head}</head><body>
<header><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav></header>
<main><article><h1>Harbour bridge to close to cars</h1><p class="byline">By Jane Doe</p>
{body}</article></main>
<footer><p>Copyright 2024 Northport Gazette. All rights reserved.</p></footer></body></html>"""


METADATA = """
<meta property="og:site_name" content="Northport Gazette">
<meta property="og:title" content="Harbour bridge to close to cars">
<meta name="author" content="Jane Doe and John Smith">
<meta property="article:published_time" content="2024-03-12T09:30:00+00:00">"""


def test_extract_article_reads_body_and_metadata() -> None:
    article = extract_article(article_page(METADATA), url=PAGE_URL)
    assert article.url == PAGE_URL
    assert article.title == "Harbour bridge to close to cars"
    assert article.site == "Northport Gazette"
    assert article.authors == ("Jane Doe", "John Smith")
    assert article.published == "2024-03-12"
    assert article.language == "en"
    # the body is the paragraphs, curly quotes intact, without the headline (it is the title),
    # the navigation or the footer
    assert article.text.split("\n") == PARAGRAPHS
    assert article.canonical_url == ("https://www.gazette.example/news/2024/03/harbour-bridge/")


def test_extract_article_falls_back_to_host_and_declared_locale() -> None:
    """Without og:site_name the site is the host (minus www.); og:locale gives the language;
    a byline in the page gives the author."""
    page = article_page('<meta property="og:locale" content="fr_FR">', html_attrs="")
    article = extract_article(page, url="https://www.gazette.example/a/b")
    assert article.site == "gazette.example"
    assert article.language == "fr"
    assert article.authors == ("Jane Doe",)


@pytest.mark.parametrize(
    ("head", "page_url", "expected"),
    [
        # rel=canonical, normalised
        (
            '<link rel="canonical" href="HTTPS://Gazette.example/news/bridge?utm_medium=rss">',
            PAGE_URL,
            "https://gazette.example/news/bridge",
        ),
        # relative rel=canonical, resolved against the fetched URL
        (
            '<link rel="canonical" href="/news/bridge#x">',
            PAGE_URL,
            "https://www.gazette.example/news/bridge",
        ),
        # og:url when there is no rel=canonical
        (
            '<meta property="og:url" content="https://gazette.example/og">',
            PAGE_URL,
            "https://gazette.example/og",
        ),
        # rel=canonical wins over og:url
        (
            '<meta property="og:url" content="https://gazette.example/og">'
            '<link rel="canonical" href="https://gazette.example/rel">',
            PAGE_URL,
            "https://gazette.example/rel",
        ),
        # a non-web canonical is ignored in favour of the next declaration
        (
            '<link rel="canonical" href="android-app://com.gazette/x">'
            '<meta property="og:url" content="https://gazette.example/og">',
            PAGE_URL,
            "https://gazette.example/og",
        ),
        # nothing declared: the fetched URL, normalised
        ("", PAGE_URL, "https://www.gazette.example/news/2024/03/harbour-bridge/"),
        # a home page declared as every article's canonical is a CMS mistake, not the article
        (
            '<link rel="canonical" href="https://www.gazette.example/">',
            PAGE_URL,
            canonical_url(PAGE_URL),
        ),
        # a file: an absolute declaration counts, a relative one cannot be resolved
        (
            '<link rel="canonical" href="https://gazette.example/rel">',
            None,
            "https://gazette.example/rel",
        ),
        ('<link rel="canonical" href="/rel">', None, None),
    ],
)
def test_extract_article_canonical_url(
    head: str, page_url: str | None, expected: str | None
) -> None:
    assert extract_article(article_page(head), url=page_url).canonical_url == expected


def test_extract_article_from_a_file_names_its_source() -> None:
    article = extract_article(article_page(), source="saved/bridge.html")
    assert article.url == "saved/bridge.html"
    assert article.canonical_url is None


HOME_PAGE = (
    '<html lang="en"><head><title>Northport Gazette: news, sport and weather</title></head><body>'
    '<nav><a href="/">Home</a> <a href="/news">News</a></nav><main>'
    + "".join(
        f'<div class="teaser"><h2><a href="/news/story-{i}">Council budget row number {i} deepens '
        f'as harbour works overrun</a></h2><a href="/news/story-{i}">Read more</a></div>'
        for i in range(30)
    )
    + "</main></body></html>"
)


@pytest.mark.parametrize("url", ["https://gazette.example/", "https://gazette.example/news/", None])
def test_home_page_of_headline_links_is_no_article(url: str | None) -> None:
    with pytest.raises(NoArticleText):
        extract_article(HOME_PAGE, url=url)


def test_any_page_at_the_site_root_is_no_article() -> None:
    """A site's front page can carry a full lead story, but what was shared is the front page."""
    with pytest.raises(NoArticleText):
        extract_article(article_page(), url="https://www.gazette.example/")


PAYWALL_MARKUP = (
    '<script type="application/ld+json">{"@context": "https://schema.org", "@type": '
    '"NewsArticle", "isAccessibleForFree": false, "hasPart": {"@type": "WebPageElement", '
    '"isAccessibleForFree": false, "cssSelector": ".paywall"}}</script>'
)


def paywall_page(teaser: str, markup: str = PAYWALL_MARKUP) -> str:
    return (
        f"<html><head><title>Secret harbour deal</title>{markup}</head><body><article>"
        f"<h1>Secret harbour deal</h1><p>{teaser}</p><div class='paywall'><p>Subscribe to "
        "continue reading. Already a subscriber? Log in.</p></div></article></body></html>"
    )


def test_paywall_teaser_is_no_article() -> None:
    """A page marked isAccessibleForFree=false that shows only a teaser has no article to read."""
    teaser = PARAGRAPHS[0] + " " + PARAGRAPHS[2]
    assert len(teaser.split()) > 50  # long enough to pass for a short article without the markup
    assert extract_article(paywall_page(teaser, markup=""), url=PAGE_URL).text
    with pytest.raises(NoArticleText) as caught:
        extract_article(paywall_page(teaser), url=PAGE_URL)
    assert str(caught.value) == (
        "no article text found on that page (it may be a paywall, a home page or a video page)"
    )


def test_unmarked_paywall_with_a_one_paragraph_teaser_is_no_article() -> None:
    with pytest.raises(NoArticleText):
        extract_article(paywall_page(PARAGRAPHS[0], markup=""), url=PAGE_URL)


def test_paywall_markup_does_not_reject_a_full_article() -> None:
    """Publishers who show crawlers the whole text mark it not-free too: it is the article."""
    page = article_page(PAYWALL_MARKUP).replace(
        "</article>", "\n".join(f"<p>{p} {p}</p>" for p in PARAGRAPHS) + "</article>"
    )
    assert len(extract_article(page, url=PAGE_URL).text.split()) > 150


def test_video_page_and_non_html_are_no_article() -> None:
    video = (
        "<html><head><title>Watch: bridge closes</title></head><body><main>"
        '<video src="/v/bridge.mp4" controls></video><p>Watch the bridge close.</p>'
        "</main></body></html>"
    )
    for page in (video, "", "just some words"):
        with pytest.raises(NoArticleText):
            extract_article(page, url=PAGE_URL)


# ---------------------------------------------------------------------------- plain text


def test_article_from_text_keeps_the_file_verbatim() -> None:
    text = (
        "\n  \t\n   Bridge to close\u00a0 \r\n\r\n\u201cWe cannot keep patching it,\u201d said Ms "
        "Lopez.\u2019  \n\n\n\tIndented\u2003line with an em space.   \n"
    )
    article = article_from_text(text, source="notes/bridge.txt")
    assert article.text == text
    assert article.title == "Bridge to close"
    assert article.url == "notes/bridge.txt"
    assert article.canonical_url is None and article.site is None
    assert (article.authors, article.published, article.language) == ((), None, None)


def test_article_from_text_of_a_web_page_gets_its_canonical_url() -> None:
    article = article_from_text("Plain words.", source="HTTPS://WWW.Gazette.example/a.txt?fbclid=9")
    assert article.canonical_url == "https://www.gazette.example/a.txt"
    assert article.site == "gazette.example"


@pytest.mark.parametrize("text", ["", "  \n\t\r\n  "])
def test_blank_text_is_no_article(text: str) -> None:
    with pytest.raises(NoArticleText) as caught:
        article_from_text(text, source="empty.txt")
    assert "\n" not in str(caught.value) and "empty.txt" in str(caught.value)


# ---------------------------------------------------------------------------- shared corpus

GOAL_F1 = 0.965


@pytest.mark.shared
def test_body_f1_on_shared_news_corpus_meets_the_goal(tmp_path: Path) -> None:
    """All 91 pages of ../shared/corpus/article-html, scored by the shared scorer."""
    corpus = shared_path("corpus", "article-html")
    scorer = shared_path("eval", "score_extraction.py")
    gold_path = corpus / "ground-truth.json"
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    pred = {}
    for key, entry in gold.items():
        html = gzip.decompress((corpus / "html" / f"{key}.html.gz").read_bytes())
        try:
            body = extract_article(html.decode("utf-8", errors="replace"), url=entry["url"]).text
        except NoArticleText:
            body = ""
        pred[key] = {"articleBody": body}
    pred_path = tmp_path / "pred.json"
    pred_path.write_text(json.dumps(pred), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(scorer), str(gold_path), str(pred_path)],
        capture_output=True,
        text=True,
        check=True,
    )
    f1 = re.search(r"F1=([0-9.]+)", done.stdout)
    assert f1 is not None, done.stdout
    assert float(f1.group(1)) >= GOAL_F1, done.stdout

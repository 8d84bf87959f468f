"""bot.urls: canonical URLs that still name the same resource, and the archive keys that fold the
variants of one article together."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import bot.article
from bot.urls import (
    NotAWebAddress,
    article_key,
    canonical_url,
    keyed_urls,
    redact_url,
    redact_urls_in,
    without_userinfo,
)

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
    assert issubclass(NotAWebAddress, ValueError)


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


def test_bot_article_still_offers_the_url_functions() -> None:
    """Callers that imported them from bot.article before bot.urls existed keep working."""
    assert bot.article.canonical_url is canonical_url
    assert bot.article.article_key is article_key
    assert bot.article.NotAWebAddress is NotAWebAddress


# ---------------------------------------------------------------------------- secrets


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("http://user:pass@example.com/a", "http://example.com/a"),
        ("https://a@b:c@example.com:8443/a?id=1", "https://example.com:8443/a?id=1"),
        (
            "https://example.com/a?id=7&token=abc&page=2",
            "https://example.com/a?id=7&token=REDACTED&page=2",
        ),
        (
            "https://bucket.s3.amazonaws.com/k?X-Amz-Algorithm=AWS4-HMAC-SHA256"
            "&X-Amz-Credential=AKIA%2F20240101&X-Amz-Signature=abc123&X-Amz-Security-Token=zz",
            "https://bucket.s3.amazonaws.com/k?X-Amz-Algorithm=AWS4-HMAC-SHA256"
            "&X-Amz-Credential=REDACTED&X-Amz-Signature=REDACTED&X-Amz-Security-Token=REDACTED",
        ),
        (
            "https://news.example/p?preview=true&preview_id=9&_wpnonce=f00&access_token=t"
            "&api_key=k&apiKey=k&apikey=k&key=k&sig=s&signature=s&auth=a&session=s"
            "&password=p&client_secret=s&code=c&author=Jane+Doe&keyword=bridge",
            "https://news.example/p?preview=REDACTED&preview_id=REDACTED&_wpnonce=REDACTED"
            "&access_token=REDACTED&api_key=REDACTED&apiKey=REDACTED&apikey=REDACTED"
            "&key=REDACTED&sig=REDACTED&signature=REDACTED&auth=REDACTED&session=REDACTED"
            "&password=REDACTED&client_secret=REDACTED&code=REDACTED&author=Jane+Doe"
            "&keyword=bridge",
        ),
        # the fragment (OAuth's implicit flow) and ;name=value path parameters too
        (
            "https://ex.com/cb#access_token=abc&state=1",
            "https://ex.com/cb#access_token=REDACTED&state=1",
        ),
        ("https://ex.com/s;jsessionid=AB12?x=1", "https://ex.com/s;jsessionid=REDACTED?x=1"),
        ("https://ex.com/s?PHPSESSID=1;sid=2", "https://ex.com/s?PHPSESSID=REDACTED;sid=REDACTED"),
        # nothing secret: left exactly as written
        ("https://ex.com/news/story?id=3&q=a+b#top", "https://ex.com/news/story?id=3&q=a+b#top"),
        ("https://ex.com/?token", "https://ex.com/?token"),
        ("saved/page.html", "saved/page.html"),
        ("http://[::1", "http://[::1"),
    ],
)
def test_redact_url_hides_credentials_and_token_values(raw: str, shown: str) -> None:
    assert redact_url(raw) == shown


@given(st.text(max_size=200))
def test_redact_url_never_raises_and_is_stable(text: str) -> None:
    once = redact_url(text)
    assert redact_url(once) == once


def test_without_userinfo_keeps_the_query_for_the_fetch() -> None:
    assert without_userinfo("https://u:p@ex.com/a?token=t#f") == "https://ex.com/a?token=t#f"
    assert without_userinfo("https://ex.com/a@b") == "https://ex.com/a@b"  # @ in the path


def test_canonical_urls_and_keys_carry_no_user_info() -> None:
    assert canonical_url("https://u:p@Example.com/a") == "https://example.com/a"
    assert article_key("https://u:p@www.example.com/a") == article_key("https://example.com/a")


def test_keyed_urls_pairs_each_web_address_with_its_key_once() -> None:
    assert keyed_urls(
        [
            "https://www.example.com/a?utm_source=x",
            None,
            "saved/page.html",
            "http://example.com/a/",
            "https://u:p@example.com/b",
        ]
    ) == [
        ("example.com/a", "https://www.example.com/a"),
        ("example.com/b", "https://example.com/b"),
    ]


def test_urls_inside_text_are_redacted_and_the_rest_kept() -> None:
    detail = (
        'null value in column "channel" violates not-null constraint\nDETAIL:  Failing row '
        "contains (7, https://u:pw@ex.com/a?id=1&access_token=abc, http://ex.com/b;sid=9, null,"
        " ex.com/a?id=1&access_token=abc)."
    )
    assert redact_urls_in(detail) == (
        'null value in column "channel" violates not-null constraint\nDETAIL:  Failing row '
        "contains (7, https://ex.com/a?id=1&access_token=REDACTED, http://ex.com/b;sid=REDACTED,"
        " null, ex.com/a?id=1&access_token=REDACTED)."
    )
    assert redact_urls_in("no address here: saved/page.html") == "no address here: saved/page.html"

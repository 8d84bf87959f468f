"""bot.pagemeta: the site's name, the byline, the title and the publication date of news pages
of our own, read through extract_article; each rule with a case it must not fire on."""

from __future__ import annotations

import calendar
import re

import pytest

from bot.article import Article, extract_article
from bot.pagemeta import byline, published, squashed
from tests.newspages import shared_news_articles

BODY = "".join(
    f"<p>Paragraph {i} of the story: the council said the harbour bridge would close to cars "
    f"next spring, and shop owners on the north bank said they feared for their trade.</p>"
    for i in range(5)
)
URL = "https://www.gazette.example/news/2024/03/12/harbour-bridge"


def read(head: str, *, title: str = "Bridge to close", url: str = URL, byline: str = "") -> Article:
    html = (
        f'<html lang="en"><head><title>{title}</title>{head}</head><body><article>'
        f"<h1>Bridge to close</h1>{byline}{BODY}</article></body></html>"
    )
    return extract_article(html, url=url)


def og_site(name: str) -> str:
    return f'<meta property="og:site_name" content="{name}">'


def publisher(name: str) -> str:
    return (
        '<script type="application/ld+json">{"@context": "https://schema.org", "@type": '
        f'"NewsArticle", "publisher": {{"@type": "Organization", "name": "{name}"}}}}</script>'
    )


def author(name: str) -> str:
    return f'<meta name="author" content="{name}">'


# ----------------------------------------------------------------------------- site name


@pytest.mark.parametrize(
    ("head", "title", "url", "site"),
    [
        # a copyright notice is not a name
        (og_site("Copyright 2014"), "Bridge to close", URL, "gazette.example"),
        (og_site("\u00a9 2024 Northport Gazette"), "Bridge to close", URL, "Northport Gazette"),
        # a tagline goes
        (og_site("LinkNews | Your popular news platform"), "Bridge", URL, "LinkNews"),
        # the CMS product on a sub-domain is not the site
        (og_site("Hosted"), "Bridge to close | Hosted", "https://hosted.wire.example/a/1",
         "hosted.wire.example"),
        # ... unless the site's own Twitter account bears the name out
        (og_site("FootballTalk") + '<meta name="twitter:site" content="@FootballTalk">',
         "Bridge | FootballTalk", "https://footballtalk.sports.example/a/1", "FootballTalk"),
        # a slug the title spells out in full
        (og_site("nj"), "Bridge to close - nj.example", "https://www.nj.example/a/1",
         "nj.example"),
        (og_site("GazetteInt"), "Bridge to close - Gazette International", URL,
         "Gazette International"),
        # a title part that says more than the name is not its full form
        (og_site("Comwrap"), "Take care - comwrap at the Expo 2018", URL, "Comwrap"),
        # the spelling in words wins over the slug
        (og_site("northportgazette") + publisher("Northport Gazette"), "Bridge to close", URL,
         "Northport Gazette"),
        # the name the title shows readers wins over JSON-LD's publisher (the wire service)
        (og_site("Gazette Online") + publisher("Associated Press"),
         "Bridge to close - Gazette Online", URL, "Gazette Online"),
        # a plain, clean name is kept as it is
        (og_site("Northport Gazette"), "Bridge to close", URL, "Northport Gazette"),
    ],
)  # fmt: skip
def test_site_name(head: str, title: str, url: str, site: str) -> None:
    assert read(head, title=title, url=url).site == site


# ----------------------------------------------------------------------------- title


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Bridge to close - Northport Gazette", "Bridge to close"),
        ("Bridge to close | gazette.example", "Bridge to close"),
        # a colon inside the headline, and a last part that is not the site, stay
        ("Mayor: the bridge will close - Part 2", "Mayor: the bridge will close - Part 2"),
    ],
)
def test_the_title_loses_the_sites_name(title: str, expected: str) -> None:
    head = og_site("Northport Gazette") + f'<meta property="og:title" content="{title}">'
    page = (
        f'<html lang="en"><head><title>{title}</title>{head}</head><body><article>'
        f"{BODY}</article></body></html>"
    )
    assert extract_article(page, url=URL).title == expected


# ----------------------------------------------------------------------------- byline


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # a bio sentence is not a byline; the name in it is
        ("Jane Roe is a reporter at the Gazette covering transport.", ("Jane Roe",)),
        ("Our reporter has covered the harbour since 2010.", ()),
        # a job title after a name, from "By Tom Roe, AP Auto Writer"
        ("Tom Roe; AP Auto Writer", ("Tom Roe",)),
        ("Staff Writer", ()),
        # capitals, and AP's "By JILL ROE Associated Press"
        ("DANICA DOE; JILL ROE Associated Press", ("Danica Doe", "Jill Roe")),
        # a date glued to the name by the layout
        ("Carrie Roe November", ("Carrie Roe",)),
        ("Gazette wire services Published", ("Gazette wire services",)),
        # credentials
        ("Ilana Roe; MS; RDN", ("Ilana Roe",)),
        # the CMS account
        ("admin", ()),
        ("jdadmin", ()),
        # organisations beside a person: an outlet, a user name
        ("Jane Roe; NJ Advance Media", ("Jane Roe",)),
        ("Jane Roe; CNN", ("Jane Roe",)),
        ("David Doe; Kevin Roe; Kevin-R", ("David Doe", "Kevin Roe")),
        # the site itself, and the name of the site glued to a person's
        ("Northport Gazette", ()),
        ("Finian Roe Northport Gazette", ("Finian Roe",)),
        # one person named twice
        ("Troy Smith; Troy L Smith", ("Troy L Smith",)),
        # what must stay: a wire service alone, a single-name byline, two people
        ("Associated Press", ("Associated Press",)),
        ("Regan", ("Regan",)),
        ("Jane Roe; John Doe", ("Jane Roe", "John Doe")),
        ("Jean-Luc de la Roe", ("Jean-Luc de la Roe",)),
        ("Jane Post", ("Jane Post",)),
    ],
)
def test_byline(raw: str, expected: tuple[str, ...]) -> None:
    assert byline(raw, site="Northport Gazette", page_url=URL) == expected


def test_a_bio_in_the_author_meta_gives_the_name_on_a_page() -> None:
    article = read(author("Jane Roe is a reporter for the Gazette"))
    assert article.authors == ("Jane Roe",)


def test_an_agency_byline_on_a_page() -> None:
    article = read(og_site("Northport Gazette") + author("By STEVE ROE, AP National Writer"))
    assert article.authors == ("Steve Roe",)


# ----------------------------------------------------------------------------- date


@pytest.mark.parametrize(
    ("url", "declared", "expected"),
    [
        # a date of the events reported, in the text, against the URL's
        ("https://www.gazette.example/checks/2019/nov/18/claim", None, "2019-11-18"),
        ("https://www.gazette.example/2019/11/18/story", None, "2019-11-18"),
        # no date in the URL: the declared one
        ("https://www.gazette.example/story-1234", "2019-11-19T01:19:34Z", "2019-11-19"),
    ],
)
def test_publication_date(url: str, declared: str | None, expected: str) -> None:
    head = f'<meta property="article:published_time" content="{declared}">' if declared else ""
    dated = '<p class="statement">Said on October 13, 2019 in a radio interview.</p>'
    assert read(head, url=url, byline=dated).published == expected


@pytest.mark.parametrize(
    ("found", "url", "expected"),
    [
        # a story published late in the evening in the Americas carries the next UTC day
        ("2019-11-19", "https://g.example/2019/11/18/story", "2019-11-19"),
        ("2019-10-13", "https://g.example/2019/11/18/story", "2019-11-18"),
        (None, "https://g.example/2019-11-18/story", "2019-11-18"),
        ("2019-10-13", "https://g.example/story-20191118", "2019-10-13"),
        ("not a date", "https://g.example/story", None),
        # an impossible date in a path is no date
        ("2019-10-13", "https://g.example/2019/02/30/story", "2019-10-13"),
    ],
)
def test_the_urls_date_wins_when_more_than_a_day_away(
    found: str | None, url: str, expected: str | None
) -> None:
    assert published(found, url) == expected


# ----------------------------------------------------------------------------- shared corpus

_JOB_OR_BIO = re.compile(r"\b(?:writer|reporter|editor|is|was|published|admin)\b", re.I)


@pytest.mark.shared
def test_metadata_of_the_shared_news_pages_reads_clean() -> None:
    """On the 91 pages of ../shared/corpus/article-html: no site name with a tagline, a
    copyright or a sub-domain product name; no byline that is a bio, a job title, a date, a
    CMS account, shouting capitals or the site itself."""
    problems = []
    for url, article in shared_news_articles():
        site = article.site or ""
        if re.search(r"[|\u00a9]|copyright|^hosted$", site, re.I):
            problems.append((url, "site", site))
        for name in article.authors:
            if (
                _JOB_OR_BIO.search(name)
                or re.search(rf"\b(?:{'|'.join(calendar.month_name[1:])})\b", name)
                or (name.isupper() and " " in name)
                or squashed(name) == squashed(site)
                or name.lower().startswith("by ")
            ):
                problems.append((url, "author", name))
    assert problems == []

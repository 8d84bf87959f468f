"""Whether a page is a news article, decided from the page itself, and if not, what it is.

A shared link can be a recipe, a shop page, a podcast, an "about" page or a page in another
language; those get no article answer (issue 14). The page says what it is: its schema.org
types (JSON-LD and microdata), its og:type, the language and the length of its text. RULES is
an ordered table of small named functions; the first that speaks decides, and the default is
an article. Each rule is tested on pages of our own (tests/test_pagekind.py), with a case it
must not fire on.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from lxml.html import HtmlElement

from bot.language import ENGLISH, language_name

ARTICLE = "article"
# Fewer words than this, with nothing in the page's metadata saying it is an article, is a
# caption, a teaser or a stub. (Pages under bot.article.MIN_ARTICLE_WORDS are no article at
# all and never get this far.)
MIN_UNDECLARED_WORDS = 80

# schema.org types, by what they say about the page.
NEWS_ARTICLE_TYPES = frozenset(
    {
        "NewsArticle", "AnalysisNewsArticle", "AskPublicNewsArticle", "BackgroundNewsArticle",
        "OpinionNewsArticle", "ReportageNewsArticle", "ReviewNewsArticle", "LiveBlogPosting",
    }
)  # fmt: skip
ARTICLE_TYPES = frozenset(
    {
        "Article", "BlogPosting", "Report", "ScholarlyArticle", "TechArticle",
        "SatiricalArticle", "Review", "CriticReview", "SocialMediaPosting",
    }
)  # fmt: skip
# Types that make a page something else even when it also calls itself an Article (a food
# blog's post is a BlogPosting and a Recipe; the recipe is what it is).
DEFINING_TYPES = {
    "Recipe": "a recipe",
    "Product": "a shop page",
    "ProductGroup": "a shop page",
    "IndividualProduct": "a shop page",
    "Offer": "a shop page",
    "AggregateOffer": "a shop page",
    "PodcastEpisode": "a podcast page",
    "PodcastSeries": "a podcast page",
    "PodcastSeason": "a podcast page",
    "RadioEpisode": "a podcast page",
    "JobPosting": "a job advert",
}
# Types that say what a page is only when it declares no article type (an article page often
# carries an Event it reports on, or the VideoObject of its player).
OTHER_TYPES = {
    "VideoObject": "a video page",
    "Movie": "a video page",
    "TVEpisode": "a video page",
    "AboutPage": "an about page",
    "ContactPage": "a contact page",
    "ProfilePage": "a profile page",
    "Event": "an event page",
    "FAQPage": "a page of questions and answers",
    "QAPage": "a page of questions and answers",
    "CollectionPage": "a list of links",
    "SearchResultsPage": "a list of links",
    "Course": "a course page",
    "SoftwareApplication": "an app page",
    "MobileApplication": "an app page",
    "WebApplication": "an app page",
    "Book": "a book page",
    "LocalBusiness": "a business listing",
    "Restaurant": "a business listing",
    "Hotel": "a business listing",
    "Store": "a business listing",
    "MusicRecording": "a music page",
    "MusicAlbum": "a music page",
    "MusicPlaylist": "a music page",
}
# og:type values (Open Graph, and Facebook's object types) other than "article".
OG_TYPES = (
    ("product", "a shop page"),
    ("og:product", "a shop page"),
    ("music.", "a music page"),
    ("video.", "a video page"),
    ("profile", "a profile page"),
    ("book", "a book page"),
    ("business.", "a business listing"),
    ("restaurant.", "a business listing"),
)
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class PageFacts:
    """What a page says about itself."""

    schema_types: frozenset[str]  # top-level schema.org types, JSON-LD and microdata
    og_type: str | None
    words: int  # in the article text
    language: str | None  # ISO 639-1
    is_page: bool = True  # an HTML page, which could have declared itself; not plain text


@dataclass(frozen=True, slots=True)
class PageKind:
    """ "article", or a short noun phrase for what the page is, and why (one clause)."""

    kind: str
    reason: str | None = None


# ----------------------------------------------------------------------------- facts


@dataclass(frozen=True, slots=True)
class Declared:
    """What a page's markup says it is: read before extraction, which may prune the tree."""

    schema_types: frozenset[str] = frozenset()
    og_type: str | None = None
    is_page: bool = False  # plain text declares nothing, and cannot


def read_declared(tree: HtmlElement) -> Declared:
    found = tree.xpath("//meta[@property='og:type' or @name='og:type']/@content")
    og_type = str(found[0]).strip().lower() if found else None
    types = set(_json_ld_types(tree)) | set(_microdata_types(tree))
    return Declared(frozenset(types), og_type or None, is_page=True)


def page_facts(page: Declared, text: str, language: str | None) -> PageFacts:
    words = len(_WORD.findall(text))
    return PageFacts(page.schema_types, page.og_type, words, language, page.is_page)


def _type_name(value: object) -> str | None:
    """ "Recipe" for "Recipe", "schema:Recipe" or "https://schema.org/Recipe"."""
    if not isinstance(value, str) or not value.strip():
        return None
    return re.split(r"[/#:]", value.strip())[-1] or None


def _json_ld_types(tree: HtmlElement) -> Iterator[str]:
    """The @type of each top-level JSON-LD item and of each member of an @graph (not of nested
    values: a Review's itemReviewed Product does not make the page a shop)."""
    for script in tree.xpath("//script[@type='application/ld+json']/text()"):
        try:
            data = json.loads(script)
        except ValueError:
            continue  # broken JSON-LD is common and says nothing reliable
        items = data if isinstance(data, list) else [data]
        for item in items:
            if not isinstance(item, dict):
                continue
            graph = item.get("@graph")
            members = [item, *(graph if isinstance(graph, list) else [])]
            for member in members:
                kinds = member.get("@type") if isinstance(member, dict) else None
                for kind in kinds if isinstance(kinds, list) else [kinds]:
                    name = _type_name(kind)
                    if name:
                        yield name


def _microdata_types(tree: HtmlElement) -> Iterator[str]:
    for value in tree.xpath("//*[@itemtype and not(ancestor::*[@itemscope])]/@itemtype"):
        for kind in str(value).split():
            name = _type_name(kind)
            if name:
                yield name


# ----------------------------------------------------------------------------- rules

Rule = Callable[[PageFacts], PageKind | None]


def in_another_language(facts: PageFacts) -> PageKind | None:
    """A page in French is "a page in French": newsbot reads English news."""
    if facts.language and facts.language != ENGLISH:
        name = language_name(facts.language)
        return PageKind(f"a page in {name}", f"it is written in {name}; newsbot reads English")
    return None


def declared_news_article(facts: PageFacts) -> PageKind | None:
    """A NewsArticle (or a kind of it) is an article, whatever else the page carries."""
    return PageKind(ARTICLE) if facts.schema_types & NEWS_ARTICLE_TYPES else None


def defining_type(facts: PageFacts) -> PageKind | None:
    """A Recipe, a Product, a PodcastEpisode, a JobPosting: the page is that."""
    kind = min(facts.schema_types & DEFINING_TYPES.keys(), default=None)
    if kind is None:
        return None
    return PageKind(DEFINING_TYPES[kind], f"the page declares itself a schema.org {kind}")


def declared_article(facts: PageFacts) -> PageKind | None:
    """An Article or a BlogPosting, or og:type article, is an article."""
    if facts.schema_types & ARTICLE_TYPES or facts.og_type == "article":
        return PageKind(ARTICLE)
    return None


def other_type(facts: PageFacts) -> PageKind | None:
    """A page that declares no article but a VideoObject, an AboutPage, an Event, ... or an
    og:type such as product or video.movie."""
    kind = min(facts.schema_types & OTHER_TYPES.keys(), default=None)
    if kind is not None:
        return PageKind(OTHER_TYPES[kind], f"the page declares itself a schema.org {kind}")
    for prefix, what in OG_TYPES:
        if facts.og_type and facts.og_type.startswith(prefix):
            return PageKind(what, f"the page declares its og:type as {facts.og_type}")
    return None


def too_little_text(facts: PageFacts) -> PageKind | None:
    """A few dozen words on a page that does not say it is an article: a caption, a stub.
    (Plain text is what its sender chose to send, however short.)"""
    if facts.is_page and facts.words < MIN_UNDECLARED_WORDS:
        return PageKind(
            "a page with too little text",
            f"it has {facts.words} words of text and does not declare itself an article",
        )
    return None


RULES: tuple[Rule, ...] = (
    in_another_language,
    declared_news_article,
    defining_type,
    declared_article,
    other_type,
    too_little_text,
)


def classify(facts: PageFacts) -> PageKind:
    """The first rule of RULES that speaks decides; otherwise the page is an article."""
    for rule in RULES:
        decided = rule(facts)
        if decided is not None:
            return decided
    return PageKind(ARTICLE)

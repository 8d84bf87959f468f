"""bot.pagekind: whether a page is a news article, from the page itself; each rule on small
pages of our own, with the case it must not fire on; and the shared news pages all articles."""

from __future__ import annotations

import pytest

from bot.article import extract_article
from bot.language import language_name
from bot.pagekind import RULES
from tests.newspages import shared_news_articles

URL = "https://www.gazette.example/food/harbour-fish-stew"
PROSE = [
    "The harbour's fishermen have cooked this stew on the quay for a century, and the recipe "
    "has passed from boat to boat with every generation of the families who work there.",
    "Start with the onions and the fennel, cooked slowly in olive oil until soft, then add "
    "the tomatoes, the saffron and a glass of white wine, and let it bubble for ten minutes.",
    "Add the fish last, in large pieces, and do not stir: shake the pan instead, so that the "
    "pieces keep their shape, and serve it with bread rubbed with garlic.",
]


def ld(*items: str) -> str:
    return "".join(f'<script type="application/ld+json">{item}</script>' for item in items)


def thing(kind: str, extra: str = "") -> str:
    return f'{{"@context": "https://schema.org", "@type": "{kind}"{extra}}}'


def page(head: str = "", *, paragraphs: list[str] = PROSE, body_attrs: str = "") -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f'<html lang="en"><head><title>Harbour fish stew</title>{head}</head><body>'
        f"<article {body_attrs}><h1>Harbour fish stew</h1>{body}</article></body></html>"
    )


def kind_of(html: str) -> tuple[str, str | None]:
    article = extract_article(html, url=URL)
    return article.page_kind, article.not_article_reason


RECIPE = thing("Recipe", ', "name": "Harbour fish stew", "recipeIngredient": ["fish"]')
OG_ARTICLE = '<meta property="og:type" content="article">'


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        # a food blog's post is a BlogPosting and a Recipe: the recipe is what it is
        (ld(f'{{"@context": "https://schema.org", "@graph": [{thing("BlogPosting")}, {RECIPE}]}}')
         + OG_ARTICLE, "a recipe"),
        (ld(thing("Product", ', "offers": {"@type": "Offer", "price": "9.99"}')), "a shop page"),
        ('<meta property="og:type" content="product">', "a shop page"),
        (ld(thing("PodcastEpisode")), "a podcast page"),
        (ld(thing("JobPosting")), "a job advert"),
        (ld(thing("AboutPage")), "an about page"),
        (ld(thing("VideoObject")), "a video page"),
        ('<meta property="og:type" content="video.movie">', "a video page"),
        (ld(thing("Event")), "an event page"),
        (ld(thing("https://schema.org/ProfilePage")), "a profile page"),
    ],
)  # fmt: skip
def test_pages_that_say_they_are_something_else(head: str, kind: str) -> None:
    found, reason = kind_of(page(head))
    assert found == kind
    assert reason and ("schema.org" in reason or "og:type" in reason)


@pytest.mark.parametrize(
    "head",
    [
        "",  # nothing declared: an article by default
        OG_ARTICLE,
        # a news article that carries a recipe, its video player, the event it reports on
        ld(thing("NewsArticle"), RECIPE),
        ld(thing("NewsArticle"), thing("VideoObject")),
        ld(thing("Article"), thing("Event")),
        # an article page whose og:type names its video player
        ld(thing("Article")) + '<meta property="og:type" content="video.other">',
        # a review's reviewed product is nested, not the page
        ld(thing("Review", ', "itemReviewed": {"@type": "Product", "name": "Kettle"}')),
        # the publisher and the site are on every page
        ld(thing("Organization"), thing("WebSite"), thing("BreadcrumbList")),
        # broken JSON-LD says nothing
        '<script type="application/ld+json">{"@type": "Recipe", </script>',
    ],
)
def test_articles_stay_articles(head: str) -> None:
    assert kind_of(page(head)) == ("article", None)


def test_microdata_types_count_at_the_top_level_only() -> None:
    recipe = page(body_attrs='itemscope itemtype="https://schema.org/Recipe"')
    assert kind_of(recipe)[0] == "a recipe"
    nested = page(
        '<meta property="og:type" content="website">',
        body_attrs='itemscope itemtype="https://schema.org/Article"',
    ).replace("<h1>", '<div itemprop="about" itemscope itemtype="https://schema.org/Product">'
              "<span itemprop='name'>Kettle</span></div><h1>")  # fmt: skip
    assert kind_of(nested) == ("article", None)


SHORT = [PROSE[0], "Serve it hot."]  # 35 words: more than no article, less than a story


def test_a_short_text_that_does_not_declare_itself_an_article() -> None:
    short = page('<meta property="og:type" content="website">', paragraphs=SHORT * 2)
    found, reason = kind_of(short)
    assert found == "a page with too little text"
    assert reason == "it has 70 words of text and does not declare itself an article"
    # the same words declared as a news article are one: a short brief
    assert kind_of(page(ld(thing("NewsArticle")), paragraphs=SHORT * 2)) == ("article", None)


def test_a_page_in_french_is_a_page_in_french_whatever_it_declares() -> None:
    french = page(
        ld(thing("NewsArticle")),
        paragraphs=[
            "Le conseil municipal a voté mardi la fermeture du vieux pont du port aux voitures "
            "à partir du printemps prochain, après dix ans de débats.",
            "Les commerçants de la rive nord craignent de perdre des clients et demandent une "
            "navette gratuite pendant toute la durée des travaux.",
            "Une nouvelle passerelle pour les piétons et les cyclistes doit ouvrir en 2027, "
            "financée par une subvention régionale de douze millions d'euros.",
        ],
    )
    assert kind_of(french) == ("a page in French", "it is written in French; newsbot reads English")


def test_every_rule_has_a_docstring_with_an_example() -> None:
    for rule in RULES:
        assert rule.__doc__ and len(rule.__doc__) > 20, rule.__name__


@pytest.mark.shared
def test_the_shared_news_pages_in_english_are_all_articles() -> None:
    """All 91 pages of ../shared/corpus/article-html are news articles or blog posts: every one
    in English is called an article, and the others are called pages in their language."""
    kinds = {url: (a.language or "", a.page_kind) for url, a in shared_news_articles()}
    wrong = {
        url: (language, kind)
        for url, (language, kind) in kinds.items()
        if kind != ("article" if language == "en" else f"a page in {language_name(language)}")
    }
    assert wrong == {}
    assert sum(kind == ("en", "article") for kind in kinds.values()) >= 80

"""bot.pagebody: each repair of a page's tree and each non-article line rule, on small news
pages of our own, with a case it must not fire on; read through extract_article as a page is."""

from __future__ import annotations

import pytest
from lxml.html import fromstring, tostring

from bot.article import NoArticleText, extract_article
from bot.pagebody import (
    NOT_ARTICLE_LINES,
    drop_inline_popups,
    drop_link_teasers,
    keep_embedded_posts,
    merge_split_body,
    without_non_article_lines,
    wrap_loose_text,
)

URL = "https://www.gazette.example/news/2024/03/harbour-bridge"
LEAD = (
    "The city council voted on Tuesday to close the old harbour bridge to cars from next "
    "spring, ending a decade of argument over the crumbling structure."
)
SENTENCES = [
    f"Sentence number {i} of the story says the works on the harbour bridge will take a "
    f"long time and cost the town a great deal of money, said engineer number {i}."
    for i in range(40)
]


def page(body: str) -> str:
    return (
        '<html lang="en"><head><title>Harbour bridge to close</title></head><body>'
        '<nav><a href="/">Home</a> <a href="/news">News</a></nav>'
        f"<main><h1>Harbour bridge to close</h1>{body}</main>"
        "<footer><p>Northport Gazette</p></footer></body></html>"
    )


def paragraphs(sentences: list[str]) -> str:
    return "".join(f"<p>{s}</p>" for s in sentences)


def text_of(body: str) -> str:
    return extract_article(page(body), url=URL).text


# ----------------------------------------------------------------------- loose text


def test_a_lead_typed_straight_into_the_body_container_is_kept() -> None:
    body = (
        f'<section class="article-page">{LEAD} The bridge opened in 1931.<p></p>'
        f"<h2>What happens next</h2>{paragraphs(SENTENCES[:4])}</section>"
    )
    text = text_of(body)
    assert text.startswith(LEAD)
    assert all(s in text for s in SENTENCES[:4])


def test_loose_text_between_blocks_becomes_its_own_paragraph() -> None:
    tree = fromstring(
        f"<div><p>{SENTENCES[0]}</p><h2>Costs</h2><a href='/pic'><img src='a.jpg'></a>"
        f"{SENTENCES[1]}<br><p>{SENTENCES[2]}</p></div>"
    )
    wrap_loose_text(tree)
    assert [p.text_content().strip() for p in tree.iter("p")] == SENTENCES[:3]


@pytest.mark.parametrize(
    "html",
    [
        # a short label beside paragraphs is not a paragraph
        f"<div>Advertisement<p>{SENTENCES[0]}</p><p>{SENTENCES[1]}</p></div>",
        # a caption box: one run of text and nothing else is read whole already
        f"<div>{SENTENCES[0]}<span> Photo: Jane Roe</span></div>",
        # a "click to tweet" link between paragraphs is a widget, not prose
        f"<div><p>{SENTENCES[0]}</p><a href='https://twitter.com/share'>{SENTENCES[1]}</a>"
        f"<p>{SENTENCES[2]}</p></div>",
        # a custom block element ends a run; its paragraphs are not pulled into one
        f"<div><block><p>{SENTENCES[0]}</p><p>{SENTENCES[1]}</p></block></div>",
    ],
)
def test_loose_text_that_is_no_paragraph_is_left_alone(html: str) -> None:
    tree = fromstring(html)
    before = tostring(tree)
    wrap_loose_text(tree)
    assert tostring(tree) == before


# ----------------------------------------------------------------------- popups

HOVER_CARD = (
    '<span class="rollover-people"><a class="rollover-people-link" href="/people/roe">Jane Roe'
    '</a><span class="rollover-people-block"><span class="rollover-block"><img src="roe.jpg">'
    '<a href="/people/roe">Jane Roe</a><a href="/a/1">Mayor announces new budget</a>'
    '<a href="/a/2">Council meets on Friday</a></span></span></span>'
)


def test_a_hover_card_inside_a_sentence_goes_and_the_name_stays() -> None:
    body = f"<p>The bridge will close, Mayor {HOVER_CARD} (Labour) said on Tuesday.</p>"
    text = text_of(body + paragraphs(SENTENCES[:3]))
    assert "The bridge will close, Mayor Jane Roe (Labour) said on Tuesday." in text
    assert "budget" not in text


def test_a_classic_tooltip_keeps_its_word() -> None:
    tree = fromstring(
        '<div><p>The <span class="tooltip">EU<span class="tooltiptext">European Union'
        "</span></span> agreed.</p></div>"
    )
    drop_inline_popups(tree)
    assert tree.text_content() == "The EU agreed."


def test_popup_rule_leaves_other_inline_elements_and_popups_outside_paragraphs() -> None:
    html = (
        '<div><p>The <span class="highlight">mayor</span> agreed.</p>'
        '<div class="popup-newsletter">Sign up</div></div>'
    )
    tree = fromstring(html)
    drop_inline_popups(tree)
    assert tostring(tree) == tostring(fromstring(html))


# ----------------------------------------------------------------------- split bodies


def test_a_body_split_into_many_blocks_of_one_class_is_read_whole() -> None:
    """The magazine layout: the body in a run of same-class blocks between ad slots."""
    parts = "".join(
        f'<div class="grid-layout"><div class="article-body"><p>{SENTENCES[i]}</p>'
        f'<p>{SENTENCES[i + 1]}</p></div></div><div class="ad-slot">Advertisement</div>'
        for i in range(0, 30, 2)
    )
    text = text_of(f'<div id="main">{parts}</div>')
    assert all(s in text for s in SENTENCES[:30])


def test_body_parts_in_wrappers_of_their_own_are_read_whole() -> None:
    """Each part of the body in a wrapper with a class of its own: the parts are cousins."""
    parts = "".join(
        f'<div class="wrap-{i}"><div class="article-body">{paragraphs(SENTENCES[i : i + 6])}'
        '</div></div><div class="ad-slot"><p>Advertisement</p></div>'
        for i in range(0, 36, 6)
    )
    text = text_of(parts)
    assert all(s in text for s in SENTENCES[:36])


TEASERS = "".join(
    f'<article class="post"><h2><a href="/blog/post-{i}">Post {i}</a></h2>'
    f'<div class="entry-content"><p>{SENTENCES[i]}</p><a href="/blog/post-{i}">Read more</a>'
    "</div></article>"
    for i in range(10)
)
CARDS = "".join(
    f'<div class="card"><h3><a href="/news/{i}">Story {i}</a></h3><p>{SENTENCES[i]}</p></div>'
    for i in range(10)
)


@pytest.mark.parametrize("listing", [TEASERS, CARDS])
def test_a_list_of_teasers_is_not_merged_into_an_article(listing: str) -> None:
    tree = fromstring(f"<div>{listing}</div>")
    before = tostring(tree)
    merge_split_body(tree)
    assert tostring(tree) == before


def test_a_blog_index_of_excerpts_stays_no_article() -> None:
    excerpts = "".join(
        f"<article class='post'><h2><a href='/blog/post-{i}'>Post {i}</a></h2><div "
        f"class='entry-content'><p>Excerpt {i}: the council voted on Tuesday to close the "
        "harbour bridge to cars from next spring, ending a decade of argument over it.</p>"
        f"<a href='/blog/post-{i}'>Read more</a></div></article>"
        for i in range(10)
    )
    index = f"<html><head><title>Blog</title></head><body><main>{excerpts}</main></body></html>"
    with pytest.raises(NoArticleText):
        extract_article(index, url="https://www.gazette.example/blog/")


def test_blocks_of_one_class_without_prose_are_not_merged() -> None:
    html = (
        '<div><div class="card"><p>Weather</p></div><div class="card"><p>Sport</p></div>'
        f'<div class="story"><p>{SENTENCES[0]}</p></div></div>'
    )
    tree = fromstring(html)
    merge_split_body(tree)
    assert len(tree.find_class("card")) == 2


# ----------------------------------------------------------------------- embedded posts

TWEET = (
    '<div class="social-media-embed"><blockquote class="twitter-tweet"><p lang="en">The bridge '
    'is closing and nobody asked us <a href="https://t.co/x">https://t.co/x</a></p>&mdash; '
    'Jane Roe (@janeroe) <a href="https://twitter.com/janeroe/status/1">March 12, 2024</a>'
    '</blockquote><script src="https://platform.twitter.com/widgets.js"></script></div>'
)


def test_an_embedded_tweet_is_part_of_the_article() -> None:
    text = text_of(paragraphs(SENTENCES[:2]) + TWEET + paragraphs(SENTENCES[2:4]))
    assert "The bridge is closing and nobody asked us" in text
    assert text.index(SENTENCES[1]) < text.index("nobody asked us") < text.index(SENTENCES[2])


def test_a_wrapper_with_more_than_the_tweet_is_kept() -> None:
    html = (
        '<div><div class="embed"><p>Our poll: 52% want the bridge kept.</p>'
        '<blockquote class="twitter-tweet"><p>Keep it</p></blockquote></div></div>'
    )
    tree = fromstring(html)
    keep_embedded_posts(tree)
    assert tree.find_class("embed")


# ----------------------------------------------------------------------- link teasers


@pytest.mark.parametrize(
    "teaser",
    [
        '<p><strong>Related: </strong><a href="/a/9">Ten bridges that fell down</a></p>',
        '<p><strong>SEE MORE</strong>: <a href="/a/9">Ferry fares to rise in spring</a></p>',
        '<p><strong>DON\'T MISS</strong></p><p><a href="/a/7">Mayor in row over parking</a> '
        '[VIDEO]<br><a href="/a/8">Ferry fares to rise in spring</a> [INSIGHT]</p>',
    ],
)
def test_links_to_other_stories_in_the_body_are_not_the_article(teaser: str) -> None:
    text = text_of(paragraphs(SENTENCES[:2]) + teaser + paragraphs(SENTENCES[2:4]))
    for words in ("bridges that fell", "Ferry fares", "parking", "DON'T"):
        assert words not in text
    assert all(s in text for s in SENTENCES[:4])


def test_a_list_of_links_and_its_label_go() -> None:
    tree = fromstring(
        f"<div><p>{SENTENCES[0]}</p><p>More on this story</p>"
        '<ul><li><a href="/a/7"><u>Ten bridges that fell down</u></a></li>'
        '<li><a href="/a/8">Photos: the harbour at night</a></li></ul></div>'
    )
    drop_link_teasers(tree)
    assert tree.text_content() == SENTENCES[0]


@pytest.mark.parametrize(
    "html",
    [
        # a sentence that contains a link and starts like a teaser
        '<div><p>Read more about the plan in <a href="/r">the report</a> the council '
        "published on Tuesday, which runs to 300 pages.</p></div>",
        # a list of prose items with one link among them
        '<div><ul><li>Buses will run every ten minutes</li><li><a href="/map">A new map</a> '
        "shows the detours</li></ul></div>",
    ],
)
def test_prose_with_links_is_not_a_teaser(html: str) -> None:
    tree = fromstring(html)
    before = tostring(tree)
    drop_link_teasers(tree)
    assert tostring(tree) == before


# ----------------------------------------------------------------------- headline repeated


def test_the_h1_at_the_top_of_the_body_is_not_body_text_when_the_title_differs() -> None:
    html = (
        '<html lang="en"><head><title>HS Roundup: Viera wins | Florida Gazette</title>'
        '<meta property="og:title" content="HS Roundup: Viera wins"></head><body><article>'
        f"<h1>High School Roundup: Viera defeats Rockledge</h1>{paragraphs(SENTENCES[:4])}"
        "</article></body></html>"
    )
    text = extract_article(html, url=URL).text
    assert text.startswith(SENTENCES[0])


# ----------------------------------------------------------------------- lines


@pytest.mark.parametrize(
    "line",
    [
        "Additional reporting by Joseph Hudak",
        "Reporting by Jane Roe in London and John Doe in Paris; editing by Sam Poe",
        "Jane Roe and John Doe contributed to this report.",
        "The Associated Press contributed to this report.",
        "SOURCE: News agencies",
        "Filed under: Politics |",
        "Updated at 1:23 p.m.",
        "Posted: 18 Nov 2019 8:11 pm",
        "(Image credit: NASA/JPL)",
    ],
)
def test_credit_source_and_stamp_lines_are_dropped(line: str) -> None:
    assert without_non_article_lines(f"{SENTENCES[0]}\n{line}\n{SENTENCES[1]}") == (
        f"{SENTENCES[0]}\n{SENTENCES[1]}"
    )


@pytest.mark.parametrize(
    "line",
    [
        "Reporting by the Post has shown that the mayor knew of the cracks in 2019.",
        "Posted on social media by the performance analysts at Digital Foundry, the video shows.",
        "Source: a council official who asked not to be named because the talks were private.",
        "Roe, Doe and Poe contributed to the report the council published on Tuesday and more.",
        "Updated figures show the bridge carried 12,000 cars a day.",
    ],
)
def test_prose_that_starts_like_a_credit_line_stays(line: str) -> None:
    text = f"{SENTENCES[0]}\n{line}"
    assert without_non_article_lines(text) == text


def test_every_line_rule_has_a_named_example() -> None:
    for name, pattern in NOT_ARTICLE_LINES:
        example = name.split(": ", 1)[1].strip("'")
        assert pattern.match(example), name

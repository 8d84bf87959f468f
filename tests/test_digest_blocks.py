"""bot/digest_blocks.py: the digest thread as Block Kit, escaped, inside Slack's limits, split
between words rather than cut."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from bot.blocks import MAX_BLOCKS, MAX_HEADER_CHARS, MAX_SECTION_CHARS
from bot.digest import MAX_TOP_STORIES
from bot.digest_blocks import (
    ARTICLES_PER_LIST,
    MAX_LISTS,
    MAX_SPEAKERS_SHOWN,
    QUOTE_CHARS,
    DigestMessage,
    build_article_reply,
    build_digest_messages,
    build_parent,
    pack_lines,
    render_text,
    split_words,
)
from tests.blockkit import assert_valid_blocks
from tests.digest_factories import digest_of, shared_article

QUOTE = "The money is already in the budget and only the will to spend it is missing"


def texts(blocks: tuple[dict[str, Any], ...]) -> Iterator[tuple[str, str]]:
    """(block type, text) of every text in the blocks."""
    for block in blocks:
        if block["type"] in ("section", "header"):
            yield block["type"], block["text"]["text"]
        elif block["type"] == "context":
            for element in block["elements"]:
                yield "context", element["text"]


def assert_within_slack_limits(messages: list[DigestMessage]) -> None:
    for item in messages:
        assert_valid_blocks(item)
        m = item.message
        assert m.text.strip(), "every message needs a plain-text fallback"
        assert 0 < len(m.blocks) <= MAX_BLOCKS
        for kind, text in texts(m.blocks):
            assert text
            limit = MAX_HEADER_CHARS if kind == "header" else MAX_SECTION_CHARS
            assert len(text) <= limit, (kind, len(text))


def test_parent_has_date_count_sharers_top_actors_and_quote_of_the_day() -> None:
    article = shared_article(
        1,
        title="Bridge vote",
        sharers=("UAAAAAAA1", "UBBBBBBB2"),
        actors=[("Ann Lee", "person", "mayor", 0.9)],
        quotes=[(QUOTE, "direct", "Ann Lee")],
    )
    parent = build_parent(digest_of(article, shared_article(2, sharers=("UAAAAAAA1",))))
    body = "\n".join(t for _, t in texts(parent.blocks))
    assert parent.blocks[0]["type"] == "header"
    assert "Sunday 31 March 2024" in parent.blocks[0]["text"]["text"]
    # Who shared, as a count: a digest never pings anyone.
    assert "*2 articles* shared by 2 people" in body and "<@" not in body
    assert "• *Ann Lee* _(person)_ — 1 article" in body
    assert f"“{QUOTE}”" in body
    assert "Sun 31 Mar 08:00 (Europe/London)" in body  # the channel's time, summer time on
    assert "Ann Lee" in parent.text


def test_article_reply_links_title_site_sharers_actors_roles_and_quotes() -> None:
    entry = digest_of(
        shared_article(
            7,
            title="Council backs the bridge",
            sharers=("UAAAAAAA1",),
            actors=[
                ("Ann Lee", "person", "mayor of Riverton", 0.9),
                ("Riverton", "place", None, 0.2),
            ],
            quotes=[(QUOTE, "indirect", "Ann Lee")],
        )
    ).articles[0]
    [reply] = build_article_reply(entry)
    body = "\n".join(t for _, t in texts(reply.blocks))
    assert "<https://news.example.com/story/7|Council backs the bridge>" in body
    assert "Example News" in body
    assert "<@" not in body and "Shared by" not in body  # one sharer: nothing to say
    assert "With *Ann Lee*, *Riverton*" in body
    # Reported speech: the speaker and the whole clause, no quotation marks, linked to its place.
    assert f"> *Ann Lee* said that {QUOTE}\n— <https://news.example.com/story/7#:~:text=" in body
    assert "“" not in body and "(reported)" not in body
    assert reply.text == "Council backs the bridge"


def test_thread_is_parent_then_one_reply_per_article_then_who_said_what() -> None:
    articles = [
        shared_article(
            i, actors=[("Ann Lee", "person", None, 0.5)], quotes=[(QUOTE, "direct", "Ann Lee")]
        )
        for i in (1, 2, 3)
    ]
    messages = build_digest_messages(digest_of(*articles))
    assert [m.article_id for m in messages] == [None, 1, 2, 3, None]
    assert messages[0].message.blocks[0]["type"] == "header"
    closing = "\n".join(t for _, t in texts(messages[-1].message.blocks))
    assert closing.startswith("*Who said what* — 1 speaker in their own words\n*Ann Lee*\n")
    assert closing.count(f"> “{QUOTE}”") == 1  # the same words in three articles count once


def test_text_from_articles_and_users_is_escaped() -> None:
    article = shared_article(
        1,
        title="Tom & Jerry <!channel> <https://evil.example|click>",
        sharers=("not-a-user-id <!here>",),
        actors=[("<@U999> & co", "organization", "<b>role</b>", 0.9)],
        quotes=[
            ("Ask <!everyone> & then <https://x.example|go> now please", "direct", "<@U999> & co")
        ],
        site="Site <b>",
    )
    messages = build_digest_messages(digest_of(article))
    payload = json.dumps([m.to_json() for m in messages])
    for raw in ("<!channel>", "<!here>", "<!everyone>", "<@U999>", "<https://evil", "<b>"):
        assert raw not in payload
    assert "Tom &amp; Jerry &lt;!channel&gt;" in payload


def test_a_very_long_quote_is_clipped_between_words_and_linked_whole() -> None:
    words = [f"word{i}" for i in range(2500)]  # about 20,000 characters
    article = shared_article(
        1,
        actors=[("Ann Lee", "person", None, 0.9)],
        quotes=[(" ".join(words), "direct", "Ann Lee")],
    )
    [reply] = build_article_reply(digest_of(article).articles[0])
    assert_within_slack_limits([DigestMessage(reply)])
    lines = [line for _, text in texts(reply.blocks) for line in text.split("\n")]
    [quoted] = [line for line in lines if line.startswith("> ")]
    assert len(quoted) <= QUOTE_CHARS + 10 and quoted.endswith("…”")
    assert quoted[3:-2].split()[:-1] == words[: len(quoted[3:-2].split()) - 1]
    # The link leads to the whole quote: its first and last words.
    assert "#:~:text=word0%20word1%20word2%20word3%20word4,word2495%20" in "\n".join(lines)


def test_many_speakers_fit_one_closing_reply_within_fifty_blocks() -> None:
    articles = [
        shared_article(
            i,
            actors=[(f"Speaker {i}", "person", None, 0.5)],
            quotes=[(f"{QUOTE} number {i}", "direct", f"Speaker {i}")],
        )
        for i in range(120)
    ]
    messages = build_digest_messages(digest_of(*articles))
    assert_within_slack_limits(messages)
    assert len(messages) == 1 + MAX_TOP_STORIES + MAX_LISTS + 1
    body = "\n".join(t for _, t in texts(messages[-1].message.blocks))
    assert body.startswith("*Who said what* — 120 speakers")
    assert body.count("\n> “") == MAX_SPEAKERS_SHOWN
    # Speakers beyond those shown are still named, and the rest counted.
    assert "*Also quoted:* " in body and body.endswith(" and 80 more")


def test_five_hundred_articles_stay_within_slack_limits() -> None:
    articles = [
        shared_article(
            i,
            sharers=(f"U{i % 7:08d}",),
            actors=[
                (f"Person {i % 40}", "person", "minister", 0.3),
                ("Ann Lee", "person", None, 0.2),
            ],
            quotes=[
                (f"{QUOTE} {i} " * 30, "direct", f"Person {i % 40}"),
                ("big win", "partial", "Ann Lee"),
            ],
        )
        for i in range(500)
    ]
    messages = build_digest_messages(digest_of(*articles))
    assert_within_slack_limits(messages)
    # A parent, five main stories, three lists and who said what, however many articles.
    assert len(messages) == 10
    assert len({m.article_id for m in messages[1:6]}) == 5
    listed = "\n".join(t for m in messages[6:9] for _, t in texts(m.message.blocks))
    assert listed.count("\n• ") == 3 * ARTICLES_PER_LIST
    assert listed.endswith(f"_and {500 - 5 - 3 * ARTICLES_PER_LIST} more articles_")


def test_empty_period_posts_nothing_unless_the_subscription_asks_for_a_notice() -> None:
    digest = digest_of()
    assert build_digest_messages(digest) == []
    [notice] = build_digest_messages(digest, notify_empty=True)
    assert "No articles were shared" in notice.message.text


def test_messages_survive_a_json_round_trip_unchanged() -> None:
    """A run stores its messages as JSON and posts what it reads back (bot.digest_post)."""
    stored = [m.to_json() for m in build_digest_messages(digest_of(shared_article(1)))]
    assert json.loads(json.dumps(stored)) == stored


def test_split_words_never_breaks_a_word_or_a_link() -> None:
    text = "alpha <https://example.com/a|a long label with spaces> beta " * 40
    pieces = split_words(text, 100)
    assert all(len(p) <= 100 for p in pieces)
    assert " ".join(pieces).split() == text.split()
    assert all(p.count("<") == p.count(">") for p in pieces)


def test_pack_lines_keeps_lines_whole_when_they_fit() -> None:
    lines = ["x" * 1000, "y" * 1000, "z" * 1000, "w" * 10]
    assert pack_lines(lines, 3000) == ["x" * 1000 + "\n" + "y" * 1000, "z" * 1000 + "\n" + "w" * 10]


def test_preview_text_shows_links_as_label_and_url_and_unescapes() -> None:
    article = shared_article(1, title="Tom & Jerry", sharers=("UAAAAAAA1",))
    text = render_text(build_digest_messages(digest_of(article)))
    assert "Tom & Jerry (https://news.example.com/story/1)" in text
    assert "shared by 1 person" in text and "@UAAAAAAA1" not in text
    assert "--- reply 1" in text


def test_thirty_articles_make_at_most_twelve_messages_without_a_mention() -> None:
    articles = [
        shared_article(
            i,
            sharers=(f"U{i % 6:08d}", "UAAAAAAA1"),
            actors=[
                (f"Person {i % 8}", "person", "minister", 0.6),
                ("Riverton", "place", None, 0.2),
            ],
            quotes=[(f"{QUOTE} {i}", "direct", f"Person {i % 8}")],
        )
        for i in range(30)
    ]
    messages = build_digest_messages(digest_of(*articles))
    assert_within_slack_limits(messages)
    assert len(messages) <= 12
    payload = json.dumps([m.to_json() for m in messages])
    for markup in ("<@", "<!here", "<!channel", "<!everyone", "<!subteam"):
        assert markup not in payload
    # Every article is in the thread: a main story or a line of a list.
    assert all(f"story/{i}|" in payload for i in range(30))

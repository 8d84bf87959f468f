"""Block Kit is rendered block by block, generically, close enough to judge the real message by,
and newsbot's own messages (share replies, answers, digests) built from hostile article text
reach the page as text only."""

from __future__ import annotations

from typing import Any

from bot.blocks import build_help, build_share_failure, build_share_reply
from bot.digest_blocks import build_digest_messages
from bot.localslack.render import blocks_html, message_html
from bot.nlp.records import Actor, Analysis, Quote
from tests.digest_factories import digest_of, shared_article
from tests.localslack.htmlcheck import assert_safe, inspect, links, visible_text
from tests.localslack.test_mrkdwn import NAMES


def render(blocks: list[Any]) -> str:
    out = blocks_html(blocks, NAMES)
    assert_safe(out)
    return out


def classes(html: str) -> list[str]:
    return [dict(attrs).get("class") or "" for _, attrs in inspect(html).tags]


def test_header_is_plain_text() -> None:
    out = render([{"type": "header", "text": {"type": "plain_text", "text": "*Digest* <b>"}}])
    assert "bk-header" in classes(out)
    assert visible_text(out) == "*Digest* <b>"


def test_section_with_fields_and_a_link_button() -> None:
    out = render(
        [
            {
                "type": "section",
                "text": {"type": "mrkdwn", "text": "*Title*"},
                "fields": [
                    {"type": "mrkdwn", "text": "_one_"},
                    {"type": "plain_text", "text": "two"},
                ],
                "accessory": {
                    "type": "button",
                    "text": {"type": "plain_text", "text": "Open"},
                    "url": "https://news.example/a",
                    "style": "primary",
                },
            }
        ]
    )
    assert "<b>Title</b>" in out and "<i>one</i>" in out
    assert classes(out).count("bk-field") == 2
    assert links(out) == ["https://news.example/a"]
    assert "bk-button bk-button-primary" in out


def test_buttons_without_urls_do_nothing_and_bad_urls_are_not_links() -> None:
    out = render(
        [
            {
                "type": "actions",
                "elements": [
                    {"type": "button", "text": {"type": "plain_text", "text": "Approve"}},
                    {
                        "type": "button",
                        "text": {"type": "plain_text", "text": "Evil"},
                        "url": "javascript:alert(1)",
                        "style": "danger",
                    },
                    {
                        "type": "static_select",
                        "placeholder": {"type": "plain_text", "text": "Pick"},
                    },
                ],
            }
        ]
    )
    assert links(out) == []
    assert out.count("disabled") == 2
    assert "Pick" in visible_text(out)


def test_context_divider_image_and_rich_text() -> None:
    out = render(
        [
            {
                "type": "context",
                "elements": [
                    {"type": "mrkdwn", "text": "3 actors · `/newsbot quotes NAME`"},
                    {"type": "image", "image_url": "javascript:x", "alt_text": "logo"},
                ],
            },
            {"type": "divider"},
            {
                "type": "image",
                "image_url": "https://img.example/a.png",
                "alt_text": "a chart",
                "title": {"type": "plain_text", "text": "Chart"},
            },
            {
                "type": "rich_text",
                "elements": [
                    {
                        "type": "rich_text_list",
                        "style": "ordered",
                        "elements": [
                            {
                                "type": "rich_text_section",
                                "elements": [
                                    {"type": "text", "text": "first", "style": {"bold": True}},
                                ],
                            },
                            {
                                "type": "rich_text_section",
                                "elements": [{"type": "user", "user_id": "U1"}],
                            },
                        ],
                    },
                    {
                        "type": "rich_text_quote",
                        "elements": [{"type": "text", "text": "<quoted>"}],
                    },
                    {
                        "type": "rich_text_preformatted",
                        "elements": [{"type": "link", "url": "https://x.example/", "text": "x"}],
                    },
                ],
            },
        ]
    )
    tags = [t for t, _ in inspect(out).tags]
    assert "hr" in tags and "ol" in tags and tags.count("li") == 2 and "blockquote" in tags
    assert "pre" in tags and "<b>first</b>" in out and "@maria" in visible_text(out)
    assert "&lt;quoted&gt;" in out
    srcs = [dict(a).get("src") for t, a in inspect(out).tags if t == "img"]
    assert srcs == ["https://img.example/a.png"]  # the javascript: image is not loaded


def test_unknown_and_misshapen_blocks_are_named_and_the_rest_still_shows() -> None:
    out = render(
        [
            {"type": "video", "title": {"type": "plain_text", "text": "v"}},
            {"type": "section"},
            {"type": "section", "text": "not an object"},
            "not a block",
            {"type": "section", "text": {"type": "mrkdwn", "text": "still *here*"}},
        ]
    )
    text = visible_text(out)
    assert "[a video, not shown here]" in text
    assert text.count("cannot be shown") == 3
    assert "<b>here</b>" in out


def test_a_message_without_blocks_shows_its_text_with_links() -> None:
    out = message_html({"text": "read <https://a.example/|this> or https://b.example/"}, NAMES)
    assert_safe(out)
    assert links(out) == ["https://a.example/", "https://b.example/"]
    plain = message_html({"text": "*x*", "mrkdwn": False}, NAMES)
    assert visible_text(plain) == "*x*"


def test_blocks_win_over_the_fallback_text_and_attachments_follow() -> None:
    out = message_html(
        {
            "text": "fallback only",
            "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "the blocks"}}],
            "attachments": [{"title": "T", "title_link": "https://t.example/", "text": "_a_"}],
        },
        NAMES,
    )
    assert_safe(out)
    assert "fallback only" not in out and "the blocks" in out
    assert links(out) == ["https://t.example/"] and "<i>a</i>" in out


HOSTILE = (
    '<script>alert("x")</script> <img src=x onerror=alert(1)> *bold* _it_ ~s~ `c` '
    "<!channel> <@U1> <https://evil.example|click> javascript:alert(1) &amp; \" ' > quote"
)


def hostile_analysis() -> Analysis:
    actor = Actor(
        name=f"Jane {HOSTILE}", kind="person", aliases=(), role=HOSTILE, mentions=2, salience=0.9
    )
    quote = Quote(
        text=f"We will {HOSTILE} and more words to make it long enough to show",
        start=0,
        end=10,
        kind="direct",
        speaker=actor.name,
        speaker_kind="person",
        cue="said",
    )
    return Analysis(actors=(actor,), quotes=(quote,))


def test_newsbot_share_reply_from_a_hostile_article_is_text_only() -> None:
    message = build_share_reply(
        title=HOSTILE,
        url="https://news.example/a?b=<c>",
        site=HOSTILE,
        analysis=hostile_analysis(),
    )
    out = message_html(message.to_payload(), NAMES)
    assert_safe(out)
    text = visible_text(out)
    assert '<script>alert("x")</script>' in text  # shown as written, as text
    assert "<img src=x onerror=alert(1)>" in text
    # newsbot's own links only: the article, and its quotes' text fragments, percent-encoded
    url = "https://news.example/a?b=<c>"
    found = links(out)
    assert found and found[0] == url, found
    for link in found[1:]:
        fragment = link.removeprefix(f"{url}#:~:text=")
        assert fragment != link and not set(fragment) & set("<>\"' "), link
    assert "@channel" not in text.replace("@\u2060channel", "")  # the word joiner stays


def test_newsbot_answers_and_failures_render() -> None:
    for message in (build_help(), build_share_failure(url="https://x.example/", reason=HOSTILE)):
        out = message_html(message.to_payload(), NAMES)
        assert_safe(out)
        assert visible_text(out).strip()


def test_a_digest_thread_renders_every_message() -> None:
    article = shared_article(
        1,
        title=HOSTILE,
        actors=[("Jane Doe", "person", "mayor", 0.9)],
        quotes=[(f"Quote {HOSTILE}", "direct", "Jane Doe")],
    )
    messages = build_digest_messages(digest_of(article))
    assert len(messages) >= 3
    parent = message_html(messages[0].message.to_payload(), NAMES)
    assert "bk-header" in classes(parent) and "News digest" in visible_text(parent)
    for item in messages:
        assert_safe(message_html(item.message.to_payload(), NAMES))

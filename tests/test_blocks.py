"""Block Kit builders: Slack's limits hold, article text never pings or links, fallbacks exist."""

from __future__ import annotations

import json
from typing import Any

from bot import blocks
from bot.nlp.records import Actor, Analysis, Quote
from tests.blockkit import assert_valid_blocks

EVIL = "<!channel> <@U123> <https://evil.example|click> & more"


def actor(name: str, salience: float, role: str | None = None) -> Actor:
    return Actor(name=name, kind="person", aliases=(), role=role, mentions=3, salience=salience)


def quote(text: str, speaker: str | None, start: int, kind: str = "direct") -> Quote:
    return Quote(
        text=text, start=start, end=start + len(text), kind=kind,  # type: ignore[arg-type]
        speaker=speaker, speaker_kind="person" if speaker else None, cue="said",
    )  # fmt: skip


def texts(message: blocks.Message) -> list[str]:
    """Every string Slack will render from the message, fallback included."""
    out = [message.text]

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("text"), str):
                out.append(node["text"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(list(message.blocks))
    return out


def assert_within_limits(message: blocks.Message) -> None:
    assert 0 < len(message.blocks) <= 50
    assert message.text.strip()
    for block in message.blocks:
        if block["type"] == "section":
            assert len(block["text"]["text"]) <= 3000
        if block["type"] == "header":
            assert len(block["text"]["text"]) <= 150
        if block["type"] == "context":
            assert 1 <= len(block["elements"]) <= 10
    json.dumps(message.to_payload())  # plain JSON, nothing else
    assert_valid_blocks(message)


def test_escape_neutralises_mentions_and_links() -> None:
    assert blocks.escape(EVIL) == (
        "&lt;!channel&gt; &lt;@U123&gt; &lt;https://evil.example|click&gt; &amp; more"
    )


def test_clip_never_cuts_inside_an_escaped_entity() -> None:
    clipped = blocks.clip(blocks.escape("a" * 8 + "<<<<"), 12)
    assert clipped.endswith("…") and len(clipped) <= 12
    assert "&" not in clipped or clipped.count("&") == clipped.count(";")


def test_share_reply_with_hostile_title_and_quote_shows_them_escaped() -> None:
    analysis = Analysis(
        actors=(actor("Jane <@U999> Doe", 0.9, role="senator"),),
        quotes=(quote(EVIL + " it was said in earnest by her", "Jane <@U999> Doe", 0),),
    )
    msg = blocks.build_share_reply(
        title=EVIL, url="https://news.example/a?x=1&y=<2>", site="News", analysis=analysis
    )
    assert_within_limits(msg)
    for text in texts(msg):
        assert "<!channel>" not in text and "<@U" not in text
        assert "<https://evil" not in text
    rendered = "\n".join(texts(msg))
    assert "&lt;!channel&gt;" in rendered
    assert "<https://news.example/a?x=1&amp;y=&lt;2&gt;|" in rendered  # the real link survives


def test_share_reply_lists_actors_with_roles_and_at_most_three_quotes() -> None:
    actors = tuple(actor(f"Person {i}", 1 - i / 10, role=f"role {i}") for i in range(8))
    quotes = tuple(
        quote(
            f"quote number {i} with enough words to count as a real one", f"Person {i % 4}", i * 100
        )
        for i in range(10)
    )
    msg = blocks.build_share_reply(
        title="Title", url="https://n.example/x", site=None, analysis=Analysis(actors, quotes)
    )
    rendered = "\n".join(texts(msg))
    assert "*Person 0* — role 0" in rendered
    assert "Person 5" not in rendered  # five key actors, not eight
    assert rendered.count("“quote number") == 3
    assert "Title" in msg.text


def test_huge_texts_and_many_blocks_stay_inside_slacks_limits() -> None:
    long = "x&<" * 5000
    analysis = Analysis(
        actors=tuple(actor(long, 0.5, role=long) for _ in range(5)),
        quotes=tuple(quote(long, long, i) for i in range(3)),
    )
    assert_within_limits(
        blocks.build_share_reply(title=long, url="https://a.example/", site=long, analysis=analysis)
    )
    many = blocks.message("fallback", [blocks.section(str(i)) for i in range(120)])
    assert_within_limits(many)
    assert "71 more not shown" in many.blocks[-1]["elements"][0]["text"]
    assert len(blocks.header("h" * 400)["text"]["text"]) == 150


def test_failure_reply_is_one_sentence_saying_why() -> None:
    msg = blocks.build_share_failure(
        url="https://n.example/x", reason="the site answered 404 (not found)"
    )
    assert_within_limits(msg)
    assert msg.text == "I could not read this link: the site answered 404 (not found)."
    assert msg.blocks[0]["text"]["text"].count(".") >= 1


def test_help_for_an_unknown_sub_command_names_it_and_the_closest() -> None:
    msg = blocks.build_help(unknown="<!here>qoutes", closest="quotes")
    assert_within_limits(msg)
    first = msg.blocks[0]["text"]["text"]
    assert "&lt;!here&gt;qoutes" in first and "/newsbot quotes" in first
    assert all(f"/newsbot {usage}" in "\n".join(texts(msg)) for usage, _ in blocks.COMMAND_HELP)


def test_ephemeral_response_carries_blocks_and_fallback() -> None:
    body = blocks.build_notice("done").to_response()
    assert body["response_type"] == "ephemeral" and body["text"] == "done" and body["blocks"]

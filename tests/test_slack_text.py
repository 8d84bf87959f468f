"""Text crossing the Slack boundary: what Slack escapes on the way in is read once, and what an
article says is shown as itself on the way out, never as formatting, a mention or a cut link.

Slack's documented rules (docs.slack.dev, "Formatting message text" and the text object
reference): `&`, `<` and `>` are the only characters with an escape, as `&amp;`, `&lt;`, `&gt;`,
and Slack sends them so in slash-command text; mrkdwn has no escape for `*`, `_`, `~` and
backticks; a block quote is a line that starts with `>`; `verbatim: true` turns off the
automatic parsing of URLs, channel names and mentions in a mrkdwn text object.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import UTC, datetime
from html import escape as html_escape
from pathlib import Path
from typing import Any

import pytest

from bot.blocks import Message, build_quotes, build_search, build_share_failure, build_share_reply
from bot.digest_blocks import build_digest_messages
from bot.nlp.analyze import Analyzer
from bot.nlp.records import Actor, Analysis, Quote
from bot.store.queries import ActorQuotes, ActorRef, QuoteView
from handlers.invocation import parse
from tests.blockkit import assert_valid_blocks
from tests.digest_factories import digest_of, shared_article
from tests.slack_harness import Harness, message_event, running_app


@pytest.fixture
def harness(tmp_path: Path, analyzer: Analyzer) -> Iterator[Harness]:
    with running_app(tmp_path / "newsbot.db", analyzer) as h:
        yield h


def page(title: str, *paragraphs: str) -> str:
    """A news page of our own words; `title` and `paragraphs` are plain text, escaped here."""
    body = "".join(f"<p>{html_escape(p, quote=False)}</p>" for p in paragraphs)
    t = html_escape(title)
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{t}</title><meta property='og:title' content='{t}'>"
        "<meta property='og:site_name' content='Riverton Ledger'>"
        "<meta property='article:published_time' content='2024-05-14T09:00:00Z'>"
        f"</head><body><article><h1>{t}</h1>{body}</article></body></html>"
    )


FILLER = (
    "The Riverton bridge carries about forty thousand vehicles a day across the Green River, "
    "and engineers rated its deck in poor condition in an inspection last spring.",
    "The state transportation department has proposed a repair programme that would close two "
    "lanes for eighteen months while crews replace the steel supports and resurface the road.",
    "Council members are expected to vote on the budget next week after a series of hearings "
    "in which residents described long delays and worries about the safety of the crossing.",
    "A spokesman for the department said the work could begin in the autumn if the money is "
    "approved, and that a temporary ferry service was being considered for cyclists.",
)


def share_and_wait(h: Harness, url: str, ts: str) -> dict[str, Any]:
    """Share `url` in a message and return the thread reply newsbot posted about it."""
    h.post_event(message_event(f"<{url}>", ts), event_id=f"Ev{ts}")
    [reply] = h.slack.wait_for(
        "chat.postMessage", where=lambda c: c.params.get("thread_ts") == ts, timeout=60
    )
    h.services.worker.join()
    return reply.params


# -- item 10: slash-command text arrives escaped by Slack ----------------------------------------


def test_slack_escaped_command_text_is_read_once() -> None:
    assert parse("search AT&amp;T").args == "AT&T"
    assert parse("search a &lt;b&gt; c").args == "a <b> c"
    # What the person typed as "&lt;" reaches us as "&amp;lt;": one unescape, not two.
    assert parse("search &amp;lt;").args == "&lt;"
    assert parse("article <https://a.example/x?a=1&amp;b=2>").args == "https://a.example/x?a=1&b=2"


def test_search_for_at_and_t_finds_the_quote_and_echoes_the_words_once_escaped(
    harness: Harness,
) -> None:
    url = harness.site.html(
        "/news/carrier",
        page(
            "Carrier to pay for bridge",
            "“AT&T will pay for the new cables on the bridge this year,” "
            "Senator Maria Alvarez said on Tuesday.",
            *FILLER,
        ),
    )
    share_and_wait(harness, url, "1715677500.000100")

    # Slack sends what the person typed, AT&T, as AT&amp;T.
    answer = harness.post_command("search AT&amp;T", response_url=harness.slack.response_url())
    body = answer.json()
    rendered = str(body["blocks"])
    assert "AT&amp;T will pay for the new cables" in rendered
    assert "&amp;amp;" not in rendered and "&amp;amp;" not in body["text"]
    assert body["blocks"][0]["text"]["text"].startswith("1 quote containing “AT&amp;T”")


# -- item 11: article text in mrkdwn is shown as written ----------------------------------------

# What a page may carry to format, break out of a quote, or notify a whole channel.
STYLED = "*Breaking* _now_ ~old~ `code`"
BROADCAST = "Heads up @channel, @here and @everyone"
LONG_URL = "https://news.example.com/story/" + "a" * 3500


def mrkdwn_objects(blocks: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Every mrkdwn text object inside the blocks."""
    for block in blocks:
        found = [block.get("text"), *(block.get("elements") or []), *(block.get("fields") or [])]
        for obj in found:
            if isinstance(obj, dict) and obj.get("type") == "mrkdwn":
                yield obj


def slack_texts(message: Message) -> list[str]:
    return [message.text, *(o["text"] for o in mrkdwn_objects(message.blocks))]


def assert_inert(message: Message) -> None:
    """No article formatting, no broadcast, no cut link; every mrkdwn object verbatim."""
    for obj in mrkdwn_objects(message.blocks):
        assert obj.get("verbatim") is True, obj
    for text in slack_texts(message):
        for styled in ("*Breaking*", "_now_", "~old~", "`code`"):
            assert styled not in text, (styled, text)
        for word in ("@channel", "@here", "@everyone"):
            assert word not in text, (word, text)
        # Past our own block-quote marks, every < opens markup that a > closes: a cut link
        # would leave an unclosed one.
        markup = re.sub(r"(?m)^> ", "", text)
        assert re.fullmatch(r"[^<>]*(?:<[^<>]*>[^<>]*)*", markup), text


def styled_analysis() -> Analysis:
    speaker = "Jane *Doe*"
    return Analysis(
        actors=(
            Actor("Jane *Doe*", "person", (), "_acting_ chair", 3, 0.9),
            Actor(BROADCAST, "organization", (), None, 2, 0.5),
        ),
        quotes=(
            Quote(
                text=f"It was a f*** disaster and a s*** deal.\n> {STYLED}\n{BROADCAST}",
                start=0, end=80, kind="direct", speaker=speaker, speaker_kind="person",
                cue="said", speaker_text=speaker,
            ),
        ),
    )  # fmt: skip


def test_share_reply_shows_article_formatting_characters_as_text_and_notifies_no_one() -> None:
    reply = build_share_reply(
        title=f"{STYLED} {BROADCAST}", url=LONG_URL, site="_Ledger_", analysis=styled_analysis()
    )
    assert_valid_blocks(reply)
    assert_inert(reply)
    shown = "\n".join(slack_texts(reply))
    # Shown as written (look-alike code points Slack does not parse), not dropped.
    assert "∗Breaking∗ ˍnowˍ ∼old∼ ˋcodeˋ" in shown
    assert "f∗∗∗ disaster and a s∗∗∗ deal" in shown
    assert "Jane ∗Doe∗" in shown and "ˍactingˍ chair" in shown


def test_a_line_break_inside_a_quote_stays_inside_its_block_quote() -> None:
    reply = build_share_reply(
        title="Bridge", url="https://n.example/a", site=None, analysis=styled_analysis()
    )
    [quotes] = [o["text"] for o in mrkdwn_objects(reply.blocks) if "disaster" in o["text"]]
    # (the credit line under the quote links to its words, so it holds them too, encoded)
    quote_lines = [
        line
        for line in quotes.splitlines()
        if ("disaster" in line or "Breaking" in line) and not line.startswith("— ")
    ]
    assert quote_lines and all(line.startswith("> ") for line in quote_lines)
    # The article's own "> " is text inside the quote, not a second quote level.
    assert "&gt; ∗Breaking∗" in quotes


def test_a_url_of_thousands_of_characters_never_leaves_a_cut_link() -> None:
    analysis = styled_analysis()
    for url in (LONG_URL, "https://n.example/" + "&" * 2000, "https://n.example/" + "b" * 2990):
        reply = build_share_reply(title="Bridge", url=url, site="Ledger", analysis=analysis)
        assert_valid_blocks(reply)
        assert_inert(reply)
        assert "Bridge" in reply.blocks[0]["text"]["text"]  # the title stays, linked or not
        failure = build_share_failure(url=url, reason="the site answered 404")
        assert_valid_blocks(failure)
        assert_inert(failure)


def stored_quote(url: str = LONG_URL) -> QuoteView:
    return QuoteView(
        id=1, text=f"{STYLED}\n{BROADCAST} " + "word " * 600, kind="direct", cue="said",
        speaker="Jane *Doe*", speaker_text="Jane *Doe*", actor_id=1, article_id=1,
        article_title=f"{STYLED} {BROADCAST}", article_url=url, site="_Ledger_",
        seen_at=datetime(2024, 5, 14, tzinfo=UTC), start=0, end=10,
    )  # fmt: skip


def test_archive_answers_show_stored_text_as_written() -> None:
    ref = ActorRef(1, "Jane *Doe*", "person")
    answers = [
        build_quotes(ActorQuotes("Jane *Doe*", (ref,), (stored_quote(),) * 3), days=None),
        build_search("*Breaking*", [stored_quote(), stored_quote("https://n.example/a")]),
    ]
    for answer in answers:
        assert_valid_blocks(answer)
        assert_inert(answer)


def test_digest_messages_show_article_text_as_written() -> None:
    article = shared_article(
        1,
        title=f"{STYLED} {BROADCAST}",
        site="_Ledger_",
        actors=[("Jane *Doe*", "person", "_acting_ chair", 0.9)],
        quotes=[(f"It was a f*** deal.\n> {STYLED}\n{BROADCAST}", "direct", "Jane *Doe*")],
    )
    article = replace(
        article,
        url=LONG_URL,
        quotes=tuple(replace(q, article_url=LONG_URL) for q in article.quotes),
    )
    messages = build_digest_messages(digest_of(article, shared_article(2)))
    assert len(messages) >= 3
    for item in messages:
        assert_valid_blocks(item.message)
        assert_inert(item.message)
    shown = "\n".join(t for item in messages for t in slack_texts(item.message))
    assert "∗Breaking∗ ˍnowˍ ∼old∼ ˋcodeˋ" in shown and "Jane ∗Doe∗" in shown
    for item in messages:
        for obj in mrkdwn_objects(item.message.blocks):
            for line in obj["text"].splitlines():
                if "f∗∗∗ deal" in line or "&gt; ∗Breaking∗" in line:  # the quote's words
                    assert line.startswith("> "), line


def test_a_shared_page_with_styled_title_and_quote_and_a_huge_url_is_answered_as_written(
    harness: Harness,
) -> None:
    path = "/news/" + "long-" * 700  # a 3,500-character URL
    url = harness.site.html(
        path,
        page(
            f"{STYLED} {BROADCAST}",
            "“It was a f*** disaster and a s*** deal for @here and everyone who drives over it,” "
            "Senator Maria Alvarez said on Tuesday.",
            *FILLER,
        ),
    )
    assert len(url) > 3000
    reply = share_and_wait(harness, url, "1715677600.000100")
    message = Message(text=reply["text"], blocks=tuple(reply["blocks"]))
    assert_valid_blocks(message)
    assert_inert(message)
    shown = "\n".join(slack_texts(message))
    assert "∗Breaking∗ ˍnowˍ ∼old∼ ˋcodeˋ" in shown
    assert "f∗∗∗ disaster and a s∗∗∗ deal" in shown and "Maria Alvarez" in shown

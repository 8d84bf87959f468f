"""Every `build_*` of bot.blocks and bot.digest_blocks makes Block Kit that slack_sdk's block models
accept (tests.blockkit), for ordinary, empty, hostile and oversized input alike; a new builder
without a case here fails the last test."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from datetime import UTC, datetime

import pytest

from bot import blocks, digest_blocks
from bot.blocks import Message
from bot.digest import Digest
from bot.digest_blocks import DigestMessage
from bot.nlp.records import Actor, Analysis, Quote
from bot.shares import UrlResult
from bot.store.queries import (
    ActorCount,
    ActorLookup,
    ActorProfile,
    ActorQuotes,
    ActorRef,
    QuoteView,
    TopActors,
)
from tests.blockkit import assert_valid_blocks
from tests.digest_factories import digest_of, shared_article

WHEN = datetime(2024, 5, 14, 9, 0, tzinfo=UTC)
HOSTILE = "<!channel> *Breaking* <https://evil.example|click> & `code` @here "
HUGE = HOSTILE * 400  # about 25,000 characters
URL = "https://news.example.com/2024/05/bridge?id=1&x=<2>"


def analysis(text: str, n: int) -> Analysis:
    actors = tuple(
        Actor(f"{text[:50]} Person {i}", "person", (), text, 3, 1 - i / 10) for i in range(n)
    )
    quotes = tuple(
        Quote(f"{text} quote {i} " * 3, i * 100, i * 100 + 9, "direct", a.name, "person", "said")
        for i, a in enumerate(actors)
    )
    return Analysis(actors, quotes)


def quote_view(i: int, text: str = "The bridge will stay open while crews work on it") -> QuoteView:
    return QuoteView(
        id=i, text=text, kind="direct" if i % 2 else "indirect", cue="said", speaker="Ann Lee",
        speaker_text="Ann Lee", actor_id=1, article_id=i, article_title=f"Story {i} {HOSTILE}",
        article_url=f"{URL}&n={i}", site="Example News", seen_at=WHEN, start=0, end=len(text),
    )  # fmt: skip


def profile(name: str) -> ActorProfile:
    return ActorProfile(
        id=1, name=name, kind="person", aliases=(name, "A. Lee"), roles=(HOSTILE, "mayor"),
        article_count=12, quote_count=30, first_seen=WHEN, last_seen=WHEN,
    )  # fmt: skip


def a_digest(articles: int, text: str = "Ann Lee") -> Digest:
    return digest_of(
        *(
            shared_article(
                i,
                title=f"{text} story {i}",
                actors=[(f"{text[:80]} {i % 7}", "person", text, 0.5)],
                quotes=[(f"{text} said the words of quote {i}", "direct", f"{text[:80]} {i % 7}")],
            )
            for i in range(articles)
        )
    )


Built = Message | DigestMessage | Iterable[Message | DigestMessage]
CASES: dict[str, list[Callable[[], Built]]] = {
    "build_not_article": [
        lambda: blocks.build_not_article(
            url=URL, title=HOSTILE, kind="a recipe", reason="the page declares itself a Recipe"
        ),
        lambda: blocks.build_not_article(url=URL * 300, title=None, kind=HUGE, reason=HUGE),
    ],
    "build_link_answer": [
        lambda: blocks.build_link_answer(
            UrlResult(url=URL, title=HOSTILE, analysis=analysis("Ann", 2)), url=URL
        ),
        lambda: blocks.build_link_answer(
            UrlResult(url=URL, analysis=Analysis((), ()), page_kind=HUGE, not_article_reason=HUGE),
            url=URL,
        ),
        lambda: blocks.build_link_answer(UrlResult(url=URL, error=HUGE), url=URL),
    ],
    "build_share_reply": [
        lambda: blocks.build_share_reply(
            title="Bridge", url=URL, site="News", analysis=analysis("Ann", 4)
        ),
        lambda: blocks.build_share_reply(title=None, url=URL, site=None, analysis=Analysis((), ())),
        lambda: blocks.build_share_reply(
            title=HUGE, url=URL + "a" * 5000, site=HUGE, analysis=analysis(HUGE, 8)
        ),
    ],
    "build_share_failure": [
        lambda: blocks.build_share_failure(url=URL, reason="the page took longer than 15 s"),
        lambda: blocks.build_share_failure(url=URL + "a" * 5000, reason=HUGE),
    ],
    "build_unread_links": [
        lambda: blocks.build_unread_links(read=10, unread=1),
        lambda: blocks.build_unread_links(read=10, unread=190),
    ],
    "build_help": [
        lambda: blocks.build_help(),
        lambda: blocks.build_help(unknown=HOSTILE, closest="quotes"),
    ],
    "build_notice": [lambda: blocks.build_notice("Usage: `/newsbot quotes NAME`")],
    "build_quotes": [
        lambda: blocks.build_quotes(
            ActorQuotes(
                "Ann", (ActorRef(1, "Ann Lee", "person"),), tuple(quote_view(i) for i in range(15))
            ),
            days=7,
        ),
        lambda: blocks.build_quotes(
            ActorQuotes(HOSTILE, (), (), suggestions=(HOSTILE,)), days=None
        ),
        lambda: blocks.build_quotes(
            ActorQuotes(
                "Ann", (ActorRef(1, HUGE, "person"),), tuple(quote_view(i, HUGE) for i in range(60))
            ),
            days=None,
        ),
        lambda: blocks.build_quotes(
            ActorQuotes(
                "Ann",
                (ActorRef(1, "Ann Lee", "person"),),
                tuple(quote_view(i) for i in range(15)),
                total=40,
                offset=15,
            ),
            days=None,
            more='{"text": "quotes Ann", "offset": 30}',
        ),
    ],
    "build_actor": [
        lambda: blocks.build_actor(ActorLookup("Ann", (profile("Ann Lee"), profile(HUGE)))),
        lambda: blocks.build_actor(
            ActorLookup("Ann", (profile("Ann Lee"),)),
            ActorQuotes(
                "Ann", (ActorRef(1, "Ann Lee", "person"),), (quote_view(1, HUGE),), total=9
            ),
            more='{"text": "quotes Ann", "offset": 1}',
        ),
        lambda: blocks.build_actor(ActorLookup(HOSTILE, (), suggestions=("Ann Lee",))),
    ],
    "build_candidates": [
        lambda: blocks.build_candidates(
            "Smith", (profile("Ann Smith"), profile("Bo Smith")), "quotes"
        ),
        lambda: blocks.build_candidates(HOSTILE, tuple(profile(HUGE) for _ in range(10)), "actor"),
    ],
    "build_top": [
        lambda: blocks.build_top(
            TopActors(
                WHEN,
                WHEN,
                tuple(ActorCount(i, f"{HOSTILE} {i}", "person", 10 - i) for i in range(10)),
                (ActorCount(1, "Ann Lee", "person", 4),),
            ),
            period="the last 7 days",
        ),
        lambda: blocks.build_top(TopActors(None, None, (), ()), period="today"),
    ],
    "build_search": [
        lambda: blocks.build_search("bridge", tuple(quote_view(i) for i in range(15))),
        lambda: blocks.build_search(HOSTILE, ()),
        lambda: blocks.build_search(
            "bridge",
            tuple(quote_view(i) for i in range(15)),
            total=1001,
            offset=15,
            more='{"text": "search bridge", "offset": 30}',
        ),
    ],
    "build_parent": [
        lambda: digest_blocks.build_parent(a_digest(3)),
        lambda: digest_blocks.build_parent(a_digest(40, HUGE)),
    ],
    "build_article_reply": [
        lambda: digest_blocks.build_article_reply(a_digest(1).articles[0]),
        lambda: digest_blocks.build_article_reply(a_digest(1, HUGE).articles[0]),
    ],
    "build_article_lists": [
        lambda: digest_blocks.build_article_lists(a_digest(12)),
        lambda: digest_blocks.build_article_lists(a_digest(300, HUGE)),
    ],
    "build_who_said_what": [
        lambda: digest_blocks.build_who_said_what(a_digest(5)),
        lambda: digest_blocks.build_who_said_what(a_digest(120, HUGE)),
    ],
    "build_empty_notice": [lambda: digest_blocks.build_empty_notice(a_digest(0))],
    "build_digest_messages": [
        lambda: digest_blocks.build_digest_messages(a_digest(3)),
        lambda: digest_blocks.build_digest_messages(a_digest(0), notify_empty=True),
    ],
    "build_digest_usage": [
        lambda: digest_blocks.build_digest_usage(),
        lambda: digest_blocks.build_digest_usage("“24:00” is not a time: use HH:MM."),
    ],
    "build_subscribed": [
        lambda: digest_blocks.build_subscribed(
            time="07:00",
            timezone="Europe/London",
            days="on weekdays",
            next_run=WHEN,
            notify_empty=True,
        ),
        lambda: digest_blocks.build_subscribed(
            time="07:00", timezone="UTC", days="every day", next_run=None, notify_empty=False
        ),
    ],
    "build_status": [
        lambda: digest_blocks.build_status(
            time="07:00",
            timezone="Europe/London",
            days="every day",
            next_run=WHEN,
            last_end=WHEN,
            last_link="https://fake.slack.test/archives/C1/p1",
        ),
        lambda: digest_blocks.build_status(
            time=None, timezone=None, days=None, next_run=None, last_end=None, last_link=None
        ),
    ],
}


@pytest.mark.parametrize(
    "build",
    [
        pytest.param(case, id=f"{name}-{i}")
        for name, cases in CASES.items()
        for i, case in enumerate(cases)
    ],
)
def test_every_message_built_is_valid_block_kit(build: Callable[[], Built]) -> None:
    built = build()
    messages = [built] if isinstance(built, Message | DigestMessage) else list(built)
    assert messages
    for message in messages:
        assert_valid_blocks(message)


def test_every_builder_has_a_case_here() -> None:
    builders = {
        name
        for module in (blocks, digest_blocks)
        for name, fn in inspect.getmembers(module, inspect.isfunction)
        if name.startswith("build_") and fn.__module__ == module.__name__
    }
    assert builders == set(CASES)

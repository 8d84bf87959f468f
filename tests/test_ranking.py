"""bot.ranking: one quote ranking, so a share reply, `/newsbot article` and a digest show the same
best quotes of an article: attributed, direct, readable, from salient and distinct speakers."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from bot import ranking
from bot.blocks import Message, build_share_reply
from bot.digest_post import prepare_digest
from bot.nlp.records import Analysis, Quote
from bot.shares import stored_analysis
from bot.store import queries as q
from bot.store.db import make_engine, session_factory
from tests import digest_fixtures as fx
from tests.store import factories as f

_sqlite_template = fx._sqlite_template
sqlite_url = fx.sqlite_url

NINE = "one two three four five six seven eight nine"


def test_best_quotes_prefers_attributed_direct_quotes_from_distinct_salient_speakers() -> None:
    salience = {"A": 0.9, "B": 0.5, "C": 0.1}
    quotes = (
        f.quote(NINE, None, start=0),
        f.quote(NINE, "A", start=10),
        f.quote(NINE + " ten", "A", start=20),
        f.quote(NINE, "B", start=30),
        f.quote(NINE, "C", start=40, kind="indirect"),
    )
    best = ranking.best_quotes(quotes, salience, 2)
    assert [q.speaker for q in best] == ["A", "B"]
    assert [q.start for q in best] == sorted(q.start for q in best)


def test_a_fragment_is_shown_only_when_the_article_has_nothing_longer() -> None:
    fragment = f.quote("a disaster", "A", start=0)
    longer = f.quote(NINE, "B", kind="indirect", start=50)
    # The fragment's speaker is the most salient and it is direct, yet the longer quote wins.
    assert ranking.best_quotes([fragment, longer], {"A": 1.0, "B": 0.1}, 1) == [longer]
    assert ranking.best_quotes([fragment], {"A": 1.0}, 3) == [fragment]


# Four speakers, most salient first; the most salient one said only a fragment. The share reply
# used to weigh every quote outside 8-60 words alike and showed the fragment; the digest never
# shows a fragment when the article has longer quotes. Both now rank with bot.ranking.
ACTORS = [
    f.actor("Maria Alvarez", salience=1.0),
    f.actor("Tom Becker", salience=0.5),
    f.actor("Aisha Khan", salience=0.3),
    f.actor("Luis Ortega", salience=0.2),
]
QUOTES = [
    f.quote("A total disgrace", "Maria Alvarez", start=0),
    f.quote("The bridge will stay open while the crews work on it", "Tom Becker", start=100),
    f.quote(
        "the repairs would pay for themselves within ten years", "Aisha Khan", kind="partial",
        start=200,
    ),
    f.quote(
        "the council would vote on the budget next week", "Luis Ortega", kind="indirect",
        start=300,
    ),
]  # fmt: skip


def shown_quotes(message: Message) -> list[str]:
    """The words of the quotes of a message's Quotes section, in order: verbatim words from
    inside their quotation marks, reported speech after its speaker and cue."""
    sections = [b["text"]["text"] for b in message.blocks if b["type"] == "section"]
    quotes = [text for text in sections if text.startswith("*Quotes*")]
    lines = [line[2:] for text in quotes for line in text.splitlines() if line.startswith("> ")]
    return [
        m.group(1) if (m := re.fullmatch(r"“(.*)”", line)) else line.split(" said that ", 1)[1]
        for line in lines
    ]


def test_a_share_reply_and_a_digest_show_the_same_best_quotes_of_an_article(
    sqlite_url: str,
) -> None:
    analysis = f.analysis(ACTORS, QUOTES)
    url = "https://news.example.com/2024/bridge"
    shared_at = datetime(2024, 5, 14, 9, 0, tzinfo=UTC)
    engine = make_engine(sqlite_url)
    sessions = session_factory(engine)
    with sessions() as session:
        article_id = q.store_analysis(
            session=session, article=f.article(url, title="Bridge"), analysis=analysis
        )
        share_id, _ = q.record_share(
            session=session, team=None, channel=fx.CHANNEL, message_ts="1.000001",
            thread_ts=None, user=fx.USERS[0], url=url, shared_at=shared_at,
        )  # fmt: skip
        q.mark_share_done(session=session, share_id=share_id, article_id=article_id)
        stored = stored_analysis(*q.article_analysis(session=session, article_id=article_id))
    digest = prepare_digest(
        sessions, channel=fx.CHANNEL, period_end=shared_at + timedelta(hours=1), timezone="UTC"
    )
    engine.dispose()

    fresh_reply = build_share_reply(title="Bridge", url=url, site=None, analysis=analysis)
    archive_reply = build_share_reply(title="Bridge", url=url, site=None, analysis=stored)
    [entry] = digest.articles
    expected = [QUOTES[1].text, QUOTES[2].text, QUOTES[3].text]
    assert shown_quotes(fresh_reply) == expected
    assert shown_quotes(archive_reply) == expected
    assert [q.text for q in entry.quotes] == expected


def test_quotes_of_unknown_speakers_and_blank_quotes_are_never_picked() -> None:
    quotes: list[Quote] = [f.quote(NINE, None), f.quote("   ", "A", start=5)]
    assert ranking.best_quotes(quotes, {"A": 1.0}, 3) == []
    reply = build_share_reply(
        title="T", url="https://n.example/", site=None, analysis=Analysis((), tuple(quotes))
    )
    assert shown_quotes(reply) == []
    assert "No actors or quotes found" in reply.blocks[1]["elements"][0]["text"]


def test_a_named_speaker_is_preferred_to_a_description_however_salient() -> None:
    described = replace(f.quote(NINE + " ten eleven", "officials", start=0), speaker_kind="group")
    named = f.quote(NINE, "Ann Lee", kind="partial", start=50)
    # The description is more salient and speaks directly, yet the named speaker is shown.
    assert ranking.best_quotes([described, named], {"officials": 1.0, "Ann Lee": 0.1}, 3) == [named]
    # With nobody named, the description is shown rather than nothing.
    assert ranking.best_quotes([described], {"officials": 1.0}, 3) == [described]

"""bot/digest.py: which articles, actors and quotes a digest shows, and in what order."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfoNotFoundError

import pytest

from bot.digest import (
    MAX_TOP_ACTORS,
    window,
)
from tests.digest_factories import BASE, END, digest_of, shared_article

LONG_1 = "The bridge has been unsafe for a decade and the families who cross it deserve better"
LONG_2 = "The money is already in the budget and only the will to spend it is missing"
LONG_3 = "We will hold hearings in every county before a single contract is signed"


def test_first_window_is_the_24_hours_before_the_digest_time() -> None:
    assert window(END, None) == (END - timedelta(hours=24), END)


def test_later_windows_start_where_the_previous_digest_ended() -> None:
    previous = END - timedelta(hours=70)
    assert window(END, previous) == (previous, END)


def test_articles_appear_in_the_order_they_were_shared() -> None:
    late = shared_article(1, shared_at=BASE + timedelta(hours=5))
    early = shared_article(2, shared_at=BASE + timedelta(hours=1))
    assert [a.article_id for a in digest_of(late, early).articles] == [2, 1]


def test_article_shows_at_most_three_quotes_in_text_order_one_per_speaker_first() -> None:
    article = shared_article(
        1,
        actors=[("Ann Lee", "person", "mayor", 0.9), ("Bo Chan", "person", None, 0.3)],
        quotes=[
            (LONG_1, "direct", "Ann Lee"),
            (LONG_2, "direct", "Ann Lee"),
            (LONG_3, "direct", "Ann Lee"),
            ("Short but said by Bo Chan himself today", "indirect", "Bo Chan"),
            ("unattributed words that nobody is named for", "direct", None),
        ],
    )
    quotes = digest_of(article).articles[0].quotes
    assert len(quotes) == 3
    # Bo Chan gets a place before Ann Lee's third quote; the order is the article's.
    assert [q.text for q in quotes] == [LONG_1, LONG_2, "Short but said by Bo Chan himself today"]
    assert all(q.speaker for q in quotes)


def test_partial_quotes_under_four_words_only_when_nothing_better_exists() -> None:
    with_better = shared_article(
        1,
        actors=[("Ann Lee", "person", None, 0.9)],
        quotes=[("a disaster", "partial", "Ann Lee"), (LONG_1, "indirect", "Ann Lee")],
    )
    only_short = shared_article(
        2,
        actors=[("Ann Lee", "person", None, 0.9)],
        quotes=[("a disaster", "partial", "Ann Lee")],
    )
    digest = digest_of(with_better, only_short)
    shown = {a.article_id: [q.text for q in a.quotes] for a in digest.articles}
    assert shown[1] == [LONG_1]
    assert shown[2] == ["a disaster"]


def test_short_direct_quote_is_left_out_too_when_longer_ones_exist() -> None:
    article = shared_article(
        1,
        actors=[("Ann Lee", "person", None, 0.9)],
        quotes=[
            ("a disaster", "direct", "Ann Lee"),
            (LONG_1, "indirect", "Ann Lee"),
            (LONG_2, "partial", "Ann Lee"),
            (LONG_3, "indirect", "Ann Lee"),
        ],
    )
    assert [q.text for q in digest_of(article).articles[0].quotes] == [LONG_1, LONG_2, LONG_3]


def test_period_actors_rank_by_salience_summed_over_articles_with_their_usual_role() -> None:
    articles = [
        shared_article(
            1, actors=[("Ann Lee", "person", "mayor", 0.5), ("Bo", "person", None, 0.6)]
        ),
        shared_article(2, actors=[("Ann Lee", "person", "mayor", 0.5)]),
        shared_article(3, actors=[("Ann Lee", "person", "candidate", 0.2)]),
    ]
    top = digest_of(*articles).top_actors
    assert [a.name for a in top] == ["Ann Lee", "Bo"]
    assert top[0].articles == 3
    assert top[0].role == "mayor"
    assert top[0].score == pytest.approx(1.2)


def test_period_lists_at_most_the_configured_number_of_actors() -> None:
    actors = [(f"Person {i}", "person", None, 0.1 * (i + 1)) for i in range(9)]
    top = digest_of(shared_article(1, actors=actors)).top_actors
    assert len(top) == MAX_TOP_ACTORS
    assert top[0].name == "Person 8"


def test_most_notable_quote_is_a_direct_quote_of_the_most_salient_speaker() -> None:
    articles = [
        shared_article(
            1,
            actors=[("Ann Lee", "person", None, 0.9), ("Bo Chan", "person", None, 0.1)],
            quotes=[(LONG_1, "indirect", "Ann Lee"), (LONG_2, "direct", "Bo Chan")],
        ),
        shared_article(
            2,
            actors=[("Ann Lee", "person", None, 0.8)],
            quotes=[(LONG_3, "direct", "Ann Lee"), ("No", "direct", "Ann Lee")],
        ),
    ]
    top = digest_of(*articles).top_quote
    assert top is not None
    assert (top.text, top.speaker, top.article_id) == (LONG_3, "Ann Lee", 2)


def test_who_said_what_groups_by_speaker_most_quoted_first_counting_wire_copies_once() -> None:
    articles = [
        shared_article(
            1,
            actors=[("Ann Lee", "person", None, 0.9), ("Bo Chan", "person", None, 0.1)],
            quotes=[(LONG_1, "direct", "Bo Chan"), (LONG_2, "direct", "Ann Lee")],
        ),
        shared_article(
            2,
            actors=[("Bo Chan", "person", None, 0.5)],
            quotes=[(LONG_3, "direct", "Bo Chan"), (LONG_1.upper(), "direct", "Bo Chan")],
        ),
    ]
    groups = digest_of(*articles).who_said_what
    assert [(g.speaker, len(g.quotes)) for g in groups] == [("Bo Chan", 2), ("Ann Lee", 1)]


def test_sharers_are_counted_per_article_most_active_first() -> None:
    articles = [
        shared_article(1, sharers=("UAAAAAAA1",)),
        shared_article(2, sharers=("UBBBBBBB2", "UAAAAAAA1")),
        shared_article(3, sharers=("UBBBBBBB2",)),
        shared_article(4, sharers=("UBBBBBBB2",)),
    ]
    sharers = digest_of(*articles).sharers
    assert [(s.user, s.articles) for s in sharers] == [("UBBBBBBB2", 3), ("UAAAAAAA1", 2)]


def test_a_period_without_articles_is_empty() -> None:
    digest = digest_of()
    assert digest.is_empty
    assert digest.top_quote is None
    assert digest.to_json()["articles"] == []


def test_unknown_timezone_is_refused_before_anything_is_built() -> None:
    with pytest.raises(ZoneInfoNotFoundError):
        digest_of(shared_article(1), tz="Mars/Olympus")


def test_local_times_follow_the_channel_timezone() -> None:
    digest = digest_of(shared_article(1), tz="America/New_York")
    assert digest.local_end.utcoffset() == timedelta(hours=-4)
    assert digest.local_end.astimezone(UTC) == END
    assert digest.to_json()["period_end"] == datetime.isoformat(END)

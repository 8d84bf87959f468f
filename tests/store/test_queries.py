"""bot/store/queries: storing analyses and the questions the archive answers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlmodel import Session

from bot.nlp.records import Quote
from bot.store import queries as q
from bot.store.models import Article
from bot.store.queries.records import quote_select, quote_views
from bot.store.queries.tables import QUOTES
from tests.store.factories import actor, analysis, article, quote

DAY = timedelta(days=1)


def at(day: int) -> str:
    return f"2024-05-{day:02d}"


def t(day: int) -> datetime:
    return datetime(2024, 5, day, tzinfo=UTC)


def store_story(session: Session, n: int, day: int, speaker: str, words: str) -> int:
    return q.store_analysis(
        session=session,
        article=article(f"https://news.example.com/{n}", published=at(day), title=f"Story {n}"),
        fetched_at=t(day),  # first seen in the newsroom that day
        analysis=analysis([actor(speaker)], [quote(words, speaker)]),
    )


def test_variants_of_one_url_store_one_article(session: Session) -> None:
    first = q.store_analysis(
        session=session,
        article=article("https://www.example.com/news/story/"),
        analysis=analysis([actor("Ada Lovelace")]),
    )
    for variant in (
        "http://example.com/news/story?utm_source=slack",
        "https://example.com/news/story/amp",
        "https://example.com/news/story",
    ):
        again = q.store_analysis(
            session=session, article=article(variant), analysis=analysis([actor("Ada Lovelace")])
        )
        assert again == first
        found = q.find_article(session=session, url=variant)
        assert found is not None and found.id == first
    assert session.execute(sa.select(sa.func.count()).select_from(Article)).scalar() == 1
    profile = q.actor_profile(session=session, name="Ada Lovelace").profiles[0]
    assert profile.article_count == 1  # re-storing replaced the link, it did not add one


def test_unknown_url_is_not_in_the_archive(session: Session) -> None:
    assert q.find_article(session=session, url="https://nowhere.example/") is None
    assert q.find_article(session=session, url="not a url") is None


def test_reanalysis_replaces_actors_and_quotes(session: Session) -> None:
    old = analysis([actor("Old Speaker")], [quote("old words here", "Old Speaker")])
    article_id = q.store_analysis(
        session=session, article=article(), analysis=old, analyzer_version="1"
    )
    new = analysis([actor("New Speaker")], [quote("new words here", "New Speaker")])
    assert (
        q.store_analysis(session=session, article=article(), analysis=new, analyzer_version="2")
        == article_id
    )
    stored = q.find_article(session=session, url=article().url)
    assert stored is not None and stored.analyzer_version == "2"
    assert not stored.is_current("3") and stored.is_current("2")
    assert q.quotes_by_actor(session=session, name="Old Speaker").quotes == ()
    assert q.search_quotes(session=session, words="old words") == ()
    assert [v.text for v in q.search_quotes(session=session, words="new words")] == [
        "new words here"
    ]
    old_profile = q.actor_profile(session=session, name="Old Speaker").profiles[0]
    assert (old_profile.article_count, old_profile.quote_count) == (0, 0)


def test_a_failed_reanalysis_leaves_the_old_analysis_whole(session: Session) -> None:
    q.store_analysis(
        session=session,
        article=article(),
        analysis=analysis([actor("Old Speaker")], [quote("old words", "Old Speaker")]),
    )
    broken = Quote("x", 0, 1, None, "New Speaker", "person", None)  # type: ignore[arg-type]
    with pytest.raises(sa.exc.IntegrityError):
        q.store_analysis(
            session=session,
            article=article(),
            analysis=analysis([actor("New Speaker")], [broken]),
            analyzer_version="2",
        )
    assert [v.text for v in q.quotes_by_actor(session=session, name="Old Speaker").quotes] == [
        "old words"
    ]
    assert q.actor_profile(session=session, name="New Speaker").profiles == ()


def test_quotes_by_actor_any_case_accent_or_alias_newest_first(session: Session) -> None:
    q.store_analysis(
        session=session,
        article=article("https://ex.com/1", published=at(1)),
        fetched_at=t(1),
        analysis=analysis(
            [actor("Emmanuel Macrón", aliases=("Macron",))], [quote("first", "Emmanuel Macrón")]
        ),
    )
    store_story(session, 2, 3, "Emmanuel Macrón", "second")
    store_story(session, 3, 2, "Someone Else", "not his")
    for name in ("emmanuel macron", "MACRÓN", "Emmanuel Macrón"):
        result = q.quotes_by_actor(session=session, name=name)
        assert [a.name for a in result.actors] == ["Emmanuel Macrón"]
        assert [v.text for v in result.quotes] == ["second", "first"]
    newest = q.quotes_by_actor(session=session, name="Macron").quotes[0]
    assert (newest.speaker, newest.article_title, newest.seen_at) == (
        "Emmanuel Macrón",
        "Story 2",
        t(3),
    )


def test_quotes_by_actor_within_a_window(session: Session) -> None:
    for n, day in enumerate((1, 5, 9)):
        store_story(session, n, day, "Ada Lovelace", f"said on {day}")
    result = q.quotes_by_actor(session=session, name="Ada Lovelace", since=t(4), until=t(9))
    assert [v.text for v in result.quotes] == ["said on 5"]
    assert len(q.quotes_by_actor(session=session, name="Ada Lovelace", limit=2).quotes) == 2


def test_an_unknown_name_answers_with_the_closest_known_names(session: Session) -> None:
    store_story(session, 1, 1, "Donald Trump", "words")
    store_story(session, 2, 1, "Ada Lovelace", "words")
    # "Trmp" shares only two letters' prefix with "trump": the wider look-up finds it.
    for misspelt in ("Donld Trump", "Trumpp", "donald trum", "Trmp"):
        result = q.quotes_by_actor(session=session, name=misspelt)
        assert result.quotes == () and result.suggestions[:1] == ("Donald Trump",)
    lookup = q.actor_profile(session=session, name="Ada Lovelase")
    assert lookup.profiles == () and lookup.suggestions == ("Ada Lovelace",)
    assert q.actor_profile(session=session, name="Zzyzx Qwerty").suggestions == ()


def test_a_surname_alone_finds_the_person(session: Session) -> None:
    store_story(session, 1, 1, "Ada Lovelace", "words")
    assert [a.name for a in q.quotes_by_actor(session=session, name="lovelace").actors] == [
        "Ada Lovelace"
    ]


def test_actor_profile_has_kind_roles_aliases_counts_and_last_seen(session: Session) -> None:
    q.store_analysis(
        session=session,
        article=article("https://ex.com/1", published=at(1)),
        fetched_at=t(1),
        analysis=analysis(
            [actor("Ada Lovelace", aliases=("Lovelace",), role="mathematician")],
            [quote("one", "Ada Lovelace"), quote("two", "Ada Lovelace", start=10)],
        ),
    )
    store_story(session, 2, 7, "Ada Lovelace", "three")
    (profile,) = q.actor_profile(session=session, name="ada lovelace").profiles
    assert profile.kind == "person"
    assert profile.roles == ("mathematician",)
    assert profile.aliases == ("Lovelace",)
    assert (profile.article_count, profile.quote_count) == (2, 3)
    assert (profile.first_seen, profile.last_seen) == (t(1), t(7))
    assert profile.to_json()["last_seen"] == "2024-05-07T00:00:00+00:00"


def test_top_actors_by_articles_and_by_quotes(session: Session) -> None:
    # A in three articles with one quote each; B in one article with four quotes.
    for n, day in enumerate((1, 2, 8)):
        store_story(session, n, day, "Ada A", "words")
    q.store_analysis(
        session=session,
        article=article("https://ex.com/b", published=at(2)),
        fetched_at=t(2),
        analysis=analysis(
            [actor("Bea B")], [quote(f"quote {i}", "Bea B", start=i * 10) for i in range(4)]
        ),
    )
    all_time = q.top_actors(session=session)
    assert [(c.name, c.count) for c in all_time.by_articles] == [("Ada A", 3), ("Bea B", 1)]
    assert [(c.name, c.count) for c in all_time.by_quotes] == [("Bea B", 4), ("Ada A", 3)]
    week = q.top_actors(session=session, since=t(1), until=t(7))
    assert [(c.name, c.count) for c in week.by_articles] == [("Ada A", 2), ("Bea B", 1)]
    assert [(c.name, c.count) for c in week.by_quotes] == [("Bea B", 4), ("Ada A", 2)]
    assert q.top_actors(session=session, since=t(20)).by_articles == ()


def test_search_finds_stemmed_words_in_any_order_newest_first(session: Session) -> None:
    store_story(session, 1, 1, "Ada A", "We will vote against the budget")
    store_story(session, 2, 2, "Bea B", "Voting on the budget is delayed")
    store_story(session, 3, 3, "Cy C", "Nothing to see here")
    assert [v.speaker for v in q.search_quotes(session=session, words="budget votes")] == [
        "Bea B",
        "Ada A",
    ]
    assert len(q.search_quotes(session=session, words="budget OR nothing")) == 3  # OR: either
    assert q.search_quotes(session=session, words='"') == ()
    assert len(q.search_quotes(session=session, words="budget", limit=1)) == 1


def test_failed_article_is_recorded_without_hiding_a_stored_one(session: Session) -> None:
    failed_id = q.record_article_failure(
        session=session, url="https://ex.com/paywalled", reason="the page is behind a paywall"
    )
    found = q.find_article(session=session, url="https://ex.com/paywalled")
    assert found is not None and found.id == failed_id
    assert (found.status, found.failure_reason) == ("failed", "the page is behind a paywall")
    stored = store_story(session, 9, 1, "Ada A", "words")
    q.record_article_failure(session=session, url="https://news.example.com/9", reason="timeout")
    again = q.get_article(session=session, article_id=stored)
    assert again is not None and again.status == "done"


def test_channel_articles_for_the_digest(session: Session) -> None:
    def share(channel: str, ts: str, url: str, user: str, day: int) -> int:
        share_id, _ = q.record_share(
            session=session,
            team="T",
            channel=channel,
            message_ts=ts,
            thread_ts=None,
            user=user,
            url=url,
            shared_at=t(day),
        )
        return share_id

    first = store_story(session, 1, 1, "Ada A", "first words")
    second = q.store_analysis(
        session=session,
        article=article("https://news.example.com/2", title="Story 2"),
        analysis=analysis(
            [actor("Bea B", salience=0.2), actor("Cy C", salience=0.9)],
            [quote("later", "Bea B", start=50), quote("earlier", "Cy C", start=5)],
        ),
    )
    shares = [
        (share("C1", "1", "https://news.example.com/1", "U1", 2), first),
        (share("C1", "2", "https://news.example.com/2", "U2", 3), second),
        (share("C1", "3", "http://news.example.com/1?utm_medium=x", "U3", 4), first),
        (share("C1", "4", "https://news.example.com/1", "U1", 4), first),
        (share("C2", "5", "https://news.example.com/2", "U9", 3), second),
        (share("C1", "6", "https://news.example.com/2", "U4", 9), second),
    ]
    for share_id, article_id in shares:
        q.mark_share_done(session=session, share_id=share_id, article_id=article_id)
    pending = share("C1", "7", "https://ex.com/pending", "U5", 3)
    assert pending

    digest = q.channel_articles(session=session, channel="C1", since=t(2), until=t(9))
    assert [a.article_id for a in digest] == [first, second]
    one, two = digest
    assert (one.sharers, one.share_count, one.first_shared_at) == (("U1", "U3"), 3, t(2))
    assert one.url == "https://news.example.com/1" and one.title == "Story 1"
    assert [a.name for a in two.actors] == ["Cy C", "Bea B"]
    assert [v.text for v in two.quotes] == ["earlier", "later"]
    assert two.sharers == ("U2",)
    assert q.channel_articles(session=session, channel="C3", since=t(1), until=t(30)) == ()


def test_channel_articles_cuts_each_article_to_its_first_quotes_and_top_actors(
    session: Session,
) -> None:
    """The quotes in text order and the most salient actors, as many as asked for per article,
    each quote as every other reader shows it (quote_select)."""
    stored = q.store_analysis(
        session=session,
        article=article("https://news.example.com/9", title="Story 9"),
        analysis=analysis(
            [actor(n, salience=s) for n, s in (("Bea B", 0.2), ("Cy C", 0.9), ("Al A", 0.2))],
            [quote(f"words {n}", ["Bea B", "Cy C", "Al A"][n % 3], start=90 - 10 * n)
             for n in range(5)],
        ),
    )  # fmt: skip
    share_id, _ = q.record_share(
        session=session, team="T", channel="C1", message_ts="1", thread_ts=None, user="U1",
        url="https://news.example.com/9", shared_at=t(2),
    )  # fmt: skip
    q.mark_share_done(session=session, share_id=share_id, article_id=stored)

    (got,) = q.channel_articles(
        session=session, channel="C1", since=t(1), until=t(3), actors_per_article=2,
        quotes_per_article=3,
    )  # fmt: skip
    assert [a.name for a in got.actors] == ["Cy C", "Al A"]  # a tie goes by name
    assert [v.text for v in got.quotes] == ["words 4", "words 3", "words 2"]
    shown = quote_views(session.execute(quote_select().where(QUOTES.c.article_id == stored)))
    assert list(got.quotes) == sorted(shown, key=lambda v: v.start)[:3]


def test_digest_subscription_is_set_changed_listed_and_removed(session: Session) -> None:
    q.set_digest_subscription(session=session, channel="C1", time="08:30", timezone="UTC")
    q.set_digest_subscription(
        session=session,
        channel="C1",
        time="17:00",
        timezone="Europe/Berlin",
        weekdays=[4, 0],
        notify_empty=True,
    )
    (sub,) = q.list_digest_subscriptions(session=session)
    assert (sub.time, sub.timezone, sub.weekdays, sub.notify_empty) == (
        "17:00",
        "Europe/Berlin",
        (0, 4),
        True,
    )
    with pytest.raises(ValueError, match="HH:MM"):
        q.set_digest_subscription(session=session, channel="C1", time="25:00", timezone="UTC")
    assert q.remove_digest_subscription(session=session, channel="C1") is True
    assert q.remove_digest_subscription(session=session, channel="C1") is False
    assert q.list_digest_subscriptions(session=session) == ()


def test_a_batch_is_stored_whole_or_not_at_all(session: Session) -> None:
    good = (article("https://ex.com/a"), analysis([actor("Ada A")], [quote("fine", "Ada A")]))
    variant = (article("http://www.ex.com/a/"), analysis([actor("Ada A")]))
    other = (article("https://ex.com/b"), analysis([actor("Bea B")]))
    first, again, second = q.store_analyses(session=session, items=[good, variant, other])
    assert first == again != second
    broken = Quote("x", 0, 1, None, "Cy C", "person", None)  # type: ignore[arg-type]
    bad = (article("https://ex.com/c"), analysis([actor("Cy C")], [broken]))
    with pytest.raises(sa.exc.IntegrityError):
        q.store_analyses(session=session, items=[(article("https://ex.com/d"), analysis([])), bad])
    assert q.find_article(session=session, url="https://ex.com/d") is None
    assert q.actor_profile(session=session, name="Cy C").profiles == ()

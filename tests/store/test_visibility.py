"""bot/store/visibility.py through the archive's reads: what was shared in a private channel
counts, in every answer and every aggregate, only for those who may see that channel."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st
from sqlmodel import Session

from bot.store import queries as q
from bot.store import visibility
from bot.store.queries.archive import _top_without
from bot.store.visibility import Viewer
from tests.store.factories import (
    MEMBER,
    OUTSIDER,
    PRIVATE,
    PUBLIC,
    actor,
    analysis,
    article,
    quote,
    shared_article,
)

WEEK = (datetime(2024, 5, 1, tzinfo=UTC), datetime(2024, 5, 8, tzinfo=UTC))


def share(session: Session, n: int, day: int, channel: str, actors: list, quotes: list) -> int:
    """Store story `n` (read and published on May `day`) as a worker does, shared in `channel`."""
    return shared_article(
        session, n=n, channel=channel, private=channel == PRIVATE,
        page=article(f"https://news.example.com/{n}", published=f"2024-05-{day:02d}",
                     title=f"Story {n}"),
        fetched_at=datetime(2024, 5, day, tzinfo=UTC),  # first seen in the newsroom that day
        read=analysis(actors, quotes),
    )  # fmt: skip


def newsroom(session: Session) -> None:
    """Ada is in two public stories and one private one; Bo (an informant) only in private."""
    ada, bo = actor("Ada Lovelace", role="minister"), actor("Bo Secret", role="informant")
    share(session, 1, 2, PUBLIC, [ada], [quote("The budget is sound", "Ada Lovelace")])
    share(session, 2, 6, PUBLIC, [ada], [quote("The bridge is open", "Ada Lovelace")])
    share(
        session, 3, 7, PRIVATE,
        [actor("Ada Lovelace", role="whistleblower"), bo],
        [quote("The harbour deal is rotten", "Ada Lovelace"),
         *[quote(f"Harbour detail {i}", "Bo Secret", start=40 * i) for i in range(1, 5)]],
    )  # fmt: skip


def test_an_outsider_never_sees_private_quotes_and_a_member_does(session: Session) -> None:
    newsroom(session)
    hidden = q.quotes_by_actor(session=session, name="Ada Lovelace", viewer=OUTSIDER)
    assert [v.text for v in hidden.quotes] == ["The bridge is open", "The budget is sound"]
    shown = q.quotes_by_actor(session=session, name="Ada Lovelace", viewer=MEMBER)
    assert shown.quotes[0].text == "The harbour deal is rotten"
    assert q.search_quotes(session=session, words="harbour", viewer=OUTSIDER) == ()
    assert len(q.search_quotes(session=session, words="harbour", viewer=MEMBER)) == 5
    # The operator (no viewer) sees everything, as the command line does.
    assert len(q.search_quotes(session=session, words="harbour")) == 5


def test_an_actor_only_in_private_stories_is_unknown_to_an_outsider_even_as_a_suggestion(
    session: Session,
) -> None:
    newsroom(session)
    assert q.actor_profile(session=session, name="Bo Secret", viewer=OUTSIDER).profiles == ()
    lookup = q.actor_profile(session=session, name="Bo Secrt", viewer=OUTSIDER)
    assert "Bo Secret" not in lookup.suggestions
    assert q.quotes_by_actor(session=session, name="Bo Secret", viewer=OUTSIDER).actors == ()
    assert "Bo Secret" in q.actor_profile(session=session, name="Bo Secrt").suggestions
    assert q.actor_profile(session=session, name="Bo Secret", viewer=MEMBER).profiles


def test_profile_counts_sightings_and_roles_leave_out_private_stories(session: Session) -> None:
    newsroom(session)
    (seen,) = q.actor_profile(session=session, name="Ada Lovelace", viewer=OUTSIDER).profiles
    assert (seen.article_count, seen.quote_count) == (2, 2)
    assert seen.last_seen == datetime(2024, 5, 6, tzinfo=UTC)
    assert "whistleblower" not in seen.roles and "minister" in seen.roles
    (everything,) = q.actor_profile(session=session, name="Ada Lovelace", viewer=MEMBER).profiles
    assert (everything.article_count, everything.quote_count) == (3, 3)
    assert everything.last_seen == datetime(2024, 5, 7, tzinfo=UTC)
    assert "whistleblower" in everything.roles


def test_top_actors_rank_only_what_the_viewer_may_see(session: Session) -> None:
    newsroom(session)
    since, until = WEEK
    outsider = q.top_actors(session=session, since=since, until=until, limit=1, viewer=OUTSIDER)
    assert [(c.name, c.count) for c in outsider.by_quotes] == [("Ada Lovelace", 2)]
    assert [(c.name, c.count) for c in outsider.by_articles] == [("Ada Lovelace", 2)]
    member = q.top_actors(session=session, since=since, until=until, limit=1, viewer=MEMBER)
    assert [(c.name, c.count) for c in member.by_quotes] == [("Bo Secret", 4)]
    all_time = q.top_actors(session=session, limit=5, viewer=OUTSIDER)
    assert [c.name for c in all_time.by_quotes] == ["Ada Lovelace"]


def test_a_story_shared_publicly_after_privately_is_everyones(session: Session) -> None:
    newsroom(session)
    # Story 3 again, now in the public channel (a worker finds it in the archive).
    share_id, _ = q.record_share(
        session=session, team=None, channel=PUBLIC, message_ts="9.0", thread_ts=None,
        user="U2", url="https://news.example.com/3", channel_type="channel",
    )  # fmt: skip
    found = q.find_article(session=session, url="https://news.example.com/3")
    assert found is not None
    q.mark_share_done(session=session, share_id=share_id, article_id=found.id)
    assert len(q.search_quotes(session=session, words="harbour", viewer=OUTSIDER)) == 5
    (ada,) = q.actor_profile(session=session, name="Ada Lovelace", viewer=OUTSIDER).profiles
    assert ada.quote_count == 3


def test_the_operators_ingest_is_public_and_an_unshared_analysis_is_not(session: Session) -> None:
    q.store_analyses(
        session=session,
        items=[(article("https://wire.example.com/a"), analysis([actor("Cy Wire")]))],
        public=True,
    )
    # What `/newsbot article URL` stores: asked privately, shared nowhere.
    q.store_analysis(
        session=session,
        article=article("https://private.example.com/b?token=x"),
        analysis=analysis([actor("Di Quiet")], [quote("Nobody knows", "Di Quiet")]),
    )
    assert q.actor_profile(session=session, name="Cy Wire", viewer=OUTSIDER).profiles
    assert q.actor_profile(session=session, name="Di Quiet", viewer=OUTSIDER).profiles == ()
    assert q.search_quotes(session=session, words="nobody", viewer=MEMBER) == ()
    # Analysing a public article again keeps it public.
    q.store_analyses(
        session=session,
        items=[(article("https://wire.example.com/a"), analysis([actor("Cy Wire")]))],
    )
    assert q.actor_profile(session=session, name="Cy Wire", viewer=OUTSIDER).profiles


@settings(max_examples=300, deadline=None)
@given(
    st.dictionaries(st.integers(1, 60), st.integers(1, 30), max_size=60),
    st.data(),
    st.integers(1, 12),
)
def test_the_top_after_taking_hidden_counts_off_is_the_brute_force_top(
    counts: dict[int, int], data: st.DataObject, limit: int
) -> None:
    """_top_without reads only as much of the ranking as it needs, and is exact."""
    minus = {
        actor: data.draw(st.integers(1, n))
        for actor, n in counts.items()
        if data.draw(st.booleans())
    }
    ranking = sorted(
        (q.ActorCount(actor, f"A{actor}", "person", n) for actor, n in counts.items()),
        key=lambda c: (-c.count, c.id),
    )
    expected = sorted(
        ((actor, n - minus.get(actor, 0)) for actor, n in counts.items()),
        key=lambda item: (-item[1], item[0]),
    )
    expected = [item for item in expected if item[1] > 0][:limit]
    got = _top_without(lambda k: tuple(ranking[:k]), minus, limit)
    assert [(c.id, c.count) for c in got] == expected


def test_the_articles_hidden_from_a_viewer_are_the_private_ones_of_other_channels(
    session: Session,
) -> None:
    """hidden_articles looks each private article up among the viewer's channels' finished
    shares: hidden from an outsider, seen by a member, and a share still pending reveals
    nothing."""
    newsroom(session)  # story 3 (May 7) shared privately in PRIVATE
    other = shared_article(
        session, n=4, channel="GOTHER0001", private=True,
        page=article("https://news.example.com/4", published="2024-05-05", title="Story 4"),
        fetched_at=datetime(2024, 5, 5, tzinfo=UTC), read=analysis([actor("Cy Other")]),
    )  # fmt: skip
    # Someone in PRIVATE shared story 4 too, but it has not been read yet.
    q.record_share(
        session=session, team=None, channel=PRIVATE, message_ts="5.0", thread_ts=None,
        user="U3", url="https://news.example.com/4", channel_type="group",
    )  # fmt: skip
    since, until = WEEK

    def hidden(viewer: Viewer, since: datetime = since) -> set[int]:
        found = visibility.hidden_articles(viewer, since=since, until=until)
        return set(session.execute(found).scalars())

    story3 = q.find_article(session=session, url="https://news.example.com/3")
    assert story3 is not None
    assert hidden(OUTSIDER) == {story3.id, other}
    assert hidden(MEMBER) == {other}
    assert hidden(Viewer.of(["GOTHER0001"])) == {story3.id}
    assert hidden(OUTSIDER, since=datetime(2024, 5, 6, tzinfo=UTC)) == {story3.id}

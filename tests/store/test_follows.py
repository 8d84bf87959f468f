"""bot/store/queries/follows.py: follows are stored per person, resolved as `actor NAME`
resolves names, survive a new engine (a restart), and never reach actors the person may not see."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlmodel import Session

from bot.store import queries as q
from bot.store.db import make_engine, session_factory
from tests.store.factories import actor, quote
from tests.store.test_visibility import MEMBER, OUTSIDER, PUBLIC, newsroom, share

ADA, BO = "U0ADA", "U0BO"


def test_follow_stores_the_actor_once_and_followed_actor_ids_gives_it(session: Session) -> None:
    newsroom(session)
    first = q.follow(session=session, user=ADA, name="ada lovelace", viewer=OUTSIDER)
    assert [a.name for a in first.changed] == ["Ada Lovelace"]
    again = q.follow(session=session, user=ADA, name="Lovelace", viewer=OUTSIDER)
    assert again.changed == () and [a.name for a in again.unchanged] == ["Ada Lovelace"]
    ids = q.followed_actor_ids(session=session, user=ADA)
    assert ids == (first.changed[0].id,)
    assert q.followed_actor_ids(session=session, user=BO) == ()
    assert [a.name for a in q.following(session=session, user=ADA)] == ["Ada Lovelace"]
    assert q.followers_of(session=session, actor_ids=list(ids)) == {ADA: set(ids)}


def test_follows_survive_a_restart(engine: Engine, database_url: str) -> None:
    with session_factory(engine)() as session:
        newsroom(session)
        q.follow(session=session, user=ADA, name="Ada Lovelace", viewer=OUTSIDER)
    engine.dispose()
    again = make_engine(database_url)
    try:
        with session_factory(again)() as session:
            assert [a.name for a in q.following(session=session, user=ADA)] == ["Ada Lovelace"]
    finally:
        again.dispose()


def test_an_actor_seen_only_in_a_private_channel_cannot_be_followed_by_an_outsider(
    session: Session,
) -> None:
    newsroom(session)
    hidden = q.follow(session=session, user=ADA, name="Bo Secret", viewer=OUTSIDER)
    assert hidden.changed == () and "Bo Secret" not in hidden.suggestions
    assert q.followed_actor_ids(session=session, user=ADA) == ()
    member = q.follow(session=session, user=BO, name="Bo Secret", viewer=MEMBER)
    assert [a.name for a in member.changed] == ["Bo Secret"]


def test_an_unknown_name_suggests_close_ones_and_an_ambiguous_one_lists_the_people(
    session: Session,
) -> None:
    newsroom(session)
    share(session, 4, 3, PUBLIC, [actor("Ada Byron")], [quote("Poetry is fine", "Ada Byron")])
    typo = q.follow(session=session, user=ADA, name="Ada Lovelase", viewer=OUTSIDER)
    assert typo.changed == () and "Ada Lovelace" in typo.suggestions
    both = q.follow(session=session, user=ADA, name="Ada", viewer=OUTSIDER)
    assert both.changed == ()
    assert {c.name for c in both.candidates} == {"Ada Lovelace", "Ada Byron"}
    assert q.followed_actor_ids(session=session, user=ADA) == ()


def test_unfollow_removes_only_that_persons_follow_and_says_what_they_follow_otherwise(
    session: Session,
) -> None:
    newsroom(session)
    share(session, 4, 3, PUBLIC, [actor("Ada Byron")], [quote("Poetry is fine", "Ada Byron")])
    q.follow(session=session, user=ADA, name="Ada Lovelace", viewer=OUTSIDER)
    q.follow(session=session, user=BO, name="Ada Lovelace", viewer=OUTSIDER)
    missing = q.unfollow(session=session, user=ADA, name="Ada Byron")
    assert missing.changed == () and [a.name for a in missing.following] == ["Ada Lovelace"]
    # "Ada" could mean two people, but ADA follows only one of them: that one goes.
    gone = q.unfollow(session=session, user=ADA, name="Ada")
    assert [a.name for a in gone.changed] == ["Ada Lovelace"]
    assert q.followed_actor_ids(session=session, user=ADA) == ()
    assert len(q.followed_actor_ids(session=session, user=BO)) == 1

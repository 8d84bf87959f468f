"""bot/store/linking.py: one archive actor per real-world actor, across articles."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlmodel import Session

from bot.nlp.records import Actor
from bot.store import queries as q
from bot.store.db import insert_rows
from bot.store.linking import (
    link_actors,
    name_key,
    persons_compatible,
    roles_compatible,
    surname_key,
)
from bot.store.models import Actor as ActorRow
from bot.store.models import ActorName, table_of
from tests.store.factories import actor, analysis, article

ACTORS = table_of(ActorRow)
NAMES = table_of(ActorName)


def store(session: Session, url: str, *actors: Actor) -> int:
    return q.store_analysis(
        session=session, article=article(f"https://ex.com/{url}"), analysis=analysis(list(actors))
    )


def actors_in_archive(session: Session) -> dict[str, tuple[list[str], list[str], int]]:
    """name -> (aliases, roles, article count)"""
    c = ACTORS.c
    rows = session.execute(sa.select(c.name, c.aliases, c.roles, c.article_count)).all()
    return {name: (aliases, roles, count) for name, aliases, roles, count in rows}


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Donald Trump", "donald trump"),
        ("  DONALD   trump ", "donald trump"),
        ("Emmanuel Macrón", "emmanuel macron"),
        ("Mr. Trump", "trump"),
        ("U.S. Senate", "us senate"),
        ("Conan O'Brien", "conan obrien"),
        ("Mx Jo Bloggs", "jo bloggs"),
        ("Sir Keir Starmer", "keir starmer"),
        # A peer's title is how the peer is named, and some names open with it.
        ("Lord Sugar", "lord sugar"),
        ("Lady Gaga", "lady gaga"),
        ("Mr", "mr"),  # a bare honorific keeps its one word
    ],
)
def test_name_keys_ignore_case_accents_punctuation_and_honorifics(name: str, key: str) -> None:
    assert name_key(name) == key


def test_surname_skips_generational_suffixes() -> None:
    assert surname_key("martin luther king jr") == "king"
    assert surname_key("trump") is None


def test_person_names_with_different_first_names_are_different_people() -> None:
    assert persons_compatible("donald trump", "donald j trump")
    assert persons_compatible("d trump", "donald trump")
    assert not persons_compatible("ivanka trump", "donald trump")
    assert persons_compatible("trump", "donald trump")


def test_roles_agree_when_unknown_or_contained() -> None:
    assert roles_compatible(None, ["senator"])
    assert roles_compatible("president", ["former President"])
    assert not roles_compatible("senator", ["president"])


def test_a_bare_surname_joins_the_one_person_of_that_name(session: Session) -> None:
    store(session, "1", actor("Donald Trump", role="president"))
    store(session, "2", actor("Trump", aliases=("Mr. Trump", "Donald J. Trump")))
    store(session, "3", actor("Donald Trump", role="Republican nominee"))
    archive = actors_in_archive(session)
    assert list(archive) == ["Donald Trump"]
    aliases, roles, count = archive["Donald Trump"]
    assert aliases == ["Trump", "Donald J. Trump"]  # "Mr. Trump" folds to "Trump"
    assert roles == ["president", "Republican nominee"]
    assert count == 3


def test_same_surname_different_first_name_stays_apart(session: Session) -> None:
    store(session, "1", actor("Donald Trump"))
    store(session, "2", actor("Ivanka Trump", aliases=("Trump",)))
    assert sorted(actors_in_archive(session)) == ["Donald Trump", "Ivanka Trump"]


def test_same_surname_different_role_stays_apart(session: Session) -> None:
    store(session, "1", actor("John Smith", role="senator"))
    store(session, "2", actor("Smith", role="plumber"))
    assert sorted(actors_in_archive(session)) == ["John Smith", "Smith"]


def test_an_ambiguous_surname_is_not_guessed(session: Session) -> None:
    store(session, "1", actor("Donald Trump"), actor("Ivanka Trump"))
    store(session, "2", actor("Trump"))
    archive = actors_in_archive(session)
    assert archive["Donald Trump"][2] == 1 and archive["Ivanka Trump"][2] == 1
    assert "Trump" in archive


def test_a_role_settles_an_ambiguous_surname(session: Session) -> None:
    store(session, "1", actor("Donald Trump", role="president"), actor("Ivanka Trump"))
    store(session, "2", actor("Trump", role="President"))
    assert actors_in_archive(session)["Donald Trump"][2] == 2


def test_names_match_across_case_and_accents(session: Session) -> None:
    store(session, "1", actor("Emmanuel Macrón"))
    store(session, "2", actor("EMMANUEL MACRON"))
    assert list(actors_in_archive(session)) == ["Emmanuel Macrón"]


def test_a_full_name_alias_links_to_the_stored_actor(session: Session) -> None:
    store(session, "1", actor("Joe Biden"))
    store(session, "2", actor("Joseph R. Biden", aliases=("Joe Biden",)))
    archive = actors_in_archive(session)
    assert list(archive) == ["Joe Biden"]
    assert "Joseph R. Biden" in archive["Joe Biden"][0]


def test_organisations_and_people_of_one_name_are_different_actors(session: Session) -> None:
    store(session, "1", actor("Ford", "organization"))
    store(session, "2", actor("Ford", "person"))
    rows = session.execute(sa.select(ACTORS.c.kind).order_by(ACTORS.c.kind)).scalars().all()
    assert rows == ["organization", "person"]


def test_two_records_of_one_article_that_are_one_actor_make_one_link(session: Session) -> None:
    store(session, "1", actor("Donald Trump"))
    article_id = store(
        session, "2", actor("Donald Trump", mentions=3), actor("Trump", mentions=2, salience=0.9)
    )
    stored = q.get_article(session=session, article_id=article_id)
    assert stored is not None and stored.actor_count == 1
    profile = q.actor_profile(session=session, name="Donald Trump").profiles[0]
    assert profile.article_count == 2


def name_rows(session: Session, key: str) -> set[tuple[str, str]]:
    """(actor name, name kind) of the actor_name rows of `key`."""
    rows = session.execute(
        sa.select(ACTORS.c.name, NAMES.c.name_kind)
        .join(ACTORS, ACTORS.c.id == NAMES.c.actor_id)
        .where(NAMES.c.key == key)
    )
    return set(rows.tuples().all())


def test_a_bare_surname_stored_first_takes_the_full_name_when_it_arrives(
    session: Session,
) -> None:
    store(session, "1", actor("Trump", role="president"))
    store(session, "2", actor("Donald Trump", aliases=("Trump",), role="President"))
    store(session, "3", actor("Trump"))
    archive = actors_in_archive(session)
    assert list(archive) == ["Donald Trump"]
    aliases, roles, count = archive["Donald Trump"]
    assert aliases == ["Trump"] and roles == ["president"] and count == 3
    # The old name is an alias now, and the full name is found by its parts.
    assert name_rows(session, "trump") == {
        ("Donald Trump", "alias"),
        ("Donald Trump", "surname"),
        ("Donald Trump", "suffix"),
    }
    assert name_rows(session, "donald trump") == {("Donald Trump", "name")}
    for asked in ("Trump", "Donald Trump", "Donald"):
        found = q.actor_profile(session=session, name=asked).profiles
        assert [p.name for p in found] == ["Donald Trump"], asked


def test_a_bare_surname_is_promoted_once_and_the_next_full_name_stays_apart(
    session: Session,
) -> None:
    store(session, "1", actor("Trump", aliases=("President Trump",)))
    store(session, "2", actor("Donald Trump"))
    store(session, "3", actor("Ivanka Trump"))
    assert sorted(actors_in_archive(session)) == ["Donald Trump", "Ivanka Trump"]


def test_a_bare_surname_written_once_without_role_or_title_is_not_promoted(
    session: Session,
) -> None:
    # "Davis scored twice" in a match report is not the Davis of a later political story.
    store(session, "1", actor("Davis"))
    store(session, "2", actor("Rick Davis", role="campaign manager"))
    assert sorted(actors_in_archive(session)) == ["Davis", "Rick Davis"]


def test_a_bare_surname_in_two_articles_is_promoted(session: Session) -> None:
    store(session, "1", actor("Schiff"))
    store(session, "2", actor("Schiff"))
    store(session, "3", actor("Adam Schiff"))
    assert actors_in_archive(session) == {"Adam Schiff": (["Schiff"], [], 3)}


def test_a_bare_surname_is_not_promoted_when_roles_disagree(session: Session) -> None:
    store(session, "1", actor("Smith", role="plumber"))
    store(session, "2", actor("John Smith", role="senator"))
    assert sorted(actors_in_archive(session)) == ["John Smith", "Smith"]


def test_a_bare_surname_is_not_promoted_when_another_full_name_shares_it(
    session: Session,
) -> None:
    store(session, "1", actor("Donald Trump"), actor("Ivanka Trump"))
    store(session, "2", actor("Trump"))  # ambiguous: stays an actor of its own
    store(session, "3", actor("Eric Trump"))
    assert sorted(actors_in_archive(session)) == [
        "Donald Trump",
        "Eric Trump",
        "Ivanka Trump",
        "Trump",
    ]


def test_organisations_are_never_promoted(session: Session) -> None:
    store(session, "1", actor("Ford", "organization", role="carmaker"))
    store(session, "2", actor("Henry Ford"))
    assert sorted(actors_in_archive(session)) == ["Ford", "Henry Ford"]


def test_a_bare_surname_created_and_promoted_in_one_batch_is_one_actor(
    session: Session,
) -> None:
    whitfield = actor("Whitfield", aliases=("Mayor Whitfield",))
    linked = link_actors(session, [whitfield, actor("Dana Whitfield")])
    insert_rows(session, linked.names)
    assert linked.ids[0] == linked.ids[1]
    assert list(actors_in_archive(session)) == ["Dana Whitfield"]
    assert name_rows(session, "whitfield") == {
        ("Dana Whitfield", "alias"),
        ("Dana Whitfield", "surname"),
        ("Dana Whitfield", "suffix"),
    }

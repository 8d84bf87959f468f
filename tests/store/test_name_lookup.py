"""Finding a person by any part of the name an article used: a word-suffix ("Duncan Smith" of
Iain Duncan Smith), a surname, another word of the name; a bare surname stored on its own and
the full name it belongs to are one person; a name that fits several people lists them."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from sqlmodel import Session

from bot.store import queries as q
from bot.store.db import (
    alembic_config,
    make_engine,
    session_factory,
    upgrade,
    writer_connection,
)
from tests.store.factories import actor, analysis, article, quote


def say(session: Session, n: int, speaker: str, words: str, *aliases: str) -> None:
    q.store_analysis(
        session=session,
        article=article(f"https://news.example.com/{n}", title=f"Story {n}"),
        analysis=analysis([actor(speaker, aliases=aliases)], [quote(words, speaker)]),
    )


def names(result: q.ActorQuotes) -> list[str]:
    return [a.name for a in result.actors]


def test_a_suffix_of_the_name_finds_the_person(session: Session) -> None:
    say(session, 1, "Iain Duncan Smith", "Universal credit will work")
    for asked in ("Duncan Smith", "duncan SMITH", "Smith", "Iain Duncan Smith", "Iain"):
        result = q.quotes_by_actor(session=session, name=asked)
        assert names(result) == ["Iain Duncan Smith"], asked
        assert [v.text for v in result.quotes] == ["Universal credit will work"]
    assert q.actor_profile(session=session, name="Duncan Smith").profiles[0].quote_count == 1


def test_accents_and_case_do_not_matter_in_a_part(session: Session) -> None:
    say(session, 1, "José Luis Rodríguez Zapatero", "words")
    for asked in ("rodriguez zapatero", "RODRÍGUEZ ZAPATERO", "Zapatero", "Jose"):
        assert names(q.quotes_by_actor(session=session, name=asked)) == [
            "José Luis Rodríguez Zapatero"
        ], asked


def test_a_bare_surname_and_its_full_name_are_one_person_either_way(session: Session) -> None:
    # The first article named her by surname only: stored as an actor "Whitfield" of its own.
    say(session, 1, "Whitfield", "The budget is balanced")
    say(session, 2, "Dana Whitfield", "We will cut no services")
    for asked in ("Whitfield", "Dana Whitfield", "dana whitfield"):
        result = q.quotes_by_actor(session=session, name=asked)
        assert sorted(v.text for v in result.quotes) == [
            "The budget is balanced",
            "We will cut no services",
        ], asked
        assert result.total == 2
    # Once another Whitfield is known, the bare surname is no longer Dana's alone.
    say(session, 3, "Tom Whitfield", "his")
    dana = q.quotes_by_actor(session=session, name="Dana Whitfield")
    assert [v.text for v in dana.quotes] == ["We will cut no services"]
    assert len(q.quotes_by_actor(session=session, name="Whitfield").candidates) == 2


def test_a_name_that_fits_several_people_lists_them(session: Session) -> None:
    say(session, 1, "Iain Duncan Smith", "one")
    say(session, 2, "John Smith", "two")
    say(session, 3, "John Smith", "three")
    result = q.quotes_by_actor(session=session, name="Smith")
    assert result.actors == () and result.quotes == ()
    assert [c.name for c in result.candidates] == ["John Smith", "Iain Duncan Smith"]
    lookup = q.actor_profile(session=session, name="smith")
    assert lookup.profiles == () and len(lookup.candidates) == 2
    # The longer part is not ambiguous, and neither is a full name.
    assert names(q.quotes_by_actor(session=session, name="Duncan Smith")) == ["Iain Duncan Smith"]
    assert names(q.quotes_by_actor(session=session, name="John Smith")) == ["John Smith"]


def test_a_title_finds_no_one_but_the_name_after_it_does(session: Session) -> None:
    """ "Senator Ted Rowe" and "Sen. Dana Whitfield" as aliases: asking for "senator" or "sen"
    does not list every senator, their names still find them, and a surname that is a title
    word ("Ann Judge") still finds its bearer."""
    say(session, 1, "Ted Rowe", "The bridge matters", "Senator Ted Rowe")
    say(session, 2, "Dana Whitfield", "Cut no services", "Sen. Dana Whitfield", "Mrs Whitfield")
    say(session, 3, "Ann Judge", "Rates will hold")
    for asked in ("senator", "Sen.", "sen", "mrs"):
        result = q.quotes_by_actor(session=session, name=asked)
        assert (result.actors, result.candidates, result.quotes) == ((), (), ()), asked
    found = {
        "Ted": "Ted Rowe",
        "Rowe": "Ted Rowe",
        "Senator Ted Rowe": "Ted Rowe",
        "Dana": "Dana Whitfield",
        "judge": "Ann Judge",
    }
    for asked, name in found.items():
        assert names(q.quotes_by_actor(session=session, name=asked)) == [name], asked


def test_the_migration_takes_titles_out_of_stored_name_parts(tmp_path) -> None:
    """Rows 0011_name_parts made from titled aliases go; the name's own parts and a surname
    that is a title word stay."""
    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    upgrade(engine, "0013_follows")
    parts = [
        ("ted rowe", "name"), ("president senator ted rowe", "alias"), ("rowe", "surname"),
        ("senator ted rowe", "suffix"), ("ted rowe", "suffix"), ("rowe", "suffix"),
        ("president", "word"), ("senator", "word"), ("ted", "word"),
        ("ann judge", "name"), ("judge", "surname"), ("judge", "suffix"), ("ann", "word"),
    ]  # fmt: skip
    with engine.begin() as conn:
        conn.execute(
            sa.text(
                "INSERT INTO actor (id, name, name_key, kind, aliases, roles, article_count,"
                " quote_count, created_at) VALUES (1, 'Ted Rowe', 'ted rowe', 'person',"
                " '[\"President Senator Ted Rowe\"]', '[]', 0, 0, '2024-01-01 00:00:00.000000')"
            )
        )
        conn.execute(
            sa.text("INSERT INTO actor_name (key, actor_id, name_kind) VALUES (:k, 1, :n)"),
            [{"k": k, "n": n} for k, n in parts],
        )

    def rows() -> set[tuple[str, str]]:
        with engine.connect() as conn:
            return set(conn.execute(sa.text("SELECT key, name_kind FROM actor_name")).tuples())

    upgrade(engine)
    gone = {("senator ted rowe", "suffix"), ("president", "word"), ("senator", "word")}
    assert rows() == set(parts) - gone
    engine.dispose()


def test_the_migration_gives_stored_people_their_parts(tmp_path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    upgrade(engine, "0010_article_page_kind")
    with engine.begin() as conn:
        conn.execute(
            sa.text(
                "INSERT INTO actor (id, name, name_key, kind, aliases, roles, article_count,"
                " quote_count, created_at) VALUES (1, 'Iain Duncan Smith', 'iain duncan smith',"
                " 'person', '[]', '[]', 0, 0, '2024-01-01 00:00:00.000000')"
            )
        )
        conn.execute(
            sa.text(
                "INSERT INTO actor_name (key, actor_id, name_kind) VALUES"
                " ('iain duncan smith', 1, 'name'), ('smith', 1, 'surname')"
            )
        )
    upgrade(engine)
    with engine.connect() as conn:
        rows = set(conn.execute(sa.text("SELECT key, name_kind FROM actor_name")).tuples())
    engine.dispose()
    assert {("duncan smith", "suffix"), ("smith", "suffix"), ("iain", "word")} <= rows


MX_ACTORS = [
    (1, "Mx Jo Rowe", "mx jo rowe", ["Mx Rowe"]),
    (2, "Mx Kim Lee", "mx kim lee", []),
    (3, "Kim Lee", "kim lee", ["Mx Kim Lee"]),
    (4, "Dr Ann Roe", "ann roe", []),
]
MX_NAMES_BEFORE = {
    ("mx jo rowe", 1, "name"), ("rowe", 1, "surname"), ("mx rowe", 1, "alias"),
    ("jo rowe", 1, "suffix"), ("rowe", 1, "suffix"), ("jo", 1, "word"),
    ("mx kim lee", 2, "name"), ("lee", 2, "surname"), ("kim lee", 2, "suffix"),
    ("kim", 2, "word"), ("lee", 2, "suffix"),
    ("kim lee", 3, "name"), ("lee", 3, "surname"), ("mx kim lee", 3, "alias"),
    ("kim", 3, "word"), ("lee", 3, "suffix"),
    ("ann roe", 4, "name"), ("roe", 4, "surname"), ("roe", 4, "suffix"), ("ann", 4, "word"),
}  # fmt: skip


@pytest.mark.parametrize("postgres", [False, pytest.param(True, marks=pytest.mark.postgres)])
def test_the_migration_keys_stored_mx_names_without_the_honorific_and_back(
    tmp_path: Path, postgres: bool, request: pytest.FixtureRequest
) -> None:
    """ "Mx Jo Rowe" stored under "mx jo rowe" is found, and linked, as name_key now folds it
    ("jo rowe"); one whose new key another person holds keeps its own; downgrading undoes it."""
    url = (
        request.getfixturevalue("fresh_postgres_url")
        if postgres
        else f"sqlite:///{tmp_path / 'old.db'}"
    )
    engine = make_engine(url)
    upgrade(engine, "0019_actor_weeks_by_writer")
    actors = sa.table(
        "actor",
        *(sa.column(c) for c in ("id", "name", "name_key", "kind", "article_count")),
        *(sa.column(c) for c in ("quote_count", "created_at")),
        sa.column("aliases", sa.JSON),
        sa.column("roles", sa.JSON),
    )
    names_table = sa.table("actor_name", *(sa.column(c) for c in ("key", "actor_id", "name_kind")))
    with engine.begin() as conn:
        conn.execute(
            sa.insert(actors),
            [
                {"id": i, "name": n, "name_key": k, "kind": "person", "aliases": a, "roles": [],
                 "article_count": 0, "quote_count": 0, "created_at": datetime(2024, 1, 1)}
                for i, n, k, a in MX_ACTORS
            ],
        )  # fmt: skip
        conn.execute(
            sa.insert(names_table),
            [{"key": k, "actor_id": i, "name_kind": nk} for k, i, nk in MX_NAMES_BEFORE],
        )

    def stored() -> tuple[dict[int, str], set[tuple[str, int, str]]]:
        with engine.connect() as conn:
            keys = dict(conn.execute(sa.text("SELECT id, name_key FROM actor")).tuples().all())
            rows = conn.execute(sa.text("SELECT key, actor_id, name_kind FROM actor_name"))
            return keys, set(rows.tuples())

    upgrade(engine)
    keys, rows = stored()
    assert keys == {1: "jo rowe", 2: "mx kim lee", 3: "kim lee", 4: "ann roe"}
    renamed = {("jo rowe", 1, "name"), ("rowe", 1, "alias")}
    # Kim Lee's alias "Mx Kim Lee" is her own name now: no alias.
    dropped = {("mx jo rowe", 1, "name"), ("mx rowe", 1, "alias"), ("mx kim lee", 3, "alias")}
    assert rows == MX_NAMES_BEFORE - dropped | renamed

    config = alembic_config()
    with writer_connection(engine, foreign_keys=False) as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0019_actor_weeks_by_writer")
    keys, rows = stored()
    assert keys == {i: k for i, _, k, _ in MX_ACTORS}
    assert rows == MX_NAMES_BEFORE

    upgrade(engine)
    with session_factory(engine)() as session:
        say(session, 1, "Mx Jo Rowe", "The bridge will be finished by spring")
        assert session.execute(sa.text("SELECT count(*) FROM actor")).scalar() == 4
        assert [a.id for a in q.quotes_by_actor(session=session, name="Mx Jo Rowe").actors] == [1]
    engine.dispose()

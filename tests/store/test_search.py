"""The quote search language (bot/store/search.py) means the same on SQLite and PostgreSQL:
one table of queries and the quotes each must find, run against both databases."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from sqlalchemy import Engine
from sqlmodel import Session

from bot.store import queries as q
from bot.store import search
from bot.store.db import alembic_config, make_engine, session_factory, upgrade, writer_connection
from tests.store.factories import actor, analysis, article, quote

QUOTES = {
    "unsafe": "This bridge is unsafe and the families who cross it deserve better",
    "possessive": "The bridge's cables were replaced in 1998",
    "tunnel": "The tunnel will close for repairs next week",
    "voting": "Voting on the budget is delayed again",
    "votes": "We will vote against the budget",
    "union": "The state of the union is strong",
    "reversed": "The union of the state is not what it was",
    "accents": "Le café de l'Élysée restera ouvert",
    "dont": "We don't expect the council to agree",
    "covid": "Covid-19 cases fell for the third week",
    "carrier": "AT&T will pay for the new cables on the bridge",
    "oneill": "Senator O'Neill said nothing",
}
# (query, the quotes it finds): the language as the README defines it.
TABLE = [
    ("bridge", {"unsafe", "possessive", "carrier"}),
    ("BRIDGE", {"unsafe", "possessive", "carrier"}),
    ("bridge's", {"unsafe", "possessive", "carrier"}),
    ("bridges", {"unsafe", "possessive", "carrier"}),
    ("bridge unsafe", {"unsafe"}),
    ("bridge OR unsafe", {"unsafe", "possessive", "carrier"}),
    ("bridge OR tunnel", {"unsafe", "possessive", "tunnel", "carrier"}),
    ("cables OR tunnel week", {"tunnel"}),
    ("bridge -cables", {"unsafe"}),
    ("bridge NOT cables", {"unsafe"}),
    ('bridge -"new cables"', {"unsafe", "possessive"}),
    ("vote", {"voting", "votes"}),
    ("votes budget", {"voting", "votes"}),
    ('"state of the union"', {"union"}),
    ("state union", {"union", "reversed"}),
    ('"union of the state"', {"reversed"}),
    ("the state union", {"union", "reversed"}),
    ("elysee", {"accents"}),
    ("Élysée café", {"accents"}),
    ("don't", {"dont"}),
    ("dont", {"dont"}),
    ("l'Élysée", {"accents"}),
    ("O'Neill", {"oneill"}),
    ("Neill", {"oneill"}),
    ("covid-19", {"covid"}),
    ('"covid 19"', {"covid"}),
    ("19", {"covid"}),
    ("1998", {"possessive"}),
    ("AT&T", {"carrier"}),
    ("bridge or", {"unsafe", "possessive", "carrier"}),  # lower-case or is a common word
    ("OR bridge", {"unsafe", "possessive", "carrier"}),  # an OR with one side is ignored
    ('"bridge', {"unsafe", "possessive", "carrier"}),  # an unclosed phrase runs to the end
    ("zebra", set()),
    ("bridge zebra", set()),
]
# Queries with nothing to look for: a sentence saying so, and no quotes.
NOTHING_TO_FIND = [
    ("the", "too common"),
    ("the of and", "too common"),
    ("NOT bridge", "not only what to leave out"),
    ("-bridge -tunnel", "not only what to leave out"),
    ('""', "some words"),
    ("!!! ???", "some words"),
    (" ".join(f"word{i}" for i in range(11)), "at most 10"),
]


@pytest.fixture
def archive(session: Session) -> Session:
    for n, (name, text) in enumerate(QUOTES.items()):
        q.store_analysis(
            session=session,
            article=article(f"https://news.example.com/{n}", title=name),
            analysis=analysis([actor("Ada Lovelace")], [quote(text, "Ada Lovelace")]),
        )
    return session


@pytest.mark.parametrize(("query", "expected"), TABLE, ids=[t[0] for t in TABLE])
def test_search_finds_the_same_quotes_on_both_databases(
    archive: Session, query: str, expected: set[str]
) -> None:
    assert search.parse(query).problem is None
    found = q.search_quotes(session=archive, words=query, limit=50)
    assert {v.article_title for v in found} == expected


@pytest.mark.parametrize(("query", "why"), NOTHING_TO_FIND, ids=[t[0] for t in NOTHING_TO_FIND])
def test_a_query_with_nothing_to_look_for_says_why_and_finds_nothing(
    archive: Session, query: str, why: str
) -> None:
    problem = search.parse(query).problem
    assert problem is not None and why in problem
    assert q.search_quotes(session=archive, words=query) == ()


def test_results_are_newest_first_and_limited(archive: Session) -> None:
    found = q.search_quotes(session=archive, words="bridge", limit=2)
    assert [v.article_title for v in found] == ["carrier", "possessive"]


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'old.db'}"
    url: str = request.getfixturevalue("fresh_postgres_url")
    return url


def test_quotes_stored_before_the_search_terms_existed_are_found_after_upgrading(
    empty_url: str,
) -> None:
    engine = make_engine(empty_url)
    try:
        upgrade(engine, "0003_share_visibility")
        with engine.begin() as conn:
            conn.execute(
                sa.text(
                    "INSERT INTO article (id, canonical_url, url_key, authors, seen_at, text, "
                    "status, created_at, updated_at, public) VALUES (1, 'https://x.example/1', "
                    "'x.example/1', '[]', :now, '', 'done', :now, :now, TRUE)"
                ),
                {"now": "2024-05-01 00:00:00"},
            )
            conn.execute(
                sa.text(
                    'INSERT INTO quote (article_id, text, kind, start, "end", seen_at) '
                    "VALUES (1, 'The bridge''s cables are unsafe', 'direct', 0, 30, :now)"
                ),
                {"now": "2024-05-01 00:00:00"},
            )
        upgrade(engine)
        with session_factory(engine)() as session:
            [found] = q.search_quotes(session=session, words='bridges -tunnel "cables are"')
            assert found.text == "The bridge's cables are unsafe"
        # And back: the previous search index is rebuilt, then this one again.
        downgrade(engine, "0003_share_visibility")
        upgrade(engine)
        with session_factory(engine)() as session:
            assert len(q.search_quotes(session=session, words="unsafe")) == 1
    finally:
        engine.dispose()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The Bridge's cables", ["the", "bridge", "cables"]),  # plain ASCII
        ("Le café de l’Élysée", ["le", "cafe", "de", "l", "elysee"]),  # precomposed accents
        ("Cafe\u0301 nai\u0308ve", ["cafe", "naive"]),  # accents as combining marks
        ("ﬁnal ＶＯＴＥ", ["final", "vote"]),  # compatibility forms
        ("Straße İstanbul", ["strasse", "istanbul"]),  # case folding that changes length
        ("We don’t know O'Neill’s plan", ["we", "dont", "know", "o", "neill", "plan"]),
        ("Москва́ и Ελλάδα", ["москва", "и", "ελλαδα"]),  # other scripts keep their letters
    ],
)
def test_words_fold_case_accents_and_apostrophes(text: str, expected: list[str]) -> None:
    """What search and quote keys compare: words without case, accents or apostrophes."""
    assert search.words(text) == expected


@pytest.mark.postgres
def test_the_search_terms_statistics_migration_goes_up_and_down(fresh_postgres_url: str) -> None:
    """PostgreSQL keeps statistics of 10,000 search terms after 0021, the default before."""
    engine = make_engine(fresh_postgres_url)

    def target() -> int:
        with engine.connect() as conn:
            return int(
                conn.exec_driver_sql(
                    "SELECT attstattarget FROM pg_attribute "
                    "WHERE attrelid = 'quote'::regclass AND attname = 'text_tsv'"
                ).scalar_one()
                or -1  # PostgreSQL 17 shows the default as NULL
            )

    upgrade(engine, "0021_search_statistics")
    assert target() == 1000
    downgrade(engine, "0020_mx_name_keys")
    assert target() == -1
    upgrade(engine)
    assert target() == 1000
    engine.dispose()


def test_the_search_terms_statistics_migration_leaves_sqlite_as_it_is(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'a.db'}")
    upgrade(engine, "0021_search_statistics")
    downgrade(engine, "0020_mx_name_keys")
    upgrade(engine)
    with session_factory(engine)() as session:
        assert q.search_quotes(session=session, words="anything") == ()
    engine.dispose()


def downgrade(engine: Engine, revision: str) -> None:
    """Migrate the database down to `revision`, as `newsbot db downgrade` would."""
    config = alembic_config()
    with writer_connection(engine, foreign_keys=False) as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)

"""bot/store/queries/windows.py and the actor_week counts behind it, on SQLite and PostgreSQL:
the ranking read week by week, biggest counts first, is the ranking of every row grouped, for
any window, limit, kinds and viewer; and the archive's writer keeps the weekly counts true
through every kind of write it makes."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command
from sqlalchemy import Engine
from sqlmodel import Session

from bot.store import queries, visibility
from bot.store.db import alembic_config, make_engine, upgrade, writer_connection
from bot.store.queries.tables import ARTICLE_ACTORS, QUOTES
from bot.store.queries.windows import WEEKS, _counts, _threshold_top, top_in_window
from bot.store.visibility import Viewer
from bot.store.weeks import week_of, weeks_covering
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

START = datetime(2024, 3, 4, 9, tzinfo=UTC)  # a Monday
PEOPLE = [f"Person {chr(65 + i)}{chr(97 + i)}" for i in range(14)]
BODIES = [f"Body {chr(65 + i)}" for i in range(4)]
PLACES = ["Riverton", "Lakeside"]


def newsroom(session: Session, seed: int = 3, stories: int = 70) -> None:
    """Stories over ten weeks, public and private, each naming a few actors (some far more often
    than others, so counts tie and differ) and quoting some of them."""
    rng = random.Random(seed)
    names = PEOPLE + BODIES + PLACES
    weights = [1 / (i + 1) for i in range(len(names))]
    for n in range(stories):
        cast = list(dict.fromkeys(rng.choices(names, weights=weights, k=rng.randint(1, 5))))
        kinds = {**{p: "person" for p in PEOPLE}, **{b: "organization" for b in BODIES}}
        actors = [actor(a, kinds.get(a, "place")) for a in cast]  # type: ignore[arg-type]
        quotes = [
            quote(f"Words {n} {k}", rng.choice(cast), start=40 * k)
            for k in range(rng.randint(0, 4))
        ]
        private = rng.random() < 0.3
        when = START + timedelta(hours=rng.uniform(0, 70 * 24))
        shared_article(
            session, n=n, channel=PRIVATE if private else PUBLIC, private=private,
            page=article(f"https://news.example.com/{n}", published=when.date().isoformat()),
            fetched_at=when, read=analysis(actors, quotes),
        )  # fmt: skip


WINDOWS = [
    (START + timedelta(days=20, hours=5), START + timedelta(days=27, hours=5)),  # a week
    (START + timedelta(days=14), START + timedelta(days=21)),  # exactly Monday to Monday
    (START + timedelta(days=10, hours=3), START + timedelta(days=40, hours=3)),  # a month
    (START - timedelta(days=30), START + timedelta(days=90)),  # everything
    (START + timedelta(days=33), START + timedelta(days=33, hours=12)),  # half a day
    (START + timedelta(days=200), START + timedelta(days=207)),  # nothing
]


@pytest.mark.parametrize("table", [ARTICLE_ACTORS, QUOTES], ids=["articles", "quotes"])
def test_read_week_by_week_it_ranks_as_grouping_every_row(
    session: Session, table: sa.Table
) -> None:
    newsroom(session)
    full = 0  # rankings of `limit` actors, where the reading had to go deeper than 1 a week
    open_ended = [(START + timedelta(days=50), None), (START + timedelta(days=400), None)]
    for since, until in [*WINDOWS, *open_ended]:
        for viewer in (None, OUTSIDER, MEMBER, Viewer.of([])):
            hidden: list[int] = []
            if viewer is not None:
                found = visibility.hidden_articles(viewer, since=since, until=until)
                hidden = list(session.execute(found).scalars())
            for limit in (1, 3, 10):
                for kinds in ((), ("person", "organization")):
                    expected = _counts(session, table, since, until, limit, kinds, hidden)
                    full += len(expected) == limit > 1
                    assert top_in_window(session, table, since, until, limit, kinds, hidden) == (
                        expected
                    )
                    for depth in (1, 2, 32):  # whichever way top_in_window would choose
                        got = _threshold_top(
                            session, table, since, until, limit, kinds, hidden, depth
                        )
                        assert got == expected, (since, until, viewer, limit, kinds, depth)
                    if hidden:  # the hidden articles as a subquery, as PostgreSQL gets them
                        subquery = visibility.hidden_articles(
                            viewer,
                            since=since,
                            until=until,  # type: ignore[arg-type]
                        ).scalar_subquery()
                        got = _threshold_top(
                            session, table, since, until, limit, kinds, subquery, 32
                        )
                        assert got == expected
    assert full >= 20


def test_the_ranking_sees_what_the_viewer_may_see_only(session: Session) -> None:
    """A private story's quotes rank its speaker for the channel's members, not for others."""
    when = START + timedelta(days=1)
    shared_article(
        session, n=1, channel=PRIVATE, private=True, page=article("https://news.example.com/a"),
        fetched_at=when,
        read=analysis([actor("Tom Becker")], [quote(f"Leak {i}", "Tom Becker", start=9 * i)
                                              for i in range(3)]),
    )  # fmt: skip
    shared_article(
        session, n=2, channel=PUBLIC, private=False, page=article("https://news.example.com/b"),
        fetched_at=when, read=analysis([actor("Maria Alvarez")], [quote("Yes", "Maria Alvarez")]),
    )  # fmt: skip
    since, until = START, START + timedelta(days=7)

    def top(viewer: Viewer) -> list[tuple[str, int]]:
        hidden = list(
            session.execute(visibility.hidden_articles(viewer, since=since, until=until)).scalars()
        )
        found = _threshold_top(session, QUOTES, since, until, 5, (), hidden, 1)
        assert found == _counts(session, QUOTES, since, until, 5, (), hidden)
        return [(c.name, c.count) for c in found or ()]

    assert top(OUTSIDER) == [("Maria Alvarez", 1)]
    assert top(MEMBER) == [("Tom Becker", 3), ("Maria Alvarez", 1)]


def recount(session: Session) -> dict[tuple[int, int], tuple[int, int]]:
    """The weekly counts as the rows give them now, to compare with what the database kept."""
    counts: Counter[tuple[int, int, str]] = Counter()
    for table, what in ((ARTICLE_ACTORS, "a"), (QUOTES, "q")):
        for actor_id, seen_at in session.execute(
            sa.select(table.c.actor_id, table.c.seen_at).where(table.c.actor_id.is_not(None))
        ):
            counts[(week_of(seen_at), actor_id, what)] += 1
    keys = {(w, a) for w, a, _ in counts}
    return {(w, a): (counts[(w, a, "a")], counts[(w, a, "q")]) for w, a in keys}


def kept(session: Session) -> dict[tuple[int, int], tuple[int, int]]:
    w = WEEKS.c
    rows = session.execute(sa.select(w.week, w.actor_id, w.articles, w.quotes))
    return {(week, a): (n, q) for week, a, n, q in rows if n or q}


def test_one_article_at_a_time_the_writer_keeps_the_weekly_counts_true(session: Session) -> None:
    newsroom(session, stories=25)
    assert kept(session) == recount(session) and kept(session)


def test_a_batch_adds_its_weekly_counts_in_one_upsert(engine: Engine, session: Session) -> None:
    """Many articles naming the same actors, read again or new, URL variants among them (stored
    in two runs): the counts come out true, from one upsert of actor_week per run."""
    newsroom(session, stories=20)
    upserts: list[str] = []

    def watch(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        upserts.extend(statement for _ in range(statement.count("INSERT INTO actor_week")))

    def story(n: int, url: str, cast: list[str], speakers: list[str | None]) -> tuple[Any, Any]:
        quotes = [quote(f"Batch {n} {k}", s, start=30 * k) for k, s in enumerate(speakers)]
        return article(url), analysis([actor(a) for a in cast], quotes)

    first = START + timedelta(days=3)
    stored_weeks = {w for w, _ in kept(session)}
    sa.event.listen(engine, "before_cursor_execute", watch)
    try:
        queries.store_analyses(session=session, fetched_at=START + timedelta(days=80), items=[
            story(1, "https://news.example.com/new-1", ["Person Aa", "Body A"],
                  ["Person Aa", "Person Aa", None]),
            story(2, "https://news.example.com/new-2", ["Person Aa", "Newcomer Zed"],
                  ["Newcomer Zed"]),
            # Read again: kept at the week it was first seen, some actors dropped, one new.
            story(3, "https://news.example.com/3", ["Person Bb", "Newcomer Zed"],
                  ["Newcomer Zed", "Person Bb"]),
            story(4, "https://news.example.com/4", ["Person Aa"], []),
        ])  # fmt: skip
        assert len(upserts) == 1
        assert kept(session) == recount(session)
        # The second article again under a variant of its address, in the same batch as
        # another new one: the variant waits for the first run, so there are two.
        upserts.clear()
        queries.store_analyses(session=session, fetched_at=first, items=[
            story(5, "https://news.example.com/new-3", ["Person Cc"], ["Person Cc"]),
            story(6, "https://news.example.com/new-3?utm_source=feed", ["Person Dd"],
                  ["Person Dd", "Person Dd"]),
        ])  # fmt: skip
        assert len(upserts) == 2
    finally:
        sa.event.remove(engine, "before_cursor_execute", watch)
    assert kept(session) == recount(session)
    assert {w for w, _ in kept(session)} - stored_weeks == {week_of(START + timedelta(days=80))}


def test_an_article_read_again_moves_its_counts(session: Session) -> None:
    """Its actors and quotes are replaced: the old ones come off their weeks, the new ones go
    on the week the article was first seen; a page now found to be no article takes all its
    counts off; a change of visibility changes none."""
    newsroom(session, stories=25)
    before = kept(session)
    page = article("https://news.example.com/3")
    stored = queries.find_article(session=session, url=page.url)
    assert stored is not None and stored.actor_count
    queries.store_analysis(
        session=session, article=page, fetched_at=START + timedelta(days=60),
        analysis=analysis([actor("Person Aa"), actor("Someone New")],
                          [quote("Again", "Someone New"), quote("More", "Person Aa", start=9)]),
    )  # fmt: skip
    assert kept(session) == recount(session) != before
    shop = replace(page, page_kind="a shop page", not_article_reason="a shop page")
    queries.store_analysis(session=session, article=shop, analysis=analysis([actor("Person Aa")]))
    gone = queries.get_article(session=session, article_id=stored.id)
    assert gone is not None and gone.actor_count == gone.quote_count == 0
    assert kept(session) == recount(session)
    visibility.mark_public(session, range(1, 30))
    session.commit()
    assert kept(session) == recount(session)


def test_rows_deleted_behind_the_writers_back_leave_the_rankings_exact(session: Session) -> None:
    """Articles deleted in SQL by hand (their rows go with them) leave the weekly counts too
    high, never too low: an upper bound is all the ranking reads them for."""
    newsroom(session, stories=40)
    session.execute(sa.text("DELETE FROM article WHERE id % 2 = 0"))
    session.commit()
    now, then = kept(session), recount(session)
    assert now != then and all(now[key] >= then.get(key, (0, 0)) for key in now)
    for since, until in WINDOWS:
        for table in (ARTICLE_ACTORS, QUOTES):
            for limit in (1, 3):
                expected = _counts(session, table, since, until, limit)
                for depth in (1, 32):
                    got = _threshold_top(session, table, since, until, limit, (), (), depth)
                    assert got == expected, (since, until, table.name, limit, depth)


@pytest.mark.parametrize("postgres", [False, pytest.param(True, marks=pytest.mark.postgres)])
def test_the_migration_drops_the_triggers_and_its_downgrade_puts_them_back(
    tmp_path: Path, postgres: bool, request: pytest.FixtureRequest
) -> None:
    url = (
        request.getfixturevalue("fresh_postgres_url")
        if postgres
        else f"sqlite:///{tmp_path / 'a.db'}"
    )
    engine = make_engine(url)
    listed = (
        "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal"
        if postgres
        else "SELECT name FROM sqlite_master WHERE type = 'trigger'"
    )

    def week_triggers() -> set[str]:
        with engine.connect() as conn:
            return {name for (name,) in conn.exec_driver_sql(listed) if "_week_" in name}

    upgrade(engine, "0018_actor_weeks")
    made = week_triggers()
    assert len(made) == 6
    upgrade(engine, "0019_actor_weeks_by_writer")
    assert week_triggers() == set()
    config = alembic_config()
    with writer_connection(engine, foreign_keys=False) as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0018_actor_weeks")
    assert week_triggers() == made
    engine.dispose()


def test_weeks_are_monday_to_monday_and_cover_a_window() -> None:
    monday = datetime(2024, 3, 4, tzinfo=UTC)
    assert (
        week_of(monday)
        == week_of(monday + timedelta(days=6, hours=23))
        == week_of(monday - timedelta(microseconds=1)) + 1
    )
    assert weeks_covering(monday, monday + timedelta(days=7)) == range(
        week_of(monday), week_of(monday) + 2
    )
    assert week_of(datetime(1900, 1, 1, tzinfo=UTC)) == 0

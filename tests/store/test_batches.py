"""bot/store/queries/articles.py store_analyses: a batch, written with each statement once for
all its articles, leaves the archive as storing its articles one by one would."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from bot.store import queries as q
from bot.store.models import Actor, ActorName, ArticleActor, table_of
from tests.store.factories import actor, analysis, article, quote

ACTORS = table_of(Actor)
NAMES = table_of(ActorName)
LINKS = table_of(ArticleActor)


def t(day: int) -> datetime:
    return datetime(2024, 5, day, tzinfo=UTC)


def actor_rows(session: Session) -> dict[str, tuple[Any, ...]]:
    c = ACTORS.c
    rows = session.execute(
        sa.select(
            c.name,
            c.aliases,
            c.roles,
            c.article_count,
            c.quote_count,
            c.first_seen_at,
            c.last_seen_at,
        )
    ).all()
    return {name: tuple(rest) for name, *rest in rows}


def name_rows(session: Session, actor_name: str) -> set[tuple[str, str]]:
    rows = session.execute(
        sa.select(NAMES.c.key, NAMES.c.name_kind)
        .join(ACTORS, ACTORS.c.id == NAMES.c.actor_id)
        .where(ACTORS.c.name == actor_name)
    ).all()
    return {(key, kind) for key, kind in rows}


def test_later_articles_of_a_batch_link_to_actors_an_earlier_one_created(
    session: Session,
) -> None:
    """New actors get their ids only at the batch's end: later articles must still join them,
    grow their aliases and roles, and count towards their counters and first/last seen."""
    items = [
        (
            article("https://ex.com/1", published="2024-05-02"),
            analysis(
                [actor("Maria Lopez"), actor("Acme Corp", "organization")],
                [quote("one", "Maria Lopez")],
            ),
        ),
        (
            article("https://ex.com/2", published="2024-05-05"),
            analysis(
                [actor("Lopez", role="senator", aliases=("Senator Lopez",))],
                [quote("two", "Lopez"), quote("three", "Lopez", start=10)],
            ),
        ),
        (
            article("https://ex.com/3", published="2024-05-01"),
            analysis([actor("Maria Lopez"), actor("Acme Corp", "organization")]),
        ),
    ]
    q.store_analyses(session=session, items=items, fetched_at=t(3))
    actors = actor_rows(session)
    assert set(actors) == {"Maria Lopez", "Acme Corp"}
    aliases, roles, articles, quotes, first, last = actors["Maria Lopez"]
    # Seen by the newsroom when the batch was read, whatever dates the pages give.
    assert (articles, quotes, first, last) == (3, 3, t(3), t(3))
    assert roles == ["senator"]
    assert set(aliases) == {"Lopez", "Senator Lopez"}
    assert actors["Acme Corp"][2:] == (2, 0, t(3), t(3))
    assert name_rows(session, "Maria Lopez") == {
        ("maria lopez", "name"),
        ("lopez", "surname"),
        ("lopez", "alias"),
        ("senator lopez", "alias"),
        # The parts a person is also found by (bot.store.linking.lookup_keys).
        ("lopez", "suffix"),
        ("maria", "word"),  # not "senator": a title is no name part
    }
    links = session.execute(sa.select(sa.func.count()).select_from(LINKS)).scalar_one()
    assert links == 5


def test_a_batch_matches_storing_its_articles_one_by_one(session: Session) -> None:
    """The same articles stored as one batch under new URLs add exactly what they added when
    stored one per transaction: no new actor, every counter doubled, same names."""

    def items(prefix: str) -> list[tuple[Any, Any]]:
        return [
            (
                article(f"https://{prefix}.com/{n}", published=f"2024-05-{n + 1:02d}"),
                analysis(
                    [actor(f"Person {n % 3} Smith", role="mayor" if n == 2 else None)]
                    + [actor("Smith", role="mayor")] * (n == 4),
                    [quote(f"words {n}", f"Person {n % 3} Smith")],
                ),
            )
            for n in range(6)
        ]

    for one in items("single"):
        q.store_analysis(session=session, article=one[0], analysis=one[1], fetched_at=t(1))
    once = actor_rows(session)
    names_once = {n: name_rows(session, n) for n in once}
    q.store_analyses(session=session, items=items("batch"), fetched_at=t(1))
    twice = actor_rows(session)
    assert set(twice) == set(once)
    for name, (aliases, roles, articles, quotes, first, last) in once.items():
        assert twice[name] == (aliases, roles, 2 * articles, 2 * quotes, first, last)
        assert name_rows(session, name) == names_once[name]

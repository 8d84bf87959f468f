"""Time windows and "newest first" go by when the newsroom first saw an article (its first
share), not by the date the page gives, which is kept beside it as published_at."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session

from bot.store import queries as q
from bot.store.db import make_engine, upgrade
from tests.store.factories import actor, analysis, article, quote

SEEN = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


def story(session: Session, n: int, published: str, seen: datetime, words: str) -> int:
    return q.store_analysis(
        session=session,
        article=article(f"https://news.example.com/{n}", published=published, title=f"Story {n}"),
        analysis=analysis([actor("Ada Lovelace")], [quote(words, "Ada Lovelace")]),
        fetched_at=seen,
    )


def test_an_old_story_shared_today_counts_today(session: Session) -> None:
    story(session, 1, "2019-03-01", SEEN, "old words shared today")
    story(session, 2, "2026-11-20", SEEN - timedelta(days=9), "recent words seen last week")
    week = (SEEN - timedelta(days=7), SEEN + timedelta(hours=1))
    found = q.quotes_by_actor(session=session, name="Ada Lovelace", since=week[0], until=week[1])
    assert [v.text for v in found.quotes] == ["old words shared today"]
    assert found.total == 1
    [view] = found.quotes
    assert (view.seen_at, view.published_at) == (SEEN, datetime(2019, 3, 1, tzinfo=UTC))
    top = q.top_actors(session=session, since=week[0], until=week[1])
    assert [(c.name, c.count) for c in top.by_articles] == [("Ada Lovelace", 1)]


def test_newest_first_is_by_first_seen_and_an_article_reads_in_order(session: Session) -> None:
    story(session, 1, "2026-11-29", SEEN - timedelta(days=3), "seen first")
    q.store_analysis(
        session=session,
        article=article("https://news.example.com/2", published="2001-01-01"),
        analysis=analysis(
            [actor("Ada Lovelace")],
            [
                quote("opening words", "Ada Lovelace"),
                quote("closing words", "Ada Lovelace", start=50),
            ],
        ),
        fetched_at=SEEN,
    )
    quotes = q.quotes_by_actor(session=session, name="Ada Lovelace").quotes
    assert [v.text for v in quotes] == ["opening words", "closing words", "seen first"]


def test_analysed_again_an_article_keeps_when_it_was_first_seen(session: Session) -> None:
    article_id = story(session, 1, "2026-11-01", SEEN, "first reading")
    story(session, 1, "2026-11-01", SEEN + timedelta(days=5), "second reading")
    stored = q.get_article(session=session, article_id=article_id)
    assert stored is not None and stored.seen_at == SEEN
    [view] = q.quotes_by_actor(session=session, name="Ada Lovelace").quotes
    assert (view.text, view.seen_at) == ("second reading", SEEN)


def test_the_migration_places_stored_articles_at_their_first_share(tmp_path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    upgrade(engine, "0011_name_parts")
    stamp = "%Y-%m-%d %H:%M:%S.%f"
    published, created = "2019-03-01 00:00:00.000000", "2026-11-01 00:00:00.000000"
    shared = SEEN.strftime(stamp)
    with engine.begin() as conn:
        conn.execute(
            sa.text(
                "INSERT INTO article (id, canonical_url, url_key, url_hash, authors, text,"
                " status, published_at, seen_at, created_at, updated_at, public) VALUES"
                " (1, 'https://a/1', 'a/1', 'h1', '[]', '', 'done', :p, :p, :c, :c, 1),"
                " (2, 'https://a/2', 'a/2', 'h2', '[]', '', 'done', :p, :p, :c, :c, 1)"
            ),
            {"p": published, "c": created},
        )
        conn.execute(
            sa.text(
                "INSERT INTO share (id, channel, message_ts, url, url_key, url_hash, shared_at,"
                " status, article_id, attempts, reacted) VALUES"
                " (1, 'C1', '1.0', 'https://a/1', 'a/1', 'h1', :s, 'done', 1, 1, 0)"
            ),
            {"s": shared},
        )
        conn.execute(
            sa.text(
                'INSERT INTO quote (id, article_id, text, kind, start, "end", seen_at, public,'
                " terms) VALUES (1, 1, 'w', 'direct', 0, 1, :p, 1, 'w')"
            ),
            {"p": published},
        )
    upgrade(engine)
    with engine.connect() as conn:
        seen = dict(conn.execute(sa.text("SELECT id, seen_at FROM article")).tuples().all())
        quote_seen = conn.execute(sa.text("SELECT seen_at FROM quote")).scalar_one()
    engine.dispose()
    assert seen == {1: shared, 2: created}  # the first share, else when it was stored
    assert quote_seen == shared

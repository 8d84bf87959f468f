"""Hostile input at the archive's edge, on SQLite and PostgreSQL alike: URLs of thousands of
characters (PostgreSQL's btree refuses index rows over 2,704 bytes) and NUL characters (which
PostgreSQL's text type cannot hold) are stored, found again, and never lose a share."""

from __future__ import annotations

import hashlib
import random
import string
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy import Engine
from sqlmodel import Session

from bot.store import queries as q
from bot.store.db import make_engine, session_factory, upgrade
from bot.store.queries.tables import ACTORS, ARTICLE_URLS, ARTICLES, NAMES, QUOTES, SHARES
from tests.store import factories as f

NUL = "\x00"


def long_url(n: int, *, seed: int = 0) -> str:
    """An http URL of `n` characters that does not compress (as a real token or slug list)."""
    rng = random.Random(seed)
    base = "https://news.example.com/story/"
    return base + "".join(
        rng.choice(string.ascii_letters + string.digits) for _ in range(n - len(base))
    )


def share(session: Session, url: str, ts: str = "1715677200.000100") -> tuple[int, bool]:
    return q.record_share(
        session=session, team="T1", channel="C1", message_ts=ts, thread_ts=None, user="U1",
        url=url, channel_type="channel",
    )  # fmt: skip


@pytest.mark.parametrize("length", [3000, 5000])
def test_a_link_of_thousands_of_characters_is_shared_once_and_found_again(
    session: Session, length: int
) -> None:
    url = long_url(length)
    share_id, created = share(session, url)
    again, created_again = share(session, url)  # Slack's redelivery of the same event
    assert created and not created_again and again == share_id
    assert share(session, long_url(length, seed=1))[1]  # another long link of the same message

    article = f.article(url, text="Body text of the story, long enough to keep.")
    article_id = q.store_analysis(session=session, article=article, analysis=f.analysis([]))
    q.mark_share_done(session=session, share_id=share_id, article_id=article_id)
    stored = q.find_article(session=session, url=url)
    assert stored is not None and stored.id == article_id and stored.canonical_url == url
    # The same story under a different long URL variant (http, tracking) is the same article.
    variant = url.replace("https://", "http://") + "?utm_source=x"
    assert q.find_article(session=session, url=variant) == stored


def test_an_article_whose_canonical_url_is_4000_characters_is_stored_and_updated(
    session: Session,
) -> None:
    canonical = long_url(4000)
    article = replace(f.article("https://news.example.com/short"), canonical_url=canonical)
    first = q.store_analysis(session=session, article=article, analysis=f.analysis([]))
    second = q.store_analysis(session=session, article=article, analysis=f.analysis([]))
    assert first == second
    assert q.find_article(session=session, url="https://news.example.com/short") is not None
    failed = q.record_article_failure(session=session, url=long_url(4500, seed=3), reason="gone")
    assert failed is not None and failed != first


def test_nul_characters_never_reach_the_archive_and_quote_offsets_still_match(
    session: Session,
) -> None:
    text = f"Intro{NUL}{NUL} words. “We will{NUL} rebuild it,” said Jane{NUL} Doe. The end."
    quoted = text[text.index("We") : text.index(",”")]
    start = text.index(quoted)
    article = f.article(
        f"https://news.example.com/nul{NUL}story", text=text, title=f"Bridge{NUL} vote",
        site=f"News{NUL}", published="2024-05-01",
    )  # fmt: skip
    analysis = f.analysis(
        actors=[f.actor(f"Jane{NUL} Doe", role=f"the{NUL} mayor", aliases=(f"Doe{NUL}",))],
        quotes=[f.quote(quoted, f"Jane{NUL} Doe", start=start, cue=f"said{NUL}")],
    )
    article_id = q.store_analysis(session=session, article=article, analysis=analysis)
    share_id, _ = share(session, f"https://news.example.com/other{NUL}")
    q.mark_share_failed(session=session, share_id=share_id, reason=f"bad{NUL} page")

    for table in (ARTICLES, QUOTES, ACTORS, NAMES, ARTICLE_URLS, SHARES):
        for row in session.execute(sa.select(table)).mappings():
            for column, value in row.items():
                assert NUL not in str(value), (table.name, column)
    stored_text = session.execute(
        sa.select(ARTICLES.c.text).where(ARTICLES.c.id == article_id)
    ).scalar_one()
    [view] = q.quotes_by_actor(session=session, name="Jane Doe").quotes
    assert view.text == "We will rebuild it" and stored_text[view.start : view.end] == view.text
    assert view.article_title == "Bridge vote"


def test_a_name_of_thousands_of_letters_is_no_actor_but_the_article_and_quote_are_stored(
    session: Session,
) -> None:
    """A page can make spaCy read 4,000 letters as one person's name."""
    monster = "Maria " + "".join(
        random.Random(2).choice(string.ascii_lowercase) for _ in range(4000)
    )
    analysis = f.analysis(
        actors=[f.actor(monster), f.actor("Tom Becker", aliases=("x" * 4000,))],
        quotes=[f.quote("We will fix it", monster), f.quote("So will we", "Tom Becker", start=40)],
    )
    q.store_analysis(session=session, article=f.article(), analysis=analysis)
    names = session.execute(sa.select(ACTORS.c.name)).scalars().all()
    assert names == ["Tom Becker"]
    assert [v.text for v in q.quotes_by_actor(session=session, name="Tom Becker").quotes] == [
        "So will we"
    ]
    speakers = session.execute(sa.select(QUOTES.c.speaker_text, QUOTES.c.actor_id)).all()
    assert (monster, None) in speakers


# -- the migration to hashed keys, on an archive that already holds data --------------------------

BEFORE = "0003_share_visibility"


def _insert_before_hashes(engine: Engine) -> None:
    """Rows as revision 0003 holds them: an article with its URL, actor, quote and a share."""
    now = datetime(2024, 5, 1, 12, tzinfo=UTC)
    meta = sa.MetaData()
    with engine.begin() as conn:
        tables = {
            name: sa.Table(name, meta, autoload_with=conn)
            for name in ("article", "article_url", "actor", "article_actor", "quote", "share")
        }
        conn.execute(
            tables["article"].insert(),
            {"id": 1, "canonical_url": "https://news.example.com/a",
             "url_key": "news.example.com/a", "authors": [], "seen_at": now, "text": "Text.",
             "status": "done", "created_at": now, "updated_at": now, "public": True},
        )  # fmt: skip
        conn.execute(
            tables["article_url"].insert(),
            {"url_key": "news.example.com/a", "article_id": 1, "url": "https://news.example.com/a",
             "first_seen_at": now},
        )  # fmt: skip
        conn.execute(
            tables["actor"].insert(),
            {"id": 1, "name": "Jane Doe", "name_key": "jane doe", "kind": "person", "aliases": [],
             "roles": [], "article_count": 1, "quote_count": 1, "created_at": now},
        )  # fmt: skip
        conn.execute(
            tables["article_actor"].insert(),
            {"article_id": 1, "actor_id": 1, "mentions": 1, "salience": 0.5, "seen_at": now,
             "public": True},
        )  # fmt: skip
        conn.execute(
            tables["quote"].insert(),
            {"article_id": 1, "actor_id": 1, "text": "We will rebuild it", "kind": "direct",
             "start": 0, "end": 18, "seen_at": now, "public": True},
        )  # fmt: skip
        conn.execute(
            tables["share"].insert(),
            {"channel": "C1", "message_ts": "1.1", "url": "https://news.example.com/a",
             "url_key": "news.example.com/a", "shared_at": now, "status": "done", "attempts": 1,
             "reacted": True, "article_id": 1, "channel_type": "channel"},
        )  # fmt: skip


def _migrate_filled_archive(url: str) -> None:
    engine = make_engine(url)
    try:
        upgrade(engine, BEFORE)
        _insert_before_hashes(engine)
        upgrade(engine)
        with engine.connect() as conn:
            hashes = conn.execute(sa.text("SELECT url_hash FROM article_url")).scalars().all()
            counts = [
                conn.execute(sa.text(f"SELECT count(*) FROM {t}")).scalar_one()
                for t in ("article", "article_url", "article_actor", "quote", "share")
            ]
        assert hashes == [hashlib.sha256(b"news.example.com/a").hexdigest()]
        assert counts == [1, 1, 1, 1, 1]  # rebuilding tables deleted nothing that refers to them
        with session_factory(engine)() as session:
            assert q.find_article(session=session, url="http://www.news.example.com/a/") is not None
            assert q.search_quotes(session=session, words="rebuild")  # search index intact
            same, created = q.record_share(
                session=session, team=None, channel="C1", message_ts="1.1", thread_ts=None,
                user=None, url="https://news.example.com/a",
            )  # fmt: skip
            assert not created and same == 1
    finally:
        engine.dispose()


def test_sqlite_archive_with_data_migrates_to_hashed_keys_losing_nothing(tmp_path: Path) -> None:
    _migrate_filled_archive(f"sqlite:///{tmp_path / 'old.db'}")


@pytest.mark.postgres
def test_postgres_archive_with_data_migrates_to_hashed_keys_losing_nothing(
    fresh_postgres_url: str,
) -> None:
    _migrate_filled_archive(fresh_postgres_url)

"""bot/store/db.py: engines with the right SQLite pragmas, and migrations that match the models."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlmodel import SQLModel

from bot.store import (
    db,
    models,  # noqa: F401  (the tables compared below)
)
from bot.store.db import (
    SQLITE_READER_CACHE_KIB,
    SQLITE_WAL_AUTOCHECKPOINT_PAGES,
    SQLITE_WRITER_CACHE_KIB,
    current_revision,
    head_revision,
    include_name,
    make_engine,
    normalize_url,
    session_factory,
    upgrade,
    write_transaction,
)
from tests.store.conftest import postgres_url_or_skip


def _schema_diff(url: str) -> list[object]:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(
                conn, opts={"include_name": include_name, "compare_type": True}
            )
            return list(compare_metadata(context, SQLModel.metadata))
    finally:
        engine.dispose()


def _upgrade_from_nothing(url: str) -> None:
    engine = make_engine(url)
    try:
        assert current_revision(engine) is None
        assert not db._at_script_head(engine)
        upgrade(engine)
        assert current_revision(engine) == head_revision()
        assert db._at_script_head(engine)
        upgrade(engine)  # a second start-up finds nothing to do
    finally:
        engine.dispose()


def test_the_migration_files_name_the_head_alembic_finds() -> None:
    # A start-up at the newest revision asks this, not Alembic.
    assert db._script_head() == head_revision()


def test_a_database_behind_the_head_is_not_at_it(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    try:
        upgrade(engine, "0021_search_statistics")
        assert not db._at_script_head(engine)
        upgrade(engine)
        assert db._at_script_head(engine)
    finally:
        engine.dispose()


def test_sqlite_upgrades_from_nothing_to_a_schema_matching_the_models(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    _upgrade_from_nothing(url)
    assert _schema_diff(url) == []


@pytest.mark.postgres
def test_postgres_upgrades_from_nothing_to_a_schema_matching_the_models(
    fresh_postgres_url: str,
) -> None:
    _upgrade_from_nothing(fresh_postgres_url)
    assert _schema_diff(fresh_postgres_url) == []


def test_schema_comparison_notices_a_table_the_migrations_lack(tmp_path: Path) -> None:
    """The no-diff checks above can fail: a model table missing from the database shows up."""
    url = f"sqlite:///{tmp_path / 'archive.db'}"
    engine = make_engine(url)
    upgrade(engine)
    with engine.begin() as conn:
        conn.exec_driver_sql("DROP TABLE channel_setting")
    engine.dispose()
    diff = _schema_diff(url)
    assert [d[0] for d in diff if isinstance(d, tuple)] == ["add_table"]


def test_every_sqlite_connection_has_wal_foreign_keys_and_a_busy_timeout(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'a.db'}")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30_000
        wal_pages = conn.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar()
        assert wal_pages == SQLITE_WAL_AUTOCHECKPOINT_PAGES
    engine.dispose()


def test_a_sqlite_writer_gets_a_larger_page_cache_and_a_reader_gives_it_back(
    tmp_path: Path,
) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'a.db'}", poolclass=sa.pool.StaticPool)
    cache = sa.text("PRAGMA cache_size")
    with session_factory(engine)() as session:
        assert session.execute(cache).scalar() == -SQLITE_READER_CACHE_KIB
        session.commit()
        write_transaction(session)
        assert session.execute(cache).scalar() == -SQLITE_WRITER_CACHE_KIB
        session.commit()
        write_transaction(session)  # writes in a row keep it
        assert session.execute(cache).scalar() == -SQLITE_WRITER_CACHE_KIB
        session.commit()
        assert session.execute(cache).scalar() == -SQLITE_READER_CACHE_KIB
    engine.dispose()


def test_sqlite_default_is_newsbot_db_in_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.settings import Settings

    monkeypatch.delenv("NEWSBOT_DATABASE_URL", raising=False)
    monkeypatch.chdir(tmp_path)
    engine = make_engine(Settings(_env_file=None).database_url)  # type: ignore[call-arg]
    upgrade(engine)
    engine.dispose()
    assert (tmp_path / "newsbot.db").is_file()


def test_plain_postgresql_urls_use_psycopg_3() -> None:
    assert normalize_url("postgresql://u:p@h/db") == "postgresql+psycopg://u:p@h/db"
    assert normalize_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalize_url("sqlite:///x.db") == "sqlite:///x.db"


def test_foreign_keys_are_enforced_on_sqlite(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'a.db'}")
    upgrade(engine)
    with pytest.raises(sa.exc.IntegrityError), engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO article_url (url_hash, url_key, article_id, url, first_seen_at) "
            "VALUES ('h', 'k', 999, 'u', '2024-01-01 00:00:00')"
        )
    engine.dispose()


def test_postgres_url_reachable_or_skipped_with_reason() -> None:
    """Guards the CI switch: with NEWSBOT_TEST_REQUIRE_POSTGRES=1 this fails instead of skipping."""
    url = postgres_url_or_skip()
    engine = make_engine(url)
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT 1")).scalar() == 1
    engine.dispose()


@pytest.mark.postgres
def test_postgres_connections_run_without_jit_and_keep_the_urls_options(
    fresh_postgres_url: str,
) -> None:
    """JIT compiling cost searches tens of ms; the URL's own options (a schema) still apply."""
    engine = make_engine(fresh_postgres_url)
    try:
        with engine.connect() as conn:
            assert conn.exec_driver_sql("SHOW jit").scalar() == "off"
            assert conn.exec_driver_sql("SHOW search_path").scalar().startswith("test_")
    finally:
        engine.dispose()


def test_the_schedulers_job_table_is_not_taken_for_schema_drift(tmp_path: Path) -> None:
    """A database the bot has run on holds APScheduler's job table beside the models; schema
    comparisons (and autogenerated migrations) must leave it alone rather than drop it."""
    from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore

    from bot.store.db import SCHEDULER_JOBS_TABLE

    url = f"sqlite:///{tmp_path / 'ran.db'}"
    engine = make_engine(url)
    upgrade(engine)
    store = SQLAlchemyJobStore(engine=engine, tablename=SCHEDULER_JOBS_TABLE)
    store.start(None, "default")  # creates its table, as the running bot's scheduler does
    engine.dispose()
    assert _schema_diff(url) == []

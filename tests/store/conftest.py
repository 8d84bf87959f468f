"""Archive fixtures: every test gets a fresh, migrated database, SQLite and PostgreSQL alike.

PostgreSQL comes from NEWSBOT_TEST_POSTGRES_URL: the session migrates one schema of its own
(dropped at the end) and every table is emptied before each test; migration tests get a schema
of their own, empty.
Without that server the PostgreSQL variants skip, unless NEWSBOT_TEST_REQUIRE_POSTGRES=1 (CI),
which turns the skip into a failure.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy import Engine
from sqlalchemy.engine import make_url
from sqlmodel import Session, SQLModel

from bot.store import models  # noqa: F401  (the tables to empty)
from bot.store.db import make_engine, session_factory, upgrade

PG_URL_ENV = "NEWSBOT_TEST_POSTGRES_URL"
REQUIRE_PG_ENV = "NEWSBOT_TEST_REQUIRE_POSTGRES"


@cache
def _postgres_problem() -> str | None:
    """None when the test PostgreSQL answers, else why it cannot be used."""
    url = os.environ.get(PG_URL_ENV)
    if not url:
        return f"{PG_URL_ENV} is not set"
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
    except sa.exc.OperationalError as exc:
        return f"PostgreSQL at {PG_URL_ENV} is unreachable: {exc.orig}"
    finally:
        engine.dispose()
    return None


def postgres_url_or_skip() -> str:
    problem = _postgres_problem()
    if problem:
        if os.environ.get(REQUIRE_PG_ENV) == "1":
            pytest.fail(f"{REQUIRE_PG_ENV}=1 but {problem}")
        pytest.skip(problem)
    return os.environ[PG_URL_ENV]


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One migrated SQLite file; tests get copies (migrating each time would be slow)."""
    path = tmp_path_factory.mktemp("template") / "archive.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


@pytest.fixture
def fresh_postgres_url() -> Iterator[str]:
    """A URL whose search_path is a new, empty schema of the test PostgreSQL."""
    base = postgres_url_or_skip()
    schema = f"test_{uuid.uuid4().hex[:12]}"
    admin = make_engine(base)
    with admin.begin() as conn:
        conn.exec_driver_sql(f"CREATE SCHEMA {schema}")
    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
        admin.dispose()


@pytest.fixture(scope="session")
def _postgres_archive() -> Iterator[str]:
    """One migrated schema for the session's PostgreSQL tests; emptied before each test."""
    base = postgres_url_or_skip()
    schema = f"test_{uuid.uuid4().hex[:12]}"
    admin = make_engine(base)
    with admin.begin() as conn:
        conn.exec_driver_sql(f"CREATE SCHEMA {schema}")
    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    rendered = url.render_as_string(hide_password=False)
    engine = make_engine(rendered)
    upgrade(engine)
    engine.dispose()
    try:
        yield rendered
    finally:
        with admin.begin() as conn:
            conn.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
        admin.dispose()


def _empty_postgres(url: str) -> None:
    # Migrating a schema per test costs ~0.3 s; emptying every table costs a few ms and
    # leaves the same clean database (ids restart too).
    tables = ", ".join(t.name for t in SQLModel.metadata.sorted_tables)
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.exec_driver_sql(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
    engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(
    request: pytest.FixtureRequest, tmp_path: Path, _sqlite_template: Path
) -> Iterator[str]:
    """A migrated, empty archive: a copied SQLite file, or an emptied PostgreSQL schema."""
    if request.param == "sqlite":
        path = tmp_path / "archive.db"
        shutil.copyfile(_sqlite_template, path)
        yield f"sqlite:///{path}"
        return
    url = request.getfixturevalue("_postgres_archive")
    _empty_postgres(url)
    yield url


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with session_factory(engine)() as session:
        yield session

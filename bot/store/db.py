"""Engines, sessions and schema upgrades: the same code on SQLite (default) and PostgreSQL."""

from __future__ import annotations

import contextlib
import logging
import os
import re
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.dialects import postgresql
from sqlalchemy.dialects import sqlite as sqlite_dialect
from sqlalchemy.engine import ExceptionContext, make_url
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session

from bot.urls import redact_urls_in

if TYPE_CHECKING:
    from alembic.config import Config

logger = logging.getLogger(__name__)

DEFAULT_DATABASE_URL = "sqlite:///newsbot.db"
SUPPORTED_BACKENDS = ("sqlite", "postgresql")
SQLITE_BUSY_TIMEOUT_MS = 30_000
SQLITE_BEGIN_OPTION = "newsbot_sqlite_begin"
# A writing transaction's page cache (KiB; SQLite's default is 2,000). A batch of articles
# dirties pages all over the quote-key indexes (each key a hash: a page of its own) and SQLite
# spills dirty pages to the WAL, to write them again, once its cache is full. Readers keep the
# default: every pooled connection has a cache of its own, and a reader's only saves re-reads
# from the OS's file cache. bench/query_speed.py --ingest, batches of 32 at scale 0.1: CPU
# 2.7-3.3 -> 2.0-2.3 ms per article with the checkpoint interval below.
SQLITE_WRITER_CACHE_KIB = 32 * 1024
SQLITE_READER_CACHE_KIB = 2_000
# Pages in the WAL before a commit copies them back into the database file (SQLite's default
# 1,000, 4 MB: about one batch of 32 articles, so every batch paid a checkpoint of its own).
# Pages a batch writes again (hot index pages, counters) are copied back once per 40 MB. The
# WAL file stays that large; with synchronous=NORMAL a power cut (not a crash) may lose the
# transactions since the last checkpoint, as before, now up to this many pages of them.
SQLITE_WAL_AUTOCHECKPOINT_PAGES = 10_000
_WRITER_CACHE = "newsbot_writer_cache"
ALEMBIC_INI = Path(__file__).with_name("alembic.ini")
MIGRATION_VERSIONS = Path(__file__).with_name("migrations") / "versions"
# Alembic's own table of the revision a database is at (its default name, kept by env.py).
ALEMBIC_VERSION_TABLE = "alembic_version"
_REVISION_LINE = re.compile(r'^(down_)?revision\b[^=\n]*=\s*(?:"([^"\n]*)"|(None))\s*$', re.M)

# Full-text search objects are made by raw SQL in the migration and differ per backend (an FTS5
# table and its shadow tables on SQLite; a generated tsvector column and GIN index on PostgreSQL).
# The models do not describe them, so schema comparison leaves them out.
SEARCH_OBJECT_PREFIX = "quote_fts"
SEARCH_COLUMN = "text_tsv"
# The digest scheduler's job store (APScheduler creates and owns it), not one of our models.
SCHEDULER_JOBS_TABLE = "apscheduler_jobs"
SEARCH_INDEX = "ix_quote_text_tsv"


def normalize_url(url: str) -> str:
    """`postgresql://` and `postgres://` mean psycopg 3 here, the driver newsbot ships with."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    # The driver's own transaction handling is switched off so that "begin" below decides how
    # transactions start.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        # WAL lets readers run while one writer writes; NORMAL sync is durable at checkpoints
        # and is what WAL is designed for.
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute(f"PRAGMA wal_autocheckpoint = {SQLITE_WAL_AUTOCHECKPOINT_PAGES}")
    finally:
        cursor.close()


def _sqlite_begin(conn: Any) -> None:
    # A deferred transaction that reads and then writes cannot wait for the write lock: SQLite
    # answers "database is locked" at once when another writer committed in between. Writers
    # therefore begin IMMEDIATE (see write_transaction) and queue on busy_timeout; readers stay
    # deferred so that, under WAL, they never wait for a writer.
    mode = conn.get_execution_options().get(SQLITE_BEGIN_OPTION, "DEFERRED")
    _writer_cache(conn, mode == "IMMEDIATE")
    conn.exec_driver_sql(f"BEGIN {mode}")


def _writer_cache(conn: Any, writing: bool) -> None:
    """Give a writer's connection the writer's page cache, and take it back when it next
    reads (a connection keeps its cache across transactions when no one else wrote, so
    writes in a row on one connection share it)."""
    if conn.info.get(_WRITER_CACHE, False) == writing:
        return
    size = SQLITE_WRITER_CACHE_KIB if writing else SQLITE_READER_CACHE_KIB
    conn.exec_driver_sql(f"PRAGMA cache_size = -{size}")
    conn.info[_WRITER_CACHE] = writing


class _SQLiteWriterQueue:
    """Writers of one process queue on a lock before BEGIN IMMEDIATE, not in SQLite's busy wait.

    SQLite's busy handler polls with sleeps that grow to 100 ms, so a writer that arrives while
    another writes can sleep long after the lock is free (the Slack ack path records a share
    while workers store analyses). A Python lock wakes the next writer at once; busy_timeout
    still arbitrates between processes.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()

    def begin(self, conn: Any) -> None:
        if conn.get_execution_options().get(SQLITE_BEGIN_OPTION) != "IMMEDIATE":
            _sqlite_begin(conn)
            return
        # Bounded, so a writer nested inside another's transaction on this thread still gets
        # SQLite's own "database is locked" rather than waiting forever.
        conn.info[_HOLDS_WRITER_LOCK] = self._lock.acquire(timeout=SQLITE_BUSY_TIMEOUT_MS / 1000)
        try:
            _sqlite_begin(conn)
        except BaseException:
            self.end(conn)
            raise

    def end(self, conn: Any) -> None:
        if conn.info.pop(_HOLDS_WRITER_LOCK, False):
            self._lock.release()


_HOLDS_WRITER_LOCK = "newsbot_holds_writer_lock"


def _create_private(database: str | None) -> None:
    """Create a new SQLite file readable by its owner only: the archive holds private channels'
    shares. SQLite gives its -wal and -shm files the database file's mode; an existing file
    keeps its own."""
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    # It may exist already; if it cannot be made, SQLite will say why when it opens it.
    with contextlib.suppress(OSError):
        os.close(os.open(database, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def _redact_error(context: ExceptionContext) -> None:
    """A database error quotes the values it refused (PostgreSQL's DETAIL: "Failing row
    contains (...)"): its URLs are shown as redact_url shows them, so that a traceback in the
    log carries no token. The statement's parameters are hidden by the engine."""
    for error in (context.original_exception, context.sqlalchemy_exception):
        if error is not None and error.args and isinstance(error.args[0], str):
            error.args = (redact_urls_in(error.args[0]), *error.args[1:])


def make_engine(url: str = DEFAULT_DATABASE_URL, **kwargs: Any) -> Engine:
    """An engine for `url`; on SQLite every connection gets WAL, foreign keys, a busy timeout.

    Its errors never show the statement's parameters or a URL's credentials (shares' URLs can
    hold tokens).
    """
    sa_url = make_url(normalize_url(url))
    if sa_url.get_backend_name() not in SUPPORTED_BACKENDS:
        raise sa.exc.ArgumentError(f"newsbot does not work with {sa_url.get_backend_name()}")
    kwargs["hide_parameters"] = True
    if sa_url.get_backend_name() == "sqlite":
        _create_private(sa_url.database)
        connect_args = {"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000, "check_same_thread": False}
        engine = create_engine(sa_url, connect_args=connect_args, **kwargs)
        writers = _SQLiteWriterQueue()
        event.listen(engine, "connect", _sqlite_on_connect)
        event.listen(engine, "begin", writers.begin)
        event.listen(engine, "commit", writers.end)
        event.listen(engine, "rollback", writers.end)
    else:
        # No JIT: the archive's statements are short, and a few (a search's 200 newest of
        # a word in 1% of the quotes) cost just past jit_above_cost, where compiling them took
        # 26 to 81 ms of their time (EXPLAIN ANALYZE at 100k articles).
        given = sa_url.query.get("options") or ()
        options = " ".join([*([given] if isinstance(given, str) else given), "-cjit=off"])
        sa_url = sa_url.update_query_dict({"options": options})
        engine = create_engine(sa_url, pool_pre_ping=True, **kwargs)
    event.listen(engine, "handle_error", _redact_error)
    return engine


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions whose objects stay readable after commit (handlers use them after the commit)."""
    return sessionmaker(bind=engine, class_=Session, expire_on_commit=False)


@contextmanager
def writer_connection(engine: Engine, *, foreign_keys: bool = True) -> Iterator[Connection]:
    """A connection inside one writing transaction, committed on success.

    `foreign_keys=False` is for schema changes on SQLite, which rebuild a table by copying it:
    with enforcement on, dropping the old `article` would delete every row that references it
    (ON DELETE CASCADE). SQLite changes the setting only outside a transaction, so it is set
    here, before BEGIN, and the references are checked before the commit instead.
    """
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as connection:
        raw = connection.connection.driver_connection
        if sqlite and not foreign_keys:
            raw.execute("PRAGMA foreign_keys = OFF")  # type: ignore[union-attr]
        try:
            connection = connection.execution_options(**{SQLITE_BEGIN_OPTION: "IMMEDIATE"})
            with connection.begin():
                yield connection
                if sqlite and not foreign_keys:
                    _check_foreign_keys(connection)
        finally:
            if sqlite and not foreign_keys:
                raw.execute("PRAGMA foreign_keys = ON")  # type: ignore[union-attr]


def _check_foreign_keys(connection: Connection) -> None:
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
    if broken:
        raise RuntimeError(f"the schema change left {len(broken)} broken references: {broken[:5]}")


def write_transaction(session: Session) -> None:
    """Start the session's next transaction as a writer (SQLite: BEGIN IMMEDIATE).

    Commits whatever the session has pending first, so the write lock is taken before the
    transaction's first read.
    """
    if session.in_transaction():
        session.commit()
    session.connection(execution_options={SQLITE_BEGIN_OPTION: "IMMEDIATE"})


@dataclass(frozen=True)
class Rows:
    """Rows for one table, all with the same keys; `skip_taken` skips rows whose unique key is
    already taken (ON CONFLICT DO NOTHING)."""

    table: sa.Table
    rows: Sequence[dict[str, Any]]
    skip_taken: bool = False


@dataclass(frozen=True)
class PostgresTail:
    """A PostgreSQL statement to run as the last part of insert_rows' one statement, after
    `parts`, more data-modifying statements to run in it (each a WITH part)."""

    sql: str
    params: dict[str, Any]
    parts: tuple[str, ...] = ()


def insert_rows(session: Session, *inserts: Rows, tail: PostgresTail | None = None) -> None:
    """Insert many rows into some tables as cheaply as each database allows.

    PostgreSQL gets one statement for all the tables: a data-modifying WITH clause per table,
    each with one array per column (unnest), and `tail` (whose parameters must not be named
    like a table's) as the main statement. Its text depends only on the tables and columns,
    so it is parsed and planned once per connection, where multi-row VALUES lists are new text
    for every row count and cost the client more to build than the server to run. The parts
    see the same snapshot: `tail` must not touch the rows inserted here. SQLite runs one
    executemany per table, in-process, and ignores `tail`. JSON columns are not supported.
    """
    inserts = tuple(i for i in inserts if i.rows)
    if session.get_bind().dialect.name != "postgresql":
        connection = session.connection()
        for i in inserts:
            columns = tuple(i.rows[0])
            sql, processors = _sqlite_insert(i.table, columns, i.skip_taken)
            connection.exec_driver_sql(sql, [_sqlite_row(row, processors) for row in i.rows])
        return
    if not inserts and tail is None:
        return
    shape = tuple((i.table, tuple(i.rows[0]), i.skip_taken) for i in inserts)
    params = dict(tail.params) if tail else {}
    for table, columns, _ in shape:
        rows = next(i.rows for i in inserts if i.table is table)
        params |= {f"{table.name}__{c}": [row[c] for row in rows] for c in columns}
    statement = _postgres_insert(shape, tail.sql if tail else None, tail.parts if tail else ())
    session.execute(statement, params)


_PG = postgresql.dialect()


@cache
def _postgres_insert(
    shape: tuple[tuple[sa.Table, tuple[str, ...], bool], ...],
    tail: str | None,
    tail_parts: tuple[str, ...],
) -> sa.TextClause:
    parts = []
    for table, columns, skip_taken in shape:
        names = ", ".join(_PG.identifier_preparer.quote(c) for c in columns)
        arrays = ", ".join(
            f"CAST(:{table.name}__{c} AS {table.c[c].type.compile(dialect=_PG)}[])" for c in columns
        )
        conflict = " ON CONFLICT DO NOTHING" if skip_taken else ""
        parts.append(f"INSERT INTO {table.name} ({names}) SELECT * FROM unnest({arrays}){conflict}")
    parts += tail_parts
    if tail is None:
        tail = parts.pop()
    ctes = ", ".join(f"w{n} AS ({part})" for n, part in enumerate(parts))
    return sa.text(f"WITH {ctes} {tail}" if ctes else tail)


_SQLITE = sqlite_dialect.dialect()
_Processor = Callable[[Any], Any] | None


@cache
def _sqlite_insert(
    table: sa.Table, columns: tuple[str, ...], skip_taken: bool
) -> tuple[str, tuple[tuple[str, _Processor], ...]]:
    """The driver's own INSERT, and the columns' bind processors: SQLAlchemy's executemany
    processed every row's parameters one by one, which cost more than SQLite's insert."""
    names = ", ".join(_SQLITE.identifier_preparer.quote(c) for c in columns)
    marks = ", ".join("?" for _ in columns)
    conflict = " ON CONFLICT DO NOTHING" if skip_taken else ""
    # dialect_impl: the SQLite form of each type, as SQLAlchemy's own execute uses it.
    processors = tuple(
        (
            c,
            _remembered(
                table.c[c].type, table.c[c].type.dialect_impl(_SQLITE).bind_processor(_SQLITE)
            ),
        )
        for c in columns
    )
    return f"INSERT INTO {table.name} ({names}) VALUES ({marks}){conflict}", processors


def _remembered(type_: sa.types.TypeEngine[Any], processor: _Processor) -> _Processor:
    """A time's processor remembers its last answers: the rows of one article share their
    seen_at (its quotes, its actor links), and turning it into text costs more than the insert."""
    is_time = isinstance(getattr(type_, "impl_instance", type_), sa.DateTime)
    return lru_cache(maxsize=256)(processor) if is_time and processor is not None else processor


def _sqlite_row(
    row: dict[str, Any], processors: tuple[tuple[str, _Processor], ...]
) -> tuple[Any, ...]:
    return tuple(row[c] if p is None else p(row[c]) for c, p in processors)


def alembic_config() -> Config:
    """The Alembic configuration of the archive, independent of the working directory."""
    from alembic.config import Config

    cfg = Config(str(ALEMBIC_INI))
    cfg.set_main_option("script_location", str(Path(__file__).with_name("migrations")))
    return cfg


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to `revision` (default the newest). Safe to run from several processes."""
    if revision == "head" and _at_script_head(engine):
        return  # every start-up: no write lock, no scan of every reference, no Alembic
    from alembic import command

    if revision == "head" and current_revision(engine) == head_revision():
        return
    before = current_revision(engine)
    cfg = alembic_config()
    with writer_connection(engine, foreign_keys=False) as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, revision)
    # Alembic's own lines are quiet at the default level (bot.cli): this one says what changed.
    after = current_revision(engine)
    logger.info("database schema upgraded from %s to %s", before or "nothing", after)


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at, or None for an empty database."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str | None:
    """The newest revision of the migrations: `upgrade` skips its lock when already there."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def _script_head() -> str | None:
    """head_revision read from the migration files' `revision` and `down_revision` lines
    alone, or None when they do not name one head plainly (a merge's tuple, a branch): then
    Alembic decides. Alembic, its templates and every migration module, loaded to learn
    only this, held 14 MB for the life of `newsbot run` (bench/memory.py)."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in MIGRATION_VERSIONS.glob("*.py"):
        lines = _REVISION_LINE.findall(path.read_text())
        found = {down: name or None for down, name, _none in lines}
        if path.name == "__init__.py" and not found:
            continue
        if set(found) != {"", "down_"} or found[""] is None:
            return None
        revisions.add(found[""])
        if found["down_"] is not None:
            parents.add(found["down_"])
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 and parents <= revisions else None


def _at_script_head(engine: Engine) -> bool:
    """Whether the database is at the newest migration, asked without loading Alembic
    (`_script_head`); False whenever that cannot be told, so Alembic asks again."""
    head = _script_head()
    if head is None:
        return False
    with engine.connect() as connection:
        if not sa.inspect(connection).has_table(ALEMBIC_VERSION_TABLE):
            return False
        stored = connection.execute(sa.text(f"SELECT version_num FROM {ALEMBIC_VERSION_TABLE}"))
        return list(stored.scalars()) == [head]


def include_name(name: str | None, type_: str, _parent_names: Any) -> bool:
    """Alembic filter: the models describe everything except the full-text search objects and
    the scheduler's job table."""
    if name is None:
        return True
    if type_ == "table":
        return not name.startswith(SEARCH_OBJECT_PREFIX) and name != SCHEDULER_JOBS_TABLE
    if type_ == "column":
        return name != SEARCH_COLUMN
    if type_ == "index":
        return name != SEARCH_INDEX
    return True

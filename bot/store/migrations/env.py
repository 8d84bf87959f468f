"""Alembic's entry point: migrate the connection bot.store.db.upgrade hands in, or the URL."""

from __future__ import annotations

import os

from alembic import context
from sqlalchemy import Connection
from sqlmodel import SQLModel

from bot.store import models  # noqa: F401  (registers the tables on SQLModel.metadata)
from bot.store.db import DEFAULT_DATABASE_URL, include_name, make_engine, writer_connection

# Any constant works; it only has to be the same in every process that upgrades.
UPGRADE_LOCK_ID = 0x6E657773  # "news"


def run_migrations(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=SQLModel.metadata,
        include_name=include_name,
        compare_type=True,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        if connection.dialect.name == "postgresql":
            # Two processes starting at once must not both create the tables.
            connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({UPGRADE_LOCK_ID})")
        context.run_migrations()


def main() -> None:
    if context.is_offline_mode():
        raise SystemExit("newsbot migrations run against a database, not as offline SQL")
    connection = context.config.attributes.get("connection")
    if connection is not None:
        run_migrations(connection)
        return
    url = os.environ.get("NEWSBOT_DATABASE_URL", DEFAULT_DATABASE_URL)
    engine = make_engine(url)
    try:
        with writer_connection(engine, foreign_keys=False) as conn:
            run_migrations(conn)
    finally:
        engine.dispose()


main()

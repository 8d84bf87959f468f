"""URL keys are unique and looked up by their SHA-256: PostgreSQL's btree refuses long URLs.

A btree index row holds at most 2,704 bytes, so a URL of 3,000 characters could be neither
shared nor stored. Article, article_url and share keep their URLs and URL keys in full; their
unique constraints and lookups move to `url_hash`, bot.store.models.key_hash of the URL key.

SQLite rebuilds the three tables (batch mode); bot.store.db.upgrade runs migrations there with
foreign keys off, as SQLite's own procedure asks, so rebuilding `article` does not cascade.

Revision ID: 0007_url_hashes
Revises: 0006_used_signatures
Create Date: 2026-12-02 10:00:00
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_url_hashes"
down_revision: str | None = "0006_used_signatures"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("article", "article_url", "share")
HASH = sa.String(length=64)


def _foreign_keys_off() -> None:
    """SQLite must not enforce foreign keys while `article` is rebuilt (see the docstring)."""
    bind = op.get_bind()
    if bind.dialect.name == "sqlite" and bind.exec_driver_sql("PRAGMA foreign_keys").scalar():
        raise RuntimeError(
            "this migration rebuilds SQLite tables and needs foreign keys off: run it through "
            "bot.store.db.upgrade, or writer_connection(engine, foreign_keys=False)"
        )


def _fill_hashes() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        expression = "encode(sha256(convert_to(url_key, 'UTF8')), 'hex')"
    else:
        # The same hash as bot.store.models.key_hash, from Python, inside this transaction.
        raw = bind.connection.driver_connection
        raw.create_function(  # type: ignore[union-attr]
            "newsbot_key_hash",
            1,
            lambda key: hashlib.sha256(key.encode("utf-8")).hexdigest(),
            deterministic=True,
        )
        expression = "newsbot_key_hash(url_key)"
    for table in TABLES:
        op.execute(f"UPDATE {table} SET url_hash = {expression}")


def upgrade() -> None:
    _foreign_keys_off()
    for table in TABLES:
        op.add_column(table, sa.Column("url_hash", HASH, nullable=True))
    _fill_hashes()
    with op.batch_alter_table("article") as batch:
        batch.alter_column("url_hash", existing_type=HASH, nullable=False)
        batch.drop_constraint("uq_article_canonical_url", type_="unique")
        batch.drop_constraint("uq_article_url_key", type_="unique")
        batch.create_unique_constraint("uq_article_url_hash", ["url_hash"])
    with op.batch_alter_table("article_url") as batch:
        batch.alter_column("url_hash", existing_type=HASH, nullable=False)
        batch.drop_constraint("pk_article_url", type_="primary")
        batch.create_primary_key("pk_article_url", ["url_hash"])
    with op.batch_alter_table("share") as batch:
        batch.alter_column("url_hash", existing_type=HASH, nullable=False)
        batch.drop_constraint("uq_share_channel_message_ts_url_key", type_="unique")
        batch.create_unique_constraint(
            "uq_share_channel_message_ts_url_hash", ["channel", "message_ts", "url_hash"]
        )


def downgrade() -> None:
    _foreign_keys_off()
    with op.batch_alter_table("share") as batch:
        batch.drop_constraint("uq_share_channel_message_ts_url_hash", type_="unique")
        batch.create_unique_constraint(
            "uq_share_channel_message_ts_url_key", ["channel", "message_ts", "url_key"]
        )
        batch.drop_column("url_hash")
    with op.batch_alter_table("article_url") as batch:
        batch.drop_constraint("pk_article_url", type_="primary")
        batch.create_primary_key("pk_article_url", ["url_key"])
        batch.drop_column("url_hash")
    with op.batch_alter_table("article") as batch:
        batch.drop_constraint("uq_article_url_hash", type_="unique")
        batch.create_unique_constraint("uq_article_url_key", ["url_key"])
        batch.create_unique_constraint("uq_article_canonical_url", ["canonical_url"])
        batch.drop_column("url_hash")

"""Quote search indexes the terms newsbot's own tokenizer makes, the same on both databases.

Revision ID: 0004_search_terms
Revises: 0003_share_visibility
Create Date: 2026-12-02 10:00:00

Until now SQLite indexed quote text with FTS5's porter tokenizer and PostgreSQL with its
English text search configuration, which stem, drop common words and split words differently.
Now each quote keeps `terms` (bot.store.search.index_terms) and both index those as they are.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from bot.store.search import index_terms

revision: str = "0004_search_terms"
down_revision: str | None = "0003_share_visibility"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 5000
# The names match bot.store.db's SEARCH_* constants.
SQLITE_TRIGGERS = ("quote_fts_insert", "quote_fts_delete", "quote_fts_update")


def _sqlite_search(column: str, tokenize: str) -> tuple[str, ...]:
    return (
        f"CREATE VIRTUAL TABLE quote_fts USING fts5({column}, content='quote', "
        f"content_rowid='id', tokenize='{tokenize}')",
        "CREATE TRIGGER quote_fts_insert AFTER INSERT ON quote BEGIN "
        f"INSERT INTO quote_fts(rowid, {column}) VALUES (new.id, new.{column}); END",
        "CREATE TRIGGER quote_fts_delete AFTER DELETE ON quote BEGIN "
        f"INSERT INTO quote_fts(quote_fts, rowid, {column}) VALUES ('delete', old.id, "
        f"old.{column}); END",
        f"CREATE TRIGGER quote_fts_update AFTER UPDATE OF {column} ON quote BEGIN "
        f"INSERT INTO quote_fts(quote_fts, rowid, {column}) VALUES ('delete', old.id, "
        f"old.{column}); "
        f"INSERT INTO quote_fts(rowid, {column}) VALUES (new.id, new.{column}); END",
        "INSERT INTO quote_fts(quote_fts) VALUES ('rebuild')",
    )


def _postgres_search(config: str, column: str) -> tuple[str, ...]:
    return (
        "ALTER TABLE quote ADD COLUMN text_tsv tsvector "
        f"GENERATED ALWAYS AS (to_tsvector('{config}', {column})) STORED",
        "CREATE INDEX ix_quote_text_tsv ON quote USING gin (text_tsv)",
    )


def _drop_search(dialect: str) -> None:
    if dialect == "sqlite":
        for trigger in SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS quote_fts")
    else:
        op.execute("DROP INDEX IF EXISTS ix_quote_text_tsv")
        op.execute("ALTER TABLE quote DROP COLUMN IF EXISTS text_tsv")


def _fill_terms() -> None:
    """Every stored quote's terms, a batch at a time (keyset by id, so memory stays flat)."""
    conn = op.get_bind()
    last = 0
    while True:
        rows = conn.execute(
            sa.text("SELECT id, text FROM quote WHERE id > :last ORDER BY id LIMIT :n"),
            {"last": last, "n": BATCH},
        ).all()
        if not rows:
            return
        conn.execute(
            sa.text("UPDATE quote SET terms = :terms WHERE id = :id"),
            [{"id": i, "terms": index_terms(text)} for i, text in rows],
        )
        last = rows[-1][0]


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    _drop_search(dialect)
    # A plain ADD COLUMN: SQLite's batch mode would copy the table and drop its triggers.
    op.add_column(
        "quote", sa.Column("terms", sa.Text(), nullable=False, server_default=sa.text("''"))
    )
    _fill_terms()
    if dialect == "sqlite":
        statements = _sqlite_search("terms", "unicode61 remove_diacritics 0")
    else:
        statements = _postgres_search("simple", "terms")
    for statement in statements:
        op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    _drop_search(dialect)
    op.drop_column("quote", "terms")
    if dialect == "sqlite":
        statements = _sqlite_search("text", "porter unicode61 remove_diacritics 2")
    else:
        statements = _postgres_search("english", "text")
    for statement in statements:
        op.execute(statement)

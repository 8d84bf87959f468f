"""What a viewer may not see is taken off counts from indexes alone.

The quotes of an article are indexed with their speaker, (article_id, actor_id) in place of
(article_id): taking the quotes of the articles hidden from a viewer off their speakers' counts
(`top` and the `actor` timeline asked in Slack, the Home tab's most quoted) read each hidden
article's quotes from the table for their actor_id, about 5,000 rows for 8 weeks at 1M quotes.
On PostgreSQL the index of the articles by (public, seen_at) also holds their ids (INCLUDE), so
the few articles hidden from a viewer are read from it alone instead of from every article of
the window (SQLite's indexes hold the rowid already).

Revision ID: 0022_hidden_rows_from_indexes
Revises: 0021_search_statistics
Create Date: 2026-12-03 10:45:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0022_hidden_rows_from_indexes"
down_revision: str | None = "0021_search_statistics"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _public_seen_at(include: list[str]) -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.drop_index("ix_article_public_seen_at", table_name="article")
    op.create_index(
        "ix_article_public_seen_at",
        "article",
        ["public", "seen_at"],
        postgresql_include=include,
    )


def upgrade() -> None:
    op.create_index("ix_quote_article_id_actor_id", "quote", ["article_id", "actor_id"])
    op.drop_index("ix_quote_article_id", table_name="quote")
    _public_seen_at(["id"])


def downgrade() -> None:
    op.create_index("ix_quote_article_id", "quote", ["article_id"])
    op.drop_index("ix_quote_article_id_actor_id", table_name="quote")
    _public_seen_at([])

"""The quote key indexes made cheaper to write: a quote long enough for head and tail keys is
found by those (the same words always have the same first words), so only shorter quotes are
indexed by their words_key; and none holds seen_at, which no lookup by key reads. A quote's key
is a hash, so every key indexed is a write to a page of its own: at 0015 each long quote cost
three such writes, now two, into indexes less than half as large.

Revision ID: 0017_quote_key_indexes
Revises: 0016_window_index_public
Create Date: 2026-12-02 16:20:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017_quote_key_indexes"
down_revision: str | None = "0016_window_index_public"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KEYS = ("words_key", "head_key", "tail_key")
# bot.store.models.QUOTE_KEY_INDEXES as of this revision: a migration keeps its own copy.
WHERE = {
    "words_key": "words_key IS NOT NULL AND head_key IS NULL",
    "head_key": "head_key IS NOT NULL",
    "tail_key": "tail_key IS NOT NULL",
}


def _index(name: str, columns: list[str], where: str) -> None:
    op.create_index(
        name, "quote", columns, sqlite_where=sa.text(where), postgresql_where=sa.text(where)
    )


def upgrade() -> None:
    for key in KEYS:
        op.drop_index(f"ix_quote_{key}_seen_at", table_name="quote")
        _index(f"ix_quote_{key}", [key], WHERE[key])


def downgrade() -> None:
    for key in KEYS:
        op.drop_index(f"ix_quote_{key}", table_name="quote")
        _index(f"ix_quote_{key}_seen_at", [key, "seen_at"], f"{key} IS NOT NULL")

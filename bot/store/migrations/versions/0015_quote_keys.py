"""Quote provenance: each quote's keys (bot.store.quote_keys) for the same words seen in other
articles and for a quote that grew or was trimmed, indexed for quotes long enough to have them;
filled for the quotes already stored.

Revision ID: 0015_quote_keys
Revises: 0014_title_name_parts
Create Date: 2026-12-02 13:20:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from bot.store.quote_keys import quote_keys

revision: str = "0015_quote_keys"
down_revision: str | None = "0014_title_name_parts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KEYS = ("words_key", "head_key", "tail_key")
BATCH = 5000


def _fill_keys() -> None:
    """Every stored quote's keys, a batch at a time (keyset by id, so memory stays flat)."""
    conn = op.get_bind()
    last = 0
    while True:
        rows = conn.execute(
            sa.text("SELECT id, text FROM quote WHERE id > :last ORDER BY id LIMIT :n"),
            {"last": last, "n": BATCH},
        ).all()
        if not rows:
            return
        updates = []
        for quote_id, text in rows:
            keys = quote_keys(text)
            if keys.words_key is not None:
                updates.append(
                    {"id": quote_id, "w": keys.words_key, "h": keys.head_key, "t": keys.tail_key}
                )
        if updates:
            conn.execute(
                sa.text(
                    "UPDATE quote SET words_key = :w, head_key = :h, tail_key = :t WHERE id = :id"
                ),
                updates,
            )
        last = rows[-1][0]


def upgrade() -> None:
    # Plain ADD COLUMNs: SQLite's batch mode would copy the table and drop its search triggers.
    for key in KEYS:
        op.add_column("quote", sa.Column(key, sa.BigInteger(), nullable=True))
    _fill_keys()
    for key in KEYS:
        op.create_index(
            f"ix_quote_{key}_seen_at",
            "quote",
            [key, "seen_at"],
            sqlite_where=sa.text(f"{key} IS NOT NULL"),
            postgresql_where=sa.text(f"{key} IS NOT NULL"),
        )


def downgrade() -> None:
    for key in KEYS:
        op.drop_index(f"ix_quote_{key}_seen_at", table_name="quote")
    for key in reversed(KEYS):
        op.drop_column("quote", key)

"""The window indexes of article_actor and quote also hold public and article_id, so a ranking
over a window for one viewer (`/newsbot top month` asked in Slack) counts only what the viewer
may see from the index alone, in one pass, instead of counting everything and then reading
each hidden article's rows from the table to take them off.

Revision ID: 0016_window_index_public
Revises: 0015_quote_keys
Create Date: 2026-12-02 13:50:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0016_window_index_public"
down_revision: str | None = "0015_quote_keys"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("article_actor", "quote")


def upgrade() -> None:
    for table in TABLES:
        op.create_index(
            f"ix_{table}_seen_at_actor_id_public",
            table,
            ["seen_at", "actor_id", "public", "article_id"],
        )
        op.drop_index(f"ix_{table}_seen_at_actor_id", table_name=table)


def downgrade() -> None:
    for table in TABLES:
        op.create_index(f"ix_{table}_seen_at_actor_id", table, ["seen_at", "actor_id"])
        op.drop_index(f"ix_{table}_seen_at_actor_id_public", table_name=table)

"""The partial index of private channels' shares gets status as a column.

Revision ID: 0008_private_shares_by_status
Revises: 0007_url_hashes
Create Date: 2026-12-02 12:00:00

With status in its condition, SQLite (which has no statistics unless ANALYZE ran) chose the
plain status index instead and read every finished share; with status as a column the partial
index is the better match for "channel IN (...) AND status = 'done'".
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008_private_shares_by_status"
down_revision: str | None = "0007_url_hashes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# bot.store.models.PRIVATE_SHARE_SQL as it is at this revision, and as it was before.
PRIVATE_SHARE_SQL = "channel_type IS NULL OR channel_type <> 'channel'"
OLD_SQL = "status = 'done' AND (channel_type IS NULL OR channel_type <> 'channel')"


def _create(name: str, columns: list[str], where: str) -> None:
    op.create_index(
        name,
        "share",
        columns,
        sqlite_where=sa.text(where),
        postgresql_where=sa.text(where),
    )


def upgrade() -> None:
    op.drop_index("ix_share_private_channel_article_id", table_name="share")
    _create(
        "ix_share_private_channel_status_article_id",
        ["channel", "status", "article_id"],
        PRIVATE_SHARE_SQL,
    )


def downgrade() -> None:
    op.drop_index("ix_share_private_channel_status_article_id", table_name="share")
    _create("ix_share_private_channel_article_id", ["channel", "article_id"], OLD_SQL)

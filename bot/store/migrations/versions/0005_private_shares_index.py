"""A partial index of the shares in private channels, for who may see which article.

Revision ID: 0005_private_shares_index
Revises: 0004_search_terms
Create Date: 2026-12-02 11:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_private_shares_index"
down_revision: str | None = "0004_search_terms"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# bot.store.models.PRIVATE_SHARE_SQL as it was at this revision.
PRIVATE_SHARE_SQL = "status = 'done' AND (channel_type IS NULL OR channel_type <> 'channel')"


def upgrade() -> None:
    op.create_index(
        "ix_share_private_channel_article_id",
        "share",
        ["channel", "article_id"],
        sqlite_where=sa.text(PRIVATE_SHARE_SQL),
        postgresql_where=sa.text(PRIVATE_SHARE_SQL),
    )


def downgrade() -> None:
    op.drop_index("ix_share_private_channel_article_id", table_name="share")

"""What each stored page is: a news article, or something else and why (bot.pagekind).

Revision ID: 0010_article_page_kind
Revises: 0009_unread_links
Create Date: 2026-12-02 06:10:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010_article_page_kind"
down_revision: str | None = "0009_unread_links"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Pages stored before this was decided count as articles, as they were shown.
    with op.batch_alter_table("article") as batch:
        batch.add_column(
            sa.Column("page_kind", sa.String(length=64), nullable=False, server_default="article")
        )
        batch.add_column(sa.Column("not_article_reason", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("article") as batch:
        batch.drop_column("not_article_reason")
        batch.drop_column("page_kind")

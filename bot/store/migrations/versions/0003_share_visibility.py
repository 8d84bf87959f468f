"""Who may see an article: the channel type of each share and a public flag on articles.

Revision ID: 0003_share_visibility
Revises: 0002_digest_run_claims
Create Date: 2026-12-01 10:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_share_visibility"
down_revision: str | None = "0002_digest_run_claims"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ADD COLUMN, never batch mode: SQLite's batch copy of quote would drop the
    # triggers that keep its search index. Shares recorded so far have no channel type: they
    # count as private to their channel.
    op.add_column("share", sa.Column("channel_type", sa.String(length=16), nullable=True))
    op.add_column(
        "article", sa.Column("public", sa.Boolean(), nullable=False, server_default=sa.false())
    )
    # Articles never shared in Slack were stored by the operator (`newsbot ingest`) or through
    # `/newsbot article`, and everyone saw them until now; they stay public.
    op.execute(
        "UPDATE article SET public = TRUE WHERE NOT EXISTS "
        "(SELECT 1 FROM share WHERE share.article_id = article.id)"
    )
    for table in ("article_actor", "quote"):
        op.add_column(
            table, sa.Column("public", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        op.execute(
            f"UPDATE {table} SET public = TRUE WHERE article_id IN "
            "(SELECT id FROM article WHERE public)"
        )
        op.create_index(f"ix_{table}_public_actor_id", table, ["public", "actor_id", "article_id"])
    op.create_index("ix_article_public_seen_at", "article", ["public", "seen_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_article_public_seen_at", table_name="article")
    for table in ("quote", "article_actor"):
        op.drop_index(f"ix_{table}_public_actor_id", table_name=table)
        op.drop_column(table, "public")  # SQLite 3.35+ drops a column in place
    op.drop_column("article", "public")
    op.drop_column("share", "channel_type")

"""Messages whose links beyond the first ten were not read, each answered once.

Revision ID: 0009_unread_links
Revises: 0008_private_shares_by_status
Create Date: 2026-12-03 10:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_unread_links"
down_revision: str | None = "0008_private_shares_by_status"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "unread_links",
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column("message_ts", sa.String(length=32), nullable=False),
        sa.Column("unread", sa.Integer(), nullable=False),
        sa.Column("reply_ts", sa.String(length=32), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("channel", "message_ts", name=op.f("pk_unread_links")),
    )


def downgrade() -> None:
    op.drop_table("unread_links")

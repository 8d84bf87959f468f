"""Digest runs remember who is posting them (a lease) and the messages they were built with.

Revision ID: 0002_digest_run_claims
Revises: 0001
Create Date: 2026-11-28 10:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002_digest_run_claims"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("digest_run") as batch:
        batch.add_column(sa.Column("claimed_by", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True))
        # Runs recorded before this revision have no stored messages: an empty list.
        batch.add_column(
            sa.Column("messages", sa.JSON(), nullable=False, server_default=sa.text("'[]'"))
        )


def downgrade() -> None:
    with op.batch_alter_table("digest_run") as batch:
        batch.drop_column("messages")
        batch.drop_column("claimed_at")
        batch.drop_column("claimed_by")

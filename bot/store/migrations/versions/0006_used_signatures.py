"""Used Slack request signatures, so that a replayed request is refused by every replica.

Revision ID: 0006_used_signatures
Revises: 0005_private_shares_index
Create Date: 2026-12-02 10:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_used_signatures"
down_revision: str | None = "0005_private_shares_index"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "used_signature",
        sa.Column("signature", sa.String(length=80), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("signature", name=op.f("pk_used_signature")),
    )
    op.create_index(
        op.f("ix_used_signature_expires_at"), "used_signature", ["expires_at"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_used_signature_expires_at"), table_name="used_signature")
    op.drop_table("used_signature")

"""Follows: who follows which actor, and the one alert per follower and article (claimed before
it is sent, so it is sent once by whichever process reads the article).

Revision ID: 0013_follows
Revises: 0012_first_seen
Create Date: 2026-12-02 13:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013_follows"
down_revision: str | None = "0012_first_seen"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "follow",
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["actor.id"], name=op.f("fk_follow_actor_id_actor"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("user_id", "actor_id", name=op.f("pk_follow")),
    )
    op.create_index("ix_follow_actor_id_user_id", "follow", ["actor_id", "user_id"])
    op.create_table(
        "follow_alert",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("actor_ids", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("claimed_by", sa.String(length=64), nullable=True),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("dm_channel", sa.String(length=32), nullable=True),
        sa.Column("message_ts", sa.String(length=32), nullable=True),
        sa.Column("failure_reason", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["article.id"],
            name=op.f("fk_follow_alert_article_id_article"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_follow_alert")),
        sa.UniqueConstraint(
            "user_id", "article_id", name=op.f("uq_follow_alert_user_id_article_id")
        ),
    )
    op.create_index("ix_follow_alert_status_claimed_at", "follow_alert", ["status", "claimed_at"])


def downgrade() -> None:
    op.drop_index("ix_follow_alert_status_claimed_at", table_name="follow_alert")
    op.drop_table("follow_alert")
    op.drop_index("ix_follow_actor_id_user_id", table_name="follow")
    op.drop_table("follow")

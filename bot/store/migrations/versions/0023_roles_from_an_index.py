"""The roles an actor has in the articles hidden from a viewer, read from an index alone.

An actor's profile asked in Slack takes off the roles only hidden articles give them: the
links of the actor in articles the viewer may not see, with a role. Their rows were read from
the table to find the role (for a much-written-about actor, about 3,700 pages to find that few
or none had one); this partial index holds only the links with a role, and their role.

Revision ID: 0023_roles_from_an_index
Revises: 0022_hidden_rows_from_indexes
Create Date: 2026-12-03 18:50:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0023_roles_from_an_index"
down_revision: str | None = "0022_hidden_rows_from_indexes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

WITH_ROLE = "role IS NOT NULL"


def upgrade() -> None:
    op.create_index(
        "ix_article_actor_actor_id_role",
        "article_actor",
        ["actor_id", "public", "article_id", "role"],
        sqlite_where=sa.text(WITH_ROLE),
        postgresql_where=sa.text(WITH_ROLE),
    )


def downgrade() -> None:
    op.drop_index("ix_article_actor_actor_id_role", table_name="article_actor")

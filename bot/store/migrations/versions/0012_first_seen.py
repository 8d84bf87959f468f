"""An article's seen_at is when the newsroom first saw it (its first share, else when newsbot
first stored it), no longer the date the page gives (kept as published_at): time windows and
"newest first" count an old story shared today as today's. Its copies on quotes and actor
links, and the actors' first and last sightings, follow.

Revision ID: 0012_first_seen
Revises: 0011_name_parts
Create Date: 2026-12-02 06:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0012_first_seen"
down_revision: str | None = "0011_name_parts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(
        "UPDATE article SET seen_at = coalesce("
        "(SELECT min(share.shared_at) FROM share WHERE share.article_id = article.id),"
        " created_at)"
    )
    for table in ("quote", "article_actor"):
        op.execute(
            f"UPDATE {table} SET seen_at = "
            f"(SELECT article.seen_at FROM article WHERE article.id = {table}.article_id)"
        )
    op.execute(
        "UPDATE actor SET"
        " first_seen_at = (SELECT min(l.seen_at) FROM article_actor l WHERE l.actor_id = actor.id),"
        " last_seen_at = (SELECT max(l.seen_at) FROM article_actor l WHERE l.actor_id = actor.id)"
    )


def downgrade() -> None:
    # The old placing (published date when the page gives one) is not kept; nothing to undo.
    pass

"""A person is found by the parts of their names: each shorter word-suffix of a name or alias
("Duncan Smith" of "Iain Duncan Smith") and each other word, as actor_name rows of the kinds
"suffix" and "word" (bot.store.linking.lookup_keys), filled in here for the stored persons.

Revision ID: 0011_name_parts
Revises: 0010_article_page_kind
Create Date: 2026-12-02 06:15:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011_name_parts"
down_revision: str | None = "0010_article_page_kind"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 5000


def _parts(key: str) -> list[tuple[str, str]]:
    # bot.store.linking.lookup_keys as of this revision: a migration keeps its own copy.
    words = key.split()
    if len(words) < 2:
        return []
    suffixes = [(" ".join(words[i:]), "suffix") for i in range(1, len(words))]
    others = [(w, "word") for w in dict.fromkeys(words[:-1]) if w != words[-1]]
    return suffixes + others


def upgrade() -> None:
    bind = op.get_bind()
    names = sa.table("actor_name", sa.column("key"), sa.column("actor_id"), sa.column("name_kind"))
    actors = sa.table("actor", sa.column("id"), sa.column("kind"))
    rows = bind.execute(
        sa.select(names.c.key, names.c.actor_id)
        .join(actors, actors.c.id == names.c.actor_id)
        .where(actors.c.kind == "person", names.c.name_kind.in_(("name", "alias")))
    ).all()
    wanted = sorted(
        {(part, actor_id, kind) for key, actor_id in rows for part, kind in _parts(key)}
    )
    if bind.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert  # type: ignore[assignment]
    for start in range(0, len(wanted), BATCH):
        chunk = wanted[start : start + BATCH]
        bind.execute(
            insert(names).on_conflict_do_nothing(),
            [{"key": k, "actor_id": i, "name_kind": nk} for k, i, nk in chunk],
        )


def downgrade() -> None:
    op.execute("DELETE FROM actor_name WHERE name_kind IN ('suffix', 'word')")

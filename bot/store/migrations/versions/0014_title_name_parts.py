"""Titles and honorifics are no name parts: the "word" and "suffix" rows of actor_name that open
with one ("senator" of "Senator Ted Rowe", "sen graham" of "President Sen Graham") go, so that
asking for "senator" does not find every senator. A surname that is such a word stays
("judge" of "Ann Judge"). bot.store.linking.lookup_keys makes no such part from now on.
Downgrading leaves the rows as they are.

Revision ID: 0014_title_name_parts
Revises: 0013_follows
Create Date: 2026-12-02 13:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014_title_name_parts"
down_revision: str | None = "0013_follows"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# bot.store.linking.NOT_NAME_PART_WORDS as of this revision: a migration keeps its own copy.
# fmt: off
TITLE_WORDS = frozenset({
    "adm", "capt", "chancellor", "col", "dame", "dr", "duchess", "duke", "emperor", "empress",
    "gen", "general", "gov", "governor", "judge", "justice", "king", "lady", "lord", "lt", "mayor",
    "minister", "miss", "mr", "mrs", "ms", "mx", "pope", "pres", "president", "prince", "princess",
    "prof", "queen", "rep", "representative", "rev", "sec", "secretary", "sen", "senator", "sgt",
    "sheikh", "sir", "vice",
})
# fmt: on


def upgrade() -> None:
    names = sa.table("actor_name", sa.column("key"), sa.column("name_kind"))
    titles = sorted(TITLE_WORDS)
    op.get_bind().execute(
        sa.delete(names).where(names.c.name_kind == "word", names.c.key.in_(titles))
    )
    op.get_bind().execute(
        sa.delete(names).where(
            names.c.name_kind == "suffix", sa.or_(*(names.c.key.like(f"{t} %") for t in titles))
        )
    )


def downgrade() -> None:
    # The title parts are not made again: at 0013 they only made a title find everyone
    # holding it, and lookups by name work the same without them.
    pass

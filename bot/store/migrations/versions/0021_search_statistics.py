"""PostgreSQL keeps statistics of ten times as many search terms (the 10,000 commonest, was
1,000), so that it knows a rare word for one: with the default, every term past the commonest
1,000 was guessed as frequent as the rarest of them, and a search for a rare word walked the
quotes newest first testing each (68,000 rows, 40 to 600 ms at 1M quotes) instead of reading
its few hundred quotes from the GIN index. ANALYZE of the quote table reads a larger sample
(7 s at 1M quotes). SQLite keeps no statistics: nothing to do there.

Revision ID: 0021_search_statistics
Revises: 0020_mx_name_keys
Create Date: 2026-12-03 08:10:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0021_search_statistics"
down_revision: str | None = "0020_mx_name_keys"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TARGET = 1000  # PostgreSQL keeps ten most common elements per unit of target: 10,000 terms
DEFAULT = -1  # the server's default_statistics_target (100)


def _statistics(target: int) -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(f"ALTER TABLE quote ALTER COLUMN text_tsv SET STATISTICS {target}")
    op.execute("ANALYZE quote")


def upgrade() -> None:
    _statistics(TARGET)


def downgrade() -> None:
    _statistics(DEFAULT)

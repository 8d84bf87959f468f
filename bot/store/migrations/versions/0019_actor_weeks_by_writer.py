"""The weekly counts (actor_week) kept by the archive's writer instead of triggers: it adds each
batch's counts in one upsert, where SQLite's row triggers ran one per row inserted (0.5 to 1 ms
of CPU per article stored) and PostgreSQL's ran on every UPDATE of the tables (a change of
visibility too). The counts the triggers kept stay as they are: they are already true.

Revision ID: 0019_actor_weeks_by_writer
Revises: 0018_actor_weeks
Create Date: 2026-12-02 19:00:00
"""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

from alembic import op

revision: str = "0019_actor_weeks_by_writer"
down_revision: str | None = "0018_actor_weeks"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COUNTED = (("article_actor", "articles"), ("quote", "quotes"))
EVENTS = ("insert", "delete", "update")


def _revision_0018() -> ModuleType:
    """The migration that made the triggers, whose statements a downgrade runs again."""
    path = Path(__file__).with_name("0018_actor_weeks.py")
    spec = importlib.util.spec_from_file_location("actor_weeks_0018", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def upgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    for table, column in COUNTED:
        for event in EVENTS:
            on = f" ON {table}" if postgres else ""
            op.execute(f"DROP TRIGGER IF EXISTS {table}_week_{event}{on}")
        if postgres:
            op.execute(f"DROP FUNCTION IF EXISTS actor_week_{column}()")


def downgrade() -> None:
    made = _revision_0018()
    postgres = op.get_bind().dialect.name == "postgresql"
    for table, column in COUNTED:
        for statement in (made._postgres_trigger if postgres else made._sqlite_triggers)(
            table, column
        ):
            op.execute(statement)

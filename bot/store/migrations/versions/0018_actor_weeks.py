"""Each actor's article links and quotes per week (actor_week), kept by triggers on
article_actor and quote and filled from the rows already stored: windowed rankings (`top month`,
the Home tab's most quoted) read each week's biggest counts first instead of grouping every row
of the window (bot.store.queries.windows).

SQLite: a trigger per row inserted, deleted, or moved to another actor or time. PostgreSQL: one
per statement, over its transition tables, so a batch of rows (or a COPY) is counted at once.

Revision ID: 0018_actor_weeks
Revises: 0017_quote_key_indexes
Create Date: 2026-12-02 16:20:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from bot.store.weeks import postgres_week, sqlite_week

revision: str = "0018_actor_weeks"
down_revision: str | None = "0017_quote_key_indexes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COUNTED = (("article_actor", "articles"), ("quote", "quotes"))
SQLITE_TRIGGERS = tuple(
    f"{table}_week_{event}" for table, _ in COUNTED for event in ("insert", "delete", "update")
)


def _sqlite_triggers(table: str, column: str) -> tuple[str, ...]:
    add = (
        f"INSERT INTO actor_week (week, actor_id, {column}) "
        f"SELECT {sqlite_week('NEW.seen_at')}, NEW.actor_id, 1 WHERE NEW.actor_id IS NOT NULL "
        f"ON CONFLICT (week, actor_id) DO UPDATE SET {column} = {column} + 1;"
    )
    remove = (
        f"UPDATE actor_week SET {column} = {column} - 1 "
        f"WHERE week = {sqlite_week('OLD.seen_at')} AND actor_id = OLD.actor_id;"
    )
    return (
        f"CREATE TRIGGER {table}_week_insert AFTER INSERT ON {table} BEGIN {add} END",
        f"CREATE TRIGGER {table}_week_delete AFTER DELETE ON {table} BEGIN {remove} END",
        f"CREATE TRIGGER {table}_week_update AFTER UPDATE OF actor_id, seen_at ON {table} "
        f"BEGIN {remove} {add} END",
    )


def _postgres_trigger(table: str, column: str) -> tuple[str, ...]:
    def rows(name: str, sign: int) -> str:
        return (
            f"SELECT {postgres_week('seen_at')} AS week, actor_id, {sign} AS d "
            f"FROM {name} WHERE actor_id IS NOT NULL"
        )

    def apply(changes: str) -> str:
        return (
            f"INSERT INTO actor_week AS w (week, actor_id, {column}) "
            f"SELECT week, actor_id, sum(d) FROM ({changes}) AS c GROUP BY week, actor_id "
            f"HAVING sum(d) <> 0 "
            f"ON CONFLICT (week, actor_id) DO UPDATE SET {column} = w.{column} + EXCLUDED.{column};"
        )

    function = f"actor_week_{column}"
    body = (
        f"BEGIN IF TG_OP = 'INSERT' THEN {apply(rows('new_rows', 1))} "
        f"ELSIF TG_OP = 'DELETE' THEN {apply(rows('old_rows', -1))} "
        f"ELSE {apply(rows('new_rows', 1) + ' UNION ALL ' + rows('old_rows', -1))} END IF; "
        "RETURN NULL; END"
    )
    return (
        f"CREATE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$ {body} $$",
        f"CREATE TRIGGER {table}_week_insert AFTER INSERT ON {table} "
        f"REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION {function}()",
        f"CREATE TRIGGER {table}_week_delete AFTER DELETE ON {table} "
        f"REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION {function}()",
        # Transition tables allow no column list: every UPDATE fires it, and a change of
        # neither actor nor time (public, say) nets out to nothing.
        f"CREATE TRIGGER {table}_week_update AFTER UPDATE ON {table} "
        f"REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {function}()",
    )


def upgrade() -> None:
    op.create_table(
        "actor_week",
        sa.Column("week", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=False),
        sa.Column("articles", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("quotes", sa.Integer(), nullable=False, server_default="0"),
        sa.PrimaryKeyConstraint("week", "actor_id", name=op.f("pk_actor_week")),
    )
    op.create_index("ix_actor_week_week_articles", "actor_week", ["week", "articles"])
    op.create_index("ix_actor_week_week_quotes", "actor_week", ["week", "quotes"])
    postgres = op.get_bind().dialect.name == "postgresql"
    # Triggers first: on PostgreSQL creating them locks out writers until this commits, so the
    # fill below counts every row exactly once; SQLite's migration holds the write lock anyway.
    for table, column in COUNTED:
        for statement in (_postgres_trigger if postgres else _sqlite_triggers)(table, column):
            op.execute(statement)
    week = postgres_week if postgres else sqlite_week
    op.execute(
        "INSERT INTO actor_week (week, actor_id, articles, quotes) "
        "SELECT week, actor_id, sum(a), sum(q) FROM ("
        f"SELECT {week('seen_at')} AS week, actor_id, 1 AS a, 0 AS q FROM article_actor "
        "WHERE actor_id IS NOT NULL UNION ALL "
        f"SELECT {week('seen_at')} AS week, actor_id, 0 AS a, 1 AS q FROM quote "
        "WHERE actor_id IS NOT NULL) AS rows GROUP BY week, actor_id"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table, column in COUNTED:
            for event in ("insert", "delete", "update"):
                op.execute(f"DROP TRIGGER IF EXISTS {table}_week_{event} ON {table}")
            op.execute(f"DROP FUNCTION IF EXISTS actor_week_{column}()")
    else:
        for trigger in SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    op.drop_index("ix_actor_week_week_quotes", table_name="actor_week")
    op.drop_index("ix_actor_week_week_articles", table_name="actor_week")
    op.drop_table("actor_week")

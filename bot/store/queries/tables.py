"""The tables the query modules share, as SQLAlchemy Core tables, and the INSERT that skips taken
keys."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from bot.store.db import write_transaction
from bot.store.models import (
    Actor,
    ActorName,
    Article,
    ArticleActor,
    ArticleUrl,
    ChannelSetting,
    DigestSubscription,
    Quote,
    Share,
    table_of,
)

ACTORS = table_of(Actor)
NAMES = table_of(ActorName)
ARTICLES = table_of(Article)
ARTICLE_URLS = table_of(ArticleUrl)
ARTICLE_ACTORS = table_of(ArticleActor)
QUOTES = table_of(Quote)
SHARES = table_of(Share)
CHANNELS = table_of(ChannelSetting)
SUBSCRIPTIONS = table_of(DigestSubscription)


_IGNORING_DUPLICATES: dict[tuple[str, str], Any] = {}


def insert_ignoring_duplicates(session: Session, table: sa.Table, unique: list[str]) -> Any:
    """INSERT ... ON CONFLICT (unique) DO NOTHING, built once per database kind and table."""
    dialect = session.get_bind().dialect.name
    statement = _IGNORING_DUPLICATES.get((dialect, table.name))
    if statement is None:
        if dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert
        else:
            from sqlalchemy.dialects.sqlite import insert  # type: ignore[assignment]
        statement = insert(table).on_conflict_do_nothing(index_elements=unique)
        _IGNORING_DUPLICATES[(dialect, table.name)] = statement
    return statement


def take_over_stale(
    session: Session,
    table: sa.Table,
    *,
    active: Sequence[str],
    owner: str,
    now: datetime,
    lease: timedelta,
) -> list[int]:
    """Claim for `owner` every row of `table` (a job held under a lease: status, claimed_by,
    claimed_at) still `active` whose lease ran out; their ids, oldest first. Commits."""
    write_transaction(session)
    c = table.c
    ids = session.execute(
        sa.update(table)
        .where(c.status.in_(active), c.claimed_at < now - lease)
        .values(claimed_by=owner, claimed_at=now)
        .returning(c.id)
    ).scalars()
    taken = sorted(ids)
    session.commit()
    return taken

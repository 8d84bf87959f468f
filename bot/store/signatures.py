"""Used Slack request signatures: the replay guard's memory, shared by every replica."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session

from bot.store.db import write_transaction
from bot.store.models import UsedSignature, table_of

USED_SIGNATURES = table_of(UsedSignature)


def record(
    *, session: Session, used: Mapping[str, datetime], purge_before: datetime | None
) -> set[str]:
    """Record each signature until its expiry; return those no one had recorded. Commits.

    With `purge_before`, signatures that expired before it are deleted in the same transaction.
    """
    write_transaction(session)
    postgres = session.get_bind().dialect.name == "postgresql"
    if postgres:
        # Losing the last few rows in a crash costs little (Bolt refuses them 5 minutes later
        # anyway); waiting for the WAL flush would cost every acknowledgement.
        session.execute(sa.text("SET LOCAL synchronous_commit = off"))
    if purge_before is not None:
        session.execute(
            sa.delete(USED_SIGNATURES).where(USED_SIGNATURES.c.expires_at < purge_before)
        )
    recorded: set[str] = set()
    if used:
        insert = (postgresql if postgres else sqlite).insert(USED_SIGNATURES)
        rows = [{"signature": s, "expires_at": expires} for s, expires in used.items()]
        fresh = session.execute(
            insert.values(rows).on_conflict_do_nothing().returning(USED_SIGNATURES.c.signature)
        )
        recorded = set(fresh.scalars())
    session.commit()
    return recorded


def is_used(*, session: Session, signature: str, now: datetime) -> bool:
    """Whether `signature` is recorded and has not expired (a read: takes no write lock)."""
    found = session.execute(
        sa.select(USED_SIGNATURES.c.signature).where(
            USED_SIGNATURES.c.signature == signature, USED_SIGNATURES.c.expires_at >= now
        )
    ).first()
    return found is not None

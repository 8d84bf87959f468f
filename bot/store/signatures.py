"""Used Slack request signatures: the replay guard's memory, shared by every replica."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session

from bot.store.db import write_transaction
from bot.store.models import UsedSignature, table_of

USED_SIGNATURES = table_of(UsedSignature)


def first_use(
    *, session: Session, signature: str, expires_at: datetime, purge_before: datetime | None
) -> bool:
    """Record `signature` until `expires_at`; True when no one had recorded it. Commits.

    With `purge_before`, signatures that expired before it are deleted in the same transaction.
    """
    write_transaction(session)
    if purge_before is not None:
        session.execute(
            sa.delete(USED_SIGNATURES).where(USED_SIGNATURES.c.expires_at < purge_before)
        )
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    insert = dialect.insert(USED_SIGNATURES).on_conflict_do_nothing()
    taken = session.execute(
        insert.values(signature=signature, expires_at=expires_at).returning(
            USED_SIGNATURES.c.signature
        )
    ).scalar()
    session.commit()
    return taken is not None

"""Messages with more links than newsbot reads: claimed once, so their one reply is posted once.

The claim is an INSERT on the message's (channel, ts): Slack redelivering the event, an edit of
the message, or a second replica handling either finds the row and posts nothing.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session

from bot.store.db import write_transaction
from bot.store.models import UnreadLinks, table_of

UNREAD_LINKS = table_of(UnreadLinks)


def claim_unread_links(
    *, session: Session, channel: str, message_ts: str, unread: int, now: datetime
) -> bool:
    """Record that the message left `unread` links unread; False if it was recorded before.

    Commits. The caller that gets True posts the reply.
    """
    write_transaction(session)
    try:
        session.execute(
            sa.insert(UNREAD_LINKS).values(
                channel=channel, message_ts=message_ts, unread=unread, created_at=now
            )
        )
        session.commit()
    except sa.exc.IntegrityError:
        session.rollback()
        return False
    return True


def record_unread_links_reply(
    *, session: Session, channel: str, message_ts: str, reply_ts: str | None
) -> None:
    """Note the ts of the reply that told the message's sharer about its unread links. Commits."""
    write_transaction(session)
    session.execute(
        sa.update(UNREAD_LINKS)
        .where(UNREAD_LINKS.c.channel == channel, UNREAD_LINKS.c.message_ts == message_ts)
        .values(reply_ts=reply_ts)
    )
    session.commit()

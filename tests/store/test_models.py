"""bot/store/models.py: timestamps are aware UTC whatever the backend or the time zone given."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
import sqlalchemy as sa
from sqlmodel import Session

from bot.store.models import ChannelSetting


def test_times_in_other_zones_are_stored_and_read_back_as_utc(session: Session) -> None:
    berlin_noon = datetime(2024, 7, 1, 12, 0, tzinfo=timezone(timedelta(hours=2)))
    session.add(ChannelSetting(channel="C1", replies=True, updated_at=berlin_noon))
    session.commit()
    session.expunge_all()
    stored = session.get(ChannelSetting, "C1")
    assert stored is not None
    assert stored.updated_at == datetime(2024, 7, 1, 10, 0, tzinfo=UTC)
    assert stored.updated_at.utcoffset() == timedelta(0)


def test_naive_times_are_refused_rather_than_guessed(session: Session) -> None:
    session.add(ChannelSetting(channel="C1", replies=True, updated_at=datetime(2024, 7, 1, 12)))
    with pytest.raises(sa.exc.StatementError, match="naive datetime"):
        session.commit()
    session.rollback()

"""What the archive raises: its own error types for values it refuses, and database errors whose
text (SQLAlchemy's parameters, PostgreSQL's DETAIL line) never carries a URL's token."""

from __future__ import annotations

import logging

import pytest
import sqlalchemy as sa
from sqlmodel import Session

from bot.store import queries as q
from bot.store.errors import InvalidSchedule, InvalidUrl, StoreError

SECRET = "s3cr3t-Value"
TOKEN_URL = f"https://news.example/story?id=7&access_token={SECRET}"


def test_a_link_that_is_not_a_web_address_is_refused_with_a_store_error(session: Session) -> None:
    with pytest.raises(InvalidUrl) as refused:
        q.record_share(
            session=session,
            team="T1",
            channel="C1",
            message_ts="1.1",
            thread_ts=None,
            user="U1",
            url="ftp://ex.com/a",
        )
    assert isinstance(refused.value, StoreError)
    assert str(refused.value) == "ftp://ex.com/a is not an http(s) web address."


def test_a_digest_time_that_is_not_a_time_is_refused_with_a_store_error(session: Session) -> None:
    with pytest.raises(InvalidSchedule, match="HH:MM"):
        q.set_digest_subscription(session=session, channel="C1", time="25:00", timezone="UTC")
    with pytest.raises(InvalidSchedule, match="weekdays"):
        q.set_digest_subscription(
            session=session, channel="C1", time="07:00", timezone="UTC", weekdays=[7]
        )
    assert q.list_digest_subscriptions(session=session) == ()


def test_a_database_error_logged_by_a_caller_shows_no_token_of_the_url(
    session: Session, caplog: pytest.LogCaptureFixture
) -> None:
    """A share without a channel breaks a NOT NULL constraint: SQLAlchemy's message would list
    the statement's parameters and PostgreSQL's would quote the failing row, URL and all."""
    with pytest.raises(sa.exc.IntegrityError) as failed:
        try:
            q.record_share(
                session=session,
                team="T1",
                channel=None,  # type: ignore[arg-type]
                message_ts="1.1",
                thread_ts=None,
                user="U1",
                url=TOKEN_URL,
            )
        except sa.exc.IntegrityError:
            logging.getLogger("tests.handler").exception("recording the share failed")
            raise
    session.rollback()
    logged = caplog.text
    assert "recording the share failed" in logged and "IntegrityError" in logged
    assert "news.example" in logged or "parameters hidden" in logged
    for text in (logged, str(failed.value), str(failed.value.orig)):
        assert SECRET not in text

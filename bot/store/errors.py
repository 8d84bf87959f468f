"""The errors the archive raises on purpose, so that its callers catch the store's own types.

Each message is one sentence a person can read. They are ValueErrors too: what they refuse is
a bad value handed in. Failures of the database itself (unreachable, locked) stay SQLAlchemy's
errors, with no URL value in their text (bot.store.db.make_engine); database_failure turns the
ones that stop a command into a sentence.
"""

from __future__ import annotations


class StoreError(Exception):
    """Something the archive refused to record."""


class InvalidUrl(StoreError, ValueError):
    """A shared link that is not an http(s) web address, so there is no article to keep."""


class InvalidSchedule(StoreError, ValueError):
    """A digest time or weekday list the archive cannot keep."""


def database_failure(exc: BaseException, database_url: str) -> str | None:
    """One sentence naming NEWSBOT_DATABASE_URL when `exc` says the database cannot be used
    (unreachable, not writable, not a database URL); None for any other error."""
    from sqlalchemy.exc import ArgumentError, InterfaceError, OperationalError

    if not isinstance(exc, OperationalError | InterfaceError | ArgumentError):
        return None
    reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0].rstrip(".")
    shown = _shown_url(database_url)
    if isinstance(exc, ArgumentError):
        advice = "it must be sqlite:///PATH or postgresql+psycopg://USER:PASSWORD@HOST/NAME"
    elif shown.startswith("sqlite"):
        advice = "check that the file's directory exists and newsbot may write there"
    else:
        advice = "check that the server is running and accepts that user and database"
    return f"cannot use the database NEWSBOT_DATABASE_URL={shown} ({reason}); {advice}."


def _shown_url(database_url: str) -> str:
    """The URL without its password."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(database_url).render_as_string(hide_password=True)
    except ArgumentError:
        return database_url

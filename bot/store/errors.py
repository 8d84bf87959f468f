"""The errors the archive raises on purpose, so that its callers catch the store's own types.

Each message is one sentence a person can read. They are ValueErrors too: what they refuse is
a bad value handed in. Failures of the database itself (unreachable, locked) stay SQLAlchemy's
errors, with no URL value in their text (bot.store.db.make_engine).
"""

from __future__ import annotations


class StoreError(Exception):
    """Something the archive refused to record."""


class InvalidUrl(StoreError, ValueError):
    """A shared link that is not an http(s) web address, so there is no article to keep."""


class InvalidSchedule(StoreError, ValueError):
    """A digest time or weekday list the archive cannot keep."""

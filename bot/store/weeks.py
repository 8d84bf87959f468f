"""The weeks of the actor_week counts: numbered from Monday 1 January 1900 (UTC), 7 days each.

The writer numbers a row's week with week_of (bot.store.queries.counts); SQL that counts rows
in bulk (migration 0018, bench/query_speed.py) with sqlite_week or postgres_week. All read a
row's seen_at as seconds since 1970 and count whole weeks from 1900 on, so every week number is a
floor, never a negative rounded towards zero.
"""

from __future__ import annotations

from datetime import datetime

WEEK_SECONDS = 7 * 24 * 3600
SINCE_1900 = 2_208_988_800  # seconds from Monday 1900-01-01 to 1970-01-01, UTC


def week_of(when: datetime) -> int:
    """The week `when` (an aware datetime) falls in."""
    return int((when.timestamp() + SINCE_1900) // WEEK_SECONDS)


def weeks_covering(since: datetime, until: datetime) -> range:
    """The weeks holding every instant of [since, until)."""
    return range(week_of(since), week_of(until) + 1)


def sqlite_week(column: str) -> str:
    """week_of, in SQLite, of a column holding the text SQLAlchemy stores (UTC, no offset)."""
    return f"((CAST(strftime('%s', {column}) AS INTEGER) + {SINCE_1900}) / {WEEK_SECONDS})"


def postgres_week(column: str) -> str:
    """week_of, in PostgreSQL, of a timestamptz column."""
    return f"(floor((extract(epoch FROM {column}) + {SINCE_1900}) / {WEEK_SECONDS})::integer)"

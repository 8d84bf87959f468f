"""The one wall clock newsbot reads: now, as a timezone-aware UTC datetime.

Everything that stores or compares times takes its "now" from here (or from a clock passed in,
such as `Services.clock`, whose default this is), so no naive or local time enters the archive.
"""

from __future__ import annotations

from datetime import UTC, datetime


def utc_now() -> datetime:
    return datetime.now(UTC)

"""The replay guard: a request whose signature was already accepted is refused, by any replica.

Bolt refuses bad and stale (over 5 minutes either side) signatures; a request captured and sent
again inside that window carries a valid signature. Used signatures are kept in the database
until Bolt would call them stale. Slack's own retries are signed afresh and pass.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlmodel import Session

from bot.store import signatures

logger = logging.getLogger(__name__)


class ReplayGuard:
    """On PostgreSQL each signature is recorded before the request goes on (an atomic insert:
    two replicas given the same request at once cannot both take it). On SQLite, where one
    writer at a time holds the whole file, that write would queue every acknowledgement behind
    the workers' writes: there the guard checks this process's memory and the table, goes on,
    and records the signature from a thread of its own a few milliseconds later.
    """

    WINDOW_S = 5 * 60
    # Replicas' clocks differ a little; keep each signature a minute past its window.
    CLOCK_SKEW_S = 60
    PURGE_EVERY_S = 60

    def __init__(self, sessions: Callable[[], Session], clock: Any = time.time) -> None:
        self._sessions = sessions
        self._clock = clock
        self._lock = threading.Lock()
        self._seen_here: OrderedDict[str, float] = OrderedDict()
        self._next_purge = 0.0
        self._pending: dict[str, datetime] = {}
        self._wake = threading.Condition(self._lock)
        self._writer: threading.Thread | None = None
        self._closing = False

    def first_use(self, signature: str, timestamp: int) -> bool:
        """True, and remembered, the first time a signature (of a request signed at
        `timestamp`, Unix seconds) is seen by any replica."""
        now = self._clock()
        expires_at = datetime.fromtimestamp(timestamp + self.WINDOW_S + self.CLOCK_SKEW_S, UTC)
        with self._lock:
            # A timestamp may be up to 5 minutes ahead: keep what this process saw for two
            # windows, past any expiry.
            keep_after = now - 2 * self.WINDOW_S - self.CLOCK_SKEW_S
            while self._seen_here and next(iter(self._seen_here.values())) < keep_after:
                self._seen_here.popitem(last=False)
            if signature in self._seen_here:
                return False
            self._seen_here[signature] = now
        with self._sessions() as session:
            if session.get_bind().dialect.name == "postgresql":
                used = {signature: expires_at}
                purge = self._purge_due(now)
                return bool(signatures.record(session=session, used=used, purge_before=purge))
            moment = datetime.fromtimestamp(now, UTC)
            if signatures.is_used(session=session, signature=signature, now=moment):
                return False
        with self._wake:
            self._pending[signature] = expires_at
            if self._writer is None:
                self._writer = threading.Thread(
                    target=self._record_pending, name="newsbot-replays", daemon=True
                )
                self._writer.start()
            self._wake.notify()
        return True

    def close(self) -> None:
        """Record what is still pending, then stop the recording thread."""
        with self._wake:
            self._closing = True
            self._wake.notify()
            writer = self._writer
        if writer is not None:
            writer.join(timeout=10)

    def _purge_due(self, now: float) -> datetime | None:
        """`now` as a datetime when the expired signatures are due to be deleted (once a
        minute per process), else None."""
        with self._lock:
            if now < self._next_purge:
                return None
            self._next_purge = now + self.PURGE_EVERY_S
        return datetime.fromtimestamp(now, UTC)

    def _record_pending(self) -> None:
        while True:
            with self._wake:
                while not self._pending and not self._closing:
                    self._wake.wait()
                batch, self._pending = self._pending, {}
                closing = self._closing
            if batch:
                try:
                    purge = self._purge_due(self._clock())
                    with self._sessions() as session:
                        signatures.record(session=session, used=batch, purge_before=purge)
                except Exception:
                    logger.exception("could not record %d used request signature(s)", len(batch))
            if closing:
                return

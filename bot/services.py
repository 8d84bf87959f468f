"""The things Slack listeners need, built once at start-up, reaching them via Bolt's context."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlmodel import Session

from bot.clock import utc_now
from bot.worker import WorkerPool

if TYPE_CHECKING:  # the model and HTTP client are heavy; only their types are needed here
    from bot.fetch import Fetcher
    from bot.nlp.analyze import Analyzer


# Slack rate-limits the membership lookup; a person who joins or leaves a private channel is
# answered accordingly within this long.
MEMBERSHIP_TTL_S = 300.0


class MembershipCache:
    """Each person's private channels as Slack last gave them, kept for `ttl` seconds."""

    def __init__(
        self, ttl: float = MEMBERSHIP_TTL_S, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.ttl = ttl
        self._clock = clock
        self._known: dict[str, tuple[float, frozenset[str]]] = {}
        self._lock = threading.Lock()

    def get(self, user: str) -> frozenset[str] | None:
        with self._lock:
            found = self._known.get(user)
            if found is None or found[0] + self.ttl <= self._clock():
                return None
            return found[1]

    def put(self, user: str, channels: frozenset[str]) -> None:
        with self._lock:
            self._known[user] = (self._clock(), channels)


@dataclass(frozen=True)
class Services:
    """Session factory, analyzer, fetcher, clock, worker pool and the private-channel
    membership cache of one running app."""

    sessions: Callable[[], Session]
    analyzer: Analyzer
    fetcher: Fetcher
    worker: WorkerPool
    clock: Callable[[], datetime] = utc_now
    membership: MembershipCache = field(default_factory=MembershipCache)

    def __deepcopy__(self, memo: dict[int, Any]) -> Services:
        # Bolt deep-copies the request context for lazy listeners; these are process-wide
        # resources (a loaded model, a connection pool), shared rather than copied.
        return self

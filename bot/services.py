"""The things Slack listeners need, built once at start-up, reaching them via Bolt's context."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from sqlmodel import Session

from bot.clock import utc_now
from bot.worker import WorkerPool

if TYPE_CHECKING:  # the model and HTTP client are heavy; only their types are needed here
    from bot.fetch import Fetcher
    from bot.nlp.analyze import Analyzer


# Slack rate-limits the membership lookup; a person who joins or leaves a private channel is
# answered accordingly within this long.
MEMBERSHIP_TTL_S = 300.0
# People remembered at once; past this the longest-remembered are forgotten first.
MEMBERSHIP_MAX_USERS = 10_000

Channels = TypeVar("Channels")


class MembershipCache(Generic[Channels]):
    """Each person's channels as Slack last gave them, kept for `ttl` seconds, for at most
    `max_users` people at once."""

    def __init__(
        self,
        ttl: float = MEMBERSHIP_TTL_S,
        clock: Callable[[], float] = time.monotonic,
        max_users: int = MEMBERSHIP_MAX_USERS,
    ) -> None:
        self.ttl = ttl
        self.max_users = max_users
        self._clock = clock
        self._known: dict[str, tuple[float, Channels]] = {}  # oldest answer first
        self._lock = threading.Lock()

    def get(self, user: str) -> Channels | None:
        with self._lock:
            found = self._known.get(user)
            if found is None or found[0] + self.ttl <= self._clock():
                return None
            return found[1]

    def put(self, user: str, channels: Channels) -> None:
        with self._lock:
            self._known.pop(user, None)
            while self._known and len(self._known) >= self.max_users:
                del self._known[next(iter(self._known))]
            self._known[user] = (self._clock(), channels)

    def __len__(self) -> int:
        with self._lock:
            return len(self._known)


def _private_channels() -> MembershipCache[frozenset[str]]:
    return MembershipCache()


def _all_channels() -> MembershipCache[tuple[frozenset[str], frozenset[str]]]:
    return MembershipCache()


@dataclass(frozen=True)
class Services:
    """Session factory, analyzer, fetcher, clock, worker pool and the channel membership
    caches of one running app: each person's private channels (for every answer) and all
    their channels with the private ones among them (for the Home tab)."""

    sessions: Callable[[], Session]
    analyzer: Analyzer
    fetcher: Fetcher
    worker: WorkerPool
    clock: Callable[[], datetime] = utc_now
    membership: MembershipCache[frozenset[str]] = field(default_factory=_private_channels)
    channels: MembershipCache[tuple[frozenset[str], frozenset[str]]] = field(
        default_factory=_all_channels
    )

    def __deepcopy__(self, memo: dict[int, Any]) -> Services:
        # Bolt deep-copies the request context for lazy listeners; these are process-wide
        # resources (a loaded model, a connection pool), shared rather than copied.
        return self

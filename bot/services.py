"""The things Slack listeners need, built once at start-up, reaching them via Bolt's context."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlmodel import Session

from bot.worker import WorkerPool

if TYPE_CHECKING:  # the model and HTTP client are heavy; only their types are needed here
    from bot.fetch import Fetcher
    from bot.nlp.analyze import Analyzer


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Services:
    """Session factory, analyzer, fetcher, clock and worker pool of one running app."""

    sessions: Callable[[], Session]
    analyzer: Analyzer
    fetcher: Fetcher
    worker: WorkerPool
    clock: Callable[[], datetime] = utc_now

    def __deepcopy__(self, memo: dict[int, Any]) -> Services:
        # Bolt deep-copies the request context for lazy listeners; these are process-wide
        # resources (a loaded model, a connection pool), shared rather than copied.
        return self

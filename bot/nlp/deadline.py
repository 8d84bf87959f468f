"""A time budget for one analysis, checked between the steps of the parse and of the rules."""

from __future__ import annotations

import math
import time
from collections.abc import Callable

# An analysis still running after this long is stopped: real articles take a few seconds.
DEFAULT_TIMEOUT_S = 60.0


class AnalysisTimeout(Exception):
    """An analysis ran past its deadline; str() is one sentence for the person who shared it."""


class Deadline:
    """Raises AnalysisTimeout from `check()` once `seconds` have passed since it was made.

    The spaCy parse cannot be stopped inside a pipeline component, so a check there waits for
    the component to end; our rules check as they go.
    """

    def __init__(
        self, seconds: float | None, *, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.seconds = seconds
        self._clock = clock
        self._at = math.inf if seconds is None else clock() + seconds

    def check(self) -> None:
        if self._clock() > self._at:
            raise AnalysisTimeout(
                f"analysing it took longer than {self.seconds:g} seconds, so newsbot stopped "
                "and stored nothing"
            )


NO_DEADLINE = Deadline(None)

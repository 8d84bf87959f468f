"""How the C heap of a long-running bot gives memory back to the system (glibc's malloc).

glibc serves a block of at least its mmap threshold from pages of its own, returned to the
system when the block is freed; smaller blocks come from a heap, one per thread that allocates,
whose freed space stays resident and fragments. The threshold starts at 128 KB but rises to the
size of every such block freed (up to 32 MB), so after a few articles the parser's arrays of a
few hundred KB to a few MB come from the worker threads' heaps. Each heap then keeps the most
its thread ever held: measured with bench/memory.py, three threads analysing 60 texts held 461
MB against 381 MB with the threshold fixed. Speed was the same within the noise of a shared
machine (80 texts on one thread, load 1 to 3: 2.44 articles/s either way in one pair of runs,
3.97 against 2.14 in another).
"""

from __future__ import annotations

import ctypes
import sys
import threading
import time
from collections.abc import Callable

# mallopt's parameter number for the threshold (glibc's malloc.h); setting it stops the rise.
M_MMAP_THRESHOLD = -3
MMAP_THRESHOLD_BYTES = 128 * 1024  # glibc's own starting value
# Free heap pages are handed back at most this often: a trim takes 2 to 15 ms.
TRIM_EVERY_S = 30.0


def fix_mmap_threshold(nbytes: int = MMAP_THRESHOLD_BYTES) -> bool:
    """Keep large blocks in pages of their own for the life of the process; False where the C
    library has no mallopt (not Linux, or not glibc) and nothing changed."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return False
    return bool(mallopt(M_MMAP_THRESHOLD, nbytes))


class HeapTrimmer:
    """Hands the free pages inside the C heaps back to the system (glibc's malloc_trim), at
    most once every `every_s` seconds, from whichever thread asks.

    Small blocks (a page's lxml tree, SQLite's pages) come from the heaps of the threads that
    allocate them; freed, they leave whole pages free in the middle of a heap, which glibc
    only returns from its top. Measured: the 91 article pages of ../shared extracted on 3
    threads left 21 MB more resident, 13 MB of it free pages a trim gave back in 15 ms.
    """

    def __init__(self, every_s: float = TRIM_EVERY_S, clock: Callable[[], float] = time.monotonic):
        self.every_s = every_s
        self._clock = clock
        self._lock = threading.Lock()
        self._last: float | None = None
        self._trim = _malloc_trim()

    def __call__(self) -> bool:
        """Trim unless the last trim was less than `every_s` ago; True when it trimmed."""
        if self._trim is None:
            return False
        with self._lock:
            now = self._clock()
            if self._last is not None and now - self._last < self.every_s:
                return False
            self._last = now
        self._trim(0)
        return True


def _malloc_trim() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        trim: Callable[[int], int] = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):
        return None
    return trim

"""A bounded pool of threads that works through pending shares, off the Slack request path.

Slack must be answered within 3 seconds, so a listener only records a share and submits its id;
fetching and analysing happen here, at most `size` at a time. The job itself is handed in (the
app wires the Slack answer to it), so this module knows nothing of Slack.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable, Iterable

logger = logging.getLogger(__name__)

Job = Callable[[int], None]


class WorkerPool:
    """`size` daemon threads running `job(share_id)` for every submitted id, in order."""

    def __init__(self, size: int, *, name: str = "newsbot-worker") -> None:
        if size < 1:
            raise ValueError("a worker pool needs at least one thread")
        self.size = size
        self.name = name
        self._queue: queue.Queue[int | None] = queue.Queue()
        self._threads: list[threading.Thread] = []
        self._job: Job | None = None
        self._lock = threading.Lock()

    @property
    def running(self) -> bool:
        return bool(self._threads)

    def start(self, job: Job) -> None:
        """Start the threads; ids submitted before this wait in the queue."""
        with self._lock:
            if self._threads:
                raise RuntimeError("worker pool already started")
            self._job = job
            for i in range(self.size):
                t = threading.Thread(target=self._run, name=f"{self.name}-{i}", daemon=True)
                t.start()
                self._threads.append(t)

    def submit(self, share_id: int) -> None:
        self._queue.put(share_id)

    def submit_all(self, share_ids: Iterable[int]) -> None:
        for share_id in share_ids:
            self.submit(share_id)

    def join(self) -> None:
        """Block until every id submitted so far has been processed."""
        self._queue.join()

    def stop(self, timeout: float = 30.0) -> None:
        """Let running jobs finish, then end the threads; queued ids stay pending in the store."""
        with self._lock:
            threads, self._threads = self._threads, []
        # Drop what has not started: those shares are still pending and resume at the next start.
        try:
            while True:
                self._queue.get_nowait()
                self._queue.task_done()
        except queue.Empty:
            pass
        for _ in threads:
            self._queue.put(None)
        for t in threads:
            t.join(timeout)

    def _run(self) -> None:
        job = self._job
        assert job is not None
        while True:
            share_id = self._queue.get()
            try:
                if share_id is None:
                    return
                job(share_id)
            except Exception:
                # One bad share must not take a worker thread with it.
                logger.exception("share %s failed in the worker", share_id)
            finally:
                self._queue.task_done()

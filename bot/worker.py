"""A bounded pool of threads that works through pending shares, off the Slack request path.

Slack must be answered within 3 seconds, so a listener only records a share and submits its id;
the job handed in by the app (bot.shares claims, analyses and stores; the Slack answer is the
app's) runs here, at most `size` at a time. This module knows nothing of the store or Slack.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable, Iterable

logger = logging.getLogger(__name__)

Job = Callable[[int], None]
Sweep = Callable[[], Iterable[int]]
# Pending shares are looked for this often, so a share whose worker died (its claim expires) or
# that was recorded by another process is still worked on without a restart.
SWEEP_EVERY_S = 60.0


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
        self._known: set[int] = set()  # queued or running, so a sweep does not queue them twice
        self._stopping = threading.Event()
        self._sweeper: threading.Thread | None = None

    @property
    def running(self) -> bool:
        return bool(self._threads)

    def start(self, job: Job, *, sweep: Sweep | None = None, every: float = SWEEP_EVERY_S) -> None:
        """Start the threads; with `sweep`, submit what it finds now and then every `every` s."""
        with self._lock:
            if self._threads:
                raise RuntimeError("worker pool already started")
            self._job = job
            self._stopping.clear()
            for i in range(self.size):
                t = threading.Thread(target=self._run, name=f"{self.name}-{i}", daemon=True)
                t.start()
                self._threads.append(t)
            if sweep is not None:
                t = threading.Thread(
                    target=self._sweep, args=(sweep, every), name=f"{self.name}-sweep", daemon=True
                )
                t.start()
                self._sweeper = t

    def submit(self, share_id: int) -> None:
        """Queue the id unless it is already queued or running here."""
        with self._lock:
            if share_id in self._known:
                return
            self._known.add(share_id)
        self._queue.put(share_id)

    def submit_all(self, share_ids: Iterable[int]) -> None:
        for share_id in share_ids:
            self.submit(share_id)

    def join(self) -> None:
        """Block until every id submitted so far has been processed."""
        self._queue.join()

    def stop(self, timeout: float = 30.0) -> None:
        """Let running jobs finish, then end the threads; queued ids stay pending in the store."""
        self._stopping.set()
        with self._lock:
            threads, self._threads = self._threads, []
        # Drop what has not started: those shares are still pending and resume at the next start.
        try:
            while True:
                dropped = self._queue.get_nowait()
                with self._lock:
                    self._known.discard(dropped)
                self._queue.task_done()
        except queue.Empty:
            pass
        for _ in threads:
            self._queue.put(None)
        for t in threads:
            t.join(timeout)
        if self._sweeper is not None:
            self._sweeper.join(timeout)
            self._sweeper = None

    def _sweep(self, sweep: Sweep, every: float) -> None:
        while not self._stopping.is_set():
            try:
                for share_id in sweep():
                    self.submit(share_id)
            except Exception:
                logger.exception("looking for pending shares failed")
            self._stopping.wait(every)

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
                with self._lock:
                    self._known.discard(share_id)
                self._queue.task_done()

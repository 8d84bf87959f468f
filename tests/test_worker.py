"""The worker pool: bounded concurrency, each share once, failures contained, sweeps resume
pending work, stop leaves unstarted shares pending."""

from __future__ import annotations

import threading
import time

import pytest

from bot.worker import WorkerPool


def test_never_runs_more_jobs_at_once_than_its_size() -> None:
    running, peak, lock = 0, 0, threading.Lock()

    def job(share_id: int) -> None:
        nonlocal running, peak
        with lock:
            running += 1
            peak = max(peak, running)
        time.sleep(0.02)
        with lock:
            running -= 1

    pool = WorkerPool(3)
    pool.start(job)
    pool.submit_all(range(30))
    pool.join()
    pool.stop()
    assert peak == 3


def test_an_id_already_queued_is_not_queued_twice() -> None:
    gate = threading.Event()
    seen: list[int] = []

    def job(share_id: int) -> None:
        gate.wait(5)
        seen.append(share_id)

    pool = WorkerPool(1)
    pool.start(job)
    pool.submit_all([1, 2, 2, 1, 3])
    gate.set()
    pool.join()
    pool.stop()
    assert sorted(seen) == [1, 2, 3]


def test_a_failing_job_is_logged_and_the_worker_goes_on(caplog: pytest.LogCaptureFixture) -> None:
    done: list[int] = []

    def job(share_id: int) -> None:
        if share_id == 1:
            raise RuntimeError("boom")
        done.append(share_id)

    pool = WorkerPool(1)
    pool.start(job)
    pool.submit_all([1, 2])
    pool.join()
    pool.stop()
    assert done == [2]
    assert "share 1 failed in the worker" in caplog.text


def test_the_sweep_submits_pending_ids_at_start_and_again_later() -> None:
    pending = [[7], [8]]
    seen: list[int] = []

    def sweep() -> list[int]:
        return pending.pop(0) if pending else []

    pool = WorkerPool(1)
    pool.start(seen.append, sweep=sweep, every=0.05)
    deadline = time.monotonic() + 5
    while seen != [7, 8] and time.monotonic() < deadline:
        time.sleep(0.01)
    pool.stop()
    assert seen == [7, 8]


def test_stop_finishes_the_running_job_and_drops_the_queue() -> None:
    started = threading.Event()
    seen: list[int] = []

    def job(share_id: int) -> None:
        started.set()
        time.sleep(0.1)
        seen.append(share_id)

    pool = WorkerPool(1)
    pool.start(job)
    pool.submit_all([1, 2, 3])
    started.wait(5)
    pool.stop()
    assert seen == [1]
    assert not pool.running

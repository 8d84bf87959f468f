"""Concurrent writers (worker threads and a CLI process at once) lose nothing and never fail."""

from __future__ import annotations

import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import Engine
from sqlmodel import Session

from bot.store import queries as q
from bot.store.models import Article, Share
from tests.store.writer import SHARED_ACTORS, write

ROOT = Path(__file__).resolve().parents[2]
PER_WRITER = 15
THREADS = 4


def test_threads_and_a_process_writing_at_once_lose_no_write(
    engine: Engine, database_url: str, session: Session
) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.store.writer", database_url, "proc", str(PER_WRITER)],
        cwd=ROOT,
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    with ThreadPoolExecutor(THREADS) as pool:
        futures = [
            pool.submit(write, database_url, f"thread{n}", PER_WRITER) for n in range(THREADS)
        ]
        for future in futures:
            future.result()  # re-raises "database is locked" or any other failure
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 0, stderr

    total = PER_WRITER * (THREADS + 1)
    count = sa.select(sa.func.count())
    assert session.execute(count.select_from(Article)).scalar() == total
    assert session.execute(count.select_from(Share).where(Share.status == "done")).scalar() == total  # type: ignore[arg-type]
    for name in SHARED_ACTORS:
        (profile,) = q.actor_profile(session=session, name=name).profiles
        assert profile.article_count == total
    assert q.actor_profile(session=session, name="Donald Trump").profiles[0].quote_count == total
    assert len(q.search_quotes(session=session, words="words", limit=total + 10)) == total

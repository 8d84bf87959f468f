"""SQLite writers of one process queue on a lock, so a waiting writer starts as soon as the
previous one commits instead of sleeping in SQLite's busy handler (the Slack ack path writes
while workers store analyses)."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import sqlalchemy as sa

from bot.store.db import make_engine, session_factory, write_transaction


def test_a_waiting_writer_starts_right_after_the_previous_commit(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'w.db'}")
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE t (x INTEGER)")
    sessions = session_factory(engine)
    committed_at: list[float] = []
    second_done_at: list[float] = []
    first_holds = threading.Event()

    def first() -> None:
        with sessions() as session:
            write_transaction(session)
            session.execute(sa.text("INSERT INTO t VALUES (1)"))
            first_holds.set()
            time.sleep(0.3)  # SQLite's busy handler is by then sleeping tens of ms at a time
            committed_at.append(time.perf_counter())
            session.commit()

    def second() -> None:
        first_holds.wait()
        with sessions() as session:
            write_transaction(session)
            session.execute(sa.text("INSERT INTO t VALUES (2)"))
            session.commit()
        second_done_at.append(time.perf_counter())

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    lag = second_done_at[0] - committed_at[0]
    assert lag < 0.02, f"the second writer started {lag * 1000:.0f} ms after the commit"
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM t").scalar() == 2
    engine.dispose()


def test_readers_do_not_queue_behind_a_writer(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'r.db'}")
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE t (x INTEGER)")
    sessions = session_factory(engine)
    with sessions() as writer:
        write_transaction(writer)
        writer.execute(sa.text("INSERT INTO t VALUES (1)"))
        started = time.perf_counter()
        with sessions() as reader:
            assert reader.execute(sa.text("SELECT count(*) FROM t")).scalar() == 0
        assert time.perf_counter() - started < 1.0
        writer.commit()
    engine.dispose()

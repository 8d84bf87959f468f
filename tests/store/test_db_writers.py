"""SQLite writers of one process queue on a lock, so a waiting writer starts as soon as the
previous one commits instead of sleeping in SQLite's busy handler (the Slack ack path writes
while workers store analyses); readers never queue behind a writer."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event

from bot.store.db import make_engine, session_factory, write_transaction

# Generous: only a broken lock makes a test wait this long, and then it fails rather than hangs.
PATIENCE_S = 30.0


def test_a_waiting_writer_begins_only_after_the_previous_commit(tmp_path: Path) -> None:
    """The second writer waits on the process's lock, not inside SQLite: its BEGIN IMMEDIATE
    reaches SQLite only after the first writer commits, however long the first holds on."""
    engine = make_engine(f"sqlite:///{tmp_path / 'w.db'}")
    with engine.begin() as conn, engine.connect() as other:
        conn.exec_driver_sql("CREATE TABLE t (x INTEGER)")
        other.exec_driver_sql("SELECT 1")  # both writers find a connection open (a new one
        # sets its pragmas first, which waits on the first writer's lock by itself)
    sessions = session_factory(engine)
    order: list[str] = []
    first_holds, second_arrives = threading.Event(), threading.Event()

    @event.listens_for(engine, "before_cursor_execute")
    def statement(conn: Any, cursor: Any, sql: str, *args: Any) -> None:
        if sql == "BEGIN IMMEDIATE":
            order.append(f"{threading.current_thread().name} begins")

    def first() -> None:
        with sessions() as session:
            write_transaction(session)
            session.execute(sa.text("INSERT INTO t VALUES (1)"))
            first_holds.set()
            assert second_arrives.wait(PATIENCE_S)
            # The second writer is on its way in; without the lock its BEGIN would reach SQLite
            # now and sleep in the busy handler. The first writer takes its time.
            threading.Event().wait(0.2)
            order.append("first commits")
            session.commit()

    def second() -> None:
        first_holds.wait()
        with sessions() as session:
            second_arrives.set()
            write_transaction(session)
            session.execute(sa.text("INSERT INTO t VALUES (2)"))
            session.commit()

    threads = [threading.Thread(target=f, name=f.__name__) for f in (first, second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(PATIENCE_S)
    assert order == ["first begins", "first commits", "second begins"]
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM t").scalar() == 2
    engine.dispose()


def test_readers_do_not_queue_behind_a_writer(tmp_path: Path) -> None:
    """A reader in another thread finishes while a writer holds its transaction open."""
    engine = make_engine(f"sqlite:///{tmp_path / 'r.db'}")
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE t (x INTEGER)")
    sessions = session_factory(engine)
    counts: list[int | None] = []
    read = threading.Event()

    def reader() -> None:
        with sessions() as session:
            counts.append(session.execute(sa.text("SELECT count(*) FROM t")).scalar())
        read.set()

    with sessions() as writer:
        write_transaction(writer)
        writer.execute(sa.text("INSERT INTO t VALUES (1)"))
        thread = threading.Thread(target=reader)
        thread.start()
        assert read.wait(PATIENCE_S), "the reader waited for the writer"
        writer.commit()
    thread.join(PATIENCE_S)
    assert counts == [0]  # it saw the last committed state, not the writer's row
    engine.dispose()

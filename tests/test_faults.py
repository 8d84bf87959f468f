"""Faults around the bot: Slack failing (500, 429, timeouts), the archive unavailable for a while
(SQLite write-locked by another connection; PostgreSQL cut off behind a TCP proxy), and article
sites that time out, reset, send too much, never end, send bad bytes or redirect in loops.

Each case ends in the documented outcome -- the share failed with a one-line reason and a warning
reaction, or retried and done -- and the same running bot then serves the next link normally.
"""

from __future__ import annotations

import contextlib
import socket
import sqlite3
import struct
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import count
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from bot.fetch import Fetcher
from bot.nlp.analyze import Analyzer
from bot.store.db import make_engine
from bot.store.queries.tables import SHARES
from tests.fakeslack import FakeSlack
from tests.pageserver import PageServer, Route
from tests.slack_harness import Harness, article_html, message_event, running_app
from tests.soak.botprocess import BotProcess, SlackSender, bot_env
from tests.store import conftest as store_fixtures

FETCH_TIMEOUT_S = 2.0
fresh_postgres_url = store_fixtures.fresh_postgres_url  # a new, empty PostgreSQL schema
_ts = count(1)


def next_ts() -> str:
    return f"1715690000.{next(_ts):06d}"


def in_thread(ts: str) -> Any:
    return lambda c: c.params.get("thread_ts") == ts


@dataclass
class FlakySlack(FakeSlack):
    """The fake Slack Web API, able to sit on the next N calls of a method for `hang_s`."""

    hang_s: float = 3.0
    _hangs: dict[str, int] = field(default_factory=dict)

    def hang_next(self, method: str, times: int = 1) -> None:
        with self._lock:
            self._hangs[method] = times

    def _handle(self, path: str, headers: dict[str, str], raw: str) -> Any:
        method = path.partition("?")[0].removeprefix("/api/")
        with self._lock:
            hang = self._hangs.get(method, 0) > 0
            if hang:
                self._hangs[method] -= 1
        if hang:
            time.sleep(self.hang_s)
        return super()._handle(path, headers, raw)


@pytest.fixture(scope="module")
def slack() -> Iterator[FlakySlack]:
    fake = FlakySlack()
    fake.start()
    yield fake
    fake.stop()


@pytest.fixture(scope="module")
def db_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("faults") / "newsbot.db"


@pytest.fixture(scope="module")
def bot(db_file: Path, analyzer: Analyzer, slack: FlakySlack) -> Iterator[Harness]:
    """One bot for the whole module: every fault below hits the same running app."""
    fetcher = Fetcher(allow_private=True, timeout_s=FETCH_TIMEOUT_S)
    with running_app(db_file, analyzer, slack=slack, fetcher=fetcher) as h:
        h.app.client.timeout = 1  # Slack's answer is awaited this long (in seconds)
        yield h


@dataclass(frozen=True)
class Outcome:
    status: str
    reason: str | None
    reactions: list[str]
    replies: list[str]


def share_link(h: Harness, url: str, *, timeout: float = 30) -> Outcome:
    """Share `url` in a new message; wait until its share is closed; what Slack saw of it."""
    ts = next_ts()
    assert h.post_event(message_event(f"<{url}>", ts), event_id=f"Ev{ts}").status_code == 200
    deadline = time.monotonic() + timeout
    while True:
        with h.services.sessions() as session:
            row = session.execute(
                sa.select(SHARES.c.status, SHARES.c.failure_reason).where(SHARES.c.message_ts == ts)
            ).one()
        if row.status != "pending":
            break
        assert time.monotonic() < deadline, f"share of {url} still pending after {timeout} s"
        time.sleep(0.05)
    on_message = [c for c in h.slack.calls if c.params.get("timestamp") == ts]
    posted = h.slack.calls_of("chat.postMessage")
    return Outcome(
        status=row.status,
        reason=row.failure_reason,
        reactions=[c.params["name"] for c in on_message if c.method == "reactions.add"],
        replies=[c.params["text"] for c in posted if in_thread(ts)(c)],
    )


_stories = count(1)


def good_story(h: Harness) -> str:
    n = next(_stories)
    return h.site.html(f"/fine/{n}", article_html(f"Council story number {n}", 200, seed=n))


def assert_still_serving(h: Harness) -> None:
    """The next ordinary link after a fault is analysed and answered as usual."""
    outcome = share_link(h, good_story(h))
    assert outcome.status == "done"
    assert outcome.reactions == ["newspaper"]
    assert len(outcome.replies) == 1 and "Council story" in outcome.replies[0]


def assert_failed_with_reason(outcome: Outcome, *words: str) -> None:
    assert outcome.status == "failed"
    assert outcome.reason and "\n" not in outcome.reason
    assert all(w in outcome.reason for w in words), outcome.reason
    assert outcome.reactions == ["warning"]
    assert len(outcome.replies) == 1 and outcome.replies[0].startswith("I could not read")
    assert "\n" not in outcome.replies[0]


# -- article sites --------------------------------------------------------------------------------


class ResetServer:
    """Accepts a connection, reads the request, and resets the connection (TCP RST)."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.accepted = 0
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.accepted += 1
            conn.recv(65536)
            conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            conn.close()

    def close(self) -> None:
        self.sock.close()


BAD_SITES: dict[str, tuple[Route, tuple[str, ...]]] = {
    "headers never come": (Route(body="<p>late</p>", delay_s=FETCH_TIMEOUT_S + 3), ("longer",)),
    "body drips past the deadline": (
        Route(body="<p>" + "slow " * 400 + "</p>", chunk_size=50, drip_s=0.2),
        ("longer",),
    ),
    "6 MB body": (Route(body=b"<p>" + b"a" * (6 * 1024 * 1024) + b"</p>"), ("larger",)),
    "6 MB body without a length": (
        Route(body=b"<p>" + b"a" * (6 * 1024 * 1024) + b"</p>", chunked=True),
        ("larger",),
    ),
    "endless chunked body": (Route(endless=True), ("larger",)),
    "binary file": (
        Route(body=bytes(range(256)) * 64, content_type="application/octet-stream"),
        ("not a web page",),
    ),
    "PDF without a content type": (Route(body=b"%PDF-1.7\n" + bytes(4000), content_type=None), ()),
    "server error": (Route(status=500, body="<h1>oops</h1>"), ("500",)),
}


@pytest.mark.parametrize("kind", list(BAD_SITES))
def test_misbehaving_article_site_fails_the_share_with_a_reason_and_the_bot_goes_on(
    bot: Harness, kind: str
) -> None:
    route, words = BAD_SITES[kind]
    url = bot.site.add(f"/bad/{kind.replace(' ', '-')}", route)
    assert_failed_with_reason(share_link(bot, url), *words)
    assert_still_serving(bot)


def test_connection_reset_by_the_site_fails_the_share_and_the_bot_goes_on(bot: Harness) -> None:
    server = ResetServer()
    try:
        outcome = share_link(bot, f"http://127.0.0.1:{server.port}/story")
    finally:
        server.close()
    assert server.accepted >= 1
    assert_failed_with_reason(outcome, "connection")
    assert_still_serving(bot)


def test_redirect_loop_fails_the_share_naming_the_loop(bot: Harness) -> None:
    bot.site.redirect("/loop/a", "/loop/b")
    url = bot.site.redirect("/loop/b", "/loop/a")
    assert_failed_with_reason(share_link(bot, url), "loop")
    assert len(bot.site.requests_for("/loop/a")) <= 6  # it gave up, not spun
    assert_still_serving(bot)


def test_invalid_utf8_page_is_analysed_with_replacement_characters(bot: Harness) -> None:
    page = article_html("Bridge vote delayed again", 250).encode()
    broken = page.replace(b"Riverton", b"River\xff\xfeton", 3)
    url = bot.site.add("/news/broken-bytes", Route(body=broken))
    outcome = share_link(bot, url)
    assert outcome.status == "done" and outcome.reactions == ["newspaper"]
    assert "Bridge vote delayed again" in outcome.replies[0]
    assert_still_serving(bot)


# -- Slack failing --------------------------------------------------------------------------------


def test_slack_500_on_the_reply_is_not_retried_but_the_share_is_done(bot: Harness) -> None:
    """5xx may mean Slack posted: retrying could post twice, so the reply is given up, logged."""
    bot.slack.fail_next("chat.postMessage", 1, status=500)
    outcome = share_link(bot, good_story(bot))
    assert outcome.status == "done" and outcome.reactions == ["newspaper"]
    assert outcome.replies == []  # the one attempt was the failed one
    assert len(bot.slack.calls_of("chat.postMessage!500")) == 1
    assert_still_serving(bot)


def test_slack_500_on_the_reaction_still_lets_the_reply_through(bot: Harness) -> None:
    bot.slack.fail_next("reactions.add", 1, status=500)
    outcome = share_link(bot, good_story(bot))
    assert outcome.status == "done"
    assert len(outcome.replies) == 1
    assert_still_serving(bot)


def test_slack_429_on_the_reaction_is_retried_after_retry_after_and_done(bot: Harness) -> None:
    bot.slack.fail_next("reactions.add", 1, status=429, retry_after=1)
    outcome = share_link(bot, good_story(bot))
    assert outcome.status == "done" and outcome.reactions == ["newspaper"]
    assert len(outcome.replies) == 1
    assert len(bot.slack.calls_of("reactions.add!429")) == 1
    assert_still_serving(bot)


@pytest.mark.parametrize("method", ["reactions.add", "chat.postMessage"])
def test_slack_timing_out_leaves_the_share_closed_and_the_bot_serving(
    bot: Harness, slack: FlakySlack, method: str
) -> None:
    """A timeout is treated like a 5xx: Slack may have acted, so it is logged, not repeated; a
    reaction that timed out still lets the reply through."""
    slack.hang_next(method, 1)
    outcome = share_link(bot, good_story(bot))
    assert outcome.status == "done"
    if method == "reactions.add":
        assert len(outcome.replies) == 1
    assert_still_serving(bot)


# -- the archive unavailable ----------------------------------------------------------------------


def hold_write_lock(db: Path, seconds: float) -> threading.Thread:
    """Another connection takes SQLite's write lock and keeps it for `seconds`."""
    ready = threading.Event()

    def hold() -> None:
        conn = sqlite3.connect(db, isolation_level=None, timeout=30)
        conn.execute("BEGIN IMMEDIATE")
        ready.set()
        time.sleep(seconds)
        conn.execute("ROLLBACK")
        conn.close()

    thread = threading.Thread(target=hold, daemon=True)
    thread.start()
    assert ready.wait(30)
    return thread


def test_event_arriving_while_sqlite_is_write_locked_is_recorded_once_when_it_frees(
    bot: Harness, db_file: Path
) -> None:
    """The listener waits for the lock (busy timeout); Slack's retry meanwhile finds the share."""
    url = good_story(bot)
    ts = next_ts()
    event = message_event(f"<{url}>", ts)
    holder = hold_write_lock(db_file, 4.0)
    answers: list[int] = []
    first = threading.Thread(
        target=lambda: answers.append(bot.post_event(event, event_id=f"Ev{ts}").status_code)
    )
    first.start()
    time.sleep(3.0)  # Slack gives up on the first delivery after 3 s and retries
    retry = bot.post_event(event, event_id=f"Ev{ts}", retry_num=1)
    first.join(30)
    holder.join(30)
    assert answers == [200] and retry.status_code == 200
    bot.slack.wait_for("chat.postMessage", where=in_thread(ts), timeout=30)
    bot.services.worker.join()
    with bot.services.sessions() as session:
        rows = session.execute(sa.select(SHARES.c.status).where(SHARES.c.message_ts == ts)).all()
    assert [r.status for r in rows] == ["done"]
    assert len([c for c in bot.slack.calls_of("chat.postMessage") if in_thread(ts)(c)]) == 1
    assert_still_serving(bot)


def test_worker_waits_out_a_write_lock_while_storing_and_finishes(
    bot: Harness, db_file: Path
) -> None:
    slow = Route(body=article_html("Locked out story", 250), delay_s=0.5)
    url = bot.site.add("/news/locked", slow)
    ts = next_ts()
    bot.post_event(message_event(f"<{url}>", ts), event_id=f"Ev{ts}")
    holder = hold_write_lock(db_file, 3.0)  # taken while the page is being fetched
    [reply] = bot.slack.wait_for("chat.postMessage", where=in_thread(ts), timeout=30)
    holder.join(30)
    assert "Locked out story" in reply.params["text"]
    assert_still_serving(bot)


# -- PostgreSQL cut off and restored --------------------------------------------------------------


class TcpProxy:
    """A TCP relay on 127.0.0.1 to a server; `cut()` drops every connection and refuses new ones
    until `restore()` -- the database gone for a while, without stopping the shared server."""

    def __init__(self, host: str, port: int) -> None:
        self.target = (host, port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = int(self.listener.getsockname()[1])
        self.up = threading.Event()
        self.up.set()
        self.cuts = 0
        self._lock = threading.Lock()
        self._open: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if not self.up.is_set():
                client.close()
                continue
            server = socket.create_connection(self.target)
            with self._lock:
                self._open += [client, server]
            for a, b in ((client, server), (server, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for s in (source, sink):
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)

    def cut(self) -> None:
        self.up.clear()
        self.cuts += 1
        with self._lock:
            conns, self._open = self._open, []
        for s in conns:
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)
            s.close()

    def restore(self) -> None:
        self.up.set()

    def close(self) -> None:
        self.cut()
        self.listener.close()


@dataclass
class PgBot:
    """A real `newsbot run --http` on PostgreSQL reached through a TcpProxy."""

    bot: BotProcess
    sender: SlackSender
    slack: FakeSlack
    site: PageServer
    proxy: TcpProxy
    engine: sa.Engine

    def share(self, n: int, **route: Any) -> threading.Thread:
        """Deliver (as Slack, retrying) a link to story `n` in the background."""
        url = self.site.add(
            f"/pg/{n}", Route(body=article_html(f"Harbour story {n}", 200), **route)
        )
        event = message_event(f"<{url}>", f"1715691000.{n:06d}")
        thread = threading.Thread(target=self.sender.post_event, args=(event, f"EvPg{n}"))
        thread.start()
        return thread

    def statuses(self) -> list[tuple[str, str]]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(SHARES.c.message_ts, SHARES.c.status).order_by(SHARES.c.id)
            ).all()
        return [(r.message_ts, r.status) for r in rows]

    def wait_done(self, n: int, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while True:
            try:
                statuses = self.statuses()
            except sa.exc.OperationalError:
                statuses = []
            if len(statuses) >= n and all(st == "done" for _, st in statuses):
                return
            assert time.monotonic() < deadline, (statuses, self.bot.log_tail())
            time.sleep(0.2)


@contextlib.contextmanager
def postgres_bot(tmp_path: Path, database_url: str) -> Iterator[PgBot]:
    url = make_url(database_url)
    proxy = TcpProxy(url.host or "127.0.0.1", url.port or 5432)
    proxied = url.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
    engine = make_engine(database_url)
    with FakeSlack() as slack, PageServer() as site:
        bot = BotProcess(tmp_path / "bot", bot_env(slack, proxied, fetch_timeout_s=5))
        sender = SlackSender(bot.events_url, pause_s=1.0)
        try:
            bot.start()
            yield PgBot(bot, sender, slack, site, proxy, engine)
        finally:
            sender.close()
            bot.stop()
            proxy.close()
            engine.dispose()


@pytest.mark.postgres
def test_postgres_cut_off_events_are_refused_redelivered_and_done_once_it_is_back(
    tmp_path: Path, fresh_postgres_url: str
) -> None:
    """While the database is unreachable the bot answers Slack 5xx, so Slack redelivers; once it
    is back every share ends done with one reply, and the bot serves the next link."""
    with postgres_bot(tmp_path, fresh_postgres_url) as pg:
        pg.share(0).join(60)
        pg.wait_done(1, 60)
        pg.proxy.cut()
        during = pg.share(1)
        time.sleep(4.0)
        pg.proxy.restore()
        during.join(60)
        pg.share(2).join(60)
        pg.wait_done(3, 60)
        replies = pg.slack.calls_of("chat.postMessage")
        assert sorted(r.params["thread_ts"] for r in replies) == [
            f"1715691000.{n:06d}" for n in range(3)
        ]
        assert pg.sender.retries >= 1  # the cut really refused a delivery


@pytest.mark.postgres
@pytest.mark.soak
def test_postgres_cut_while_a_share_is_being_stored_is_retried_by_the_next_sweep(
    tmp_path: Path, fresh_postgres_url: str
) -> None:
    """The worker loses the database mid-share: its claim stays, and the next sweep (within a
    minute) takes its own claim back and finishes the share, replying once."""
    with postgres_bot(tmp_path, fresh_postgres_url) as pg:
        pg.share(0, delay_s=2.0).join(60)
        deadline = time.monotonic() + 30
        while not pg.site.requests_for("/pg/0"):  # the page is being fetched now
            assert time.monotonic() < deadline
            time.sleep(0.05)
        pg.proxy.cut()
        time.sleep(4.0)
        pg.proxy.restore()
        pg.wait_done(1, 100)
        assert len(pg.slack.calls_of("chat.postMessage")) == 1

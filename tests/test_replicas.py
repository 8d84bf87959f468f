"""More than one machine: two real `newsbot run --http` processes on one PostgreSQL database, with
Slack's events split between them (as a load balancer would), answer every link exactly once.

Shares are claimed in the database, not held in memory: a replica that is SIGKILLed leaves its
pending shares to the other, which takes them up on its next sweep. PostgreSQL only (SQLite is
one machine's file); each test gets a fresh schema of NEWSBOT_TEST_POSTGRES_URL.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from bot.store.db import make_engine, upgrade
from bot.store.queries.tables import SHARES
from tests.fakeslack import FakeSlack
from tests.pageserver import PageServer
from tests.slack_harness import message_event
from tests.soak.articles import news_article
from tests.soak.botprocess import BotProcess, SlackSender, bot_env
from tests.store import conftest as store_fixtures

pytestmark = pytest.mark.postgres
fresh_postgres_url = store_fixtures.fresh_postgres_url  # a new, empty PostgreSQL schema
START_TIMEOUT_S = 240.0


class Replicas:
    """Two bots on one database behind a round-robin "load balancer" of Slack senders."""

    def __init__(self, stack: ExitStack, tmp_path: Path, database_url: str) -> None:
        engine = make_engine(database_url)
        upgrade(engine)  # once, before both start (each would also do it, safely)
        stack.callback(engine.dispose)
        self.engine = engine
        self.slack = stack.enter_context(FakeSlack())
        self.site = stack.enter_context(PageServer())
        env = bot_env(self.slack, database_url, workers=2)
        self.bots = [BotProcess(tmp_path / f"bot{i}", env) for i in range(2)]
        for bot in self.bots:
            stack.callback(bot.stop)
        # Both start at once; a start that fails or times out fails the test with its log
        # (a bare Thread would only warn and let the test go on with a replica missing). Two
        # spaCy loads at once on a loaded 2-core machine can take well over a minute.
        with ThreadPoolExecutor(max_workers=2) as pool:
            for started in [pool.submit(bot.start, START_TIMEOUT_S) for bot in self.bots]:
                started.result()
        self.senders = [SlackSender(bot.events_url, pause_s=0.5) for bot in self.bots]
        for sender in self.senders:
            stack.callback(sender.close)

    def publish(self, n: int) -> str:
        _, html = news_article(500 + n, words=250)
        return self.site.html(f"/replica/{n}", html)

    def deliver(self, n: int, url: str, *, to: int) -> None:
        event = message_event(f"<{url}>", f"1716100000.{n:06d}", channel=f"CREP{n % 4:05d}")
        assert self.senders[to].post_event(event, f"EvRep{n}").status_code == 200

    def statuses(self) -> Counter[str]:
        with self.engine.connect() as conn:
            return Counter(conn.execute(sa.select(SHARES.c.status)).scalars())

    def wait_done(self, n: int, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while (found := self.statuses()) != Counter({"done": n}):
            assert time.monotonic() < deadline, (found, [b.log_tail(2000) for b in self.bots])
            time.sleep(0.2)

    def replies_per_message(self) -> Counter[str]:
        return Counter(
            c.params["thread_ts"]
            for c in self.slack.calls_of("chat.postMessage")
            if c.params.get("thread_ts")
        )


@pytest.fixture
def replicas(tmp_path: Path, fresh_postgres_url: str) -> Iterator[Replicas]:
    with ExitStack() as stack:
        yield Replicas(stack, tmp_path, fresh_postgres_url)


EVENTS = 40


def test_two_replicas_answer_every_link_once(replicas: Replicas) -> None:
    """Events alternate between the replicas and each is also redelivered to the other (Slack's
    retry after a slow ack can land anywhere): one share, one fetch, one reply per link."""
    urls = [replicas.publish(n) for n in range(EVENTS)]
    for n, url in enumerate(urls):
        replicas.deliver(n, url, to=n % 2)
        if n % 5 == 0:
            replicas.deliver(n, url, to=1 - n % 2)
    replicas.wait_done(EVENTS, 120)
    fetched = Counter(r.path for r in replicas.site.requests)
    assert fetched == Counter({f"/replica/{n}": 1 for n in range(EVENTS)})
    replies = replicas.replies_per_message()
    assert len(replies) == EVENTS and set(replies.values()) == {1}
    for bot in replicas.bots:  # both did part of the work
        assert "fetched http" in bot.log_text()


@pytest.mark.soak
def test_a_killed_replicas_pending_shares_are_finished_by_the_other(replicas: Replicas) -> None:
    """Replica 0 records shares and is SIGKILLed: what it held (claimed or only queued in its
    memory) is pending in the database, and replica 1's sweep finishes it, replying once."""
    urls = [replicas.publish(n) for n in range(EVENTS)]
    for n, url in enumerate(urls[:20]):
        replicas.deliver(n, url, to=0)
    replicas.bots[0].kill()
    for n, url in enumerate(urls[20:], start=20):
        replicas.deliver(n, url, to=1)
    replicas.wait_done(EVENTS, 150)  # the other replica's sweep runs every minute
    replies = replicas.replies_per_message()
    assert len(replies) == EVENTS and set(replies.values()) == {1}


@pytest.mark.soak
def test_each_digest_is_posted_once_by_two_replicas(replicas: Replicas) -> None:
    """Both replicas' schedulers hold the channel's digest job (one job store in the database);
    the run is claimed in the database before posting, so the digest appears once."""
    urls = [replicas.publish(n) for n in range(8)]
    for n, url in enumerate(urls):
        replicas.deliver(n, url, to=n % 2)
    replicas.wait_done(len(urls), 120)
    at = datetime.now(UTC) + timedelta(minutes=2)
    for channel in sorted({f"CREP{n % 4:05d}" for n in range(len(urls))}):
        answer = replicas.senders[0].post_command(
            f"digest at {at:%H:%M} UTC",
            channel=channel,
            response_url=replicas.slack.response_url(channel),
        )
        assert answer.status_code == 200
    time.sleep(max(0.0, (at.replace(second=0) - datetime.now(UTC)).total_seconds()) + 45)
    parents = Counter(
        c.params["channel"]
        for c in replicas.slack.calls_of("chat.postMessage")
        if not c.params.get("thread_ts")
    )
    assert parents == Counter({f"CREP{c:05d}": 1 for c in range(4)})

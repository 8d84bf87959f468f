"""Hostile HTTP clients against a real `newsbot run --http` process: oversized and malformed
bodies, half-sent and idle connections, bodies that must never reach the log.

Everything goes over real sockets on 127.0.0.1; Slack's own requests are signed as Slack signs
them, and the bot answers through the fake Slack Web API.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import socket
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa

from bot.http_server import MAX_BODY_BYTES, REQUEST_TIMEOUT_S
from bot.nlp.analyze import Analyzer
from bot.replays import ReplayGuard
from bot.store.db import make_engine, session_factory, upgrade
from bot.store.signatures import USED_SIGNATURES
from tests.fakeslack import FakeSlack
from tests.hostile_http import MARKER, HostileClients, closed_by_peer
from tests.pageserver import PageServer
from tests.slack_harness import (
    SIGNING_SECRET,
    article_html,
    event_body,
    message_event,
    running_app,
    signed_headers,
)
from tests.soak.botprocess import BotProcess, bot_env
from tests.store import conftest as store_fixtures


@dataclass
class Bot:
    process: BotProcess
    slack: FakeSlack
    site: PageServer

    @property
    def host_port(self) -> tuple[str, int]:
        return ("127.0.0.1", self.process.port)

    @property
    def log_file(self) -> Path:
        return self.process.workdir / "bot.log"

    def log(self) -> str:
        """Everything the bot wrote: its log file, and whatever reached stdout and stderr."""
        own = self.log_file.read_text(errors="replace") if self.log_file.exists() else ""
        return own + self.process.log_text()


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Bot]:
    workdir = tmp_path_factory.mktemp("http-bot")
    with FakeSlack() as slack, PageServer() as site:
        env = bot_env(
            slack,
            f"sqlite:///{workdir / 'newsbot.db'}",
            workers=2,
            NEWSBOT_LOG_FILE=str(workdir / "bot.log"),
        )
        process = BotProcess(workdir, env)
        umask = os.umask(0o022)  # the usual one, which leaves new files readable by all
        try:
            process.start()
        finally:
            os.umask(umask)
        try:
            yield Bot(process, slack, site)
        finally:
            process.stop()


def raw_exchange(bot: Bot, request: bytes, *, timeout: float = 5.0) -> bytes:
    """Send `request` as it is on a fresh connection; everything the bot answers until it closes
    the connection or goes quiet for `timeout` seconds."""
    with socket.create_connection(bot.host_port, timeout=timeout) as sock:
        sock.sendall(request)
        answer = b""
        try:
            while chunk := sock.recv(65536):
                answer += chunk
                if b"\r\n\r\n" in answer and _complete(answer):
                    break
        except TimeoutError:
            pass
        return answer


def _complete(answer: bytes) -> bool:
    head, _, body = answer.partition(b"\r\n\r\n")
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return len(body) >= int(value)
    return False


def status_of(answer: bytes) -> int | None:
    if not answer.startswith(b"HTTP/1."):
        return None
    return int(answer.split(b" ", 2)[1])


def signed_bytes(body: bytes, content_type: str = "application/json") -> dict[str, str]:
    """Slack's v0 signature over raw bytes (which may not even be UTF-8)."""
    timestamp = str(int(time.time()))
    base = b"v0:" + timestamp.encode() + b":" + body
    digest = hmac.new(SIGNING_SECRET.encode(), base, hashlib.sha256).hexdigest()
    return {
        "Content-Type": content_type,
        "X-Slack-Request-Timestamp": timestamp,
        "X-Slack-Signature": f"v0={digest}",
    }


def post_bytes(bot: Bot, body: bytes, headers: dict[str, str]) -> int:
    url = f"http://127.0.0.1:{bot.process.port}/slack/events"
    return httpx.post(url, content=body, headers=headers, timeout=10).status_code


def refusals(bot: Bot) -> list[str]:
    return [line for line in bot.log().splitlines() if "refused a request" in line]


# -- size ----------------------------------------------------------------------------------------


def test_oversized_unsigned_posts_are_refused_from_their_length_without_being_read(
    bot: Bot,
) -> None:
    """Four 300 MB POSTs announce their size and send the start of it: each is answered 413
    before the body is read, the bot's memory stays flat and the body never reaches the log."""
    peak_before = bot.process.peak_rss_kb()
    head = (
        b"POST /slack/events HTTP/1.1\r\nHost: newsbot\r\nContent-Type: application/json\r\n"
        b"Content-Length: 300000000\r\n\r\n"
    )
    start = (json.dumps({"type": "event_callback", "text": MARKER}) + " " * 65536).encode()
    answers = [raw_exchange(bot, head + start) for _ in range(4)]
    assert [status_of(a) for a in answers] == [413] * 4, answers
    grown_mb = (bot.process.peak_rss_kb() - peak_before) / 1024
    assert grown_mb < 30, f"the bot's peak memory grew by {grown_mb:.0f} MB"
    assert MARKER not in bot.log()


def test_a_body_just_over_the_limit_is_refused_and_one_under_it_is_read(bot: Bot) -> None:
    """The limit is the one documented, and a signed event near it still goes through."""
    padding = "x" * (MAX_BODY_BYTES - 2000)
    event = message_event("no links here", "1715900000.000100", padding=padding)
    body = event_body(event, "EvBig")
    headers = signed_headers(body, content_type="application/json")
    assert post_bytes(bot, body.encode(), headers) == 200
    over = (
        "POST /slack/events HTTP/1.1\r\nHost: newsbot\r\nContent-Type: application/json\r\n"
        f"Content-Length: {MAX_BODY_BYTES}\r\n\r\n"
    )
    assert status_of(raw_exchange(bot, over.encode() + b"{")) == 413


# -- malformed bodies ------------------------------------------------------------------------------


def _event(**changes: object) -> bytes:
    envelope = json.loads(event_body(message_event(MARKER, "1715900001.000100"), "EvBad"))
    for path, value in changes.items():
        target = envelope
        *parents, name = path.split("__")
        for parent in parents:
            target = target[parent]
        target[name] = value
    return json.dumps(envelope).encode()


MALFORMED = {
    "invalid UTF-8": b'{"type": "event_callback", "text": "' + MARKER.encode() + b'\xff\xfe"}',
    "malformed JSON": b'{"type": "event_callback", "event": {"text": "' + MARKER.encode(),
    "a JSON array": b'["' + MARKER.encode() + b'"]',
    "event as a string": _event(event=MARKER),
    "authorizations as a string": _event(authorizations=MARKER),
    "team_id as an object": _event(team_id={"id": MARKER}),
    "event text as a number": _event(event__text=12345),
    "event channel as a list": _event(event__channel=[MARKER]),
    "message attachments not objects": _event(event__attachments=[MARKER]),
}


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_a_malformed_signed_body_gets_400_and_one_log_line(bot: Bot, case: str) -> None:
    body = MALFORMED[case]
    before_log, before = bot.log(), len(refusals(bot))
    assert post_bytes(bot, body, signed_bytes(body)) == 400
    assert post_bytes(bot, body, {"Content-Type": "application/json"}) == 400  # unsigned too
    new_text = bot.log()[len(before_log) :]
    assert len(refusals(bot)) - before == 2, new_text
    assert "Traceback" not in new_text and MARKER not in new_text


def test_a_slash_command_with_a_payload_that_is_not_json_gets_400(bot: Bot) -> None:
    body = f"payload=%7Bnot-json-{MARKER}".encode()
    assert post_bytes(bot, body, signed_bytes(body, "application/x-www-form-urlencoded")) == 400
    assert MARKER not in bot.log()


def test_a_non_numeric_content_length_gets_400_and_one_log_line(bot: Bot) -> None:
    before_log, before = bot.log(), len(refusals(bot))
    answer = raw_exchange(
        bot,
        b"POST /slack/events HTTP/1.1\r\nHost: newsbot\r\nContent-Length: abc\r\n\r\n{}",
    )
    assert status_of(answer) == 400, answer
    new_text = bot.log()[len(before_log) :]
    assert len(refusals(bot)) - before == 1, new_text
    assert "Content-Length" in new_text and "Traceback" not in new_text


def test_unsigned_and_wrongly_signed_bodies_never_reach_the_log(bot: Bot) -> None:
    body = event_body(message_event(f"<https://example.com/{MARKER}>", "1715900002.1"), "EvU")
    assert post_bytes(bot, body.encode(), {"Content-Type": "application/json"}) == 401
    forged = signed_headers(body, secret="not-the-secret", content_type="application/json")
    assert post_bytes(bot, body.encode(), forged) == 401
    assert MARKER not in bot.log()
    assert bot.process.proc is not None and bot.process.proc.poll() is None


# -- slow and idle clients -------------------------------------------------------------------------

HOSTILE_CLIENTS = 1000


def test_a_thousand_half_sent_and_idle_connections_do_not_delay_slacks_event(bot: Bot) -> None:
    """While 1,000 connections hang (idle, half their headers, half their body), Slack's signed
    event is acknowledged well inside Slack's 3 s and its share is answered; the hanging ones
    are closed once the request deadline has passed, and the bot's memory stays bounded."""
    url = bot.site.html("/news/amid-the-flood", article_html("Bridge vote amid a flood", 150))
    ts = "1715900100.000100"
    rss_before = bot.process.rss_kb()
    hostile = HostileClients(bot.host_port, HOSTILE_CLIENTS)
    try:
        hostile.half_open.wait(10)  # Slack's event arrives in the middle of the flood
        body = event_body(message_event(f"<{url}>", ts), "EvFlood")
        started = time.monotonic()
        answer = httpx.post(
            f"http://127.0.0.1:{bot.process.port}/slack/events",
            content=body,
            headers=signed_headers(body, content_type="application/json"),
            timeout=3.0,  # Slack's own deadline
        )
        ack_s = time.monotonic() - started
        assert answer.status_code == 200, answer.text
        bot.slack.wait_for(
            "chat.postMessage", where=lambda c: c.params.get("thread_ts") == ts, timeout=30
        )
        grown_mb = (bot.process.rss_kb() - rss_before) / 1024
        assert grown_mb < 60, f"the bot grew by {grown_mb:.0f} MB"

        hostile.thread.join(15)
        time.sleep(REQUEST_TIMEOUT_S + 2.5)  # the deadline, plus a maintenance pass
        still_open = [s for s in hostile.socks if not closed_by_peer(s)]
        assert not still_open, f"{len(still_open)} hanging connections are still open"
    finally:
        hostile.close()
    assert MARKER not in bot.log()
    print(f"ack amid {HOSTILE_CLIENTS} hanging connections: {ack_s * 1000:.0f} ms")


# -- files ----------------------------------------------------------------------------------------


def test_the_database_and_the_log_file_are_created_readable_by_their_owner_only(
    bot: Bot,
) -> None:
    """Started with umask 022: the SQLite file, its -wal and -shm files and NEWSBOT_LOG_FILE are
    still 0600, and the log really goes to that file."""
    workdir = bot.process.workdir
    files = [workdir / n for n in ("newsbot.db", "newsbot.db-wal", "newsbot.db-shm")]
    modes = {path.name: oct(path.stat().st_mode & 0o777) for path in [*files, bot.log_file]}
    assert set(modes.values()) == {"0o600"}, modes
    assert "newsbot is listening on http://127.0.0.1" in bot.log_file.read_text()


# -- replays across replicas -----------------------------------------------------------------------

fresh_postgres_url = store_fixtures.fresh_postgres_url  # a new, empty PostgreSQL schema


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def shared_database(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'shared.db'}"
    return str(request.getfixturevalue("fresh_postgres_url"))


def wait_recorded(database_url: str, signature: str) -> None:
    """Until `signature` is in the table (on SQLite the guard records it a moment after it
    accepted the request; on PostgreSQL before)."""
    engine = make_engine(database_url)
    try:
        deadline = time.monotonic() + 10
        while True:
            with engine.connect() as conn:
                query = sa.select(USED_SIGNATURES.c.signature)
                if signature in conn.execute(query).scalars().all():
                    return
            assert time.monotonic() < deadline, f"{signature} was never recorded"
            time.sleep(0.01)
    finally:
        engine.dispose()


def test_a_request_replayed_to_another_replica_is_refused(
    shared_database: str, analyzer: Analyzer, tmp_path: Path
) -> None:
    """Two app instances on one database: a captured request accepted by one is refused by the
    other (and by the first again); one share, one fetch, one reply."""
    db = tmp_path / "unused.db"  # the database is shared_database
    with (
        FakeSlack() as slack,
        PageServer() as site,
        running_app(db, analyzer, slack=slack, site=site, database_url=shared_database) as one,
        running_app(db, analyzer, slack=slack, site=site, database_url=shared_database) as two,
    ):
        url = site.html("/news/replayed", article_html("Replayed story", 150))
        ts = "1715900200.000100"
        body = event_body(message_event(f"<{url}>", ts), "EvReplica")
        headers = signed_headers(body, content_type="application/json")
        assert one.http.post(one.events_url, content=body, headers=headers).status_code == 200
        wait_recorded(shared_database, headers["X-Slack-Signature"])
        assert two.http.post(two.events_url, content=body, headers=headers).status_code == 401
        assert one.http.post(one.events_url, content=body, headers=headers).status_code == 401
        slack.wait_for("chat.postMessage", where=lambda c: c.params.get("thread_ts") == ts)
        one.services.worker.join()
        two.services.worker.join()
        replies = [c for c in slack.calls_of("chat.postMessage") if c.params.get("thread_ts")]
        assert len(replies) == 1
        assert len(site.requests_for("/news/replayed")) == 1


def test_used_signatures_are_forgotten_once_bolt_would_call_them_stale(
    shared_database: str,
) -> None:
    """The table stays small: past the window (and the clock-skew margin) a signature is
    deleted by the next purge of any replica."""
    engine = make_engine(shared_database)
    upgrade(engine)
    sessions = session_factory(engine)
    now = [1_800_000_000.0]
    guard = ReplayGuard(sessions, clock=lambda: now[0])
    other = ReplayGuard(sessions, clock=lambda: now[0])
    signed_at = int(now[0])
    assert guard.first_use("v0=a", signed_at) and not guard.first_use("v0=a", signed_at)
    guard.close()  # recorded
    assert not other.first_use("v0=a", signed_at)

    now[0] += ReplayGuard.WINDOW_S + ReplayGuard.CLOCK_SKEW_S + ReplayGuard.PURGE_EVERY_S + 1
    assert other.first_use("v0=b", int(now[0]))
    other.close()
    with sessions() as session:
        kept = session.execute(sa.select(USED_SIGNATURES.c.signature)).scalars().all()
    assert kept == ["v0=b"]
    engine.dispose()


def test_a_slash_command_whose_text_says_payload_is_answered(
    tmp_path: Path, analyzer: Analyzer
) -> None:
    """Bolt reads a form body holding the word "payload" as an interaction payload; a search for
    that word must still be answered as the command it is."""
    with running_app(tmp_path / "newsbot.db", analyzer) as h:
        answer = h.post_command("search payload", response_url=h.slack.response_url())
        assert answer.status_code == 200, answer.text
        assert "payload" in answer.text
        forged = signed_headers(
            "command=%2Fnewsbot&text=search+payload",
            secret="not-the-secret",
            content_type="application/x-www-form-urlencoded",
        )
        refused = h.http.post(
            h.events_url, content="command=%2Fnewsbot&text=search+payload", headers=forged
        )
        assert refused.status_code == 401

"""HTTP mode's server: Slack's requests reach Bolt through its WSGI adapter, served by waitress
with bounds on what one client can take (body size, time to send a request, connections).

waitress reads requests in one thread, asynchronously, and hands only complete ones to a few
worker threads, so a half-sent or idle connection costs a socket, not a thread. A request that is
too big is refused from its Content-Length before its body is read; one that is not UTF-8, not a
Slack payload, unsigned or replayed is refused before Bolt dispatches it, each with one log line
that never holds the body.
"""

from __future__ import annotations

import contextlib
import logging
import resource
import threading
import time
from json import JSONDecodeError
from typing import Any
from urllib.parse import parse_qsl

from slack_bolt import App, BoltRequest, BoltResponse
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_bolt.adapter.wsgi.http_request import WsgiHttpRequest
from slack_sdk.signature import SignatureVerifier
from waitress import wasyncore
from waitress.adjustments import Adjustments
from waitress.channel import HTTPChannel
from waitress.server import TcpWSGIServer
from waitress.task import ErrorTask

from bot import slack_payload
from bot.app import EVENTS_PATH
from bot.replays import ReplayGuard

logger = logging.getLogger(__name__)

# Slack caps a message at 40,000 characters; an event carries its text twice (text and blocks),
# so even in a 3-byte script it stays under this. Anything bigger is refused unread (413).
MAX_BODY_BYTES = 256 * 1024
MAX_HEADER_BYTES = 16 * 1024
# A connection must deliver each request whole within this time from its first byte, and a
# kept-alive connection without a request is closed after the idle timeout. Slack itself gives
# up on an answer after 3 s.
REQUEST_TIMEOUT_S = 10
IDLE_TIMEOUT_S = 10
CONNECTION_LIMIT = 2000
# Requests run on this many threads; an ack takes milliseconds (slow work goes to the worker
# pool and Bolt's lazy listeners).
THREADS = 8
ACCEPTS_PER_PASS = 256
# File descriptors the process needs besides its connections (database, log, Slack, pages).
SPARE_DESCRIPTORS = 256


class SlackRequests(SlackRequestHandler):
    """Bolt's WSGI adapter, refusing what Bolt would choke on or log before it dispatches."""

    def __init__(self, app: App, *, signing_secret: str, replays: ReplayGuard) -> None:
        super().__init__(app, path=EVENTS_PATH)
        self.verifier = SignatureVerifier(signing_secret)
        self.replays = replays

    def dispatch(self, request: WsgiHttpRequest) -> BoltResponse:
        environ = request.environ
        client = str(environ.get("REMOTE_ADDR") or "?")
        # waitress has checked Content-Length (digits only, under MAX_BODY_BYTES).
        raw = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
        try:
            body = raw.decode("utf-8")
        except UnicodeDecodeError:
            return _refuse(400, client, "the body is not UTF-8")
        try:
            bolt_request = _bolt_request(body, request)
        except JSONDecodeError:
            return _refuse(400, client, "the body is not valid JSON")
        except (ValueError, TypeError, AttributeError, KeyError, IndexError):
            return _refuse(400, client, "the body is not a Slack payload")
        problem = slack_payload.problem(bolt_request.body)
        if problem:
            return _refuse(400, client, problem)
        timestamp = _header(bolt_request, "x-slack-request-timestamp")
        signature = _header(bolt_request, "x-slack-signature")
        if not (timestamp.isdigit() and self.verifier.is_valid(body, timestamp, signature)):
            return _refuse(401, client, "no valid signature", level=logging.INFO)
        if not self.replays.first_use(signature, int(timestamp)):
            return _refuse(401, client, "a replayed request (a signature already used)")
        return self.app.dispatch(bolt_request)


def _bolt_request(body: str, request: WsgiHttpRequest) -> BoltRequest:
    """Bolt's request, with a form body read as a form even when its text holds "payload".

    Bolt takes any form body containing that word for an interaction whose `payload` field is
    JSON; a slash command such as `/newsbot search payload` has no such field, became an empty
    body and went unanswered (404).
    """
    headers = request.get_headers()
    parsed = BoltRequest(body=body, query=request.query_string, headers=headers)
    if parsed.body or "payload" not in body or body.lstrip().startswith("{"):
        return parsed
    form = dict(parse_qsl(body, keep_blank_values=True))
    if "payload" in form:
        return parsed
    # Built from the parsed form as Socket Mode builds it, then marked as the HTTP request it
    # is, so that Bolt still checks the signature of the raw body.
    fixed = BoltRequest(body=form, query=request.query_string, headers=headers, mode="socket_mode")
    fixed.raw_body = body
    fixed.mode = "http"
    return fixed


def _header(request: BoltRequest, name: str) -> str:
    values = request.headers.get(name) or [""]
    return str(values[0])


def _refuse(status: int, client: str, reason: str, *, level: int = logging.WARNING) -> BoltResponse:
    logger.log(level, "refused a request from %s: %s (%d)", client, reason, status)
    return BoltResponse(status=status, body=f"{reason}\n")


class _LoggedErrorTask(ErrorTask):
    """waitress's answer to a request it cannot parse (bad Content-Length, too big): one line."""

    def execute(self) -> None:
        error = self.request.error
        client = self.channel.addr[0] if self.channel.addr else "?"
        logger.warning("refused a request from %s: %s (%d)", client, error.body, error.code)
        super().execute()


class _Channel(HTTPChannel):
    """A connection that remembers when its current request began, for the request deadline."""

    error_task_class = _LoggedErrorTask
    request_started: float | None = None

    def received(self, data: bytes) -> bool:
        if self.request is None and data and self.request_started is None:
            self.request_started = time.time()
        received = bool(super().received(data))
        if self.request is None:
            self.request_started = None
        return received


class _Server(TcpWSGIServer):
    channel_class = _Channel

    def handle_accept(self) -> None:
        # waitress accepts one connection per pass over all sockets: a burst of N connections
        # would take N passes over N sockets before a new one is even read. Take what the
        # backlog holds, up to the connection limit.
        for _ in range(ACCEPTS_PER_PASS):
            open_before = len(self._map)
            if open_before >= self.adj.connection_limit:
                return
            super().handle_accept()
            if len(self._map) == open_before:
                return

    def maintenance(self, now: float) -> None:
        """Close idle connections (waitress) and those still sending a request past the
        deadline: a client that trickles a byte at a time is never idle."""
        super().maintenance(now)
        cutoff = now - REQUEST_TIMEOUT_S
        slow = [
            channel
            for channel in self.active_channels.values()
            if channel.request_started is not None
            and channel.request_started < cutoff
            and not channel.requests
            and not channel.will_close
        ]
        for channel in slow:
            channel.will_close = True
        if slow:
            logger.warning(
                "closed %d connection(s) that sent no whole request within %d s",
                len(slow),
                REQUEST_TIMEOUT_S,
            )


class SlackHTTPServer:
    """Serves Bolt's /slack/events on host:port until shutdown()."""

    def __init__(
        self, app: App, host: str, port: int, *, signing_secret: str, replays: ReplayGuard
    ) -> None:
        self.connection_limit = _connections_allowed(CONNECTION_LIMIT)
        adjustments = Adjustments(
            host=host,
            port=port,
            threads=THREADS,
            connection_limit=self.connection_limit,
            max_request_body_size=MAX_BODY_BYTES,
            max_request_header_size=MAX_HEADER_BYTES,
            # Small bodies stay in memory; anything bigger is refused anyway.
            inbuf_overflow=MAX_BODY_BYTES,
            channel_timeout=IDLE_TIMEOUT_S,
            cleanup_interval=1,
            # poll(), not select(): select() cannot watch descriptors past 1024.
            asyncore_use_poll=True,
            # A client resetting its connection is not worth a traceback.
            log_socket_errors=False,
            ident="newsbot",
        )
        self.wsgi = SlackRequests(app, signing_secret=signing_secret, replays=replays)
        self._map: dict[int, Any] = {}
        self._server = _Server(self.wsgi, map=self._map, adj=adjustments)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return int(self._server.effective_port)

    def serve_in_thread(self) -> threading.Thread:
        self._thread = threading.Thread(target=self._serve, name="newsbot-http", daemon=True)
        self._thread.start()
        return self._thread

    def _serve(self) -> None:
        try:
            while not self._stop.is_set():
                wasyncore.loop(timeout=1.0, map=self._map, use_poll=True, count=1)
        finally:
            wasyncore.close_all(self._map, ignore_all=True)
            self._server.task_dispatcher.shutdown()

    def shutdown(self) -> None:
        """Stop accepting, close every connection, let running requests finish (5 s at most)."""
        self._stop.set()
        if self._thread is None:
            wasyncore.close_all(self._map, ignore_all=True)
            self._server.task_dispatcher.shutdown()
            self.wsgi.replays.close()
            return
        # The loop may see the stop first and close its trigger: it is ending already then.
        with contextlib.suppress(OSError):
            self._server.pull_trigger()
        self._thread.join(timeout=10)
        self.wsgi.replays.close()


def _connections_allowed(wanted: int) -> int:
    """Raise the open-file limit for `wanted` connections if the system allows; else fewer."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    needed = wanted + SPARE_DESCRIPTORS
    if soft != resource.RLIM_INFINITY and soft < needed:
        target = needed if hard == resource.RLIM_INFINITY else min(needed, hard)
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
            soft = target
        except (ValueError, OSError):
            pass
    if soft != resource.RLIM_INFINITY and soft < needed:
        allowed = max(soft - SPARE_DESCRIPTORS, 64)
        logger.warning(
            "the open-file limit (%d) allows %d connections, not %d; raise `ulimit -n`",
            soft,
            allowed,
            wanted,
        )
        return allowed
    return wanted

"""A real HTTP server on 127.0.0.1 that serves article pages (and misbehaving ones) to tests.

Any test that needs "a web site" uses it: the fetcher's own tests, the Slack end-to-end tests,
the soak run. Each route says exactly what the server answers, including the nasty cases a
fetcher must survive (slow drips, endless chunked bodies, redirect chains, wrong types, gzip).

Usage::

    from tests.pageserver import PageServer, Route

    with PageServer() as site:                         # binds 127.0.0.1 on a free port
        url = site.html("/story", "<html><body><p>Hello</p></body></html>")
        site.add("/paper.pdf", Route(body=b"%PDF-1.7", content_type="application/pdf"))
        site.redirect("/old", "/story")                # 302 to a path or an absolute URL
        site.add("/drip", Route(body="x" * 100, chunk_size=1, drip_s=0.05))
        site.add("/forever", Route(endless=True))      # chunked body that never ends
        ...
        assert site.requests_for("/story")[0].headers["user-agent"].startswith("newsbot/")

A pytest fixture is one line: ``with PageServer() as site: yield site``.

API:

- ``Route``: frozen description of one answer. ``status`` (200), ``body`` (bytes, or str which
  is encoded with ``encoding``), ``encoding`` ("utf-8"), ``content_type``
  ("text/html; charset=utf-8"; None sends no Content-Type), ``headers`` (extra headers),
  ``location`` (sets the Location header), ``delay_s`` (sleep before the status line),
  ``drip_s`` and ``chunk_size`` (write the body ``chunk_size`` bytes at a time with ``drip_s``
  pauses), ``chunked`` (Transfer-Encoding: chunked instead of Content-Length), ``endless``
  (a chunked body of ``chunk_size`` bytes repeated until the client hangs up or the server
  stops), ``gzip`` (compress the body and send Content-Encoding: gzip), ``declared_length``
  (send this Content-Length instead of the real one; for "too large" headers).
- ``PageServer(tls=None)``: ``start()``/``stop()`` or a ``with`` block; pass a server-side
  ``ssl.SSLContext`` as ``tls`` to serve HTTPS. ``base_url`` ("http://127.0.0.1:PORT"),
  ``url(path)``, ``add(path, route) -> url``, ``html(path, html, **route_fields) -> url``,
  ``redirect(path, to, status=302) -> url`` (``to`` may be a path on this server or any
  absolute URL), ``requests`` (every request seen, as ``SeenRequest(method, path, headers,
  query)`` with lower-case header names), ``requests_for(path)``, ``bytes_sent(path)`` (body bytes
  written to clients on that path, all requests together). Routes may be added or replaced
  while the server runs. Unknown paths answer 404 with a small HTML page. The query string is
  ignored when matching routes.
- Every connection gets its own thread; ``stop()`` also ends slow and endless answers promptly.
- ``compression_bomb(size, layers=1, coding="gzip")``: `size` zero bytes compressed `layers`
  times over (gzip or zlib "deflate"), built a megabyte at a time; send it with the matching
  ``Content-Encoding`` in ``headers``.
"""

from __future__ import annotations

import gzip as gzip_module
import ssl
import sys
import threading
import time
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import MappingProxyType, TracebackType
from typing import Any
from urllib.parse import urlsplit

# An endless body stops by itself after this long, so a broken test cannot hang the suite.
ENDLESS_LIMIT_S = 30.0


@dataclass(frozen=True, slots=True)
class Route:
    """What the server answers on one path; see the module docstring for each field."""

    status: int = 200
    body: bytes | str = b""
    encoding: str = "utf-8"
    content_type: str | None = "text/html; charset=utf-8"
    headers: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    location: str | None = None
    delay_s: float = 0.0
    drip_s: float = 0.0
    chunk_size: int = 64 * 1024
    chunked: bool = False
    endless: bool = False
    gzip: bool = False
    declared_length: int | None = None

    def payload(self) -> bytes:
        """The body bytes as sent on the wire (after encoding and optional gzip)."""
        raw = self.body.encode(self.encoding) if isinstance(self.body, str) else self.body
        return gzip_module.compress(raw) if self.gzip else raw


@dataclass(frozen=True, slots=True)
class SeenRequest:
    """One request the server received; header names are lower-case."""

    method: str
    path: str
    headers: Mapping[str, str]
    query: str = ""


NOT_FOUND = Route(status=404, body="<html><body><h1>Not found</h1></body></html>")


class PageServer:
    """A threaded HTTP/1.1 server on 127.0.0.1 serving `Route`s by path."""

    def __init__(self, tls: ssl.SSLContext | None = None) -> None:
        self._tls = tls
        self._routes: dict[str, Route] = {}
        self._requests: list[SeenRequest] = []
        self._sent: dict[str, int] = {}
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle ---------------------------------------------------------------------------

    def start(self) -> PageServer:
        server = _QuietServer(("127.0.0.1", 0), _handler_for(self))
        if self._tls is not None:
            server.socket = self._tls.wrap_socket(server.socket, server_side=True)
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever, name="pageserver", kwargs={"poll_interval": 0.05}
        )
        self._thread.daemon = True
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> PageServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # -- routes ------------------------------------------------------------------------------

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("PageServer is not started")
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        scheme = "https" if self._tls is not None else "http"
        return f"{scheme}://127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        return self.base_url + path

    def add(self, path: str, route: Route) -> str:
        with self._lock:
            self._routes[path] = route
        return self.url(path)

    def html(self, path: str, html: str, **route_fields: Any) -> str:
        return self.add(path, replace(Route(), body=html, **route_fields))

    def redirect(self, path: str, to: str, status: int = 302) -> str:
        location = to if "://" in to else self.url(to)
        return self.add(path, Route(status=status, location=location, content_type=None))

    @property
    def requests(self) -> list[SeenRequest]:
        with self._lock:
            return list(self._requests)

    def requests_for(self, path: str) -> list[SeenRequest]:
        return [r for r in self.requests if r.path == path]

    def bytes_sent(self, path: str) -> int:
        with self._lock:
            return self._sent.get(path, 0)

    # -- serving (called from handler threads) -----------------------------------------------

    def _route(self, method: str, target: str, headers: Mapping[str, str]) -> Route:
        path, query = urlsplit(target).path, urlsplit(target).query
        with self._lock:
            seen = SeenRequest(method, path, MappingProxyType(dict(headers)), query)
            self._requests.append(seen)
            return self._routes.get(path, NOT_FOUND)

    def _count_sent(self, target: str, n: int) -> None:
        path = urlsplit(target).path
        with self._lock:
            self._sent[path] = self._sent.get(path, 0) + n

    def _pause(self, seconds: float) -> bool:
        """Sleep unless the server is stopping; True when the answer should go on."""
        if seconds <= 0:
            return not self._stopping.is_set()
        return not self._stopping.wait(seconds)


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Clients hanging up mid-answer is what several tests do on purpose: stay quiet."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def _handler_for(site: PageServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # needed for chunked bodies and keep-alive

        def do_GET(self) -> None:
            self._answer(send_body=True)

        def do_HEAD(self) -> None:
            self._answer(send_body=False)

        def log_message(self, format: str, *args: Any) -> None:
            """Silent: test output stays readable."""

        def _answer(self, *, send_body: bool) -> None:
            headers = {k.lower(): v for k, v in self.headers.items()}
            route = site._route(self.command, self.path, headers)
            if not site._pause(route.delay_s):
                return
            payload = route.payload()
            streamed = route.chunked or route.endless
            try:
                self.send_response(route.status)
                if route.content_type is not None:
                    self.send_header("Content-Type", route.content_type)
                if route.location is not None:
                    self.send_header("Location", route.location)
                if route.gzip:
                    self.send_header("Content-Encoding", "gzip")
                if streamed:
                    self.send_header("Transfer-Encoding", "chunked")
                else:
                    length = route.declared_length
                    self.send_header(
                        "Content-Length", str(len(payload) if length is None else length)
                    )
                for name, value in route.headers.items():
                    self.send_header(name, value)
                self.end_headers()
                if not send_body:
                    return
                if route.endless:
                    self._send_endless(route)
                else:
                    self._send_body(route, payload, streamed=streamed)
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True  # the client hung up, which is its right

        def _send_body(self, route: Route, payload: bytes, *, streamed: bool) -> None:
            for start in range(0, len(payload), max(route.chunk_size, 1)):
                if start and not site._pause(route.drip_s):
                    self.close_connection = True
                    return
                self._write(payload[start : start + route.chunk_size], streamed=streamed)
            if streamed:
                self.wfile.write(b"0\r\n\r\n")
            self.wfile.flush()

        def _send_endless(self, route: Route) -> None:
            chunk = b"<p>" + b"x" * max(route.chunk_size - 8, 1) + b"</p>\n"
            give_up = time.monotonic() + ENDLESS_LIMIT_S
            while time.monotonic() < give_up and site._pause(route.drip_s):
                self._write(chunk, streamed=True)
            self.close_connection = True

        def _write(self, data: bytes, *, streamed: bool) -> None:
            if streamed:
                self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
            else:
                self.wfile.write(data)
            self.wfile.flush()
            site._count_sent(self.path, len(data))

    return Handler


_BOMB_BLOCK = 1024 * 1024


def _deflated_zeros(size: int) -> tuple[bytes, int, int]:
    """Raw deflate of `size` zero bytes, with their CRC-32 and Adler-32.

    After a full flush the compressor starts afresh, so every whole megabyte of zeros compresses
    to the same bytes: one is compressed and repeated, and building a gigabyte bomb takes a
    moment instead of a minute.
    """
    block = bytes(_BOMB_BLOCK)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    one = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    whole, rest = divmod(size, _BOMB_BLOCK)
    body = one * whole + compressor.compress(bytes(rest)) + compressor.flush()
    crc, adler = 0, 1
    for _ in range(whole):
        crc, adler = zlib.crc32(block, crc), zlib.adler32(block, adler)
    tail = bytes(rest)
    return body, zlib.crc32(tail, crc), zlib.adler32(tail, adler)


def _wrap(body: bytes, size: int, crc: int, adler: int, coding: str) -> bytes:
    if coding == "gzip":
        header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"
        return header + body + crc.to_bytes(4, "little") + (size % 2**32).to_bytes(4, "little")
    return b"\x78\xda" + body + adler.to_bytes(4, "big")


def compression_bomb(size: int, *, layers: int = 1, coding: str = "gzip") -> bytes:
    """`size` zero bytes compressed `layers` times over (gzip, or zlib for "deflate")."""
    if coding not in ("gzip", "deflate"):
        raise ValueError(f"no bombs of {coding}")
    body, crc, adler = _deflated_zeros(size)
    data = _wrap(body, size, crc, adler, coding)
    wbits = zlib.MAX_WBITS | 16 if coding == "gzip" else zlib.MAX_WBITS
    for _ in range(layers - 1):
        data = zlib.compress(data, 9, wbits=wbits)
    return data

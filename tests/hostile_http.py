"""Hostile HTTP clients for the server tests and bench/hostile_clients.py: connections that
announce a request and never finish it."""

from __future__ import annotations

import contextlib
import selectors
import socket
import threading
import time

# Written into every hostile body: the bot's log must never show it.
MARKER = "HOSTILE-BODY-7f3a"


class HostileClients:
    """Opens `count` connections as fast as it can, in a thread, without blocking on any: a
    third send nothing, a third half their headers, a third whole headers and half the body
    they announce; then they all hang."""

    PARTIAL = (
        b"POST /slack/events HTTP/1.1\r\nHost: newsbot\r\nContent-Type: application/json\r\n",
        b"POST /slack/events HTTP/1.1\r\nHost: newsbot\r\nContent-Length: 4000\r\n\r\n"
        + b'{"type": "event_callback", "text": "'
        + MARKER.encode(),
    )

    def __init__(self, address: tuple[str, int], count: int) -> None:
        self.address = address
        self.count = count
        self.socks: list[socket.socket] = []
        self.half_open = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        selector = selectors.DefaultSelector()
        for i in range(self.count):
            sock = socket.socket()
            sock.setblocking(False)
            sock.connect_ex(self.address)
            self.socks.append(sock)
            if i % 3:
                selector.register(sock, selectors.EVENT_WRITE, self.PARTIAL[i % 3 - 1])
            if i == self.count // 2:
                self.half_open.set()
        deadline = time.monotonic() + 10
        while selector.get_map() and time.monotonic() < deadline:
            for key, _ in selector.select(timeout=0.5):
                sock = key.fileobj
                assert isinstance(sock, socket.socket)
                with contextlib.suppress(OSError):
                    sock.send(key.data)
                selector.unregister(sock)
        selector.close()

    def close(self) -> None:
        self.thread.join(15)
        for sock in self.socks:
            sock.close()


def closed_by_peer(sock: socket.socket) -> bool:
    try:
        return sock.recv(1024) == b""
    except BlockingIOError:
        return False
    except OSError:
        return True

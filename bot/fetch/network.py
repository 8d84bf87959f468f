"""The network backend under httpx: resolve the host, refuse it unless every address passes the
policy, connect to a vetted address, and end every socket operation by the fetch's deadline."""

from __future__ import annotations

import functools
import ipaddress
import logging
import socket
import ssl
import time
import typing
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from contextvars import ContextVar

import httpcore
import httpx

from bot.fetch.addresses import (
    AddressPolicy,
    IPAddress,
    Origin,
    host_address,
    private_allowed,
    vetted_addresses,
)
from bot.fetch.errors import DnsFailure

logger = logging.getLogger(__name__)

# The deadline of the fetch running in this thread (monotonic seconds). Read at every socket
# operation, so pooled connections shared between threads obey the deadline of their current user.
FETCH_DEADLINE: ContextVar[float | None] = ContextVar("newsbot_fetch_deadline", default=None)


def within_deadline(timeout: float | None) -> float | None:
    deadline = FETCH_DEADLINE.get()
    if deadline is None:
        return timeout
    left = deadline - time.monotonic()
    return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore.NetworkStream):
    """A socket stream whose every read and write ends by the fetch's total deadline, so a
    slow-drip server cannot stretch a fetch past timeout_s one small chunk at a time."""

    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        left = within_deadline(timeout)
        if left is not None and left <= 0:
            raise httpcore.ReadTimeout("the fetch deadline passed")
        return self._inner.read(max_bytes, left)

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        left = within_deadline(timeout)
        if left is not None and left <= 0:
            raise httpcore.WriteTimeout("the fetch deadline passed")
        self._inner.write(buffer, left)

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self,
        ssl_context: typing.Any,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        left = within_deadline(timeout)
        if left is not None and left <= 0:
            raise httpcore.ConnectTimeout("the fetch deadline passed")
        return _DeadlineStream(self._inner.start_tls(ssl_context, server_hostname, left))

    def get_extra_info(self, info: str) -> typing.Any:
        return self._inner.get_extra_info(info)


class VettingBackend(httpcore.NetworkBackend):
    """Opens TCP connections only to addresses that passed the policy (see module docstring)."""

    def __init__(self, policy: AddressPolicy, allowed: frozenset[Origin] = frozenset()) -> None:
        self._policy = policy
        # (host, port) of the allowed origins; check_url has matched their scheme already.
        self._allowed = frozenset((host, port) for _, host, port in allowed)
        self._plain = httpcore.SyncBackend()
        # getaddrinfo cannot be interrupted, so it runs here and the fetch waits at most until
        # its deadline; a lookup that hangs longer finishes in the background.
        self._lookups = ThreadPoolExecutor(max_workers=8, thread_name_prefix="newsbot-dns")

    def close(self) -> None:
        self._lookups.shutdown(wait=False, cancel_futures=True)

    def _resolve(self, host: str, port: int, timeout: float | None) -> list[IPAddress]:
        literal = host_address(host)
        if literal is not None:
            return [literal]
        lookup = self._lookups.submit(socket.getaddrinfo, host, port, type=socket.SOCK_STREAM)
        try:
            infos = lookup.result(timeout)
        except FutureTimeout:
            raise httpcore.ConnectTimeout(f"looking up {host} took too long") from None
        except (OSError, UnicodeError) as exc:
            logger.warning("DNS lookup of %s failed: %s", host, exc)
            raise DnsFailure(f"the site name {host} could not be found") from None
        return [ipaddress.ip_address(str(info[4][0])) for info in infos]

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[typing.Any] | None = None,
    ) -> httpcore.NetworkStream:
        policy = self._policy
        if (host.lower(), port) in self._allowed:
            policy = private_allowed  # still never a cloud metadata service
        addresses = vetted_addresses(
            host, self._resolve(host, port, within_deadline(timeout)), policy
        )
        failure: httpcore.ConnectError | None = None
        for ip in addresses:
            left = within_deadline(timeout)
            if left is not None and left <= 0:
                raise httpcore.ConnectTimeout("the fetch deadline passed")
            try:
                stream = self._plain.connect_tcp(str(ip), port, left, local_address, socket_options)
            except httpcore.ConnectError as exc:
                failure = exc  # try the site's next address, as browsers do
                continue
            return _DeadlineStream(stream)
        raise failure or httpcore.ConnectError(f"could not connect to {host}")

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[typing.Any] | None = None,
    ) -> httpcore.NetworkStream:
        raise httpcore.ConnectError("unix sockets are never fetched")

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


@functools.cache
def default_ssl_context() -> ssl.SSLContext:
    """httpx's default verifying context; loading the CA bundle is slow, so it is done once."""
    return httpx.create_ssl_context()


class VettingTransport(httpx.HTTPTransport):
    """httpx's own transport (request/response and error mapping) over the vetting backend.

    httpx has no public hook for the network backend, so the connection pool it builds is
    replaced by an equivalent one that uses ours; the isinstance check fails loudly at start-up
    should a future httpx change that internal.
    """

    def __init__(self, backend: VettingBackend, ssl_context: ssl.SSLContext) -> None:
        # trust_env=False: no proxies from the environment, they would connect on our behalf.
        super().__init__(verify=ssl_context, trust_env=False)
        if not isinstance(getattr(self, "_pool", None), httpcore.ConnectionPool):
            raise RuntimeError("this httpx version builds its transport differently")
        limits = httpx.Limits()
        self._pool = httpcore.ConnectionPool(
            ssl_context=ssl_context,
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=backend,
        )

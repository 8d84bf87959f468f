"""Safe HTTP fetching of article pages: public web pages only, bounded in time, size and hops.

A shared link is untrusted input, so `Fetcher.fetch` refuses anything that is not an ordinary
public web page: other schemes, private/loopback/link-local/metadata addresses (in every spelling
a resolver accepts, and on every redirect hop), non-page content types, bodies over the size cap
(counted after decoding, as each bounded piece is inflated), more than one content-coding layer,
and fetches over the total deadline. Every refusal or failure is a `FetchError` subclass whose
`str()` is one sentence a journalist understands and whose `reason` is a short machine code.

Address checks happen where the socket is opened: a custom httpcore network backend resolves the
host itself, refuses it unless *every* resolved address passes the address policy, then connects
to one of those vetted addresses. There is therefore no window between check and connect in which
a DNS answer could change (no DNS rebinding). URLs are also checked before each request so that
literal private addresses fail fast with a clear message.
"""

from __future__ import annotations

import codecs
import functools
import ipaddress
import logging
import re
import socket
import ssl
import time
import typing
import zlib
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from contextvars import ContextVar
from dataclasses import dataclass
from http.cookiejar import CookieJar, DefaultCookiePolicy
from types import TracebackType
from urllib.parse import unquote, urlsplit

import httpcore
import httpx

from bot import __version__
from bot.urls import redact_url, without_userinfo

logger = logging.getLogger(__name__)

DEFAULT_USER_AGENT = f"newsbot/{__version__} (+https://github.com/newsbot; article reader)"
ACCEPT = "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8,*/*;q=0.1"
WEB_PAGE_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain"})

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
# Returns why an address must not be contacted (e.g. "loopback"), or None to allow it.
AddressPolicy = Callable[[IPAddress], str | None]


# -- errors ------------------------------------------------------------------------------------


class FetchError(Exception):
    """A page could not be fetched; str() is one plain sentence, `reason` a machine code."""

    reason: str = "fetch"

    def __init__(self, message: str, *, url: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.url = url

    def __str__(self) -> str:
        return self.message


class BadUrl(FetchError):
    reason = "bad_url"


class PrivateAddress(FetchError):
    reason = "private_address"


class FetchTimeout(FetchError):
    reason = "timeout"


class ConnectionFailed(FetchError):
    reason = "connection"


class DnsFailure(FetchError):
    reason = "dns"


class TooManyRedirects(FetchError):
    reason = "too_many_redirects"


class TooLarge(FetchError):
    reason = "too_large"


class NotAWebPage(FetchError):
    reason = "not_a_web_page"


class BadEncoding(FetchError):
    """A content-coding refused: unknown, or more than one layer (a zip bomb's favourite)."""

    reason = "bad_encoding"


class HttpStatusError(FetchError):
    reason = "http_status"

    def __init__(self, status: int, *, url: str = "") -> None:
        super().__init__(f"the site answered {status} ({_status_meaning(status)})", url=url)
        self.status = status


PRIVATE_MESSAGE = "that address is on a private network"


@dataclass(frozen=True, slots=True)
class Page:
    """A fetched web page: the decoded text and where it finally came from."""

    url: str
    final_url: str
    status: int
    content_type: str
    text: str


# -- address policy (pure) ---------------------------------------------------------------------

# Instance-metadata services hand out cloud credentials; never an article, so always refused.
CLOUD_METADATA = frozenset(
    ipaddress.ip_address(a)
    for a in (
        "169.254.169.254",  # AWS, GCP, Azure, OpenStack, DigitalOcean, Oracle
        "169.254.170.2",  # AWS ECS task credentials
        "168.63.129.16",  # Azure WireServer: a public-looking address that is not
        "100.100.100.200",  # Alibaba Cloud
        "192.0.0.192",  # Oracle Cloud classic
        "fd00:ec2::254",  # AWS IMDS over IPv6
    )
)
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_IPV4_COMPATIBLE = ipaddress.ip_network("::/96")


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """IPv4 addresses an IPv6 address can reach: mapped, 6to4, Teredo, NAT64, v4-compatible."""
    found = [ip.ipv4_mapped, ip.sixtofour, *(ip.teredo or ())]
    if ip in _NAT64 or (ip in _IPV4_COMPATIBLE and int(ip) > 1):
        found.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    return [a for a in found if a is not None]


def _forms(ip: IPAddress) -> list[IPAddress]:
    """The address itself plus every IPv4 address it embeds."""
    if isinstance(ip, ipaddress.IPv6Address):
        return [ip, *_embedded_ipv4(ip)]
    return [ip]


def _why_not_public(ip: IPAddress) -> str | None:
    checks = (
        (ip in CLOUD_METADATA, "cloud metadata service"),
        (ip.is_unspecified, "unspecified address"),
        (ip.is_loopback, "loopback"),
        (ip.is_link_local, "link-local"),
        (ip.is_multicast, "multicast"),
        (ip.is_private, "private network"),
        (ip.is_reserved, "reserved range"),
        (isinstance(ip, ipaddress.IPv6Address) and ip.is_site_local, "site-local"),
        # is_global also excludes shared address space (100.64.0.0/10, carrier NAT).
        (not ip.is_global, "not a public address"),
    )
    return next((why for refused, why in checks if refused), None)


def public_only(ip: IPAddress) -> str | None:
    """The default policy: why `ip` is not a public internet address, or None when it is."""
    return next((why for form in _forms(ip) if (why := _why_not_public(form))), None)


def private_allowed(ip: IPAddress) -> str | None:
    """The allow_private policy (local test servers): everything but cloud metadata services."""
    metadata = any(form in CLOUD_METADATA for form in _forms(ip))
    return "cloud metadata service" if metadata else None


_OCTAL = re.compile(r"0[0-7]*")
_HEX = re.compile(r"0[xX][0-9a-fA-F]*")
_DECIMAL = re.compile(r"[1-9][0-9]*")


def _inet_aton_part(part: str) -> int | None:
    if _HEX.fullmatch(part):
        return int(part[2:] or "0", 16)
    if _OCTAL.fullmatch(part):
        return int(part, 8)
    if _DECIMAL.fullmatch(part):
        return int(part)
    return None


def _inet_aton(host: str) -> ipaddress.IPv4Address | None:
    """IPv4 in every form inet_aton and browsers accept: 1-4 parts, each decimal, 0octal or 0xhex
    (so 2130706433, 0177.0.0.1, 0x7f.1 and 127.1 all mean 127.0.0.1)."""
    parts = host.split(".")
    numbers = [_inet_aton_part(p) for p in parts]
    if not 1 <= len(parts) <= 4 or any(n is None for n in numbers):
        return None
    *head, last = typing.cast(list[int], numbers)
    if any(n > 255 for n in head) or last >= 256 ** (5 - len(parts)):
        return None
    value = sum(n << (8 * (3 - i)) for i, n in enumerate(head)) + last
    return ipaddress.IPv4Address(value)


def host_address(host: str) -> IPAddress | None:
    """The address a URL host names without any DNS lookup, or None when it is a name.

    Covers IPv4 in all numeric spellings, IPv6 with or without brackets and zone (IPv4-mapped
    included), and localhost names, which RFC 6761 lets us treat as loopback without asking DNS.
    """
    name = unquote(host).strip().lower().rstrip(".")
    if name.startswith("[") and name.endswith("]"):
        name = name[1:-1]
    if name == "localhost" or name.endswith(".localhost"):
        return ipaddress.IPv4Address("127.0.0.1")
    if ":" in name:
        try:
            return ipaddress.ip_address(name)
        except ValueError:
            return None
    return _inet_aton(name)


def vetted_addresses(
    host: str, addresses: Iterable[IPAddress], policy: AddressPolicy
) -> list[IPAddress]:
    """The addresses to connect to; PrivateAddress if ANY is refused (a name resolving to one
    public and one private address could otherwise be steered to the private one)."""
    vetted = list(dict.fromkeys(addresses))
    for ip in vetted:
        if why := policy(ip):
            logger.warning("refusing %s: it resolves to %s, %s", host, ip, why)
            raise PrivateAddress(PRIVATE_MESSAGE)
    if not vetted:
        raise DnsFailure(f"the site name {host} could not be found")
    return vetted


Origin = tuple[str, str, int]  # scheme, host, port


def parse_origin(origin: str) -> Origin:
    """`http://samples.localhost:3000` -> ("http", "samples.localhost", 3000)."""
    parts = urlsplit(origin)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.path not in ("", "/"):
        raise ValueError(f"{origin!r} is not an origin (scheme://host[:port])")
    return parts.scheme, parts.hostname, parts.port or (443 if parts.scheme == "https" else 80)


def check_url(
    url: str, policy: AddressPolicy = public_only, allowed: frozenset[Origin] = frozenset()
) -> httpx.URL:
    """The URL as it will be requested; BadUrl or PrivateAddress when it must not be. No DNS.

    A URL on one of the `allowed` origins is exempt from the address policy."""
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname
    except ValueError:
        raise BadUrl("that link is malformed") from None
    if parts.scheme.lower() not in ("http", "https"):
        shown = f" ({parts.scheme}:)" if parts.scheme else ""
        raise BadUrl(f"only web links (http or https) can be read{shown}")
    if not host:
        raise BadUrl("the link has no site name in it")
    literal = host_address(host)
    try:
        port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
    except ValueError:
        raise BadUrl("that link is malformed") from None
    exempt = (parts.scheme.lower(), host, port) in allowed
    if literal is not None and not exempt and (why := policy(literal)):
        logger.warning("refusing %s: %s is %s", redact_url(url), literal, why)
        raise PrivateAddress(PRIVATE_MESSAGE)
    try:
        parsed = httpx.URL(without_userinfo(url.strip()))
    except httpx.InvalidURL:
        raise BadUrl("that link is malformed") from None
    if not parsed.host:
        raise BadUrl("the link has no site name in it")
    return parsed


# -- the network backend: resolve, vet, connect to the vetted address, keep the deadline -----

# The deadline of the fetch running in this thread (monotonic seconds). Read at every socket
# operation, so pooled connections shared between threads obey the deadline of their current user.
_deadline: ContextVar[float | None] = ContextVar("newsbot_fetch_deadline", default=None)


def _within_deadline(timeout: float | None) -> float | None:
    deadline = _deadline.get()
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
        left = _within_deadline(timeout)
        if left is not None and left <= 0:
            raise httpcore.ReadTimeout("the fetch deadline passed")
        return self._inner.read(max_bytes, left)

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        left = _within_deadline(timeout)
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
        left = _within_deadline(timeout)
        if left is not None and left <= 0:
            raise httpcore.ConnectTimeout("the fetch deadline passed")
        return _DeadlineStream(self._inner.start_tls(ssl_context, server_hostname, left))

    def get_extra_info(self, info: str) -> typing.Any:
        return self._inner.get_extra_info(info)


class _VettingBackend(httpcore.NetworkBackend):
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
            host, self._resolve(host, port, _within_deadline(timeout)), policy
        )
        failure: httpcore.ConnectError | None = None
        for ip in addresses:
            left = _within_deadline(timeout)
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
def _ssl_context() -> ssl.SSLContext:
    """httpx's default verifying context; loading the CA bundle is slow, so it is done once."""
    return httpx.create_ssl_context()


class _VettingTransport(httpx.HTTPTransport):
    """httpx's own transport (request/response and error mapping) over the vetting backend.

    httpx has no public hook for the network backend, so the connection pool it builds is
    replaced by an equivalent one that uses ours; the isinstance check fails loudly at start-up
    should a future httpx change that internal.
    """

    def __init__(self, backend: _VettingBackend, ssl_context: ssl.SSLContext) -> None:
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


# -- content: type, size, charset (pure) ------------------------------------------------------

_KINDS = {
    "application/pdf": "a PDF",
    "application/json": "JSON data",
    "application/xml": "XML data",
    "text/xml": "XML data",
    "application/rss+xml": "a news feed (RSS)",
    "application/atom+xml": "a news feed (Atom)",
    "application/zip": "a ZIP archive",
    "application/gzip": "a compressed archive",
    "application/octet-stream": "a file download",
    "application/msword": "a Word document",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "a Word document",
    "application/vnd.ms-excel": "a spreadsheet",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "a spreadsheet",
    "text/csv": "a spreadsheet (CSV)",
    "application/vnd.ms-powerpoint": "a slide deck",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "a slide deck",
    "application/javascript": "a script",
    "text/javascript": "a script",
    "text/css": "a style sheet",
}
_IMAGE_NAMES = {"png": "PNG", "jpeg": "JPEG", "gif": "GIF", "webp": "WebP", "svg+xml": "SVG"}
_FAMILIES = {"video": "a video", "audio": "an audio file", "font": "a font", "model": "a 3D model"}


def describe_media_type(media_type: str) -> str:
    """What a non-page content type is, in words: 'a PDF', 'an image (PNG)', 'a video'."""
    if media_type in _KINDS:
        return _KINDS[media_type]
    family, _, subtype = media_type.partition("/")
    if family == "image":
        name = _IMAGE_NAMES.get(subtype)
        return f"an image ({name})" if name else "an image"
    return _FAMILIES.get(family, f"a file of type {media_type}")


def parse_content_type(value: str) -> tuple[str, str | None]:
    """('text/html', 'utf-8') from 'text/html; charset="UTF-8"'; ('', None) when unusable."""
    media_type, *params = value.split(";")
    media_type = media_type.strip().lower()
    if not re.fullmatch(r"[\w.+-]+/[\w.+-]+", media_type):
        media_type = ""
    charset = None
    for param in params:
        key, _, raw = param.partition("=")
        if key.strip().lower() == "charset" and raw.strip().strip("\"'"):
            charset = raw.strip().strip("\"'")
    return media_type, charset


_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([-\w.:]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^<\?xml[^>]*?encoding\s*=\s*["']([-\w.:]+)""")
# Labels browsers decode differently from their name (WHATWG Encoding): latin-1 and ASCII mean
# windows-1252, whose curly quotes news sites mislabel constantly.
_AS_WINDOWS_1252 = frozenset({"iso8859-1", "ascii"})
_NOT_PAGE_CODECS = frozenset({"idna", "punycode", "unicode-escape", "raw-unicode-escape", "utf-7"})


def _codec(label: str | None, *, from_meta: bool = False) -> str | None:
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip()).name
    except LookupError:
        return None
    if name in _NOT_PAGE_CODECS:
        return None
    if from_meta and name.startswith("utf-16"):
        return "utf-8"  # a meta tag readable as ASCII cannot be in UTF-16 (WHATWG rule)
    return "cp1252" if name in _AS_WINDOWS_1252 else name


def decode_body(body: bytes, header_charset: str | None) -> str:
    """Text of a page: byte-order mark, else header charset, else <meta>/XML charset, else
    UTF-8. Undecodable bytes become U+FFFD; this never raises."""
    for bom, bom_codec in _BOMS:
        if body.startswith(bom):
            return body[len(bom) :].decode(bom_codec, "replace")
    head = body[:4096]
    meta = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    candidates = (
        _codec(header_charset),
        _codec(meta.group(1).decode("ascii") if meta else None, from_meta=True),
    )
    for codec in candidates:
        if codec is None:
            continue
        try:
            return body.decode(codec, "replace")
        except LookupError:  # a codec that exists but is not a text encoding
            continue
    return body.decode("utf-8", "replace")


def _status_meaning(status: int) -> str:
    meanings = {
        400: "bad request",
        401: "login required",
        402: "payment required, probably a paywall",
        403: "forbidden: the page may be behind a paywall or closed to bots",
        404: "not found",
        410: "the page has been removed",
        429: "too many requests, try again later",
        451: "blocked for legal reasons",
        502: "the site is down or overloaded, try again later",
        503: "the site is down or overloaded, try again later",
        504: "the site is down or overloaded, try again later",
    }
    if status in meanings:
        return meanings[status]
    if 400 <= status < 500:
        return "the site refused the request"
    if status >= 500:
        return "an error on the site"
    return "no page came with it"


def _size(n: int) -> str:
    for unit, scale in (("MB", 1024 * 1024), ("KB", 1024)):
        if n >= scale:
            return f"{n / scale:.3g} {unit}"
    return f"{n} bytes"


def _sniff(body: bytes) -> str | None:
    """What a body without a Content-Type is when it is clearly not a page."""
    if body.startswith(b"%PDF"):
        return "a PDF"
    if b"\x00" in body[:1024]:
        return "a binary file"
    return None


# -- content-codings: decoded here, a bounded piece at a time ---------------------------------

# The most decoded bytes one step may produce. httpx's own decoders inflate a whole network read
# at once (64 KB of gzip can be 64 MB of page), so bodies are read raw and decoded here instead.
DECODE_PIECE = 64 * 1024
_GZIP_WBITS = zlib.MAX_WBITS | 16
_NO_CODING = frozenset({"", "identity"})


class _Identity:
    """The body as sent."""

    def feed(self, data: bytes) -> Iterator[bytes]:
        yield data

    def end(self) -> Iterator[bytes]:
        yield from ()


class _Inflate:
    """gzip or deflate, never producing more than DECODE_PIECE bytes per step."""

    def __init__(self, coding: str) -> None:
        self._coding = coding
        wbits = _GZIP_WBITS if coding == "gzip" else zlib.MAX_WBITS
        self._zlib = zlib.decompressobj(wbits)
        self._started = False

    def feed(self, data: bytes) -> Iterator[bytes]:
        if not self._started and self._coding == "deflate":
            data = self._sniff_raw_deflate(data)
        self._started = True
        while data and not self._zlib.eof:
            piece = self._zlib.decompress(data, DECODE_PIECE)
            data = self._zlib.unconsumed_tail
            if piece:
                yield piece
            # A full piece may leave output pending inside zlib even with no input left.
            while not data and len(piece) == DECODE_PIECE and not self._zlib.eof:
                piece = self._zlib.decompress(b"", DECODE_PIECE)
                if piece:
                    yield piece

    def _sniff_raw_deflate(self, data: bytes) -> bytes:
        """Many servers send "deflate" without its zlib header, as browsers tolerate."""
        try:
            zlib.decompressobj(zlib.MAX_WBITS).decompress(data[:2])
        except zlib.error:
            self._zlib = zlib.decompressobj(-zlib.MAX_WBITS)
        return data

    def end(self) -> Iterator[bytes]:
        if not self._zlib.eof:
            yield self._zlib.flush(DECODE_PIECE)


_Decoder = _Identity | _Inflate


def _decoder(headers: httpx.Headers) -> _Decoder:
    """The decoder for the body's Content-Encoding; BadEncoding when it must not be read.

    Only one layer is read: a body compressed twice has no use but to multiply its size (two
    gzip layers turn 1.8 KB into gigabytes), and newsbot asks only for gzip or deflate.
    """
    codings = [
        c.strip().lower()
        for c in headers.get_list("content-encoding", split_commas=True)
        if c.strip().lower() not in _NO_CODING
    ]
    codings = ["gzip" if c == "x-gzip" else c for c in codings]
    if len(codings) > 1:
        raise BadEncoding(
            f"the site sent the page compressed {len(codings)} times over "
            f"({', '.join(codings)}); newsbot reads one layer only"
        )
    if not codings:
        return _Identity()
    if codings[0] not in ("gzip", "deflate"):
        raise BadEncoding(
            f"the site sent the page in a compression newsbot cannot read ({codings[0][:40]})"
        )
    return _Inflate(codings[0])


# -- the fetcher ------------------------------------------------------------------------------


class _RedactedUrls(logging.Filter):
    """httpx logs every request's URL at INFO: shown as redact_url shows it, like our own."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(
                redact_url(str(arg)) if isinstance(arg, httpx.URL | str) else arg
                for arg in record.args
            )
        return True


@functools.cache
def _redact_httpx_log() -> None:
    logging.getLogger("httpx").addFilter(_RedactedUrls())


class Fetcher:
    """Fetches article pages safely. One per process; `fetch` is safe to call from many threads.

    `address_policy` overrides the policy chosen by `allow_private` (public_only when False,
    private_allowed when True); tests use it to reach 127.0.0.1 while still refusing the rest.
    `allowed_origins` ("http://host:port") are reached whatever the policy says of their
    address: the local newsroom's own sample pages, and nothing else private.
    `ssl_context` replaces the default certificate verification (e.g. a newsroom's own CA).
    """

    def __init__(
        self,
        *,
        allow_private: bool = False,
        timeout_s: float = 15.0,
        connect_timeout_s: float = 5.0,
        max_bytes: int = 5 * 1024 * 1024,
        max_redirects: int = 5,
        user_agent: str = DEFAULT_USER_AGENT,
        address_policy: AddressPolicy | None = None,
        ssl_context: ssl.SSLContext | None = None,
        allowed_origins: Iterable[str] = (),
    ) -> None:
        if timeout_s <= 0 or connect_timeout_s <= 0 or max_bytes <= 0 or max_redirects < 0:
            raise ValueError("timeouts and max_bytes must be positive, max_redirects >= 0")
        self._policy = address_policy or (private_allowed if allow_private else public_only)
        _redact_httpx_log()
        self._timeout_s = timeout_s
        self._max_bytes = max_bytes
        self._max_redirects = max_redirects
        self._allowed = frozenset(parse_origin(o) for o in allowed_origins)
        self._backend = _VettingBackend(self._policy, self._allowed)
        self._client = httpx.Client(
            transport=_VettingTransport(self._backend, ssl_context or _ssl_context()),
            follow_redirects=False,  # each hop is checked by _fetch
            trust_env=False,
            timeout=httpx.Timeout(timeout_s, connect=min(connect_timeout_s, timeout_s)),
            headers={
                "User-Agent": user_agent,
                "Accept": ACCEPT,
                "Accept-Encoding": "gzip, deflate",
            },
            # The client's jar is shared by all threads and would grow forever: it keeps
            # nothing. Each fetch carries its own jar across its redirects instead.
            cookies=CookieJar(policy=DefaultCookiePolicy(allowed_domains=[])),
        )

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()
        self._backend.close()

    def fetch(self, url: str) -> Page:
        """The page at `url`, or a FetchError subclass; nothing else escapes.

        User info in the URL ("name:password@") is dropped: httpx would send it as Basic auth,
        to this site and to wherever it redirects. The query is kept; logs show it redacted.
        """
        url = without_userinfo(url)
        started = time.monotonic()
        token = _deadline.set(started + self._timeout_s)
        try:
            try:
                page, body_size = self._fetch(url)
            except FetchError:
                raise
            except httpx.TimeoutException:
                raise FetchTimeout(f"the page took longer than {self._timeout_s:g} s") from None
            except (httpx.HTTPError, httpx.InvalidURL) as exc:
                raise _translate(exc) from exc
            except Exception as exc:
                logger.exception("unexpected error while fetching %s", redact_url(url))
                raise ConnectionFailed("something went wrong while reading the page") from exc
        except FetchError as exc:
            exc.url = exc.url or url
            logger.warning("could not fetch %s: %s [%s]", redact_url(url), exc, exc.reason)
            raise
        finally:
            _deadline.reset(token)
        logger.info(
            "fetched %s -> %s: %d %s, %d bytes in %.2f s",
            redact_url(url),
            redact_url(page.final_url),
            page.status,
            page.content_type,
            body_size,
            time.monotonic() - started,
        )
        return page

    def _fetch(self, url: str) -> tuple[Page, int]:
        jar = httpx.Cookies()
        requested: set[str] = set()
        target = check_url(url, self._policy, self._allowed)
        for _hop in range(self._max_redirects + 1):
            request = self._client.build_request("GET", target)
            jar.set_cookie_header(request)
            requested.add(str(target))
            response = self._client.send(request, stream=True)
            try:
                jar.extract_cookies(response)
                if not response.has_redirect_location:
                    return self._read_page(url, response)
                location = response.headers["location"]
            finally:
                response.close()  # a redirect's body is never read
            try:
                next_url = target.join(location)
            except httpx.InvalidURL:
                raise BadUrl("the site redirected to a malformed link") from None
            target = check_url(str(next_url), self._policy, self._allowed)
        if str(target) in requested:
            raise TooManyRedirects("the page redirects in a loop")
        raise TooManyRedirects(f"the page redirects more than {self._max_redirects} times")

    def _read_page(self, url: str, response: httpx.Response) -> tuple[Page, int]:
        status = response.status_code
        if not 200 <= status < 300:
            raise HttpStatusError(status)
        media_type, charset = parse_content_type(response.headers.get("content-type", ""))
        if media_type and media_type not in WEB_PAGE_TYPES:
            raise NotAWebPage(f"it is {describe_media_type(media_type)}, not a web page")
        body = self._read_body(response)
        if not media_type:
            if kind := _sniff(body):
                raise NotAWebPage(f"it is {kind}, not a web page")
            media_type = "text/html"
        page = Page(
            url=url,
            final_url=str(response.url),
            status=status,
            content_type=media_type,
            text=decode_body(body, charset),
        )
        return page, len(body)

    def _read_body(self, response: httpx.Response) -> bytes:
        too_large = TooLarge(f"the page is larger than {_size(self._max_bytes)}")
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self._max_bytes:
            raise too_large  # compressed length: the decoded page can only be larger
        decoder = _decoder(response.headers)
        chunks: list[bytes] = []
        size = 0

        def keep(pieces: Iterator[bytes]) -> None:
            # Decoded bytes are counted as each bounded piece comes out, so a compression bomb
            # stops at max_bytes having held at most max_bytes plus one piece.
            nonlocal size
            for piece in pieces:
                size += len(piece)
                if size > self._max_bytes:
                    raise too_large
                chunks.append(piece)

        try:
            for raw in response.iter_raw():
                keep(decoder.feed(raw))
                left = _within_deadline(None)
                if left is not None and left <= 0:
                    raise httpx.ReadTimeout("the fetch deadline passed")
            keep(decoder.end())
        except zlib.error:
            raise ConnectionFailed("the site sent a damaged compressed page") from None
        return b"".join(chunks)


def _translate(exc: httpx.HTTPError | httpx.InvalidURL) -> FetchError:
    """A journalist-readable FetchError for an httpx failure."""
    if isinstance(exc, httpx.InvalidURL | httpx.UnsupportedProtocol):
        return BadUrl("that link is malformed")
    if isinstance(exc, httpx.ConnectError):
        if "CERTIFICATE" in str(exc).upper():
            return ConnectionFailed("the site's security certificate is not valid")
        if "SSL" in str(exc).upper() or "TLS" in str(exc).upper():
            return ConnectionFailed("could not open a secure connection to the site")
        return ConnectionFailed("could not connect to the site")
    if isinstance(exc, httpx.DecodingError):
        return ConnectionFailed("the site sent a damaged compressed page")
    if isinstance(exc, httpx.RemoteProtocolError | httpx.ReadError | httpx.WriteError):
        return ConnectionFailed("the connection to the site broke off")
    return ConnectionFailed("could not read the page from the site")

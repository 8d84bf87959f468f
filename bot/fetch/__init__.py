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

The package, by job: errors (FetchError and its reasons), addresses (the address policy and URL
checks, pure), network (the vetting, deadline-keeping backend under httpx), content (media
types, charsets and content-codings, pure), and here the Fetcher that uses them.
"""

from __future__ import annotations

import functools
import logging
import ssl
import time
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from http.cookiejar import CookieJar, DefaultCookiePolicy
from types import TracebackType

import httpx

from bot import __version__
from bot.fetch.addresses import (
    AddressPolicy,
    IPAddress,
    Origin,
    check_url,
    host_address,
    parse_origin,
    private_allowed,
    public_only,
    vetted_addresses,
)
from bot.fetch.content import (
    body_decoder,
    decode_body,
    describe_media_type,
    parse_content_type,
    size_text,
    sniff,
)
from bot.fetch.errors import (
    PRIVATE_MESSAGE,
    BadEncoding,
    BadUrl,
    ConnectionFailed,
    DnsFailure,
    FetchError,
    FetchTimeout,
    HttpStatusError,
    NotAWebPage,
    PrivateAddress,
    TooLarge,
    TooManyRedirects,
)
from bot.fetch.network import (
    FETCH_DEADLINE,
    VettingBackend,
    VettingTransport,
    default_ssl_context,
    within_deadline,
)
from bot.urls import redact_url, without_userinfo

__all__ = [
    "ACCEPT",
    "DEFAULT_USER_AGENT",
    "PRIVATE_MESSAGE",
    "WEB_PAGE_TYPES",
    "AddressPolicy",
    "BadEncoding",
    "BadUrl",
    "ConnectionFailed",
    "DnsFailure",
    "FetchError",
    "FetchTimeout",
    "Fetcher",
    "HttpStatusError",
    "IPAddress",
    "NotAWebPage",
    "Origin",
    "Page",
    "PrivateAddress",
    "TooLarge",
    "TooManyRedirects",
    "check_url",
    "decode_body",
    "describe_media_type",
    "host_address",
    "parse_content_type",
    "parse_origin",
    "private_allowed",
    "public_only",
    "vetted_addresses",
]

logger = logging.getLogger(__name__)

DEFAULT_USER_AGENT = f"newsbot/{__version__} (+https://github.com/newsbot; article reader)"
ACCEPT = "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8,*/*;q=0.1"
WEB_PAGE_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain"})


@dataclass(frozen=True, slots=True)
class Page:
    """A fetched web page: the decoded text and where it finally came from."""

    url: str
    final_url: str
    status: int
    content_type: str
    text: str


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
        self._backend = VettingBackend(self._policy, self._allowed)
        self._client = httpx.Client(
            transport=VettingTransport(self._backend, ssl_context or default_ssl_context()),
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
        token = FETCH_DEADLINE.set(started + self._timeout_s)
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
            FETCH_DEADLINE.reset(token)
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
            if kind := sniff(body):
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
        too_large = TooLarge(f"the page is larger than {size_text(self._max_bytes)}")
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self._max_bytes:
            raise too_large  # compressed length: the decoded page can only be larger
        decoder = body_decoder(response.headers)
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
                left = within_deadline(None)
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

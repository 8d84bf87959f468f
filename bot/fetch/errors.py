"""Why a page could not be fetched: one FetchError subclass per reason, each with one plain
sentence for a journalist and a short machine code."""

from __future__ import annotations


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


PRIVATE_MESSAGE = "that address is on a private network"

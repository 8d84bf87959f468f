"""URLs as the archive knows them: normalised addresses and the keys that find an article again.

`canonical_url` cleans a URL without changing which resource it names; `article_key` folds the
http/https, www., AMP and trailing-slash variants of one article into one lossy key, for finding
re-shares. `redact_url` is the one way a URL is logged or shown: without user info and without
the values of parameters that look like credentials. Standard library only, so anything may
import it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import unquote, urljoin, urlsplit, urlunsplit


class NotAWebAddress(ValueError):
    """canonical_url() was given something that is not an http(s) URL."""


# Query parameters that only say how a reader arrived (campaigns, click ids, share buttons);
# they never select a different article.
_TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "gclsrc",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "twclid",
        "ttclid",
        "li_fat_id",
        "igshid",
        "igsh",
        "mc_cid",
        "mc_eid",
        "_ga",
        "_gl",
        "_hsenc",
        "_hsmi",
        "mkt_tok",
        "ref_src",
        "ref_url",
        "smid",
        "smtyp",
        "cmpid",
        "ocid",
        "sr_share",
        "__twitter_impression",
        "oly_anon_id",
        "oly_enc_id",
        "vero_id",
        "rb_clickid",
        "s_kwcid",
        "ito",
        "cmp",
    }
)
# Whole families: Google Analytics (utm_), BBC/comScore (ns_), AT Internet (at_), Piwik/Matomo.
_TRACKING_PREFIXES = ("utm_", "ns_", "at_", "pk_", "mtm_")
_DEFAULT_PORTS = {"http": 80, "https": 443}
_PERCENT_ESCAPE = re.compile(r"%[0-9a-fA-F]{2}")


def _is_tracking(name: str) -> bool:
    key = unquote(name).lower()
    return key in _TRACKING_PARAMS or key.startswith(_TRACKING_PREFIXES)


def _query_pairs(query: str) -> list[str]:
    """The raw `name=value` pieces of a query, as written (no re-encoding), empty pieces dropped."""
    return [piece for piece in query.split("&") if piece]


def _param_name(piece: str) -> str:
    return piece.split("=", 1)[0]


def canonical_url(url: str) -> str:
    """Normalise an http(s) URL without changing which resource it names.

    Lowercases scheme and host, drops user info (a name and password are credentials, never
    part of an article's address), a default port, the fragment and tracking parameters
    (keeping the others in order, as written), uppercases percent-escapes, and turns an empty
    path into "/". A trailing slash is kept: /a and /a/ may be different resources on a server,
    and the result must stay a working link. Folding such variants is `article_key`'s job.

    Raises NotAWebAddress for anything but an http(s) URL with a host.
    """
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as exc:
        raise NotAWebAddress(f"not a valid web address: {url}") from exc
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").rstrip(".")
    if scheme not in _DEFAULT_PORTS or not host:
        raise NotAWebAddress(f"not an http(s) web address: {url}")
    if ":" in host:  # IPv6 literal: urlsplit stripped its brackets
        host = f"[{host}]"
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    path = _PERCENT_ESCAPE.sub(lambda m: m.group(0).upper(), parts.path) or "/"
    query = "&".join(p for p in _query_pairs(parts.query) if not _is_tracking(_param_name(p)))
    return urlunsplit((scheme, netloc, path, query, ""))


# Google's AMP viewer (google.TLD/amp/s/HOST/PATH) and the AMP cache
# (HOST-WITH-DASHES.cdn.ampproject.org/c/s/HOST/PATH): the original URL is inside the path,
# "s/" marking https.
_GOOGLE_AMP = re.compile(r"^(?:www\.)?google\.[a-z.]+$")
_AMP_CACHE = re.compile(r"\.cdn\.ampproject\.org$")
_AMP_VIEWER_PATH = re.compile(r"^/amp/(s/)?(?P<rest>[^/].*)$")
_AMP_CACHE_PATH = re.compile(r"^/[a-z]/(s/)?(?P<rest>[^/].*)$")
_AMP_QUERY = {"amp", "amp=1", "amp=true", "amp=yes", "outputtype=amp"}
_HOST_PREFIXES = ("www.", "amp.")


def unwrap_amp_proxy(url: str) -> str:
    """The publisher's own URL behind a Google AMP viewer or AMP cache URL, else `url`."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if _GOOGLE_AMP.match(host):
        inner = _AMP_VIEWER_PATH.match(parts.path)
    elif _AMP_CACHE.search(host):
        inner = _AMP_CACHE_PATH.match(parts.path)
    else:
        return url
    if inner is None:
        return url
    scheme = "https" if inner.group(1) else "http"
    query = f"?{parts.query}" if parts.query else ""
    return f"{scheme}://{inner.group('rest')}{query}"


def _strip_amp_path(path: str) -> str:
    segments = [s for s in path.split("/") if s]
    if len(segments) > 1 and segments[-1] == "amp":
        segments.pop()
    if len(segments) > 1 and segments[0] == "amp":
        segments.pop(0)
    if segments:
        # story.amp and story.amp.html are the AMP twins of story and story.html
        segments[-1] = re.sub(r"\.amp(?=\.html?$|$)", "", segments[-1])
    return "/".join(segments)


def article_key(url: str) -> str:
    """One key for every URL variant of one article, for de-duplicating re-shares.

    Folds http/https, www. and amp. hosts, Google AMP viewer and AMP cache URLs, AMP paths
    (/amp, /amp/ prefix or suffix, .amp) and AMP query flags, and trailing slashes, on top of
    canonical_url(). The key looks like "example.com/news/story?id=3" and is not a URL to fetch.
    """
    parts = urlsplit(canonical_url(unwrap_amp_proxy(canonical_url(url))))
    host = parts.netloc
    for prefix in _HOST_PREFIXES:
        host = host.removeprefix(prefix)
    query = "&".join(p for p in _query_pairs(parts.query) if p.lower() not in _AMP_QUERY)
    key = f"{host}/{_strip_amp_path(parts.path)}"
    return f"{key}?{query}" if query else key


def keyed_urls(candidates: Iterable[str | None]) -> list[tuple[str, str]]:
    """(article_key, canonical_url) of each web address among `candidates`, in order, once per
    key (the first URL of a key wins); file paths and blanks are skipped."""
    found: dict[str, str] = {}
    for candidate in dict.fromkeys(candidates):  # often one URL three times: read it once
        if candidate:
            try:
                key = article_key(candidate)
                if key not in found:
                    found[key] = canonical_url(candidate)
            except NotAWebAddress:
                continue
    return list(found.items())


def url_keys(url: str) -> list[str]:
    """The archive keys to look `url` up by: its article_key, or none when it is no web address."""
    try:
        return [article_key(url)]
    except NotAWebAddress:
        return []


def resolve_web_url(candidate: str | None, base: str | None) -> str | None:
    """`candidate` resolved against `base` and normalised, if that gives an http(s) URL."""
    if not candidate or not candidate.strip():
        return None
    resolved = urljoin(base, candidate.strip()) if base else candidate.strip()
    try:
        return canonical_url(resolved)
    except NotAWebAddress:
        return None


def site_host(url: str | None) -> str | None:
    """The host a site is known by in answers: "example.com" for https://www.example.com/a."""
    if not url:
        return None
    host = urlsplit(url).hostname
    return host.removeprefix("www.") if host else None


def is_site_root(url: str | None) -> bool:
    """A bare host ("https://example.com/") is a home page, whatever text it carries."""
    if not url:
        return False
    parts = urlsplit(url)
    return parts.path in ("", "/") and not parts.query


# --------------------------------------------------------------------------- secrets in URLs

# A query or fragment parameter holds a secret when one of the words of its name (split at
# punctuation and camelCase) is one of these, or contains one of the stems: "X-Amz-Signature",
# "access_token", "apiKey", "PHPSESSID", "_wpnonce", "preview". Redacting too much only shortens
# what is shown; the URL newsbot fetches is never redacted.
_SECRET_WORDS = frozenset(
    {"key", "sig", "auth", "authorization", "code", "pass", "pwd", "pin", "sid", "otp", "ticket",
     "preview", "hmac", "jwt"}
)  # fmt: skip
_SECRET_STEMS = (
    "token", "secret", "passw", "signature", "session", "sessid", "credential", "apikey", "nonce",
)  # fmt: skip
_NAME_WORDS = re.compile(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])")
_AUTHORITY = re.compile(r"^\s*(?:[a-zA-Z][a-zA-Z0-9+.-]*:)?//(?P<authority>[^/?#]*)")
_PATH_PARAM = re.compile(r";(?P<name>[^/;?#=]+)=(?P<value>[^/;?#]*)")
REDACTED = "REDACTED"


def is_secret_param(name: str) -> bool:
    """Whether a URL parameter of this name carries a credential (token, key, signature...)."""
    words = [w.lower() for w in _NAME_WORDS.findall(unquote(name).replace("+", " "))]
    return any(w in _SECRET_WORDS or any(s in w for s in _SECRET_STEMS) for w in words)


def without_userinfo(url: str) -> str:
    """`url` without the "user:password@" before its host, which would be sent as Basic auth."""
    match = _AUTHORITY.match(url)
    if match is None:
        return url
    authority = match.group("authority")
    at = authority.rfind("@")
    if at < 0:
        return url
    return url[: match.start("authority")] + authority[at + 1 :] + url[match.end("authority") :]


def _redact_params(params: str) -> str:
    pieces = re.split(r"([&;])", params)
    for i in range(0, len(pieces), 2):
        name, eq, value = pieces[i].partition("=")
        if eq and value and is_secret_param(name):
            pieces[i] = f"{name}={REDACTED}"
    return "".join(pieces)


def _redact_path_param(match: re.Match[str]) -> str:
    if match.group("value") and is_secret_param(match.group("name")):
        return f";{match.group('name')}={REDACTED}"
    return match.group(0)


def redact_url(url: str) -> str:
    """`url` as it may be logged or shown: no user info, and no value of a parameter that looks
    like a credential (in the query, the fragment, or ;name=value path parameters).

    The one function for everything newsbot logs or shows; never raises, and leaves anything
    that is not a "scheme://" URL (a file path) as it is.
    """
    if _AUTHORITY.match(url) is None:
        return url
    rest, hash_mark, fragment = without_userinfo(url).partition("#")
    rest, question_mark, query = rest.partition("?")
    rest = _PATH_PARAM.sub(_redact_path_param, rest)
    return rest + question_mark + _redact_params(query) + hash_mark + _redact_params(fragment)


# A URL inside free text, up to the first space, quote or bracket and without the punctuation
# that ends it; and a name=value pair of a query anywhere (an archive key has no scheme). A
# database's error message quotes the values it refused: "Failing row contains (..., https://
# ex.com/a?token=..., ex.com/a?token=..., ...)".
_URL_IN_TEXT = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*://[^\s'\"<>()\[\]{}]*[^\s'\"<>()\[\]{},.;:!?]")
_PARAM_IN_TEXT = re.compile(
    r"(?P<lead>[?&;#])(?P<name>[^\s=?&;#,()'\"]+)=(?P<value>[^\s&;#,()'\"]+)"
)


def _redact_param_in_text(match: re.Match[str]) -> str:
    if is_secret_param(match.group("name")):
        return f"{match.group('lead')}{match.group('name')}={REDACTED}"
    return match.group(0)


def redact_urls_in(text: str) -> str:
    """`text` with every URL in it shown as redact_url shows it, and no credential's value in
    any other query string."""
    text = _URL_IN_TEXT.sub(lambda m: redact_url(m.group(0)), text)
    return _PARAM_IN_TEXT.sub(_redact_param_in_text, text)

"""Which hosts and addresses a fetch may contact (pure): the address policies, every spelling of
an IPv4 address a resolver accepts, origins exempt from the policy, and the check of a URL
before any request."""

from __future__ import annotations

import ipaddress
import logging
import re
import typing
from collections.abc import Callable, Iterable
from urllib.parse import unquote, urlsplit

import httpx

from bot.fetch.errors import PRIVATE_MESSAGE, BadUrl, DnsFailure, PrivateAddress
from bot.urls import redact_url, without_userinfo

logger = logging.getLogger(__name__)

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
# Returns why an address must not be contacted (e.g. "loopback"), or None to allow it.
AddressPolicy = Callable[[IPAddress], str | None]

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

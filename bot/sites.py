"""Which site a URL belongs to: its registrable domain, by the Public Suffix List.

A page may only speak for URLs of its own site (bot.article trusts a declared canonical URL on
that condition). This lives apart from bot.urls, which stays standard library only: the list
comes from the publicsuffixlist package, read from the copy it ships and never fetched at run
time. Its private section counts too, so alice.github.io and bob.github.io are two sites.
"""

from __future__ import annotations

import contextlib
import functools
import ipaddress
from urllib.parse import urlsplit

from publicsuffixlist import PublicSuffixList


@functools.cache
def _suffixes() -> PublicSuffixList:
    return PublicSuffixList()  # the bundled list, ICANN and private sections


def registrable_domain(host: str) -> str:
    """ "bbc.co.uk" for "www.bbc.co.uk". An IP address, or a name that is itself a public suffix
    ("github.io", "localhost"), is a site of its own."""
    name = host.strip().strip("[]").rstrip(".").lower()
    try:
        return ipaddress.ip_address(name).compressed
    except ValueError:
        pass
    with contextlib.suppress(UnicodeError):  # one spelling for internationalised names
        name = name.encode("idna").decode("ascii")
    return _suffixes().privatesuffix(name) or name


def same_site(url: str, other: str) -> bool:
    """Whether two http(s) URLs are on one site (registrable domain); False if either has none."""
    try:
        hosts = urlsplit(url).hostname, urlsplit(other).hostname
    except ValueError:
        return False
    if not hosts[0] or not hosts[1]:
        return False
    return registrable_domain(hosts[0]) == registrable_domain(hosts[1])

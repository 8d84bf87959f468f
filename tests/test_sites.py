"""bot.sites: registrable domains from the bundled Public Suffix List, and "same site"."""

from __future__ import annotations

import socket

import pytest

from bot.sites import registrable_domain, same_site


@pytest.mark.parametrize(
    ("host", "site"),
    [
        ("www.bbc.co.uk", "bbc.co.uk"),
        ("news.bbc.co.uk", "bbc.co.uk"),
        ("apnews.com", "apnews.com"),
        ("x.y.apnews.com.", "apnews.com"),
        ("WWW.Reuters.COM", "reuters.com"),
        ("alice.github.io", "alice.github.io"),  # the list's private section: one site per user
        ("github.io", "github.io"),
        ("wire.localhost", "wire.localhost"),
        ("www.wire.localhost", "wire.localhost"),
        ("localhost", "localhost"),
        ("127.0.0.1", "127.0.0.1"),
        ("[::1]", "::1"),
        ("bücher.de", "xn--bcher-kva.de"),
        ("www.xn--bcher-kva.de", "xn--bcher-kva.de"),
    ],
)
def test_registrable_domain(host: str, site: str) -> None:
    assert registrable_domain(host) == site


@pytest.mark.parametrize(
    ("one", "other", "same"),
    [
        ("https://www.gazette.example/a", "https://gazette.example/b", True),
        ("https://amp.theguardian.com/x", "http://www.theguardian.com/x", True),
        ("https://evil.example/story", "https://apnews.com/article/1", False),
        ("https://apnews.com.evil.example/", "https://apnews.com/", False),
        ("https://alice.github.io/a", "https://bob.github.io/a", False),
        ("https://news.bbc.co.uk/1", "https://www.bbc.com/1", False),
        ("http://127.0.0.1:8000/a", "http://localhost:8000/a", False),
        ("http://127.0.0.1:8000/a", "http://127.0.0.1:9000/b", True),
        ("https://example.com/a", "not a url", False),
    ],
)
def test_same_site(one: str, other: str, same: bool) -> None:
    assert same_site(one, other) is same


def test_the_list_is_never_fetched(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run time reads only the list the package ships: no socket is opened to look a name up."""
    from bot import sites

    sites._suffixes.cache_clear()

    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("the Public Suffix List must not be fetched")

    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    assert registrable_domain("www.example.co.uk") == "example.co.uk"

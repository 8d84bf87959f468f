"""An explicitly allowed origin (the local newsroom's sample pages) is fetched although its
address is loopback, and nothing else private is: not another host, port or scheme on the same
machine, and not a redirect off the origin."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.fetch import Fetcher, PrivateAddress, parse_origin
from tests.pageserver import PageServer

PAGE = "<html><head><title>Sample</title></head><body><p>A sample page.</p></body></html>"


@pytest.fixture
def site() -> Iterator[PageServer]:
    with PageServer() as server:
        server.html("/story.html", PAGE)
        yield server


def origin(site: PageServer, host: str = "samples.localhost") -> str:
    return f"http://{host}:{site.base_url.rsplit(':', 1)[1]}"


def test_the_allowed_origin_is_fetched(site: PageServer) -> None:
    allowed = origin(site)
    with Fetcher(allowed_origins=[allowed], timeout_s=5) as fetcher:
        page = fetcher.fetch(f"{allowed}/story.html")
    assert "A sample page." in page.text
    assert site.requests_for("/story.html")[0].headers["host"] == allowed.removeprefix("http://")


def test_without_the_allowance_the_same_page_is_refused(site: PageServer) -> None:
    with Fetcher(timeout_s=5) as fetcher, pytest.raises(PrivateAddress):
        fetcher.fetch(f"{origin(site)}/story.html")
    assert site.requests_for("/story.html") == []


@pytest.mark.parametrize(
    "url",
    [
        "{base}/story.html",  # the same server under its address
        "http://localhost:{port}/story.html",
        "http://other.localhost:{port}/story.html",
        "https://samples.localhost:{port}/story.html",  # another scheme is another origin
        "http://samples.localhost:{other}/story.html",  # another port too
        "http://samples.localhost.:{port}/story.html",
        "http://169.254.169.254/latest/meta-data/",
    ],
)
def test_everything_else_private_is_still_refused(site: PageServer, url: str) -> None:
    port = int(site.base_url.rsplit(":", 1)[1])
    target = url.format(base=site.base_url, port=port, other=port + 1)
    with (
        Fetcher(allowed_origins=[origin(site)], timeout_s=5) as fetcher,
        pytest.raises(PrivateAddress),
    ):
        fetcher.fetch(target)
    assert site.requests == []


def test_a_redirect_off_the_allowed_origin_is_refused(site: PageServer) -> None:
    site.redirect("/away", f"{site.base_url}/story.html")
    allowed = origin(site)
    with Fetcher(allowed_origins=[allowed], timeout_s=5) as fetcher, pytest.raises(PrivateAddress):
        fetcher.fetch(f"{allowed}/away")
    assert [r.path for r in site.requests] == ["/away"]


@pytest.mark.parametrize("bad", ["samples.localhost:3000", "ftp://x:1", "http://x:1/path"])
def test_an_origin_must_be_scheme_host_and_port(bad: str) -> None:
    with pytest.raises(ValueError, match="is not an origin"):
        parse_origin(bad)

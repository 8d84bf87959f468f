"""bot.fetch against a real HTTP server on 127.0.0.1: limits, refusals, decoding, messages.

No test sends a packet to a non-loopback address: private and metadata targets must be refused
before any connection, which is exactly what these tests check.
"""

from __future__ import annotations

import gzip
import ipaddress
import logging
import shutil
import socket
import ssl
import subprocess
import threading
import time
import tracemalloc
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from bot import __version__
from bot.fetch import (
    BadEncoding,
    BadUrl,
    ConnectionFailed,
    DnsFailure,
    Fetcher,
    FetchError,
    FetchTimeout,
    HttpStatusError,
    IPAddress,
    NotAWebPage,
    Page,
    PrivateAddress,
    TooLarge,
    TooManyRedirects,
    check_url,
    decode_body,
    host_address,
    parse_content_type,
    private_allowed,
    public_only,
    vetted_addresses,
)
from tests.pageserver import PageServer, Route, compression_bomb

LOOPBACK = ipaddress.IPv4Address("127.0.0.1")
ARTICLE = (
    "<html><head><title>Council vote</title></head><body><p>The council voted.</p></body></html>"
)


def loopback_only(ip: IPAddress) -> str | None:
    """Test policy: 127.0.0.1 is reachable (the test server), everything else as in production."""
    return None if ip == LOOPBACK else public_only(ip)


@pytest.fixture
def site() -> Iterator[PageServer]:
    with PageServer() as server:
        yield server


@pytest.fixture
def fetcher() -> Iterator[Fetcher]:
    with Fetcher(allow_private=True, timeout_s=2.0) as f:
        yield f


def wait_until(condition: Callable[[], bool], timeout: float = 30.0) -> None:
    """Returns once `condition` holds; a generous `timeout` only keeps a broken test finite."""
    give_up = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < give_up, "the condition never came true"
        time.sleep(0.01)


def refusal(fetcher: Fetcher, url: str) -> FetchError:
    """The FetchError fetching `url` raises; its message must be one plain line."""
    with pytest.raises(FetchError) as caught:
        fetcher.fetch(url)
    message = str(caught.value)
    assert message and "\n" not in message and "Traceback" not in message
    return caught.value


# -- the happy path --------------------------------------------------------------------------


def test_fetches_an_html_page_and_identifies_itself(site: PageServer, fetcher: Fetcher) -> None:
    url = site.html("/news/council", ARTICLE)
    page = fetcher.fetch(url)
    assert page == Page(url=url, final_url=url, status=200, content_type="text/html", text=ARTICLE)
    user_agent = site.requests_for("/news/council")[0].headers["user-agent"]
    assert user_agent.startswith(f"newsbot/{__version__} (+https://")


@pytest.mark.parametrize(
    ("content_type", "expected"),
    [
        ("application/xhtml+xml", "application/xhtml+xml"),
        ("text/plain; charset=utf-8", "text/plain"),
    ],
)
def test_xhtml_and_plain_text_are_web_pages(
    site: PageServer, fetcher: Fetcher, content_type: str, expected: str
) -> None:
    page = fetcher.fetch(site.add("/p", Route(body="Plain words.", content_type=content_type)))
    assert (page.content_type, page.text) == (expected, "Plain words.")


def test_concurrent_fetches_keep_their_own_pages_and_deadlines(site: PageServer) -> None:
    """A worker pool shares one Fetcher: a slow page times out at its own deadline, cut off long
    before its end, without delaying the others, which finish while it is still being read."""
    urls = {i: site.html(f"/story/{i}", f"<p>story {i}</p>") for i in range(16)}
    body = "x" * 100  # one byte every 0.1 s: 10 s in all, each byte well within a read timeout
    slow = site.add("/slow", Route(body=body, chunk_size=1, drip_s=0.1))
    results: dict[object, object] = {}

    def work(key: object, url: str) -> None:
        try:
            results[key] = shared.fetch(url).text
        except FetchError as exc:
            results[key] = exc

    with Fetcher(allow_private=True, timeout_s=2.0) as shared:
        slow_thread = threading.Thread(target=work, args=("slow", slow))
        slow_thread.start()
        wait_until(lambda: site.bytes_sent("/slow") > 0)  # its body is arriving
        threads = [threading.Thread(target=work, args=(k, u)) for k, u in urls.items()]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert "slow" not in results  # the others did not wait for it
        slow_thread.join()
    assert isinstance(results.pop("slow"), FetchTimeout)
    assert site.bytes_sent("/slow") < len(body)  # its deadline ended it, not its last byte
    assert results == {i: f"<p>story {i}</p>" for i in range(16)}


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A throwaway self-signed certificate for 127.0.0.1 (made with the openssl tool)."""
    if shutil.which("openssl") is None:
        pytest.skip("the openssl command is needed to make a test certificate")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            *(
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:prime256v1",
            ),
            *("-nodes", "-days", "1", "-subj", "/CN=127.0.0.1", "-keyout", str(key)),
            *("-out", str(cert), "-addext", "subjectAltName=IP:127.0.0.1"),
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


@pytest.fixture
def tls_site(certificate: tuple[Path, Path]) -> Iterator[PageServer]:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(*certificate)
    with PageServer(tls=context) as server:
        yield server


def test_https_page_is_fetched_with_verification_by_the_vetted_address(
    tls_site: PageServer, certificate: tuple[Path, Path]
) -> None:
    trusting = ssl.create_default_context(cafile=str(certificate[0]))
    url = tls_site.html("/secure", ARTICLE)
    with Fetcher(address_policy=loopback_only, ssl_context=trusting) as fetcher:
        assert fetcher.fetch(url).text == ARTICLE


def test_untrusted_certificate_is_a_connection_failure(tls_site: PageServer) -> None:
    url = tls_site.html("/secure", ARTICLE)
    with Fetcher(address_policy=loopback_only) as fetcher:
        error = refusal(fetcher, url)
    assert isinstance(error, ConnectionFailed)
    assert str(error) == "the site's security certificate is not valid"
    assert tls_site.requests == []


# -- redirects -------------------------------------------------------------------------------


def test_follows_a_chain_of_five_redirects(site: PageServer, fetcher: Fetcher) -> None:
    final = site.html("/final", ARTICLE)
    for hop in range(5):
        site.redirect(f"/hop{hop}", f"/hop{hop + 1}" if hop < 4 else "/final", status=301 + hop % 3)
    page = fetcher.fetch(site.url("/hop0"))
    assert (page.url, page.final_url, page.text) == (site.url("/hop0"), final, ARTICLE)


def test_relative_redirect_is_resolved_against_the_current_page(
    site: PageServer, fetcher: Fetcher
) -> None:
    site.html("/section/story", ARTICLE)
    site.add("/section/old", Route(status=308, location="story", content_type=None))
    assert fetcher.fetch(site.url("/section/old")).final_url == site.url("/section/story")


def test_more_than_five_redirects_is_refused_after_the_sixth_answer(
    site: PageServer, fetcher: Fetcher
) -> None:
    for hop in range(7):
        site.redirect(f"/hop{hop}", f"/hop{hop + 1}")
    error = refusal(fetcher, site.url("/hop0"))
    assert isinstance(error, TooManyRedirects)
    assert str(error) == "the page redirects more than 5 times"
    assert [r.path for r in site.requests] == [f"/hop{i}" for i in range(6)]


def test_redirect_loop_is_refused_and_named_a_loop(site: PageServer, fetcher: Fetcher) -> None:
    site.redirect("/a", "/b")
    site.redirect("/b", "/a")
    error = refusal(fetcher, site.url("/a"))
    assert isinstance(error, TooManyRedirects)
    assert str(error) == "the page redirects in a loop"


def test_cookie_set_during_redirect_reaches_the_next_hop_only_within_one_fetch(
    site: PageServer, fetcher: Fetcher
) -> None:
    """Consent/paywall bounces need the cookie; other fetches must not inherit it."""
    site.html("/story", ARTICLE)
    site.add(
        "/consent",
        Route(
            status=302,
            location=site.url("/story"),
            headers={"Set-Cookie": "consent=yes; Path=/"},
            content_type=None,
        ),
    )
    fetcher.fetch(site.url("/consent"))
    fetcher.fetch(site.url("/story"))
    first, second = site.requests_for("/story")
    assert first.headers.get("cookie") == "consent=yes"
    assert "cookie" not in second.headers


@pytest.mark.parametrize(
    "target",
    [
        "http://10.0.0.1/admin",
        "http://169.254.169.254/latest/meta-data/",
        "http://[fd00:ec2::254]/latest/meta-data/",
        "http://192.168.1.1/",
        "http://0x0a000001/",
        "http://[::ffff:10.0.0.1]/",
    ],
)
def test_redirect_to_a_private_address_is_refused_before_connecting(
    site: PageServer, target: str
) -> None:
    """The server itself is allowed, but a hop to a private address is refused. Were it not,
    the fetch would try to connect and fail with ConnectionFailed or a timeout instead."""
    site.redirect("/share", target)
    with Fetcher(address_policy=loopback_only, timeout_s=2.0) as fetcher:
        error = refusal(fetcher, site.url("/share"))
    assert isinstance(error, PrivateAddress)
    assert str(error) == "that address is on a private network"


def test_allow_private_still_refuses_cloud_metadata(site: PageServer, fetcher: Fetcher) -> None:
    site.redirect("/share", "http://169.254.169.254/latest/meta-data/iam/")
    assert isinstance(refusal(fetcher, site.url("/share")), PrivateAddress)


def test_redirect_to_another_scheme_is_refused(site: PageServer, fetcher: Fetcher) -> None:
    site.redirect("/share", "file:///etc/passwd")
    error = refusal(fetcher, site.url("/share"))
    assert isinstance(error, BadUrl)
    assert "http or https" in str(error)


# -- address refusals ------------------------------------------------------------------------


def test_default_fetcher_refuses_the_local_server_without_contacting_it(site: PageServer) -> None:
    site.html("/story", ARTICLE)
    with Fetcher() as fetcher:
        for url in (site.url("/story"), f"http://localhost:{site.port}/story"):
            assert isinstance(refusal(fetcher, url), PrivateAddress)
    assert site.requests == []


def _name_resolving_to_loopback() -> str:
    """A host NAME (not a literal, not 'localhost') that /etc/hosts maps to loopback; taken
    from that file so that looking it up sends no query to a DNS server."""
    hosts = Path("/etc/hosts")
    for line in hosts.read_text().splitlines() if hosts.exists() else []:
        address, *names = line.split("#")[0].split() or ["-"]
        ip = host_address(address)
        for name in names if ip is not None and ip.is_loopback else []:
            if host_address(name) is not None:
                continue  # localhost and friends are read without DNS
            try:
                infos = socket.getaddrinfo(name, 80, type=socket.SOCK_STREAM)
            except OSError:
                continue
            if all(ipaddress.ip_address(str(info[4][0])).is_loopback for info in infos):
                return name
    pytest.skip("/etc/hosts maps no host name besides localhost to loopback only")


def test_host_name_is_resolved_vetted_and_connected_by_address(site: PageServer) -> None:
    """DNS answers are checked when connecting: the name is refused under the default policy,
    and when allowed the connection goes to the vetted address with the name as Host."""
    name = _name_resolving_to_loopback()
    url = site.html("/story", ARTICLE).replace("127.0.0.1", name)
    with Fetcher() as strict:
        assert isinstance(refusal(strict, url), PrivateAddress)
    assert site.requests == []
    with Fetcher(address_policy=lambda ip: None if ip.is_loopback else "test") as lenient:
        assert lenient.fetch(url).text == ARTICLE
    assert site.requests[0].headers["host"] == f"{name}:{site.port}"


def test_a_name_is_refused_when_any_of_its_addresses_is_private() -> None:
    public = ipaddress.ip_address("93.184.216.34")
    private = ipaddress.ip_address("10.1.2.3")
    assert vetted_addresses("news.example", [public, public], public_only) == [public]
    with pytest.raises(PrivateAddress):
        vetted_addresses("news.example", [public, private], public_only)
    with pytest.raises(DnsFailure):
        vetted_addresses("news.example", [], public_only)


HOST_FORMS = [
    # (host as written in a URL, the address it denotes, refused by the default policy)
    ("127.0.0.1", "127.0.0.1", True),
    ("2130706433", "127.0.0.1", True),  # decimal
    ("0177.0.0.1", "127.0.0.1", True),  # octal
    ("0x7f.0.0.1", "127.0.0.1", True),  # hex
    ("0x7F000001", "127.0.0.1", True),
    ("017700000001", "127.0.0.1", True),
    ("127.1", "127.0.0.1", True),
    ("localhost", "127.0.0.1", True),
    ("LocalHost.", "127.0.0.1", True),
    ("app.localhost", "127.0.0.1", True),
    ("0.0.0.0", "0.0.0.0", True),
    ("0", "0.0.0.0", True),
    ("[::1]", "::1", True),
    ("::1", "::1", True),
    ("[::]", "::", True),
    ("[::ffff:127.0.0.1]", "::ffff:127.0.0.1", True),  # IPv4-mapped IPv6
    ("::ffff:7f00:1", "::ffff:127.0.0.1", True),
    ("::ffff:169.254.169.254", "::ffff:169.254.169.254", True),
    ("::127.0.0.1", "::127.0.0.1", True),  # IPv4-compatible
    ("64:ff9b::a00:1", "64:ff9b::a00:1", True),  # NAT64 of 10.0.0.1
    ("2002:7f00:1::", "2002:7f00:1::", True),  # 6to4 of 127.0.0.1
    ("10.0.0.1", "10.0.0.1", True),
    ("172.16.5.4", "172.16.5.4", True),
    ("192.168.1.1", "192.168.1.1", True),
    ("100.64.0.1", "100.64.0.1", True),  # carrier-grade NAT
    ("169.254.169.254", "169.254.169.254", True),  # cloud metadata, link-local
    ("168.63.129.16", "168.63.129.16", True),  # Azure WireServer
    ("100.100.100.200", "100.100.100.200", True),  # Alibaba metadata
    ("[fd00:ec2::254]", "fd00:ec2::254", True),  # AWS metadata over IPv6
    ("fe80::1%25eth0", "fe80::1%eth0", True),  # link-local with zone
    ("fc00::1", "fc00::1", True),
    ("224.0.0.1", "224.0.0.1", True),  # multicast
    ("ff02::1", "ff02::1", True),
    ("240.0.0.1", "240.0.0.1", True),  # reserved
    ("255.255.255.255", "255.255.255.255", True),
    ("198.18.0.1", "198.18.0.1", True),  # benchmarking range
    ("93.184.216.34", "93.184.216.34", False),
    ("8.8.8.8", "8.8.8.8", False),
    ("[2606:4700:4700::1111]", "2606:4700:4700::1111", False),
    ("[::ffff:8.8.8.8]", "::ffff:8.8.8.8", True),  # mapped forms are never real DNS answers
]


@pytest.mark.parametrize(("host", "address", "refused"), HOST_FORMS)
def test_every_spelling_of_an_address_is_recognised_and_judged(
    host: str, address: str, refused: bool
) -> None:
    ip = host_address(host)
    assert ip == ipaddress.ip_address(address)
    assert ip is not None
    assert (public_only(ip) is not None) is refused


@pytest.mark.parametrize(
    "host", ["example.com", "news.example.", "1.2.3.4.5", "08.0.0.1", "0x", "a.b"]
)
def test_names_are_left_to_dns(host: str) -> None:
    """Only unambiguous numeric forms are read as addresses; names are resolved and vetted."""
    if host == "0x":
        assert host_address(host) == ipaddress.ip_address("0.0.0.0")  # inet_aton reads it so
    else:
        assert host_address(host) is None


def test_allow_private_policy_refuses_only_metadata_services() -> None:
    allowed = ["127.0.0.1", "10.0.0.1", "::1", "192.168.0.10"]
    refused = ["169.254.169.254", "::ffff:169.254.169.254", "fd00:ec2::254", "168.63.129.16"]
    assert all(private_allowed(ipaddress.ip_address(a)) is None for a in allowed)
    assert all(private_allowed(ipaddress.ip_address(a)) for a in refused)


@pytest.mark.parametrize(
    ("url", "error"),
    [
        ("http://2130706433/", PrivateAddress),
        ("http://0177.0.0.1/", PrivateAddress),
        ("http://0x7f.1/", PrivateAddress),
        ("http://[::ffff:127.0.0.1]:8080/", PrivateAddress),
        ("http://localhost:8000/", PrivateAddress),
        ("http://user:pw@127.0.0.1/", PrivateAddress),
        ("https://169.254.169.254/latest/meta-data/", PrivateAddress),
        ("http://0.0.0.0/", PrivateAddress),
        ("ftp://example.com/story", BadUrl),
        ("file:///etc/passwd", BadUrl),
        ("javascript:alert(1)", BadUrl),
        ("example.com/story", BadUrl),
        ("http://", BadUrl),
        ("http://[::1/", BadUrl),
        ("", BadUrl),
    ],
)
def test_check_url_refuses_without_any_network(url: str, error: type[FetchError]) -> None:
    with pytest.raises(error):
        check_url(url)


def test_check_url_accepts_public_web_links() -> None:
    assert check_url(" https://news.example.com/2024/story?id=1 ").host == "news.example.com"
    assert check_url("HTTP://93.184.216.34/").scheme == "http"


# -- time and size limits --------------------------------------------------------------------


def test_slow_headers_time_out_at_the_deadline(site: PageServer) -> None:
    url = site.add("/slow", Route(body=ARTICLE, delay_s=60))
    with Fetcher(allow_private=True, timeout_s=0.5) as fetcher:
        error = refusal(fetcher, url)
    assert isinstance(error, FetchTimeout)
    assert str(error) == "the page took longer than 0.5 s"
    assert site.bytes_sent("/slow") == 0  # it gave up while the server was still silent


def test_slow_drip_body_cannot_stretch_the_total_deadline(site: PageServer) -> None:
    """Each byte arrives well within any read timeout; only a total deadline stops this."""
    body = "x" * 400  # one byte every 0.02 s: 8 s in all
    url = site.add("/drip", Route(body=body, chunk_size=1, drip_s=0.02))
    with Fetcher(allow_private=True, timeout_s=1.0) as fetcher:
        started = time.monotonic()
        error = refusal(fetcher, url)
        waited = time.monotonic() - started
    assert isinstance(error, FetchTimeout)
    assert waited >= 0.9  # not cut short: a busy machine only makes this longer
    assert 0 < site.bytes_sent("/drip") < len(body)  # stopped mid-body, long before its end


def test_endless_chunked_body_is_cut_off_at_max_bytes(site: PageServer) -> None:
    """Cut off by its size, not by the 5 s deadline (that would be a FetchTimeout)."""
    url = site.add("/endless", Route(endless=True, chunk_size=16 * 1024))
    with Fetcher(allow_private=True, timeout_s=5.0) as fetcher:
        error = refusal(fetcher, url)
    assert isinstance(error, TooLarge)
    assert str(error) == "the page is larger than 5 MB"


def test_endless_slow_body_ends_at_the_deadline(site: PageServer) -> None:
    url = site.add("/endless", Route(endless=True, chunk_size=512, drip_s=0.01))
    with Fetcher(allow_private=True, timeout_s=0.7) as fetcher:
        assert isinstance(refusal(fetcher, url), FetchTimeout)


def test_oversize_body_is_refused(site: PageServer) -> None:
    url = site.add("/big", Route(body=b"<p>" + b"a" * 300_000, chunked=True))
    with Fetcher(allow_private=True, max_bytes=256 * 1024) as fetcher:
        error = refusal(fetcher, url)
    assert isinstance(error, TooLarge)
    assert str(error) == "the page is larger than 256 KB"


def test_declared_oversize_length_is_refused_without_reading(site: PageServer) -> None:
    url = site.add("/huge", Route(body=b"<p>short</p>", declared_length=50 * 1024 * 1024))
    # The 50 MB never come: reading would end in a FetchTimeout, not TooLarge.
    with Fetcher(allow_private=True, timeout_s=3.0) as fetcher:
        assert isinstance(refusal(fetcher, url), TooLarge)


def test_gzip_bomb_is_cut_off_by_its_decoded_size(site: PageServer, fetcher: Fetcher) -> None:
    url = site.add("/bomb", Route(body=b"<p>" + b"0" * (8 * 1024 * 1024), gzip=True))
    assert isinstance(refusal(fetcher, url), TooLarge)


def peak_memory(work: Callable[[], object]) -> int:
    """The most memory Python held at once while `work` ran, in bytes (tracemalloc)."""
    tracemalloc.start()
    try:
        work()
    except FetchError:
        pass
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return peak


MB = 1024 * 1024


def test_a_page_compressed_twice_is_refused_without_decoding_it(site: PageServer) -> None:
    """gzip inside gzip: 64 MB of zeros in a few KB. Refused by its header, before any inflating;
    the server did send the whole bomb, so the refusal is not a broken download."""
    bomb = compression_bomb(64 * MB, layers=2)
    assert len(bomb) < 4096
    url = site.add("/twice", Route(body=bomb, headers={"Content-Encoding": "gzip, gzip"}))
    with Fetcher(allow_private=True, timeout_s=5.0) as fetcher:
        peak = peak_memory(lambda: fetcher.fetch(url))
        error = refusal(fetcher, url)
    assert isinstance(error, BadEncoding) and error.reason == "bad_encoding"
    assert str(error) == (
        "the site sent the page compressed 2 times over (gzip, gzip); newsbot reads one layer only"
    )
    # Both fetches were sent all of it (the server counts once its write returns).
    wait_until(lambda: site.bytes_sent("/twice") >= 2 * len(bomb))
    assert site.bytes_sent("/twice") == 2 * len(bomb)
    assert peak < 4 * MB, f"{peak / MB:.1f} MB held while refusing a double-gzip page"


@pytest.mark.parametrize("coding", ["gzip", "deflate"])
def test_a_compression_bomb_never_holds_more_than_the_cap_decoded(
    site: PageServer, coding: str
) -> None:
    """256 MB of zeros in 256 KB: decoded a bounded piece at a time and cut off at max_bytes
    (1 MB here), so memory stays near the cap instead of one network read's expansion."""
    bomb = compression_bomb(256 * MB, coding=coding)
    url = site.add("/bomb", Route(body=bomb, headers={"Content-Encoding": coding}, chunked=True))
    with Fetcher(allow_private=True, timeout_s=10.0, max_bytes=MB) as fetcher:
        fetcher.fetch(
            site.html("/warm", ARTICLE)
        )  # connection pool and TLS set-up out of the count
        peak = peak_memory(lambda: fetcher.fetch(url))
        error = refusal(fetcher, url)
    assert isinstance(error, TooLarge) and str(error) == "the page is larger than 1 MB"
    assert peak < 6 * MB, f"{peak / MB:.1f} MB held while reading a {coding} bomb capped at 1 MB"


@pytest.mark.parametrize(
    ("coding", "wbits"),
    [("deflate", zlib.MAX_WBITS), ("deflate", -zlib.MAX_WBITS), ("x-gzip", zlib.MAX_WBITS | 16)],
)
def test_deflate_with_or_without_its_zlib_header_and_x_gzip_are_decoded(
    site: PageServer, fetcher: Fetcher, coding: str, wbits: int
) -> None:
    compressor = zlib.compressobj(6, zlib.DEFLATED, wbits)
    body = compressor.compress(ARTICLE.encode()) + compressor.flush()
    url = site.add("/z", Route(body=body, headers={"Content-Encoding": coding}))
    assert fetcher.fetch(url).text == ARTICLE


def test_identity_coding_is_no_coding(site: PageServer, fetcher: Fetcher) -> None:
    url = site.add("/id", Route(body=ARTICLE, headers={"Content-Encoding": "identity"}))
    assert fetcher.fetch(url).text == ARTICLE


def test_a_compression_newsbot_did_not_ask_for_is_refused_by_name(
    site: PageServer, fetcher: Fetcher
) -> None:
    """httpx would pass a coding it cannot decode through as if it were the page."""
    url = site.add(
        "/br", Route(body=b"\x1b\x03\x00\xf8garbage", headers={"Content-Encoding": "br"})
    )
    error = refusal(fetcher, url)
    assert isinstance(error, BadEncoding)
    assert str(error) == "the site sent the page in a compression newsbot cannot read (br)"


def test_a_damaged_gzip_body_is_a_connection_failure(site: PageServer, fetcher: Fetcher) -> None:
    url = site.add(
        "/bad",
        Route(
            body=b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff\x07garbage",
            headers={"Content-Encoding": "gzip"},
        ),
    )
    error = refusal(fetcher, url)
    assert isinstance(error, ConnectionFailed)
    assert str(error) == "the site sent a damaged compressed page"


# -- content types, statuses, connection failures --------------------------------------------


@pytest.mark.parametrize(
    ("content_type", "body", "message"),
    [
        ("application/pdf", b"%PDF-1.7 ...", "it is a PDF, not a web page"),
        ("image/png", b"\x89PNG\r\n\x1a\n", "it is an image (PNG), not a web page"),
        ("video/mp4", b"\x00\x00\x00\x18ftyp", "it is a video, not a web page"),
        ("application/octet-stream", b"\x00\x01", "it is a file download, not a web page"),
        ("application/json", b"{}", "it is JSON data, not a web page"),
        (None, b"%PDF-1.4 no content type", "it is a PDF, not a web page"),
        (None, b"\x7fELF\x02\x01\x01\x00\x00", "it is a binary file, not a web page"),
    ],
)
def test_non_page_content_is_refused_naming_what_it_is(
    site: PageServer, fetcher: Fetcher, content_type: str | None, body: bytes, message: str
) -> None:
    error = refusal(fetcher, site.add("/file", Route(body=body, content_type=content_type)))
    assert isinstance(error, NotAWebPage)
    assert str(error) == message


def test_missing_content_type_on_a_page_is_read_as_html(site: PageServer, fetcher: Fetcher) -> None:
    page = fetcher.fetch(site.add("/bare", Route(body=ARTICLE, content_type=None)))
    assert (page.content_type, page.text) == ("text/html", ARTICLE)


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (404, "the site answered 404 (not found)"),
        (
            403,
            "the site answered 403 (forbidden: the page may be behind a paywall or closed to bots)",
        ),
        (410, "the site answered 410 (the page has been removed)"),
        (500, "the site answered 500 (an error on the site)"),
        (503, "the site answered 503 (the site is down or overloaded, try again later)"),
        (418, "the site answered 418 (the site refused the request)"),
        (304, "the site answered 304 (no page came with it)"),
    ],
)
def test_unsuccessful_status_becomes_a_friendly_sentence(
    site: PageServer, fetcher: Fetcher, status: int, message: str
) -> None:
    error = refusal(fetcher, site.add("/x", Route(status=status, body="<p>nope</p>")))
    assert isinstance(error, HttpStatusError)
    assert (error.status, str(error), error.reason) == (status, message, "http_status")


def test_closed_port_is_a_connection_failure(fetcher: Fetcher) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    error = refusal(fetcher, f"http://127.0.0.1:{port}/")
    assert isinstance(error, ConnectionFailed)
    assert str(error) == "could not connect to the site"


def test_unresolvable_host_name_is_a_dns_failure(fetcher: Fetcher) -> None:
    """A 64-letter label cannot be looked up; it fails locally, without a DNS query."""
    error = refusal(fetcher, f"http://{'a' * 64}.example/story")
    assert isinstance(error, DnsFailure)
    assert str(error) == f"the site name {'a' * 64}.example could not be found"


def test_errors_carry_machine_reasons_and_the_url(site: PageServer, fetcher: Fetcher) -> None:
    url = site.add("/gone", Route(status=404))
    error = refusal(fetcher, url)
    assert (error.reason, error.url) == ("http_status", url)
    reasons = {
        cls.reason
        for cls in (
            *(BadUrl, PrivateAddress, FetchTimeout, ConnectionFailed, DnsFailure),
            *(TooManyRedirects, TooLarge, NotAWebPage, HttpStatusError, BadEncoding),
        )
    }
    assert reasons == {
        "bad_url", "private_address", "timeout", "connection", "too_many_redirects",
        "too_large", "not_a_web_page", "http_status", "dns", "bad_encoding",
    }  # fmt: skip


def test_outcomes_are_logged(
    site: PageServer, fetcher: Fetcher, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="bot.fetch")
    fetcher.fetch(site.html("/ok", ARTICLE))
    refusal(fetcher, site.url("/missing"))
    logged = [(r.levelno, r.getMessage()) for r in caplog.records if r.name == "bot.fetch"]
    assert [level for level, _ in logged] == [logging.INFO, logging.WARNING]
    assert logged[0][1].startswith(f"fetched {site.url('/ok')} -> {site.url('/ok')}: 200 text/html")
    assert logged[1][1] == (
        f"could not fetch {site.url('/missing')}: the site answered 404 (not found) [http_status]"
    )


# -- decoding --------------------------------------------------------------------------------


def test_gzip_body_is_decoded(site: PageServer, fetcher: Fetcher) -> None:
    url = site.add("/gz", Route(body=ARTICLE, gzip=True))
    assert fetcher.fetch(url).text == ARTICLE
    assert "gzip" in site.requests_for("/gz")[0].headers["accept-encoding"]


def test_invalid_utf8_is_replaced_not_raised(site: PageServer, fetcher: Fetcher) -> None:
    url = site.add("/bad", Route(body=b"<p>caf\xc3 \xff\xfe ok</p>"))
    text = fetcher.fetch(url).text
    assert text.startswith("<p>caf\ufffd") and text.endswith(" ok</p>")


def test_latin1_header_charset_decodes_as_windows_1252(site: PageServer, fetcher: Fetcher) -> None:
    """Browsers read latin-1 labels as windows-1252; news sites rely on it for curly quotes."""
    body = "<p>Café \u2019quoted\u2019</p>".encode("cp1252")
    url = site.add("/latin", Route(body=body, content_type="text/html; charset=ISO-8859-1"))
    assert fetcher.fetch(url).text == "<p>Café \u2019quoted\u2019</p>"


def test_meta_charset_is_used_when_the_header_has_none(site: PageServer, fetcher: Fetcher) -> None:
    html = '<html><head><meta charset="windows-1252"></head><body>Zoë – “yes”</body></html>'
    url = site.add("/meta", Route(body=html.encode("cp1252"), content_type="text/html"))
    assert fetcher.fetch(url).text == html


def test_header_charset_wins_over_meta_and_utf8_is_the_default() -> None:
    html = '<meta charset="iso-8859-1"><p>Zoë</p>'
    assert decode_body(html.encode("utf-8"), "utf-8") == html
    assert decode_body("<p>Zoë</p>".encode(), None) == "<p>Zoë</p>"


@pytest.mark.parametrize(
    ("body", "header", "expected"),
    [
        (b"\xef\xbb\xbf<p>Zo\xc3\xab</p>", "iso-8859-1", "<p>Zoë</p>"),  # BOM beats the header
        ("<p>Zoë</p>".encode("utf-16"), None, "<p>Zoë</p>"),
        (b'<meta charset="utf-16"><p>Zo\xc3\xab</p>', None, '<meta charset="utf-16"><p>Zoë</p>'),
        (b"<p>Zo\xc3\xab</p>", "no-such-charset", "<p>Zoë</p>"),
        (b"<p>Zo\xc3\xab</p>", "base64", "<p>Zoë</p>"),  # a codec, but not a text encoding
        (b'<?xml version="1.0" encoding="ISO-8859-1"?><p>Zo\xeb</p>', None, None),
    ],
)
def test_decode_body_edge_cases_never_raise(
    body: bytes, header: str | None, expected: str | None
) -> None:
    text = decode_body(body, header)
    if expected is None:
        assert text.endswith("<p>Zoë</p>")
    else:
        assert text == expected


def test_parse_content_type() -> None:
    assert parse_content_type('Text/HTML; Charset="UTF-8"') == ("text/html", "UTF-8")
    assert parse_content_type("text/plain") == ("text/plain", None)
    assert parse_content_type("garbage") == ("", None)
    assert parse_content_type("") == ("", None)


def test_gzip_helper_in_pageserver_really_compresses() -> None:
    """Guards the gzip test above against a server that silently sends plain text."""
    payload = Route(body="x" * 1000, gzip=True).payload()
    assert len(payload) < 100 and gzip.decompress(payload) == b"x" * 1000


def test_user_info_is_never_sent_as_basic_auth_even_after_a_redirect(
    site: PageServer, fetcher: Fetcher, caplog: pytest.LogCaptureFixture
) -> None:
    """httpx turns "name:password@" into an Authorization header; the fetcher drops it, on the
    first request and on a redirect whose Location carries one. The query goes as it was."""
    caplog.set_level(logging.INFO)
    site.html("/story", ARTICLE)
    site.redirect("/hop", f"http://other:pw2@127.0.0.1:{site.port}/story?token=t2")
    url = f"http://name:pw1@127.0.0.1:{site.port}/hop?token=t1"
    page = fetcher.fetch(url)
    assert page.text == ARTICLE
    assert page.url == f"http://127.0.0.1:{site.port}/hop?token=t1"
    assert page.final_url == f"http://127.0.0.1:{site.port}/story?token=t2"
    hop, story = site.requests_for("/hop")[0], site.requests_for("/story")[0]
    assert "authorization" not in hop.headers and "authorization" not in story.headers
    assert (hop.query, story.query) == ("token=t1", "token=t2")
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "token=REDACTED" in logged
    assert not any(secret in logged for secret in ("pw1", "pw2", "token=t1", "token=t2"))

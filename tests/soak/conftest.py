"""Soak fixtures: the fake Slack Web API and a site of synthetic article pages, some of them slow,
failing or huge, with the kind of every page kept for the run's accounting."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest

from tests.fakeslack import FakeSlack
from tests.pageserver import PageServer, Route
from tests.soak.articles import news_article


@dataclass
class Site:
    """The page server and, per page URL, what kind of page it is (normal, slow, failing...)."""

    server: PageServer
    kinds: dict[str, str] = field(default_factory=dict)

    def urls(self) -> list[str]:
        return list(self.kinds)


# kind -> share of the pages. "slow" pages answer within the fetch deadline; "timeout" ones not.
MIX = {"normal": 0.70, "slow": 0.10, "failing": 0.08, "huge": 0.05, "timeout": 0.04, "loop": 0.03}


def build_site(server: PageServer, pages: int, *, fetch_timeout_s: float, seed: int = 7) -> Site:
    rng = random.Random(seed)
    site = Site(server)
    kinds = [k for k, share in MIX.items() for _ in range(max(1, round(share * pages)))]
    kinds = (["normal"] * pages + kinds)[-pages:] if len(kinds) < pages else kinds[:pages]
    rng.shuffle(kinds)
    for i, kind in enumerate(kinds):
        path = f"/{kind}/story-{i}"
        _, html = news_article(seed * 1000 + i, words=rng.randint(250, 900))
        if kind == "normal":
            route = Route(body=html)
        elif kind == "slow":
            route = Route(body=html, delay_s=rng.uniform(0.5, fetch_timeout_s * 0.5))
        elif kind == "failing":
            route = Route(status=rng.choice((404, 410, 500, 503)), body="<h1>no</h1>")
        elif kind == "huge":
            route = Route(body=b"<p>" + b"news " * (1_300_000) + b"</p>", chunked=True)
        elif kind == "timeout":
            route = Route(body=html, delay_s=fetch_timeout_s + 2)
        else:  # a redirect loop
            server.redirect(f"{path}-b", path)
            route = Route(status=302, location=server.url(f"{path}-b"), content_type=None)
        site.kinds[server.add(path, route)] = kind
    return site


@pytest.fixture
def slack() -> Iterator[FakeSlack]:
    with FakeSlack() as fake:
        yield fake


@pytest.fixture
def page_server() -> Iterator[PageServer]:
    with PageServer() as server:
        yield server

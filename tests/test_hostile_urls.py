"""Hostile links, end to end through the real Bolt app, worker, fetcher and archive (SQLite and
PostgreSQL): a page claiming another site's URL, credentials and tokens inside shared URLs.

The page server on 127.0.0.1 stands in for several sites: names under .localhost reach it
without DNS (RFC 6761), and each such name is a site of its own (wire.localhost is not
evil.localhost), as two newsrooms' domains would be.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from bot.cli import main
from bot.nlp.analyze import Analyzer
from bot.store import queries as q
from bot.store.db import make_engine, session_factory
from bot.store.queries.tables import ARTICLE_URLS, ARTICLES, SHARES
from tests.pageserver import PageServer
from tests.slack_harness import Harness, article_html, message_event, running_app
from tests.store.conftest import _postgres_archive, _sqlite_template, database_url
from tests.store.factories import actor, analysis, article, quote

__all__ = ["_postgres_archive", "_sqlite_template", "database_url"]  # fixtures used here

REAL_TITLE = "Council approves bridge repairs"
FAKE_TITLE = "Minister admits bridge fraud"
FAKE_QUOTE = "I took the money and I would do it again"


@pytest.fixture
def harness(database_url: str, analyzer: Analyzer, tmp_path: Path) -> Iterator[Harness]:
    with running_app(tmp_path / "unused.db", analyzer, database_url=database_url) as h:
        yield h


def on_host(h: Harness, host: str, path: str) -> str:
    return f"http://{host}:{h.site.port}{path}"


def in_thread(ts: str) -> Any:
    return lambda c: c.params.get("thread_ts") == ts


def share(h: Harness, url: str, ts: str) -> dict[str, Any]:
    """Share `url` in a message and wait for newsbot's thread reply to it."""
    h.post_event(message_event(f"look <{url}>", ts), event_id=f"Ev{ts}")
    [reply] = h.slack.wait_for("chat.postMessage", where=in_thread(ts), timeout=60)
    h.services.worker.join()
    return reply.params


def impostor_page(claimed: str) -> str:
    """A page on one site that declares another site's article URL as its own."""
    quotes = (
        f"“{FAKE_QUOTE},” Minister Tom Becker said on Tuesday, according to the wire.",
        "“The bridge money went to my friends,” Tom Becker told reporters at the ministry.",
        "The ministry did not answer questions about the contracts, which were signed in "
        "March without a public tender and are now under review by the auditor.",
    )
    body = "".join(f"<p>{p}</p>" for p in quotes)
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{FAKE_TITLE}</title><link rel='canonical' href='{claimed}'>"
        f"<meta property='og:url' content='{claimed}'><meta property='og:type' content='article'>"
        f"</head><body><article><h1>{FAKE_TITLE}</h1>{body}</article></body></html>"
    )


def test_a_page_claiming_another_sites_url_cannot_answer_for_it(harness: Harness) -> None:
    """evil.localhost declares wire.localhost's article as its canonical URL. Its words are kept
    under its own URL only: sharing the wire's URL afterwards fetches the wire's real page."""
    real_url = on_host(harness, "wire.localhost", "/news/bridge-repairs")
    harness.site.html("/news/bridge-repairs", article_html(REAL_TITLE, 300))
    impostor_url = on_host(harness, "evil.localhost", "/copy")
    harness.site.html("/copy", impostor_page(real_url))

    first = share(harness, impostor_url, "1716200000.000100")
    assert FAKE_TITLE in first["text"] and impostor_url in str(first["blocks"])
    assert "wire.localhost" not in str(first)  # neither its link nor its label

    second = share(harness, real_url, "1716200001.000100")
    [fetched] = harness.site.requests_for("/news/bridge-repairs")
    assert fetched.headers["host"] == f"wire.localhost:{harness.site.port}"
    assert REAL_TITLE in second["text"] and FAKE_TITLE not in str(second)
    assert FAKE_QUOTE not in str(second)

    with harness.services.sessions() as session:
        impostor = q.find_article(session=session, url=impostor_url)
        real = q.find_article(session=session, url=real_url)
    assert impostor is not None and real is not None and impostor.id != real.id
    assert (impostor.canonical_url, impostor.title) == (impostor_url, FAKE_TITLE)
    assert (real.canonical_url, real.title) == (real_url, REAL_TITLE)


def test_a_canonical_url_on_the_pages_own_site_still_folds_its_variants(
    harness: Harness,
) -> None:
    """www.wire.localhost/print/7 declares wire.localhost/news/7: the same site, so it is one
    article, and sharing the canonical URL is answered from the archive without a fetch."""
    canonical = on_host(harness, "wire.localhost", "/news/7")
    page = article_html(REAL_TITLE, 300).replace(
        "</head>", f"<link rel='canonical' href='{canonical}'></head>"
    )
    harness.site.html("/print/7", page)
    share(harness, on_host(harness, "www.wire.localhost", "/print/7"), "1716200002.000100")
    again = share(harness, canonical, "1716200003.000100")
    assert REAL_TITLE in again["text"]
    assert harness.site.requests_for("/news/7") == []


def test_the_url_that_redirected_to_an_article_finds_it_again(harness: Harness) -> None:
    """A short link fetched once is remembered with the article it led to, for shares and for
    `/newsbot article` alike: asking again needs no fetch."""
    target = on_host(harness, "wire.localhost", "/news/long-story")
    harness.site.html("/news/long-story", article_html(REAL_TITLE, 300))
    short = harness.site.redirect("/s/abc", target)
    for n in (1, 2):
        harness.post_command(f"article {short}", response_url=harness.slack.response_url())
        answers = harness.slack.wait_for("response_url", n, timeout=60)
        assert REAL_TITLE in answers[-1].params["text"]
    assert len(harness.site.requests_for("/s/abc")) == 1
    assert len(harness.site.requests_for("/news/long-story")) == 1


# -- credentials and tokens inside shared URLs ---------------------------------------------------

SECRETS = ("newsroom:", "s3cret-pw", "tok-123", "sig-456")


def with_credentials(h: Harness, path: str) -> str:
    return f"http://newsroom:s3cret-pw@127.0.0.1:{h.site.port}{path}?id=7&token=tok-123&sig=sig-456"


def assert_no_secrets(text: str) -> None:
    for secret in SECRETS:
        assert secret not in text, f"{secret!r} was shown or logged"


def test_credentials_in_a_shared_link_are_never_sent_logged_stored_or_shown(
    harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    """The page is fetched with its query (a preview token may be what opens it) but without
    the user info, which httpx would send as Basic auth. Nothing logged, shown in Slack or
    kept in the archive carries the password; what is shown carries no token value either."""
    caplog.set_level(logging.INFO)
    harness.site.html("/news/members", article_html(REAL_TITLE, 300))
    url = with_credentials(harness, "/news/members")
    reply = share(harness, url, "1716200010.000100")

    [seen] = harness.site.requests_for("/news/members")
    assert "authorization" not in seen.headers
    assert seen.query == "id=7&token=tok-123&sig=sig-456"
    assert_no_secrets(str(reply))
    assert "token=REDACTED" in str(reply) and "sig=REDACTED" in str(reply)

    answer = harness.post_command("quotes Maria Alvarez", response_url=harness.slack.response_url())
    assert REAL_TITLE in answer.text and "token=REDACTED" in answer.text
    assert_no_secrets(answer.text)

    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert f"127.0.0.1:{harness.site.port}/news/members" in logged  # the fetch was logged
    assert_no_secrets(logged)

    with harness.services.sessions() as session:
        stored = [
            *session.execute(sa.select(SHARES.c.url)).scalars(),
            *session.execute(sa.select(ARTICLES.c.canonical_url)).scalars(),
            *session.execute(sa.select(ARTICLE_URLS.c.url)).scalars(),
        ]
    assert stored and all("s3cret-pw" not in u and "newsroom:" not in u for u in stored)
    # Kept for the next fetch, by decision: the archive holds the query as shared.
    assert any("token=tok-123" in u for u in stored)


def test_a_failing_link_with_credentials_is_answered_without_them(
    harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    reply = share(harness, with_credentials(harness, "/gone"), "1716200011.000100")
    assert "could not read" in reply["text"] and "404" in reply["text"]
    assert "token=REDACTED" in str(reply["blocks"])
    assert_no_secrets(str(reply))
    assert_no_secrets("\n".join(r.getMessage() for r in caplog.records))


def test_the_command_line_shows_archive_urls_redacted(
    database_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    """`newsbot quotes`, `search` and `analyze`, as text and as JSON."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NEWSBOT_DATABASE_URL", database_url)
    monkeypatch.setenv("NEWSBOT_FETCH_ALLOW_PRIVATE", "true")
    url = "https://news.example/story?id=7&token=tok-123&sig=sig-456"
    engine = make_engine(database_url)
    with session_factory(engine)() as session:
        q.store_analysis(
            session=session,
            article=article(url, title="Bridge story"),
            analysis=analysis(
                [actor("Ada Lovelace")], [quote("The bridge will open", "Ada Lovelace")]
            ),
        )
    engine.dispose()
    shown = []
    for argv in (["quotes", "Ada Lovelace"], ["search", "bridge"]):
        for extra in ([], ["--json"]):
            assert main([*argv, *extra]) == 0
            shown.append(capsys.readouterr().out)
    with PageServer() as site:
        site.html("/news/members", article_html(REAL_TITLE, 300))
        secret = f"http://newsroom:s3cret-pw@127.0.0.1:{site.port}/news/members?token=tok-123"
        assert main(["analyze", secret, "--json"]) == 0
        shown.append(capsys.readouterr().out)
        assert "authorization" not in site.requests_for("/news/members")[0].headers
    assert all("token=REDACTED" in out for out in shown), shown
    assert_no_secrets("\n".join(shown))

"""Hostile input at the app's edges: links to private networks shared in Slack, forged, stale and
replayed requests, and article text written to ping a channel or hide a link.

tests/test_fetch.py covers the fetcher's address rules one by one; these tests check the same
rules hold end to end, through the real Bolt endpoint, worker and Slack answer.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from slack_sdk.signature import SignatureVerifier

from bot.fetch import PRIVATE_MESSAGE, Fetcher
from bot.nlp.analyze import Analyzer
from bot.store import queries as q
from bot.store.queries.tables import SHARES
from tests.fakeslack import Call
from tests.slack_harness import (
    CHANNEL,
    SIGNING_SECRET,
    Harness,
    article_html,
    event_body,
    message_event,
    running_app,
    signed_headers,
)

# What a page may carry to make a bot ping everyone, a person, or show a link under a false label.
RAW_CONTROLS = ("<!channel>", "<!here>", "<@U123>", "<https://evil.example|click>")


@pytest.fixture
def harness(tmp_path: Path, analyzer: Analyzer) -> Iterator[Harness]:
    with running_app(tmp_path / "newsbot.db", analyzer) as h:
        yield h


@pytest.fixture
def guarded(tmp_path: Path, analyzer: Analyzer) -> Iterator[Harness]:
    """The app as deployed: NEWSBOT_FETCH_ALLOW_PRIVATE=false, so the page server is off limits."""
    with running_app(tmp_path / "newsbot.db", analyzer, fetcher=Fetcher(allow_private=False)) as h:
        yield h


def in_thread(ts: str) -> Any:
    return lambda c: c.params.get("thread_ts") == ts


def share_rows(h: Harness) -> list[Any]:
    with h.services.sessions() as session:
        return list(
            session.execute(sa.select(SHARES.c.url, SHARES.c.status, SHARES.c.failure_reason)).all()
        )


# -- private networks, end to end ----------------------------------------------------------------


def private_spellings(port: int) -> list[str]:
    """The page server's own address written every way a resolver accepts."""
    return [
        f"http://127.0.0.1:{port}/story",
        f"http://localhost:{port}/story",  # a name that resolves to loopback (/etc/hosts)
        f"http://2130706433:{port}/story",  # decimal
        f"http://0177.0.0.1:{port}/story",  # octal
        f"http://0x7f.1:{port}/story",  # hex, short form
        f"http://[::ffff:127.0.0.1]:{port}/story",  # IPv4-mapped IPv6
        f"http://[::1]:{port}/story",
        f"http://0.0.0.0:{port}/story",
    ]


def test_private_links_shared_in_slack_fail_with_the_reason_and_reach_no_server(
    guarded: Harness,
) -> None:
    guarded.site.html("/story", article_html("Local secrets", 200))
    urls = private_spellings(guarded.site.port)
    for i, url in enumerate(urls):
        ts = f"1715677300.{i:06d}"
        response = guarded.post_event(message_event(f"look <{url}>", ts), event_id=f"EvP{i}")
        assert response.status_code == 200
    replies = guarded.slack.wait_for(
        "chat.postMessage", len(urls), timeout=30, where=lambda c: "thread_ts" in c.params
    )
    guarded.services.worker.join()

    assert guarded.site.requests == []  # not one request reached the page server
    rows = share_rows(guarded)
    assert len(rows) == len(urls)
    assert {row.status for row in rows} == {"failed"}
    assert all(PRIVATE_MESSAGE in (row.failure_reason or "") for row in rows), rows
    for reply in replies:
        assert PRIVATE_MESSAGE in reply.params["text"]
        assert "\n" not in reply.params["text"]  # one line
    reactions = guarded.slack.calls_of("reactions.add")
    assert [r.params["name"] for r in reactions] == ["warning"] * len(urls)


def test_a_public_page_redirecting_to_a_private_address_is_refused_at_the_hop(
    harness: Harness,
) -> None:
    """The local server stands in for a public site (allowed), its redirect for the attack."""
    target = "http://169.254.169.254/latest/meta-data/"  # refused even when private is allowed
    url = harness.site.redirect("/innocent", target)
    ts = "1715677301.000100"
    harness.post_event(message_event(f"<{url}>", ts), event_id="EvRedirect")
    [reply] = harness.slack.wait_for("chat.postMessage", where=in_thread(ts), timeout=30)
    assert "private network" in reply.params["text"] or "metadata" in reply.params["text"]
    assert [r.path for r in harness.site.requests] == ["/innocent"]


# -- signatures -----------------------------------------------------------------------------------


def post_raw(h: Harness, body: str, headers: dict[str, str]) -> int:
    return h.http.post(h.events_url, content=body, headers=headers).status_code


def shares_recorded(h: Harness) -> int:
    return len(share_rows(h))


def link_event_body(h: Harness, ts: str, event_id: str) -> str:
    url = h.site.html("/news/sig", article_html("Signed story", 150))
    return event_body(message_event(f"<{url}>", ts), event_id)


def test_unsigned_request_is_refused(harness: Harness) -> None:
    body = link_event_body(harness, "1715677400.000100", "EvNoSig")
    assert post_raw(harness, body, {"Content-Type": "application/json"}) == 401
    timestamp_only = {"Content-Type": "application/json", "X-Slack-Request-Timestamp": "1"}
    assert post_raw(harness, body, timestamp_only) == 401
    assert shares_recorded(harness) == 0


def test_request_signed_with_another_secret_is_refused(harness: Harness) -> None:
    body = link_event_body(harness, "1715677400.000200", "EvWrongSecret")
    headers = signed_headers(body, secret="not-" + SIGNING_SECRET, content_type="application/json")
    assert post_raw(harness, body, headers) == 401
    assert shares_recorded(harness) == 0


def test_correctly_signed_request_older_than_five_minutes_is_refused(harness: Harness) -> None:
    """A captured request replayed later carries its old timestamp: stale, refused."""
    body = link_event_body(harness, "1715677400.000300", "EvStale")
    for age in (301, 3600):
        stamp = str(int(time.time()) - age)
        signature = SignatureVerifier(SIGNING_SECRET).generate_signature(timestamp=stamp, body=body)
        headers = {
            "Content-Type": "application/json",
            "X-Slack-Request-Timestamp": stamp,
            "X-Slack-Signature": signature or "",
        }
        assert post_raw(harness, body, headers) == 401
    assert shares_recorded(harness) == 0


def test_signature_replayed_on_a_changed_body_is_refused(harness: Harness) -> None:
    body = link_event_body(harness, "1715677400.000400", "EvReplay")
    headers = signed_headers(body, content_type="application/json")
    tampered = body.replace("1715677400.000400", "1715677400.000401")
    assert post_raw(harness, tampered, headers) == 401
    assert shares_recorded(harness) == 0


def test_identical_replay_within_five_minutes_is_refused(harness: Harness) -> None:
    """A captured request sent again inside Bolt's 5-minute window has a valid signature; the
    HTTP layer refuses a signature it has already accepted: one share, one fetch, one reply."""
    ts = "1715677400.000500"
    body = link_event_body(harness, ts, "EvTwice")
    headers = signed_headers(body, content_type="application/json")
    assert [post_raw(harness, body, headers) for _ in range(3)] == [200, 401, 401]
    harness.slack.wait_for("chat.postMessage", where=in_thread(ts), timeout=30)
    harness.services.worker.join()
    assert shares_recorded(harness) == 1
    assert len(harness.slack.calls_of("chat.postMessage")) == 1
    assert len(harness.site.requests_for("/news/sig")) == 1


def test_a_refused_signature_does_not_block_the_genuine_request(harness: Harness) -> None:
    """Bolt refuses a tampered body; its signature is not remembered, so the genuine body with
    the same signature still goes through."""
    ts = "1715677400.000600"
    body = link_event_body(harness, ts, "EvGenuine")
    headers = signed_headers(body, content_type="application/json")
    tampered = body.replace(ts, "1715677400.000601")
    assert post_raw(harness, tampered, headers) == 401
    assert post_raw(harness, body, headers) == 200
    harness.slack.wait_for("chat.postMessage", where=in_thread(ts), timeout=30)
    assert shares_recorded(harness) == 1


def test_forged_slash_command_changes_no_channel_setting(harness: Harness) -> None:
    from urllib.parse import urlencode

    body = urlencode({"command": "/newsbot", "text": "replies off", "channel_id": CHANNEL})
    headers = signed_headers(
        body, secret="forged", content_type="application/x-www-form-urlencoded"
    )
    assert post_raw(harness, body, headers) == 401
    with harness.services.sessions() as session:
        assert q.channel_replies_enabled(session=session, channel=CHANNEL)


# -- article text cannot ping or hide links --------------------------------------------------------


def hostile_page() -> str:
    """A news page whose title, byline and quotes carry Slack control sequences as plain text."""
    from html import escape

    title = escape("<!channel> Bridge closes <@U123> <https://evil.example|click>")
    quotes = [
        "“<!channel> the bridge is closing tonight and <!here> everyone must leave,” "
        "Mayor Tom Becker said on Tuesday.",
        "“Read the plan at <https://evil.example|click> before the vote,” said Senator Maria "
        "Alvarez, the chair of the Senate Commerce Committee.",
        "“Ask <@U123> about the money,” Dr. Aisha Khan, an economist, told reporters.",
        "The council will meet on Thursday to discuss the closure and the repair schedule, "
        "which engineers say could take eighteen months.",
    ]
    body = "".join(f"<p>{escape(p, quote=False)}</p>" for p in quotes)
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{title}</title><meta property='og:title' content='{title}'>"
        "<meta property='og:type' content='article'>"
        f"<meta property='og:site_name' content='{escape('<!everyone> Ledger')}'>"
        f"</head><body><article><h1>{title}</h1>{body}</article></body></html>"
    )


def rendered(call: Call) -> str:
    return f"{call.params.get('text', '')}\n{call.params.get('blocks', '')}"


def assert_no_raw_controls(text: str) -> None:
    for raw in (*RAW_CONTROLS, "<!everyone>"):
        assert raw not in text, f"{raw!r} reached Slack unescaped"


def test_article_text_reaches_slack_escaped_in_the_thread_reply_and_archive_answers(
    harness: Harness,
) -> None:
    url = harness.site.html("/news/hostile", hostile_page())
    ts = "1715677500.000100"
    harness.post_event(message_event(f"<{url}>", ts), event_id="EvHostile")
    [reply] = harness.slack.wait_for("chat.postMessage", where=in_thread(ts), timeout=30)
    harness.services.worker.join()

    text = rendered(reply)
    assert_no_raw_controls(text)
    # The sequences did arrive, escaped: the test would see them had escaping been skipped.
    assert "&lt;!channel&gt;" in text and "&lt;https://evil.example|click&gt;" in text

    for command in ("quotes Tom Becker", "search bridge", "search evil", "actor Maria Alvarez"):
        answer = harness.post_command(command, response_url=harness.slack.response_url())
        assert answer.status_code == 200
        assert_no_raw_controls(answer.text)
        if command.startswith("quotes"):
            assert "&lt;!channel&gt;" in answer.text  # the archive answer did show that quote

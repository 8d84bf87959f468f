"""The whole app end to end: signed requests into the real Bolt HTTP endpoint, the real
slack_sdk client against the fake Slack Web API, articles from a real local web server, a real
SQLite archive and the real spaCy analyzer."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from bot.nlp.analyze import Analyzer
from bot.store import queries as q
from bot.store.db import make_engine, session_factory, upgrade
from bot.store.queries.tables import SHARES
from tests.fakeslack import BOT_ID, BOT_USER_ID, FakeSlack
from tests.pageserver import PageServer, Route
from tests.slack_harness import CHANNEL, Harness, article_html, message_event, running_app

TITLE = "Senate weighs Riverton bridge repairs"


@pytest.fixture
def harness(tmp_path: Path, analyzer: Analyzer) -> Iterator[Harness]:
    with running_app(tmp_path / "newsbot.db", analyzer) as h:
        yield h


def publish(h: Harness, path: str = "/news/bridge", title: str = TITLE) -> str:
    return h.site.html(path, article_html(title, 300))


def in_thread(ts: str):
    return lambda c: c.params.get("thread_ts") == ts


def test_shared_link_ends_in_reaction_and_thread_reply_on_the_message(harness: Harness) -> None:
    url = publish(harness)
    ts = "1715677200.000100"
    response = harness.post_event(message_event(f"worth a read <{url}>", ts), event_id="Ev1")
    assert response.status_code == 200

    [reply] = harness.slack.wait_for("chat.postMessage", where=in_thread(ts), timeout=30)
    [reaction] = harness.slack.wait_for("reactions.add")
    assert reaction.params == {"channel": CHANNEL, "timestamp": ts, "name": "newspaper"}
    assert reply.params["channel"] == CHANNEL
    assert TITLE in reply.params["text"]
    rendered = str(reply.params["blocks"])
    assert "Maria Alvarez" in rendered and "Quotes" in rendered


def test_the_same_event_delivered_three_times_makes_one_share_and_one_reply(
    harness: Harness,
) -> None:
    url = publish(harness)
    ts = "1715677200.000200"
    event = message_event(f"<{url}|the bridge story>", ts)
    for retry in (None, 1, 2):
        assert harness.post_event(event, event_id="EvSame", retry_num=retry).status_code == 200
    harness.slack.wait_for("chat.postMessage", where=in_thread(ts), timeout=30)
    harness.services.worker.join()
    with harness.services.sessions() as session:
        assert q.pending_share_ids(session=session) == []
        shares = session.execute(sa.select(SHARES.c.id)).all()
    assert len(shares) == 1
    assert len(harness.slack.calls_of("chat.postMessage")) == 1
    assert len(harness.slack.calls_of("reactions.add")) == 1
    assert len(harness.site.requests_for("/news/bridge")) == 1


def test_request_with_a_bad_signature_is_refused_and_records_nothing(harness: Harness) -> None:
    url = publish(harness)
    body = json.dumps({"type": "event_callback", "event": {"type": "message", "text": f"<{url}>"}})
    response = harness.http.post(
        harness.events_url,
        content=body,
        headers={
            "Content-Type": "application/json",
            "X-Slack-Request-Timestamp": "1715677200",
            "X-Slack-Signature": "v0=" + "0" * 64,
        },
    )
    assert response.status_code == 401
    with harness.services.sessions() as session:
        assert session.execute(sa.select(SHARES.c.id)).all() == []


def test_bot_messages_and_slack_or_image_links_make_no_share(harness: Harness) -> None:
    url = publish(harness)
    own = message_event(f"<{url}>", "1715677200.000300", user=BOT_USER_ID, bot_id=BOT_ID)
    other_bot = message_event(
        f"<{url}>", "1715677200.000400", bot_id="BOTHER", subtype="bot_message"
    )
    slack_and_image = message_event(
        "<https://acme.slack.com/archives/C1/p1> <https://cdn.example/pic.png>", "1715677200.000500"
    )
    for i, event in enumerate((own, other_bot, slack_and_image)):
        assert harness.post_event(event, event_id=f"EvSkip{i}").status_code == 200
    with harness.services.sessions() as session:
        assert session.execute(sa.select(SHARES.c.id)).all() == []


def test_unreadable_link_gets_a_warning_and_a_one_sentence_reason(harness: Harness) -> None:
    url = harness.site.url("/gone")
    ts = "1715677200.000600"
    harness.post_event(message_event(f"<{url}>", ts), event_id="EvGone")
    [reply] = harness.slack.wait_for("chat.postMessage", where=in_thread(ts), timeout=30)
    [reaction] = harness.slack.wait_for("reactions.add")
    assert reaction.params["name"] == "warning"
    assert reply.params["text"].startswith("I could not read this link: ")
    assert "404" in reply.params["text"]


def test_edit_that_adds_a_link_is_a_share_and_thread_replies_stay_in_their_thread(
    harness: Harness,
) -> None:
    url = publish(harness)
    parent, ts = "1715677200.000700", "1715677200.000800"
    edited = {
        "type": "message",
        "subtype": "message_changed",
        "channel": CHANNEL,
        "channel_type": "channel",
        "hidden": True,
        "ts": "1715677299.000000",
        "message": {"type": "message", "user": "U1", "text": f"fixed: <{url}>", "ts": ts,
                    "thread_ts": parent, "edited": {"user": "U1", "ts": "1715677299.000000"}},
        "previous_message": {"type": "message", "user": "U1", "text": "fixed:", "ts": ts},
    }  # fmt: skip
    harness.post_event(edited, event_id="EvEdit")
    [reply] = harness.slack.wait_for("chat.postMessage", where=in_thread(parent), timeout=30)
    assert TITLE in reply.params["text"]


def test_a_429_from_slack_is_retried_after_retry_after_and_posted_once(harness: Harness) -> None:
    url = publish(harness)
    ts = "1715677200.000900"
    harness.slack.fail_next("chat.postMessage", 1, status=429, retry_after=1)
    harness.post_event(message_event(f"<{url}>", ts), event_id="Ev429")
    [reply] = harness.slack.wait_for("chat.postMessage", where=in_thread(ts), timeout=30)
    [limited] = harness.slack.calls_of("chat.postMessage!429")
    assert reply.at - limited.at >= 1.0
    harness.services.worker.join()
    assert len(harness.slack.calls_of("chat.postMessage")) == 1


def test_article_already_in_the_archive_is_answered_without_fetching(harness: Harness) -> None:
    url = publish(harness)
    first, second = "1715677201.000100", "1715677202.000100"
    harness.post_event(message_event(f"<{url}>", first), event_id="EvA1")
    harness.slack.wait_for("chat.postMessage", where=in_thread(first), timeout=30)
    harness.post_event(
        message_event(f"again <{url}?utm_source=x>", second, channel="COTHER"), event_id="EvA2"
    )
    [reply] = harness.slack.wait_for("chat.postMessage", where=in_thread(second), timeout=30)
    assert reply.params["channel"] == "COTHER"
    assert TITLE in reply.params["text"] and "Maria Alvarez" in str(reply.params["blocks"])
    assert len(harness.site.requests_for("/news/bridge")) == 1


def test_newsbot_quotes_returns_what_was_ingested(harness: Harness) -> None:
    url = publish(harness)
    ts = "1715677203.000100"
    harness.post_event(message_event(f"<{url}>", ts), event_id="EvQ")
    harness.slack.wait_for("chat.postMessage", where=in_thread(ts), timeout=30)
    harness.services.worker.join()

    response = harness.post_command(
        "quotes Maria Alvarez", response_url=harness.slack.response_url()
    )
    assert response.status_code == 200
    body = response.json()
    assert body["response_type"] == "ephemeral"
    rendered = str(body["blocks"])
    assert "Maria Alvarez" in rendered and "bridge" in rendered.lower()
    assert "quotes from" in body["text"]


def test_newsbot_article_acks_at_once_and_answers_privately_through_response_url(
    harness: Harness,
) -> None:
    url = publish(harness, "/news/now")
    response = harness.post_command(f"article {url}", response_url=harness.slack.response_url("a"))
    assert response.status_code == 200 and "Reading" in response.json()["text"]
    [answer] = harness.slack.wait_for("response_url", timeout=30)
    assert answer.params["response_type"] == "ephemeral"
    assert TITLE in answer.params["text"]
    assert harness.slack.calls_of("chat.postMessage") == []  # private: nothing in the channel


def test_replies_off_leaves_only_the_reaction_and_unknown_commands_get_help(
    harness: Harness,
) -> None:
    off = harness.post_command("replies off", response_url=harness.slack.response_url())
    assert "stop replying" in off.json()["text"]
    url = publish(harness)
    ts = "1715677204.000100"
    harness.post_event(message_event(f"<{url}>", ts), event_id="EvOff")
    harness.slack.wait_for("reactions.add", timeout=30)
    harness.services.worker.join()
    assert harness.slack.calls_of("chat.postMessage") == []

    typo = harness.post_command("qoutes Maria", response_url=harness.slack.response_url())
    assert typo.status_code == 200 and "/newsbot quotes" in str(typo.json()["blocks"])


def test_shares_left_pending_by_a_stopped_process_are_answered_at_the_next_start(
    tmp_path: Path, analyzer: Analyzer
) -> None:
    db = tmp_path / "resume.db"
    with FakeSlack() as slack, PageServer() as site:
        url = site.html("/news/left", article_html(TITLE, 300))
        engine = make_engine(f"sqlite:///{db}")
        upgrade(engine)
        with session_factory(engine)() as session:
            # What a process that recorded the share and then stopped leaves behind.
            q.record_share(
                session=session, team=None, channel=CHANNEL, message_ts="1715677300.000100",
                thread_ts=None, user="U1", url=url,
            )  # fmt: skip
        engine.dispose()
        with running_app(db, analyzer, slack=slack, site=site):
            [reply] = slack.wait_for("chat.postMessage", timeout=30)
        assert reply.params["thread_ts"] == "1715677300.000100"
        assert TITLE in reply.params["text"]


def test_the_share_is_recorded_before_the_ack_and_slow_pages_do_not_delay_it(
    harness: Harness,
) -> None:
    url = harness.site.add("/news/slow", Route(body=article_html(TITLE, 300), delay_s=2.0))
    ts = "1715677400.000100"
    started = time.perf_counter()
    response = harness.post_event(message_event(f"<{url}>", ts), event_id="EvSlow")
    acked_after = time.perf_counter() - started
    assert response.status_code == 200 and acked_after < 1.0
    with harness.services.sessions() as session:
        [share_id] = q.pending_share_ids(session=session)
        share = q.get_share(session=session, share_id=share_id)
    assert share is not None and share.message_ts == ts and share.url == url
    harness.slack.wait_for("chat.postMessage", where=in_thread(ts), timeout=30)

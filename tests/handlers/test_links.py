"""handlers.links: which message events become shares and which of their links are articles; a
message with more links than newsbot reads gets one reply about the rest, once; the listener
recording shares for the worker; the share job's reaction and thread reply."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from slack_sdk import WebClient

from bot.fetch import Fetcher
from bot.nlp.analyze import Analyzer
from bot.services import Services
from bot.store import queries as q
from bot.store.db import make_engine, session_factory
from bot.store.queries.tables import SHARES
from bot.worker import WorkerPool
from handlers import links
from handlers.links import (
    MAX_LINKS_PER_MESSAGE,
    is_article_link,
    parse_message_event,
    urls_in_message,
)
from tests import digest_fixtures as fx
from tests.blockkit import assert_valid_blocks
from tests.digest_fixtures import slack_client
from tests.fakeslack import FakeSlack, in_thread
from tests.pageserver import PageServer, Route
from tests.slack_harness import CHANNEL, Harness, article_html, message_event, running_app
from tests.store import factories as f

_sqlite_template = fx._sqlite_template
sqlite_url = fx.sqlite_url
slack = fx.slack

BOT = "UBOT"


def event(text: str, **extra: Any) -> dict[str, Any]:
    base = {"type": "message", "channel": "C1", "channel_type": "channel", "user": "U1"}
    return {**base, "text": text, "ts": "1.000001", **extra}


def test_links_come_from_slack_markup_with_and_without_labels() -> None:
    message = event(
        "see <https://a.example/x?a=1&amp;b=2|the story> and <https://b.example/y> "
        "but not <@U123> or <#C1|news> or <!here>"
    )
    assert urls_in_message(message) == ["https://a.example/x?a=1&b=2", "https://b.example/y"]


def test_unfurl_attachments_add_their_links_once() -> None:
    message = event(
        "<https://a.example/x>",
        attachments=[{"from_url": "https://a.example/x"}, {"original_url": "https://c.example/z"}],
    )
    assert urls_in_message(message) == ["https://a.example/x", "https://c.example/z"]


@pytest.mark.parametrize(
    "url",
    [
        "https://acme.slack.com/archives/C1/p123",
        "https://files.slack.com/files-pri/T1/report.pdf",
        "https://cdn.example/photo.JPG",
        "https://news.example/report.pdf",
        "https://news.example/clip.mp4",
    ],
)
def test_slack_images_and_files_are_not_articles(url: str) -> None:
    assert not is_article_link(url)


def test_an_ordinary_article_is_an_article() -> None:
    assert is_article_link("https://news.example/2024/05/bridge-repairs.html")


def test_plain_message_in_a_channel_is_a_share() -> None:
    parsed = parse_message_event(event("<https://a.example/x>", team="T1"), bot_user_id=BOT)
    assert parsed is not None
    assert (parsed.channel, parsed.ts, parsed.user, parsed.urls) == (
        "C1",
        "1.000001",
        "U1",
        ("https://a.example/x",),
    )
    assert parsed.thread_ts is None


def test_thread_reply_keeps_its_thread() -> None:
    parsed = parse_message_event(event("<https://a.example/x>", thread_ts="0.5"), bot_user_id=BOT)
    assert parsed is not None and parsed.thread_ts == "0.5"


@pytest.mark.parametrize(
    "extra",
    [
        {"user": BOT},
        {"bot_id": "B1"},
        {"subtype": "bot_message", "bot_id": "B2"},
        {"subtype": "channel_join"},
        {"subtype": "message_deleted"},
        {"channel_type": "im"},
    ],
)
def test_bots_ourselves_and_non_messages_are_ignored(extra: dict[str, Any]) -> None:
    assert parse_message_event(event("<https://a.example/x>", **extra), bot_user_id=BOT) is None


def test_edit_adding_a_link_is_read_from_the_edited_message() -> None:
    changed = {
        "type": "message",
        "subtype": "message_changed",
        "channel": "C1",
        "channel_type": "group",
        "ts": "9.0",
        "message": {"type": "message", "user": "U1", "text": "<https://a.example/x>", "ts": "1.5"},
        "previous_message": {"type": "message", "user": "U1", "text": "soon", "ts": "1.5"},
    }
    parsed = parse_message_event(changed, bot_user_id=BOT)
    assert parsed is not None and parsed.ts == "1.5" and parsed.urls == ("https://a.example/x",)


def test_edits_of_bot_messages_are_ignored() -> None:
    changed = {
        "type": "message",
        "subtype": "message_changed",
        "channel": "C1",
        "message": {"type": "message", "bot_id": "B1", "text": "<https://a.example/x>", "ts": "1"},
    }
    assert parse_message_event(changed, bot_user_id=BOT) is None


def test_message_without_links_is_not_a_share() -> None:
    assert parse_message_event(event("no links here, just <@U2>"), bot_user_id=BOT) is None


def test_a_message_is_read_up_to_its_first_ten_links_and_counts_the_rest() -> None:
    links = " ".join(f"<https://news.example/{i}>" for i in range(14))
    parsed = parse_message_event(event(links), bot_user_id=BOT)
    assert parsed is not None
    assert parsed.urls == tuple(f"https://news.example/{i}" for i in range(10))
    assert parsed.unread == 4


# --- through the running app ----------------------------------------------------------------


@pytest.fixture
def harness(tmp_path: Path, analyzer: Analyzer) -> Iterator[Harness]:
    with running_app(tmp_path / "newsbot.db", analyzer) as h:
        yield h


def share_many(h: Harness, count: int) -> str:
    """Message text with `count` links to small articles of the local site."""
    urls = [
        h.site.html(f"/news/{i}", article_html(f"Bridge story number {i}", 120, seed=i))
        for i in range(count)
    ]
    return " ".join(f"<{url}>" for url in urls)


def test_a_message_of_many_links_gets_ten_shares_and_one_reply_about_the_rest_once(
    harness: Harness,
) -> None:
    ts = "1715677200.000100"
    text = share_many(harness, 25)
    harness.post_event(message_event(text, ts), event_id="EvMany")
    harness.post_event(message_event(text, ts), event_id="EvMany", retry_num=1)
    edited = {
        "type": "message",
        "subtype": "message_changed",
        "channel": CHANNEL,
        "channel_type": "channel",
        "hidden": True,
        "ts": "1715677299.000000",
        "message": {"type": "message", "user": "U1", "text": text + " (edited)", "ts": ts,
                    "edited": {"user": "U1", "ts": "1715677299.000000"}},
        "previous_message": {"type": "message", "user": "U1", "text": text, "ts": ts},
    }  # fmt: skip
    harness.post_event(edited, event_id="EvEdited")

    replies = harness.slack.wait_for("chat.postMessage", 11, where=in_thread(ts), timeout=120)
    harness.services.worker.join()
    notice = [r for r in replies if "not read" in r.params["text"]]
    assert [n.params["text"] for n in notice] == [
        "I read the first 10 links of a message: 15 more links were not read (share them in "
        "messages of their own to have them read)."
    ]
    with harness.services.sessions() as session:
        shared = session.execute(sa.select(SHARES.c.url)).scalars().all()
    assert sorted(int(url.rsplit("/", 1)[1]) for url in shared) == list(range(10))
    assert len(harness.slack.calls_of("chat.postMessage")) == MAX_LINKS_PER_MESSAGE + 1
    assert len(harness.site.requests_for("/news/24")) == 0


def test_a_channel_without_replies_reads_ten_links_and_says_nothing_of_the_rest(
    harness: Harness,
) -> None:
    ts = "1715677200.000200"
    with harness.services.sessions() as session:
        q.set_channel_replies(session=session, channel=CHANNEL, enabled=False)
    harness.post_event(message_event(share_many(harness, 12), ts), event_id="EvQuiet")
    harness.slack.wait_for("reactions.add", MAX_LINKS_PER_MESSAGE, timeout=120)
    harness.services.worker.join()
    with harness.services.sessions() as session:
        assert len(session.execute(sa.select(SHARES.c.id)).all()) == MAX_LINKS_PER_MESSAGE
    assert harness.slack.calls_of("chat.postMessage") == []


# -- the listener and the share reply, called directly with the fakes ----------------------------
# A real archive (SQLite), the real slack_sdk client talking to tests.fakeslack, real pages from
# tests.pageserver; no Bolt app and no spaCy: the articles answered here are in the archive
# already, and the unreadable ones fail before any analysis.

ARTICLE_URL = "https://news.example.com/2024/05/bridge"


@pytest.fixture
def services(sqlite_url: str) -> Iterator[Services]:
    engine = make_engine(sqlite_url)
    with Fetcher(allow_private=True, timeout_s=5.0) as fetcher:
        yield Services(
            sessions=session_factory(engine),
            analyzer=None,  # type: ignore[arg-type]  # nothing here reaches the analysis
            fetcher=fetcher,
            worker=WorkerPool(1),
        )
    engine.dispose()


@pytest.fixture
def client(slack: FakeSlack) -> WebClient:
    return slack_client(slack.api_url)


def archived(services: Services, url: str = ARTICLE_URL) -> int:
    """The article at `url` stored with its analysis, as an earlier share would have left it."""
    analysis = f.analysis(
        [f.actor("Maria Alvarez", role="senator", salience=0.9), f.actor("Tom Becker")],
        [f.quote("The bridge will stay open while the crews work on it", "Maria Alvarez")],
    )
    with services.sessions() as session:
        return q.store_analysis(
            session=session, article=f.article(url, title="Bridge stays open"), analysis=analysis
        )


def shared(services: Services, url: str, ts: str = "1715677201.000100") -> int:
    with services.sessions() as session:
        share_id, created = q.record_share(
            session=session, team=None, channel=CHANNEL, message_ts=ts, thread_ts=None,
            user="UREPORTER1", url=url, channel_type="channel",
        )  # fmt: skip
    assert created
    return share_id


def share(services: Services, share_id: int) -> q.ShareView:
    with services.sessions() as session:
        view = q.get_share(session=session, share_id=share_id)
    assert view is not None
    return view


def test_the_listener_records_each_article_link_once_and_hands_it_to_the_worker(
    services: Services,
) -> None:
    submitted: list[int] = []
    services.worker.start(submitted.append)
    message = event(
        "<https://a.example/story> <https://b.example/pic.png> <https://c.example/story>",
        team="T1",
    )
    try:
        links.on_message(message, {"services": services, "bot_user_id": BOT})
        services.worker.join()
        links.on_message(message, {"services": services, "bot_user_id": BOT})  # redelivered
        services.worker.join()
    finally:
        services.worker.stop()
    with services.sessions() as session:
        pending = q.pending_share_ids(session=session)
    assert sorted(submitted) == sorted(pending) and len(pending) == 2
    assert {share(services, i).url for i in pending} == {
        "https://a.example/story",
        "https://c.example/story",
    }
    assert all(share(services, i).status == "pending" for i in pending)


def test_a_share_of_an_archived_article_gets_a_reaction_and_one_valid_thread_reply(
    services: Services, client: WebClient, slack: FakeSlack
) -> None:
    article_id = archived(services)
    share_id = shared(services, ARTICLE_URL + "?utm_source=x")
    links.process_share(share_id, services=services, client=client)

    [reaction] = slack.calls_of("reactions.add")
    assert reaction.params == {
        "channel": CHANNEL, "timestamp": "1715677201.000100", "name": links.ANALYSED_EMOJI
    }  # fmt: skip
    [reply] = slack.calls_of("chat.postMessage")
    assert reply.params["thread_ts"] == "1715677201.000100"
    assert reply.params["metadata"]["event_payload"] == {"share_id": share_id}
    assert "Bridge stays open" in reply.params["text"]
    assert "The bridge will stay open" in str(reply.params["blocks"])
    assert_valid_blocks(reply.params)
    view = share(services, share_id)
    assert (view.status, view.article_id, view.reacted) == ("done", article_id, True)
    assert view.reply_ts is not None


def test_an_unreadable_link_gets_a_warning_and_a_one_sentence_reason(
    services: Services, client: WebClient, slack: FakeSlack
) -> None:
    with PageServer() as site:
        url = site.add("/gone", Route(status=404, body="<html><body>Not here</body></html>"))
        share_id = shared(services, url)
        links.process_share(share_id, services=services, client=client)
    assert slack.calls_of("reactions.add")[0].params["name"] == links.UNREADABLE_EMOJI
    [reply] = slack.calls_of("chat.postMessage")
    assert_valid_blocks(reply.params)
    assert reply.params["text"].startswith("I could not read this link: ")
    view = share(services, share_id)
    assert view.status == "failed" and view.failure_reason and "\n" not in view.failure_reason


def test_with_replies_off_the_share_gets_its_reaction_and_no_reply(
    services: Services, client: WebClient, slack: FakeSlack
) -> None:
    archived(services)
    with services.sessions() as session:
        q.set_channel_replies(session=session, channel=CHANNEL, enabled=False)
    share_id = shared(services, ARTICLE_URL)
    links.process_share(share_id, services=services, client=client)
    assert len(slack.calls_of("reactions.add")) == 1
    assert slack.calls_of("chat.postMessage") == []
    assert share(services, share_id).status == "done"


def test_a_retried_share_finds_its_earlier_reply_past_the_first_page_of_a_busy_thread(
    services: Services, client: WebClient, slack: FakeSlack
) -> None:
    """A process killed after Slack took its reply, before the archive noted it: the next
    attempt reads the whole thread (here 250 other replies first) and posts no second reply."""
    archived(services)
    ts = "1715677201.000100"
    share_id = shared(services, ARTICLE_URL, ts)
    with services.sessions() as session:  # the first attempt, by a process since killed
        q.claim_share(session=session, share_id=share_id, worker_id="gone-host:1")
        q.release_claims(session=session, gone=lambda holder: True)
    for i in range(250):
        client.chat_postMessage(channel=CHANNEL, thread_ts=ts, text=f"busy thread {i}")
    earlier = client.chat_postMessage(
        channel=CHANNEL, thread_ts=ts, text="the reply of the first attempt",
        metadata={"event_type": links.REPLY_EVENT, "event_payload": {"share_id": share_id}},
    )  # fmt: skip
    links.process_share(share_id, services=services, client=client)
    assert len(slack.calls_of("chat.postMessage")) == 251  # nothing posted by the retry
    pages = slack.calls_of("conversations.replies")
    assert len(pages) == 2 and pages[1].params.get("cursor")
    view = share(services, share_id)
    assert (view.status, view.reply_ts, view.attempts) == ("done", earlier["ts"], 2)

"""`/newsbot follow`, `unfollow`, `following` through the real Bolt app and the fake Slack, and
the alert a share of a link sets off: one direct message to each follower, none to the sharer,
none for the same article shared again."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.nlp.analyze import Analyzer
from bot.store import queries as q
from tests.blockkit import assert_valid_blocks
from tests.fakeslack import FakeSlack, dm_channel, thread_reply
from tests.slack_harness import USER, Harness, message_event, running_app
from tests.store.factories import actor, analysis, article, quote

FAN = "UFAN000001"
URL = "https://news.example.com/2024/05/harbour-deal"


@pytest.fixture
def harness(tmp_path: Path, analyzer: Analyzer) -> Iterator[Harness]:
    with running_app(tmp_path / "newsbot.db", analyzer) as h:
        with h.services.sessions() as session:
            item = (
                article(URL, title="The harbour deal"),
                analysis(
                    [actor("Ada Lovelace", role="minister", salience=0.9)],
                    [quote("The harbour deal is the best this city has signed", "Ada Lovelace")],
                ),
            )
            q.store_analyses(session=session, items=[item], public=True)
        yield h


def ask(h: Harness, text: str, *, user: str = FAN) -> str:
    response = h.post_command(text, response_url=h.slack.response_url(), user=user)
    assert response.status_code == 200
    body: dict[str, Any] = response.json()
    assert body["response_type"] == "ephemeral"
    assert_valid_blocks(body)
    return "\n".join(
        e["text"]
        for b in body["blocks"]
        for e in ([b["text"]] if "text" in b else b.get("elements", []))
        if isinstance(e, dict) and "text" in e
    )


def share(h: Harness, n: int, *, user: str = USER) -> None:
    ts = f"1715677200.{n:06d}"
    event = message_event(f"<{URL}>", ts, user=user)
    assert h.post_event(event, event_id=f"EvF{n}").status_code == 200
    thread_reply(h.slack, ts)  # the share is answered: its alerts, if any, come right after


def dms(slack: FakeSlack, user: str) -> list[Any]:
    return [
        c for c in slack.calls_of("chat.postMessage") if c.params.get("channel") == dm_channel(user)
    ]


def test_follow_following_and_unfollow_answer_privately(harness: Harness) -> None:
    assert "You follow no one yet" in ask(harness, "following")
    assert "You now follow *Ada Lovelace*" in ask(harness, "follow ada lovelace")
    assert "You already follow *Ada Lovelace*" in ask(harness, "follow Lovelace")
    listed = ask(harness, "following")
    assert "You follow 1 actor" in listed and "*Ada Lovelace*" in listed
    assert "Did you mean *Ada Lovelace*" in ask(harness, "follow Ada Lovelase")
    assert "Usage: `/newsbot follow NAME`" in ask(harness, "follow")
    assert "You no longer follow *Ada Lovelace*" in ask(harness, "unfollow Ada Lovelace")
    assert "you follow no one yet" in ask(harness, "unfollow Ada Lovelace")
    assert "following" in ask(harness, "help")


def test_a_shared_link_quoting_a_followed_actor_sends_one_dm_however_often_shared(
    harness: Harness,
) -> None:
    ask(harness, "follow Ada Lovelace")
    share(harness, 1)
    [dm] = harness.slack.wait_for(
        "chat.postMessage", where=lambda c: c.params.get("channel") == dm_channel(FAN)
    )
    assert "whom you follow, is quoted in" in str(dm.params["blocks"])
    share(harness, 2)  # shared again: the same article
    share(harness, 3, user="UOTHER0001")
    harness.services.worker.stop()  # every job finished: nothing more can come
    assert len(dms(harness.slack, FAN)) == 1


def test_no_alert_for_a_link_the_follower_shared(harness: Harness) -> None:
    ask(harness, "follow Ada Lovelace")
    share(harness, 1, user=FAN)
    harness.services.worker.stop()
    assert dms(harness.slack, FAN) == []


PLEDGE = "We will rebuild every school in the valley before the winter comes"


def test_said_and_the_first_seen_line_through_slack(harness: Harness) -> None:
    """The same words in a later article: `quotes` says where they were first seen, and
    `said` finds who said them and where first."""
    with harness.services.sessions() as session:
        items = [
            (
                article(f"https://{site}.example/{n}", title=f"Story {n}", site=site.title(),
                        published=f"2024-05-0{n}"),
                analysis([actor("Ada Lovelace")], [quote(PLEDGE, "Ada Lovelace")]),
            )
            for n, site in ((1, "valleypost"), (2, "wire"), (3, "daily"))
        ]  # fmt: skip
        for item in items:  # one at a time: each first seen a moment after the one before
            q.store_analyses(session=session, items=[item], public=True)
    answer = ask(harness, "quotes Ada Lovelace")
    assert "First seen in this article" in answer  # the oldest of the three
    assert answer.count("also in 2 other articles") == 3  # the harbour deal is not one of them
    said = ask(harness, "said rebuild every school in the valley")
    assert "Who said _rebuild every school in the valley_" in said
    assert "*Ada Lovelace*, seen saying it in 3 articles" in said
    assert "Usage: `/newsbot said WORDS`" in ask(harness, "said")
    assert "at least 3 words" in ask(harness, "said every school")

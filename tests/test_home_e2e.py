"""The App Home tab through the real Bolt app and the fake Slack: opening it publishes a view of
the week's most quoted with their weeks and the digests of the person's own channels, built
from what that person may see; the Messages tab publishes nothing; Block Kit validated."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.clock import utc_now
from bot.nlp.analyze import Analyzer
from bot.store import queries as q
from tests.blockkit import assert_valid_view
from tests.fakeslack import BOT_USER_ID
from tests.slack_harness import USER, Harness, running_app
from tests.store.factories import actor, analysis, article, quote
from tests.test_commands_e2e import shown as text_of

PUBLIC, PRIVATE, ELSEWHERE = "CNEWS00001", "GSECRET001", "CSPORTS001"
INSIDER = "UINSIDER01"


@pytest.fixture
def harness(tmp_path: Path, analyzer: Analyzer) -> Iterator[Harness]:
    with running_app(tmp_path / "newsbot.db", analyzer) as h:
        h.slack.add_channel(PUBLIC, private=False, members={USER, INSIDER, BOT_USER_ID})
        h.slack.add_channel(PRIVATE, private=True, members={INSIDER, BOT_USER_ID})
        h.slack.add_channel(ELSEWHERE, private=False, members={INSIDER, BOT_USER_ID})
        yield h


def days_ago(n: int) -> datetime:
    return utc_now() - timedelta(days=n)


def stored(session: Any, url: str, when: datetime, actors: list, quotes: list) -> None:
    """An article the operator ingested, first read `when`."""
    q.store_analyses(
        session=session,
        public=True,
        fetched_at=when,
        items=[(article(url, published=when.date().isoformat()), analysis(actors, quotes))],
    )


def newsroom(h: Harness) -> None:
    """Maria quoted twice this week in public; Tom three times in a private channel's story;
    digests in the public channel and in one the reporter is not in."""
    with h.services.sessions() as session:
        stored(
            session,
            "https://news.example.com/bridge",
            days_ago(1),
            [actor("Maria Alvarez"), actor("Riverton Council", "organization")],
            [
                quote("The bridge must be repaired", "Maria Alvarez"),
                quote("We have the money", "Maria Alvarez", start=40),
                quote("The vote is on Monday", "Riverton Council", start=80),
            ],
        )
        stored(session, "https://news.example.com/old", days_ago(20), [actor("Maria Alvarez")], [])
        url = "https://news.example.com/leak"
        share_id, _ = q.record_share(
            session=session, team=None, channel=PRIVATE, message_ts="1.0", thread_ts=None,
            user=INSIDER, url=url, channel_type="group",
        )  # fmt: skip
        article_id = q.store_analysis(
            session=session,
            article=article(url, published=days_ago(2).date().isoformat()),
            fetched_at=days_ago(2),
            analysis=analysis(
                [actor("Tom Becker")],
                [quote(f"Leak {i}", "Tom Becker", start=30 * i) for i in range(3)],
            ),
        )
        q.mark_share_done(session=session, share_id=share_id, article_id=article_id)
        for channel, at in ((PUBLIC, "08:30"), (ELSEWHERE, "18:00")):
            q.set_digest_subscription(
                session=session, channel=channel, time=at, timezone="Europe/Berlin"
            )


def open_home(h: Harness, user: str, *, tab: str = "home", n: int = 1) -> None:
    event = {
        "type": "app_home_opened",
        "user": user,
        "channel": "DHOME00001",
        "tab": tab,
        "event_ts": f"{time.time():.6f}",
    }
    response = h.post_event(event, event_id=f"Ev{user}{tab}{n}")
    assert response.status_code == 200


def published_view(h: Harness, user: str, n: int = 1) -> dict[str, Any]:
    calls = h.slack.wait_for(
        "views.publish", n, where=lambda c: c.params.get("user_id") == user, timeout=20
    )
    view = calls[-1].params["view"]
    view = json.loads(view) if isinstance(view, str) else view
    assert_valid_view(view)
    assert h.slack.views[user] == view  # the fake took it, as Slack would
    return view


def test_home_shows_the_weeks_most_quoted_with_their_weeks_and_the_persons_digests(
    harness: Harness,
) -> None:
    newsroom(harness)
    open_home(harness, USER)
    shown = text_of(published_view(harness, USER))
    assert "Most quoted this week" in shown
    assert "1. *Maria Alvarez* _(person)_ — 2 quotes · `▁▁▁▁▁█▁█` 2 articles in 8 weeks" in shown
    assert "2. *Riverton Council* _(organization)_ — 1 quote" in shown
    assert "Tom Becker" not in shown and "Leak" not in shown  # a private channel's story
    assert f"<#{PUBLIC}>" in shown and "at *08:30* (Europe/Berlin); next *" in shown
    assert ELSEWHERE not in shown  # a digest of a channel the reporter is not in


def test_home_of_a_private_channels_member_counts_its_stories(harness: Harness) -> None:
    newsroom(harness)
    open_home(harness, INSIDER)
    shown = text_of(published_view(harness, INSIDER))
    assert "1. *Tom Becker* _(person)_ — 3 quotes" in shown
    assert f"<#{PUBLIC}>" in shown and f"<#{ELSEWHERE}>" in shown


def test_an_empty_archive_says_so_and_the_messages_tab_publishes_nothing(
    harness: Harness,
) -> None:
    open_home(harness, USER, tab="messages")
    open_home(harness, USER)
    shown = text_of(published_view(harness, USER))
    assert "No one was quoted in the last 7 days" in shown
    assert "None of your channels gets a digest" in shown
    assert len(harness.slack.calls_of("views.publish")) == 1


def test_when_slack_cannot_say_whose_channels_home_shows_public_stories_only(
    harness: Harness,
) -> None:
    newsroom(harness)
    harness.slack.fail_next("users.conversations", times=5, status=500)
    open_home(harness, INSIDER)
    shown = text_of(published_view(harness, INSIDER))
    assert "Tom Becker" not in shown and "Maria Alvarez" in shown


def test_home_lists_the_latest_quotes_of_the_actors_followed(harness: Harness) -> None:
    newsroom(harness)
    assert "`/newsbot follow NAME`" in text_of_home(harness, USER, 1)
    response = harness.post_command(
        "follow Maria Alvarez", response_url=harness.slack.response_url()
    )
    assert response.status_code == 200
    shown = text_of_home(harness, USER, 2)
    assert "*Latest quotes by the actors you follow* (1 actor)" in shown
    assert shown.index("The bridge must be repaired") < shown.index("We have the money")
    assert "The vote is on Monday" not in shown.split("actors you follow")[1]


def text_of_home(h: Harness, user: str, n: int) -> str:
    open_home(h, user, n=n)
    return text_of(published_view(h, user, n))


def test_opening_home_again_within_minutes_asks_slack_for_the_channels_once(
    harness: Harness,
) -> None:
    newsroom(harness)
    open_home(harness, INSIDER, n=1)
    published_view(harness, INSIDER, 1)
    open_home(harness, INSIDER, n=2)
    shown = text_of(published_view(harness, INSIDER, 2))
    assert "1. *Tom Becker* _(person)_ — 3 quotes" in shown  # still their private channel's
    assert f"<#{ELSEWHERE}>" in shown
    assert len(harness.slack.calls_of("users.conversations")) == 1
    harness.services.channels.ttl = 0  # as if the cache's minutes had passed
    open_home(harness, INSIDER, n=3)
    published_view(harness, INSIDER, 3)
    assert len(harness.slack.calls_of("users.conversations")) == 2


def test_a_failed_channel_lookup_is_not_kept(harness: Harness) -> None:
    newsroom(harness)
    harness.slack.fail_next("users.conversations", times=1, status=500)
    open_home(harness, INSIDER, n=1)
    assert "Tom Becker" not in text_of(published_view(harness, INSIDER, 1))
    open_home(harness, INSIDER, n=2)
    assert "1. *Tom Becker* _(person)_ — 3 quotes" in text_of(published_view(harness, INSIDER, 2))

"""bot/follow_alerts.py: a follower hears of a newly read article that quotes an actor they
follow in one direct message, once per article however often it is shared and by however many
processes, never for their own share, never for an article they may not see, and after a crash
neither lost nor twice."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy import Engine
from sqlmodel import Session

from bot import schedule
from bot.follow_alerts import ALERT_EVENT, Alerter, alert_followers, deliver, resume_stale_alerts
from bot.store import queries as q
from bot.store.db import make_engine, session_factory
from bot.store.queries import alerts as aq
from tests import digest_fixtures as fx
from tests.blockkit import assert_valid_blocks
from tests.digest_fixtures import slack_client
from tests.fakeslack import BOT_USER_ID, Call, FakeSlack, dm_channel
from tests.limits import PROCESS_START_LIMIT_S
from tests.store import factories as f
from tests.store.factories import OUTSIDER, PRIVATE, PUBLIC

_sqlite_template = fx._sqlite_template
sqlite_url = fx.sqlite_url
archive_url = fx.archive_url
fresh_postgres_url = fx.fresh_postgres_url
slack = fx.slack

ROOT = Path(__file__).resolve().parents[1]
NOW = datetime(2024, 5, 2, 9, 0, tzinfo=UTC)
FAN, OTHER_FAN, SHARER = "UFAN000001", "UFAN000002", "USHARER001"
URL = "https://news.example.com/2024/05/harbour"


@pytest.fixture
def engine(archive_url: str) -> Iterator[Engine]:
    engine = make_engine(archive_url)
    yield engine
    engine.dispose()


def alerter(engine: Engine, slack: FakeSlack, owner: str = "bot-a", at: datetime = NOW) -> Alerter:
    return Alerter(session_factory(engine), slack_client(slack.api_url), owner, lambda: at)


def read_share(
    session: Session,
    *,
    channel: str,
    user: str,
    n: int = 1,
    url: str = URL,
    speaker: str = "Ada Lovelace",
) -> int:
    """Article `url` (Ada Lovelace quoted twice, Bo Reyes mentioned) shared and read."""
    article_id = q.store_analysis(
        session=session,
        article=f.article(url, title="The harbour deal", site="Example News"),
        analysis=f.analysis(
            [f.actor("Ada Lovelace", role="minister", salience=0.9), f.actor("Bo Reyes")],
            [
                f.quote("The harbour deal is the best this city has signed in decades", speaker),
                f.quote("We will publish every contract before the vote", speaker, start=90),
            ],
        ),
        fetched_at=NOW,
    )
    share_id, _ = q.record_share(
        session=session, team=None, channel=channel, message_ts=f"1714640000.{n:06d}",
        thread_ts=None, user=user, url=url, shared_at=NOW,
        channel_type="group" if channel.startswith("G") else "channel",
    )  # fmt: skip
    q.mark_share_done(session=session, share_id=share_id, article_id=article_id)
    return article_id


def follow(engine: Engine, user: str, name: str = "Ada Lovelace", viewer=OUTSIDER) -> None:
    with session_factory(engine)() as session:
        assert q.follow(session=session, user=user, name=name, viewer=viewer).changed


def dms(slack: FakeSlack, user: str | None = None) -> list[Call]:
    """The messages posted in direct messages (to `user`, or anyone)."""
    return [
        c
        for c in slack.calls_of("chat.postMessage")
        if str(c.params.get("channel", "")).startswith("D")
        and (user is None or c.params["channel"] == dm_channel(user))
    ]


def alert_rows(engine: Engine) -> list[tuple[str, str]]:
    with engine.connect() as conn:
        rows = conn.execute(sa.select(aq.ALERTS.c.user_id, aq.ALERTS.c.status)).all()
    return sorted((r[0], r[1]) for r in rows)


def test_a_follower_gets_one_dm_with_the_quotes_and_the_link(
    engine: Engine, slack: FakeSlack
) -> None:
    with session_factory(engine)() as session:
        article_id = read_share(session, channel=PUBLIC, user=SHARER)
    follow(engine, FAN)
    assert alert_followers(alerter(engine, slack), article_id) == ["sent"]
    [dm] = dms(slack, FAN)
    assert_valid_blocks(dm.params)
    body = json.dumps(dm.params["blocks"], ensure_ascii=False)
    assert "*Ada Lovelace*, whom you follow, is quoted in" in body
    assert "harbour deal is the best this city has signed in decades" in body
    assert URL in body and "unfollow Ada Lovelace" in body
    assert dm.params["metadata"]["event_type"] == ALERT_EVENT
    assert [c.params["users"] for c in slack.calls_of("conversations.open")] == [FAN]
    assert alert_rows(engine) == [(FAN, "sent")]


def earlier_copy(session: Session, *, channel: str | None, site: str = "Harbour Gazette") -> int:
    """An article read a day before the harbour story, quoting Ada's first words (trimmed of
    their last two): shared in `channel`, or stored by the operator when None."""
    page = f.article("https://gazette.example/ada", title="Ada on the deal", site=site)
    read = f.analysis(
        [f.actor("Ada Lovelace")],
        [f.quote("The harbour deal is the best this city has signed", "Ada Lovelace")],
    )
    if channel is None:
        [article_id] = q.store_analyses(session=session, items=[(page, read)], public=True)
        return article_id
    return f.shared_article(
        session, n=99, channel=channel, private=channel.startswith("G"), page=page,
        fetched_at=NOW - timedelta(days=1), read=read,
    )  # fmt: skip


def dm_text(call: Call) -> str:
    return json.dumps(call.params["blocks"], ensure_ascii=False)


def test_a_quote_seen_before_says_where_it_was_first_seen(engine: Engine, slack: FakeSlack) -> None:
    with session_factory(engine)() as session:
        earlier_copy(session, channel="CPUBLIC002")
        article_id = read_share(session, channel=PUBLIC, user=SHARER)
    follow(engine, FAN)
    assert alert_followers(alerter(engine, slack), article_id) == ["sent"]
    [dm] = dms(slack, FAN)
    assert_valid_blocks(dm.params)
    body = dm_text(dm)
    assert (
        "_First seen in <https://gazette.example/ada|Harbour Gazette> on 1 May 2024, "
        "also in 1 other article._" in body
    )
    assert body.count("First seen") == 1  # the other quote was seen nowhere else


def test_where_a_quote_was_first_seen_never_shows_a_private_share_to_an_outsider(
    engine: Engine, slack: FakeSlack
) -> None:
    slack.add_channel(PRIVATE, private=True, members={BOT_USER_ID, SHARER, OTHER_FAN})
    with session_factory(engine)() as session:
        earlier_copy(session, channel=PRIVATE, site="Secret Source")
        public_id = read_share(session, channel=PUBLIC, user=SHARER)
    follow(engine, FAN)
    follow(engine, OTHER_FAN)
    assert alert_followers(alerter(engine, slack), public_id) == ["sent", "sent"]
    assert "First seen" not in dm_text(dms(slack, FAN)[0])
    # A DM about a public article looks only in public ones, even for a member of the channel.
    assert "First seen" not in dm_text(dms(slack, OTHER_FAN)[0])
    # About an article of the private channel, its member hears where the words came first.
    with session_factory(engine)() as session:
        private_id = read_share(
            session, channel=PRIVATE, user=SHARER, n=2, url="https://x.example/private"
        )
    assert alert_followers(alerter(engine, slack), private_id) == ["sent"]
    latest = dm_text(dms(slack, OTHER_FAN)[-1])
    assert "Secret Source" in latest and "also in 2 other articles" in latest
    assert all("Secret Source" not in dm_text(c) for c in dms(slack, FAN))


def test_sharing_the_article_again_anywhere_sends_nothing_more(
    engine: Engine, slack: FakeSlack
) -> None:
    with session_factory(engine)() as session:
        article_id = read_share(session, channel=PUBLIC, user=SHARER)
    follow(engine, FAN)
    alert_followers(alerter(engine, slack), article_id)
    with session_factory(engine)() as session:
        again = read_share(session, channel="CPUBLIC002", user="UOTHER0001", n=2)
    assert again == article_id
    assert alert_followers(alerter(engine, slack, owner="bot-b"), article_id) == []
    assert len(dms(slack, FAN)) == 1


def test_nobody_hears_of_an_article_they_shared_themselves(
    engine: Engine, slack: FakeSlack
) -> None:
    with session_factory(engine)() as session:
        seed = (f.article("https://x.example/seed"), f.analysis([f.actor("Ada Lovelace")]))
        q.store_analyses(session=session, items=[seed], public=True)  # as `newsbot ingest`
    follow(engine, FAN)
    follow(engine, OTHER_FAN)
    with session_factory(engine)() as session:
        article_id = read_share(session, channel=PUBLIC, user=FAN)
    assert alert_followers(alerter(engine, slack), article_id) == ["sent"]
    assert dms(slack, FAN) == [] and len(dms(slack, OTHER_FAN)) == 1


def test_an_actor_mentioned_but_not_quoted_sends_nothing_and_unfollowing_stops_alerts(
    engine: Engine, slack: FakeSlack
) -> None:
    with session_factory(engine)() as session:
        article_id = read_share(session, channel=PUBLIC, user=SHARER)
    follow(engine, FAN, "Bo Reyes")  # in the article's actors, but says nothing
    assert alert_followers(alerter(engine, slack), article_id) == []
    follow(engine, OTHER_FAN)
    with session_factory(engine)() as session:
        assert q.unfollow(session=session, user=OTHER_FAN, name="Ada Lovelace").changed
    assert alert_followers(alerter(engine, slack), article_id) == []
    assert dms(slack) == []


def test_a_private_share_reaches_only_followers_in_that_channel(
    engine: Engine, slack: FakeSlack
) -> None:
    slack.add_channel(PRIVATE, private=True, members={BOT_USER_ID, SHARER, OTHER_FAN})
    with session_factory(engine)() as session:
        read_share(session, channel=PUBLIC, user=SHARER, url="https://x.example/first", n=1)
    follow(engine, FAN)
    follow(engine, OTHER_FAN)
    with session_factory(engine)() as session:
        article_id = read_share(session, channel=PRIVATE, user=SHARER, n=2)
    [*_] = alert_followers(alerter(engine, slack), article_id)
    assert dms(slack, FAN) == []  # not in the private channel: never told
    assert len(dms(slack, OTHER_FAN)) == 1
    # Shared publicly later, the article is everyone's: the outsider hears of it then, once.
    with session_factory(engine)() as session:
        read_share(session, channel=PUBLIC, user=SHARER, n=3)
    alert_followers(alerter(engine, slack), article_id)
    assert len(dms(slack, FAN)) == 1 and len(dms(slack, OTHER_FAN)) == 1


def test_slack_not_saying_who_is_in_a_private_channel_tells_no_one(
    engine: Engine, slack: FakeSlack
) -> None:
    with session_factory(engine)() as session:
        read_share(session, channel=PUBLIC, user=SHARER, url="https://x.example/first", n=1)
    follow(engine, FAN)
    with session_factory(engine)() as session:
        article_id = read_share(session, channel=PRIVATE, user=SHARER, n=2)
    # The fake does not know the channel: channel_not_found, as for a channel the bot left.
    assert alert_followers(alerter(engine, slack), article_id) == []
    assert dms(slack) == [] and alert_rows(engine) == []


def test_two_processes_reading_shares_of_one_article_send_each_alert_once(
    archive_url: str, slack: FakeSlack, tmp_path: Path
) -> None:
    engine = make_engine(archive_url)
    with session_factory(engine)() as session:
        article_id = read_share(session, channel=PUBLIC, user=SHARER)
        read_share(session, channel="CPUBLIC002", user="UOTHER0001", n=2)
    fans = [f"UFAN{i:06d}" for i in range(8)]
    for fan in fans:
        follow(engine, fan)
    go = tmp_path / "go"

    def start(owner: str) -> subprocess.Popen[str]:
        args = {"db": archive_url, "api": slack.api_url, "owner": owner, "article_id": article_id}
        args |= {"ready": str(tmp_path / owner), "go": str(go)}
        return subprocess.Popen(
            [sys.executable, "-m", "tests.alert_proc", json.dumps(args)],
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            stdout=subprocess.PIPE,
            text=True,
        )

    bots = [start("bot-a"), start("bot-b")]
    deadline = time.monotonic() + PROCESS_START_LIMIT_S
    while not all((tmp_path / o).exists() for o in ("bot-a", "bot-b")):
        assert time.monotonic() < deadline, "the two processes did not start"
        time.sleep(0.05)
    go.touch()  # both loaded and waiting: they claim at the same moment
    outputs = [json.loads(b.communicate(timeout=240)[0]) for b in bots]
    sent = sorted(s for o in outputs for s in o["statuses"])
    assert sent == ["sent"] * len(fans)
    for fan in fans:
        assert len(dms(slack, fan)) == 1, fan
    assert alert_rows(engine) == [(fan, "sent") for fan in fans]
    engine.dispose()


# -- a bot that dies part-way ---------------------------------------------------------------------

LATER = NOW + aq.DEFAULT_LEASE + timedelta(seconds=1)


def claimed_by_dead_bot(engine: Engine) -> int:
    with session_factory(engine)() as session:
        article_id = read_share(session, channel=PUBLIC, user=SHARER)
    follow(engine, FAN)
    with session_factory(engine)() as session:
        audience = aq.alert_audience(session=session, article_id=article_id)
        assert audience is not None
        alert_id = aq.claim_alert(
            session=session, user=FAN, article_id=article_id,
            actor_ids=audience.followers[FAN], owner="dead-bot", now=NOW,
        )  # fmt: skip
    assert alert_id is not None
    return alert_id


def test_an_alert_claimed_by_a_bot_that_died_is_sent_once_after_the_lease(
    engine: Engine, slack: FakeSlack
) -> None:
    claimed_by_dead_bot(engine)
    soon = alerter(engine, slack, owner="bot-b", at=NOW + timedelta(minutes=1))
    assert resume_stale_alerts(soon) == []  # still the dead bot's
    assert resume_stale_alerts(alerter(engine, slack, owner="bot-b", at=LATER)) == ["sent"]
    assert (
        resume_stale_alerts(alerter(engine, slack, owner="bot-c", at=LATER + timedelta(hours=1)))
        == []
    )
    assert len(dms(slack, FAN)) == 1


def test_an_alert_slack_took_but_never_recorded_is_found_not_sent_again(
    engine: Engine, slack: FakeSlack
) -> None:
    alert_id = claimed_by_dead_bot(engine)
    dead = alerter(engine, slack, owner="dead-bot")
    with session_factory(engine)() as session:
        assert aq.start_posting(
            session=session,
            alert_id=alert_id,
            owner="dead-bot",
            dm_channel=dm_channel(FAN),
            now=NOW,
        )
    # The dead bot's post reached Slack; it died before recording the ts.
    dead.client.chat_postMessage(
        channel=dm_channel(FAN), text="Ada Lovelace quoted",
        metadata={"event_type": ALERT_EVENT, "event_payload": {"alert_id": alert_id}},
    )  # fmt: skip
    assert resume_stale_alerts(alerter(engine, slack, owner="bot-b", at=LATER)) == ["found"]
    assert len(dms(slack, FAN)) == 1
    assert alert_rows(engine) == [(FAN, "sent")]


def test_an_alert_marked_posting_that_slack_never_got_is_sent_once(
    engine: Engine, slack: FakeSlack
) -> None:
    alert_id = claimed_by_dead_bot(engine)
    with session_factory(engine)() as session:
        aq.start_posting(
            session=session,
            alert_id=alert_id,
            owner="dead-bot",
            dm_channel=dm_channel(FAN),
            now=NOW,
        )
    assert resume_stale_alerts(alerter(engine, slack, owner="bot-b", at=LATER)) == ["sent"]
    assert len(dms(slack, FAN)) == 1
    # Its holder is bot-b now: the dead bot coming back cannot send it again.
    assert deliver(alerter(engine, slack, owner="dead-bot", at=LATER), alert_id) == "lost"
    assert len(dms(slack, FAN)) == 1


def test_the_share_being_finished_counts_before_it_is_closed(
    engine: Engine, slack: FakeSlack
) -> None:
    """The worker tells followers before it closes the share (so a crash in between leaves the
    share to be done again): that share's channel and sharer count already."""
    slack.add_channel(PRIVATE, private=True, members={BOT_USER_ID, SHARER, OTHER_FAN})
    with session_factory(engine)() as session:
        read_share(session, channel=PUBLIC, user="UOTHER0001", url="https://x.example/first")
    for user in (FAN, OTHER_FAN, SHARER):
        follow(engine, user)
    with session_factory(engine)() as session:
        share_id, _ = q.record_share(
            session=session, team=None, channel=PRIVATE, message_ts="1714640000.000009",
            thread_ts=None, user=SHARER, url=URL, shared_at=NOW, channel_type="group",
        )  # fmt: skip
        article_id = q.store_analysis(
            session=session,
            article=f.article(URL, title="The harbour deal"),
            analysis=f.analysis(
                [f.actor("Ada Lovelace")],
                [f.quote("The harbour deal is the best this city has signed", "Ada Lovelace")],
            ),
            fetched_at=NOW,
        )
    assert alert_followers(alerter(engine, slack), article_id, share_id=share_id) == ["sent"]
    assert len(dms(slack, OTHER_FAN)) == 1  # in the private channel
    assert dms(slack, FAN) == [] and dms(slack, SHARER) == []  # not a member; the sharer


def test_a_restarted_bots_maintenance_sends_the_alert_a_dead_bot_left(
    engine: Engine, slack: FakeSlack
) -> None:
    """What `newsbot run` starts (the scheduler and its minute's maintenance) finishes alerts."""
    claimed_by_dead_bot(engine)
    poster = fx.make_poster(engine, slack, owner="restarted-bot", clock=lambda: LATER)
    schedule.start_scheduler(engine=engine, poster=poster, paused=True)
    try:
        schedule.maintain()
    finally:
        schedule.stop_scheduler()
    assert len(dms(slack, FAN)) == 1
    assert alert_rows(engine) == [(FAN, "sent")]

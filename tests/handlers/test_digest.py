"""`/newsbot digest ...` through the real command listener: subscribe, status, off, now, and
clear answers for times, zones and days it cannot read."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy import Engine

from bot import schedule
from bot.digest_post import post_digest
from bot.services import Services
from bot.store import queries as q
from bot.store.db import make_engine, session_factory
from bot.worker import WorkerPool
from handlers.commands import on_newsbot
from tests import digest_fixtures as fx
from tests.digest_fixtures import CHANNEL, make_poster, parents, share_article
from tests.fakeslack import FakeSlack

_sqlite_template = fx._sqlite_template
sqlite_url = fx.sqlite_url
slack = fx.slack

# Saturday 30 March 2024, noon in London (still GMT; summer time starts tomorrow).
NOW = datetime(2024, 3, 30, 12, 0, tzinfo=UTC)


@pytest.fixture
def engine(sqlite_url: str) -> Iterator[Engine]:
    engine = make_engine(sqlite_url)
    yield engine
    schedule.stop_scheduler()
    engine.dispose()


@pytest.fixture
def services(engine: Engine) -> Services:
    return Services(
        sessions=session_factory(engine),
        analyzer=None,  # type: ignore[arg-type]  # digests never analyse
        fetcher=None,  # type: ignore[arg-type]
        worker=WorkerPool(1),
        clock=lambda: NOW,
    )


def newsbot(services: Services, text: str, channel: str = CHANNEL) -> str:
    """Type `/newsbot TEXT` in `channel`; return the text of the private answer."""
    answers: list[dict[str, Any]] = []
    body = {"text": text, "channel_id": channel, "user_id": "UEDITOR01"}
    on_newsbot(lambda **kw: answers.append(kw), body, {"services": services})
    [answer] = answers
    assert answer["response_type"] == "ephemeral"
    return "\n".join(
        b["text"]["text"] if "text" in b else b["elements"][0]["text"] for b in answer["blocks"]
    )


def start_bot(
    engine: Engine, slack: FakeSlack, default_timezone: str = "UTC"
) -> BackgroundScheduler:
    poster = make_poster(engine, slack, owner="bot", clock=lambda: NOW)
    return schedule.start_scheduler(engine=engine, poster=poster, default_timezone=default_timezone)


def subscription(services: Services) -> q.DigestSubscriptionView | None:
    with services.sessions() as session:
        subs = q.list_digest_subscriptions(session=session, channel=CHANNEL)
    return subs[0] if subs else None


def test_digest_at_subscribes_the_channel_and_schedules_it(
    services: Services, engine: Engine, slack: FakeSlack
) -> None:
    scheduler = start_bot(engine, slack)
    answer = newsbot(services, "digest at 7:00 Europe/London weekdays")
    assert "on weekdays at *07:00* (Europe/London)" in answer
    assert "Next: Mon 1 Apr 07:00." in answer  # local time, summer time by then
    assert subscription(services) == q.DigestSubscriptionView(
        CHANNEL, "07:00", "Europe/London", (0, 1, 2, 3, 4), False, "UEDITOR01"
    )
    job = scheduler.get_job(schedule.job_id(CHANNEL))
    assert job is not None and str(job.trigger.timezone) == "Europe/London"


def test_without_a_zone_the_configured_default_is_used(
    services: Services, engine: Engine, slack: FakeSlack
) -> None:
    start_bot(engine, slack, default_timezone="America/New_York")
    answer = newsbot(services, "digest at 08:15 always")
    assert "every day at *08:15* (America/New_York)" in answer
    assert "A notice is posted even when nothing was shared." in answer
    sub = subscription(services)
    assert sub is not None and sub.notify_empty


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("digest at 24:00", "“24:00” is not a time: use HH:MM"),
        ("digest at 07:00 Europe/Londn", "“Europe/Londn” is not a time zone I know"),
        ("digest at 07:00 someday", "“someday” is not a day"),
        ("digest sometimes", "I don't know `digest sometimes`"),
    ],
)
def test_what_cannot_be_read_gets_a_clear_answer_and_subscribes_nothing(
    services: Services, text: str, says: str
) -> None:
    answer = newsbot(services, text)
    assert says in answer
    assert "/newsbot digest at HH:MM" in answer  # and how to say it
    assert subscription(services) is None


def test_status_tells_the_next_run_in_local_time_and_links_the_last_digest(
    services: Services, engine: Engine, slack: FakeSlack
) -> None:
    assert "This channel has no digest" in newsbot(services, "digest status")
    newsbot(services, "digest at 07:00 Europe/London")
    earlier = datetime(2024, 3, 30, 7, 0, tzinfo=UTC)  # this morning's 07:00 GMT
    with services.sessions() as session:
        share_article(session, 1, shared_at=earlier - timedelta(hours=2))
    poster = make_poster(engine, slack, owner="bot", clock=lambda: NOW)
    outcome = post_digest(poster, channel=CHANNEL, period_end=earlier, timezone="Europe/London")
    answer = newsbot(services, "digest status")
    assert "Next digest: *Sun 31 Mar 07:00* (Europe/London)" in answer
    assert outcome.parent_ts is not None
    assert f"/archives/{CHANNEL}/p{outcome.parent_ts.replace('.', '')}" in answer
    assert "the digest of Saturday 30 March 2024" in answer


def test_digest_off_unsubscribes_and_removes_the_job(
    services: Services, engine: Engine, slack: FakeSlack
) -> None:
    scheduler = start_bot(engine, slack)
    newsbot(services, "digest at 07:00")
    assert "digest is off" in newsbot(services, "digest off")
    assert subscription(services) is None
    assert scheduler.get_job(schedule.job_id(CHANNEL)) is None
    assert "had no digest" in newsbot(services, "digest off")


def test_digest_now_posts_the_window_so_far_into_this_channel(
    services: Services, engine: Engine, slack: FakeSlack
) -> None:
    with services.sessions() as session:
        share_article(session, 1, shared_at=NOW - timedelta(hours=3))
        share_article(session, 2, shared_at=NOW - timedelta(hours=30))  # before the first window
    start_bot(engine, slack)
    assert "Posting the digest" in newsbot(services, "digest now")
    slack.wait_for("chat.postMessage", 3, where=lambda c: c.params.get("channel") == CHANNEL)
    [parent] = parents(slack)
    assert "1 article" in parent.params["text"]

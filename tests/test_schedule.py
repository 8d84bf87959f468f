"""bot/schedule.py: digests fire at the channel's local time across daylight-saving changes, a
bot back inside the grace time posts once, a later one records the run as skipped, and two
schedulers on one database post one digest."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from apscheduler.events import EVENT_JOB_EXECUTED, EVENT_JOB_MISSED, JobEvent
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy import Engine

from bot import schedule
from bot.digest_post import Outcome
from bot.schedule import ScheduleError, latest_fire_time, next_fire_time, parse_schedule
from bot.store import queries as q
from bot.store.db import make_engine, session_factory
from bot.store.queries import digests as dq
from bot.store.queries.tables import SUBSCRIPTIONS
from tests import digest_fixtures as fx
from tests.digest_fixtures import CHANNEL, make_poster, parents, posts, share_article
from tests.fakeslack import FakeSlack
from tests.store import conftest as store_fixtures

fresh_postgres_url = store_fixtures.fresh_postgres_url  # a new, empty PostgreSQL schema

_sqlite_template = fx._sqlite_template
sqlite_url = fx.sqlite_url
slack = fx.slack

ROOT = Path(__file__).resolve().parents[1]
LONDON = ZoneInfo("Europe/London")
# The test's "now": three minutes after the 07:00 digest on the first morning of summer time.
DIGEST_AT = datetime(2024, 3, 31, 7, 0, tzinfo=LONDON)
NOW = DIGEST_AT + timedelta(minutes=3)


def sub(time: str = "07:00", tz: str = "Europe/London", days: tuple[int, ...] = schedule.EVERY_DAY):
    return q.DigestSubscriptionView(CHANNEL, time, tz, days, False, None)


# -- fire times ----------------------------------------------------------------------------------


def _fires(subscription: q.DigestSubscriptionView, start: datetime, n: int) -> list[datetime]:
    out, now = [], start
    for _ in range(n):
        fire = next_fire_time(subscription, now)
        assert fire is not None
        out.append(fire)
        now = fire + timedelta(seconds=1)
    return out


def test_fires_at_seven_local_on_both_sides_of_the_spring_change() -> None:
    fires = _fires(sub(), datetime(2024, 3, 29, 12, tzinfo=UTC), 3)
    assert [(f.day, f.hour, f.minute) for f in fires] == [(30, 7, 0), (31, 7, 0), (1, 7, 0)]
    # 07:00 GMT, then 07:00 BST: an hour earlier in UTC once summer time began.
    assert [f.astimezone(UTC).hour for f in fires] == [7, 6, 6]


def test_fires_at_seven_local_on_both_sides_of_the_autumn_change() -> None:
    fires = _fires(sub(), datetime(2024, 10, 25, 12, tzinfo=UTC), 3)
    assert [(f.day, f.hour) for f in fires] == [(26, 7), (27, 7), (28, 7)]
    assert [f.astimezone(UTC).hour for f in fires] == [6, 7, 7]


def test_fires_only_on_the_chosen_weekdays() -> None:
    friday_noon = datetime(2024, 4, 5, 12, tzinfo=UTC)
    fires = _fires(sub(days=(0, 1, 2, 3, 4)), friday_noon, 2)
    assert [f.strftime("%a %d") for f in fires] == ["Mon 08", "Tue 09"]


def test_latest_fire_time_is_the_last_scheduled_time_not_the_moment_it_ran() -> None:
    assert latest_fire_time(sub(), NOW) == DIGEST_AT
    assert latest_fire_time(sub(), DIGEST_AT) == DIGEST_AT
    yesterday = latest_fire_time(sub(), DIGEST_AT - timedelta(seconds=1))
    assert yesterday == datetime(2024, 3, 30, 7, 0, tzinfo=LONDON)
    # 07:00 GMT to 07:00 BST is 23 hours: the period before the change is an hour short.
    assert DIGEST_AT.astimezone(UTC) - yesterday.astimezone(UTC) == timedelta(hours=23)


# -- parsing `digest at ...` ---------------------------------------------------------------------


def test_schedule_parses_time_zone_weekdays_and_notices() -> None:
    request = parse_schedule("7:30 Europe/Berlin mon-wed,fri always", default_timezone="UTC")
    assert request == schedule.ScheduleRequest("07:30", "Europe/Berlin", (0, 1, 2, 4), True)


def test_schedule_defaults_to_the_configured_zone_every_day_without_notices() -> None:
    request = parse_schedule("18:05", default_timezone="America/New_York")
    assert request == schedule.ScheduleRequest(
        "18:05", "America/New_York", schedule.EVERY_DAY, False
    )


@pytest.mark.parametrize(
    ("args", "says"),
    [
        ("25:00", "is not a time"),
        ("7.30", "is not a time"),
        ("07:60", "is not a time"),
        ("07:00 Mars/Olympus", "is not a time zone"),
        ("07:00 funday", "is not a day"),
        ("", "Say when"),
    ],
)
def test_invalid_times_zones_and_days_get_a_clear_answer(args: str, says: str) -> None:
    with pytest.raises(ScheduleError, match=says):
        parse_schedule(args, default_timezone="UTC")


def test_weekend_ranges_wrap_around_sunday() -> None:
    assert schedule.parse_weekdays("fri-mon") == (0, 4, 5, 6)
    assert schedule.parse_weekdays("weekends tuesday") == (1, 5, 6)


# -- the scheduler on a real database ------------------------------------------------------------


@pytest.fixture
def engine(sqlite_url: str) -> Iterator[Engine]:
    engine = make_engine(sqlite_url)
    yield engine
    schedule.stop_scheduler()
    engine.dispose()


def subscribe_and_seed(engine: Engine, articles: int = 2) -> None:
    with session_factory(engine)() as session:
        q.set_digest_subscription(
            session=session, channel=CHANNEL, time="07:00", timezone="Europe/London",
            weekdays=schedule.EVERY_DAY,
        )  # fmt: skip
        for i in range(1, articles + 1):
            share_article(session, i, shared_at=DIGEST_AT - timedelta(hours=i))


def start(
    engine: Engine, slack: FakeSlack, *, grace: timedelta, due: timedelta
) -> BackgroundScheduler:
    """A bot (re)starting at NOW whose digest job was due `due` ago by the scheduler's clock."""
    poster = make_poster(engine, slack, owner=f"bot-{id(engine)}", clock=lambda: NOW)
    scheduler = schedule.start_scheduler(engine=engine, poster=poster, grace=grace, paused=True)
    scheduler.modify_job(schedule.job_id(CHANNEL), next_run_time=datetime.now(UTC) - due)
    return scheduler


def run_once(scheduler: BackgroundScheduler, code: int) -> JobEvent:
    """Resume the scheduler and wait for the digest job's event `code`."""
    seen: list[JobEvent] = []
    done = threading.Event()

    def listen(event: JobEvent) -> None:
        if event.job_id == schedule.job_id(CHANNEL):
            seen.append(event)
            done.set()

    scheduler.add_listener(listen, code)
    scheduler.resume()
    assert done.wait(120), "the digest job never ran"  # returns as soon as it has run
    return seen[0]


def test_a_bot_back_inside_the_grace_time_posts_the_digest_once(
    engine: Engine, slack: FakeSlack
) -> None:
    subscribe_and_seed(engine)
    event = run_once(
        start(engine, slack, grace=timedelta(hours=1), due=timedelta(minutes=3)), EVENT_JOB_EXECUTED
    )
    outcome: Outcome = event.retval
    assert outcome.status == "done" and outcome.posted == 4
    schedule.stop_scheduler()

    # Restarting again (the job due again by the scheduler's clock) posts nothing new.
    event = run_once(
        start(engine, slack, grace=timedelta(hours=1), due=timedelta(minutes=1)), EVENT_JOB_EXECUTED
    )
    assert event.retval.status == "taken"
    assert len(parents(slack)) == 1 and len(posts(slack)) == 4
    with session_factory(engine)() as session:
        run = dq.last_posted_run(session=session, channel=CHANNEL)
    assert run is not None and run.period_end == DIGEST_AT
    assert [c.params.get("thread_ts") for c in posts(slack)[1:]] == [run.parent_ts] * 3


def test_a_bot_back_after_the_grace_time_records_the_run_as_skipped(
    engine: Engine, slack: FakeSlack
) -> None:
    subscribe_and_seed(engine)
    scheduler = start(engine, slack, grace=timedelta(minutes=5), due=timedelta(hours=2))
    run_once(scheduler, EVENT_JOB_MISSED)
    schedule.stop_scheduler()
    assert posts(slack) == []
    with session_factory(engine)() as session:
        rows = session.execute(sa.select(dq.RUNS.c.status, dq.RUNS.c.period_end)).all()
        assert [status for status, _ in rows] == ["skipped"]
        # A skipped run is no digest: the next one still covers its articles.
        assert (
            dq.previous_end(session=session, channel=CHANNEL, before=NOW + timedelta(days=9))
            is None
        )


def test_two_bot_processes_with_one_database_post_one_digest(
    sqlite_url: str, slack: FakeSlack
) -> None:
    engine = make_engine(sqlite_url)
    subscribe_and_seed(engine, articles=3)
    engine.dispose()
    procs = []
    for owner in ("bot-one", "bot-two"):
        args = {"db": sqlite_url, "api": slack.api_url, "owner": owner, "now": NOW.isoformat(),
                "channel": CHANNEL}  # fmt: skip
        procs.append(
            subprocess.Popen(
                [sys.executable, "-m", "tests.digest_proc", "schedule", json.dumps(args)],
                cwd=ROOT,
                env={**os.environ, "PYTHONPATH": str(ROOT)},
                stdout=subprocess.PIPE,
                text=True,
            )
        )
    results = [json.loads(p.communicate(timeout=120)[0].strip().splitlines()[-1]) for p in procs]
    assert [r["status"] for r in results] == ["done", "done"]
    assert len(parents(slack)) == 1
    assert len(posts(slack)) == 5  # parent, three articles, who said what


def test_jobs_persist_in_the_database_with_the_channels_zone_and_misfire_settings(
    engine: Engine, slack: FakeSlack
) -> None:
    subscribe_and_seed(engine, articles=0)
    poster = make_poster(engine, slack, owner="a", clock=lambda: NOW)
    schedule.start_scheduler(engine=engine, poster=poster, grace=timedelta(minutes=45), paused=True)
    schedule.stop_scheduler()
    store = SQLAlchemyJobStore(engine=engine, tablename=schedule.JOBS_TABLE)
    store.start(BackgroundScheduler(), "default")
    job = store.lookup_job(schedule.job_id(CHANNEL))
    assert job is not None
    assert job.func is schedule.run_digest and job.args == (CHANNEL,)
    assert str(job.trigger.timezone) == "Europe/London"
    assert job.coalesce is True and job.misfire_grace_time == 45 * 60


def test_jobs_follow_subscriptions_another_process_changed(
    engine: Engine, slack: FakeSlack
) -> None:
    poster = make_poster(engine, slack, owner="a", clock=lambda: NOW)
    scheduler = schedule.start_scheduler(engine=engine, poster=poster, paused=True)
    assert scheduler.get_job(schedule.job_id(CHANNEL)) is None
    subscribe_and_seed(engine, articles=0)  # written by "another process"
    schedule.sync_jobs(scheduler)
    job = scheduler.get_job(schedule.job_id(CHANNEL))
    assert job is not None and str(job.trigger.fields[5]) == "7"  # hour
    with session_factory(engine)() as session:
        q.remove_digest_subscription(session=session, channel=CHANNEL)
    schedule.sync_jobs(scheduler)
    assert scheduler.get_job(schedule.job_id(CHANNEL)) is None


# -- restarts: a due run is neither dropped nor posted twice -------------------------------------


def schedule_set_at(engine: Engine, at: datetime) -> None:
    """As if the channel had subscribed at `at` by the test's clock (the row has the wall clock)."""
    with engine.begin() as conn:
        conn.execute(sa.update(SUBSCRIPTIONS).values(created_at=at, updated_at=at))


def restart(
    engine: Engine, slack: FakeSlack, *, at: datetime, grace: timedelta = timedelta(hours=1)
) -> BackgroundScheduler:
    """A bot process starting (paused) at `at` by its clock, on the same database."""
    poster = make_poster(engine, slack, owner=f"bot-{at.isoformat()}", clock=lambda: at)
    return schedule.start_scheduler(engine=engine, poster=poster, grace=grace, paused=True)


def lost_in_the_queue(scheduler: BackgroundScheduler) -> None:
    """What a process killed with the 07:00 run queued leaves behind: APScheduler moves the stored
    next run time on when it hands a due run to its thread pool (BaseScheduler._process_jobs),
    before a worker starts it, so the store says the next run is tomorrow and no DigestRun
    exists."""
    job = scheduler.get_job(schedule.job_id(CHANNEL))
    assert job is not None
    tomorrow = job.trigger.get_next_fire_time(None, datetime.now(UTC) + timedelta(hours=1))
    scheduler.modify_job(schedule.job_id(CHANNEL), next_run_time=tomorrow)


def run_statuses(engine: Engine) -> list[tuple[str, datetime]]:
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(sa.select(dq.RUNS.c.status, dq.RUNS.c.period_end))]


def wait_for_run(engine: Engine, status: str) -> None:
    deadline = datetime.now(UTC) + timedelta(seconds=20)
    while status not in [s for s, _ in run_statuses(engine)]:
        assert datetime.now(UTC) < deadline, f"no {status} run: {run_statuses(engine)}"
        threading.Event().wait(0.05)


def test_a_restart_leaves_the_stored_due_run_time_alone_so_the_due_digest_posts_once(
    engine: Engine, slack: FakeSlack
) -> None:
    """Down from 06:59 to 07:10: neither the start nor the maintenance re-adds the job (which
    would move its next run past 07:00), so APScheduler runs the 07:00 digest once."""
    subscribe_and_seed(engine)
    schedule_set_at(engine, DIGEST_AT - timedelta(days=1))
    first = start(engine, slack, grace=timedelta(hours=1), due=timedelta(minutes=10))
    due_job = first.get_job(schedule.job_id(CHANNEL))
    assert due_job is not None
    stored = due_job.next_run_time  # 07:00, due
    schedule.stop_scheduler()  # down before the scheduler got to it

    scheduler = restart(engine, slack, at=DIGEST_AT + timedelta(minutes=10))
    schedule.maintain()
    job = scheduler.get_job(schedule.job_id(CHANNEL))
    assert job is not None and abs(job.next_run_time - stored) < timedelta(seconds=1)
    # The stored run time is by APScheduler's clock (today) and the digest's by the test's (in
    # 2024), so catch-up also finds it owed and queues it beside the job, which a real clock
    # would not; whichever claims the DigestRun first posts, the other finds it taken.
    event = run_once(scheduler, EVENT_JOB_EXECUTED)
    assert event.retval.status in ("done", "taken")
    wait_for_run(engine, "done")
    schedule.stop_scheduler()
    assert len(parents(slack)) == 1 and len(posts(slack)) == 4
    assert run_statuses(engine) == [("done", DIGEST_AT.astimezone(UTC))]


def test_a_digest_lost_in_the_killed_process_queue_is_posted_once_after_the_restart(
    engine: Engine, slack: FakeSlack
) -> None:
    subscribe_and_seed(engine)
    schedule_set_at(engine, DIGEST_AT - timedelta(days=1))
    lost_in_the_queue(restart(engine, slack, at=DIGEST_AT - timedelta(minutes=1)))
    schedule.stop_scheduler()  # SIGKILL: nothing of that process's queue survives

    at = DIGEST_AT + timedelta(minutes=10)
    scheduler = restart(engine, slack, at=at)
    scheduler.resume()
    wait_for_run(engine, "done")
    schedule.maintain()  # maintenance finds nothing owed any more
    schedule.stop_scheduler()
    restart(engine, slack, at=at + timedelta(minutes=1)).resume()  # nor does another restart
    schedule.stop_scheduler()
    assert len(parents(slack)) == 1 and len(posts(slack)) == 4
    assert run_statuses(engine) == [("done", DIGEST_AT.astimezone(UTC))]


def test_a_digest_lost_in_the_queue_and_past_the_grace_time_is_recorded_as_skipped(
    engine: Engine, slack: FakeSlack
) -> None:
    subscribe_and_seed(engine)
    schedule_set_at(engine, DIGEST_AT - timedelta(days=1))
    lost_in_the_queue(restart(engine, slack, at=DIGEST_AT - timedelta(minutes=1)))
    schedule.stop_scheduler()

    restart(engine, slack, at=DIGEST_AT + timedelta(minutes=61)).resume()
    schedule.maintain()
    schedule.stop_scheduler()
    assert posts(slack) == []
    assert run_statuses(engine) == [("skipped", DIGEST_AT.astimezone(UTC))]


def test_no_catch_up_for_a_time_before_the_schedule_was_set(
    engine: Engine, slack: FakeSlack
) -> None:
    """Subscribing at 07:05 for 07:00 owes nothing until tomorrow, posted or skipped."""
    subscribe_and_seed(engine)
    schedule_set_at(engine, DIGEST_AT + timedelta(minutes=5))
    scheduler = restart(engine, slack, at=DIGEST_AT + timedelta(minutes=10))
    assert schedule.catch_up(scheduler) == []
    schedule.stop_scheduler()
    assert posts(slack) == [] and run_statuses(engine) == []


@pytest.mark.postgres
def test_the_job_table_created_by_another_process_at_the_same_moment_is_no_error(
    fresh_postgres_url: str,
) -> None:
    """Two replicas starting together on PostgreSQL both find no job table and both create it:
    the one that loses gets a unique violation, which means the table exists, not a failure."""
    engine = make_engine(fresh_postgres_url)
    try:
        store = SQLAlchemyJobStore(engine=engine, tablename=schedule.JOBS_TABLE)
        with engine.connect() as other:  # "another process", its transaction still open
            other.begin()
            store.jobs_t.create(other, checkfirst=True)
            errors: list[BaseException] = []

            def create() -> None:
                try:
                    schedule._create_jobs_table(engine, store)
                except BaseException as exc:
                    errors.append(exc)

            worker = threading.Thread(target=create)
            worker.start()
            time.sleep(0.5)  # the second CREATE now waits on the first one's transaction
            other.commit()
        worker.join(30)
        assert not worker.is_alive() and errors == []
        assert sa.inspect(engine).has_table(schedule.JOBS_TABLE)
    finally:
        engine.dispose()

"""APScheduler wiring: one cron job per digest subscription, and the digest job itself.

The scheduler is an APScheduler 3 BackgroundScheduler in the bot process whose jobs live in a
SQLAlchemyJobStore in newsbot's own database, so they survive restarts. Each subscription is one
cron job with the id `digest:<channel>`, in the channel's time zone (CronTrigger follows its
daylight-saving changes), coalescing missed runs into one, with a misfire grace time: a bot that
was down at digest time posts once when it is back within the grace time; later than that,
APScheduler reports the run as missed and it is recorded as skipped.

The job store alone does not keep that promise: APScheduler moves a job's stored next run time on
the moment it hands the due run to its thread pool, before a worker starts it, so a process killed
with runs still queued (twenty channels due at once, four workers) leaves them neither in the job
store nor in the database. So at start and in the minutely maintenance `catch_up` treats the
database as the record: a channel's latest scheduled time, after its schedule was set, that the
scheduler has moved past and that has no DigestRun is posted within the grace time and recorded as
skipped after it.

Why a module-level registry: the job store pickles each job as a reference to a module-level
function plus its arguments. A database session factory or a Slack WebClient cannot be pickled,
and must not be (a token would land in the jobs table), so jobs take only the channel id and find
the session factory and client in `_context`, which `start_scheduler` sets in this process.

Exactly-once is not the scheduler's job: two processes sharing the job store may both fire the
same run. bot.digest_post claims each run in the database before anything is posted.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from apscheduler.events import EVENT_JOB_MISSED, JobExecutionEvent
from apscheduler.job import Job
from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from slack_sdk.errors import SlackApiError
from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError, ProgrammingError
from sqlmodel import Session

from bot.clock import utc_now
from bot.digest import window
from bot.digest_post import Outcome, Poster, post_digest, resume_stale_runs
from bot.follow_alerts import Alerter, resume_stale_alerts
from bot.store import queries as q
from bot.store.db import SCHEDULER_JOBS_TABLE, writer_connection
from bot.store.queries import digests as dq

logger = logging.getLogger(__name__)

JOB_PREFIX = "digest:"
CATCH_UP_PREFIX = "digest-catch-up:"
# Catch-up jobs are derived from the database at every start, so they need no persisting.
VOLATILE = "memory"
MAINTENANCE_JOB = "digest-maintenance"
JOBS_TABLE = SCHEDULER_JOBS_TABLE
DEFAULT_GRACE = timedelta(hours=1)
MAINTENANCE_EVERY = timedelta(minutes=1)
DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
FULL_DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
EVERY_DAY = tuple(range(7))


@dataclass(frozen=True)
class DigestContext:
    """What digest jobs use in this process: how to post, and the default time zone."""

    poster: Poster
    default_timezone: str = "UTC"
    grace: timedelta = DEFAULT_GRACE


_context: DigestContext | None = None
_scheduler: BackgroundScheduler | None = None
# Held while the subscriptions are read or changed together with the jobs, so the minutely sync
# cannot re-add the job of a subscription that `digest off` removed between its read and write.
_jobs_lock = threading.RLock()
# How many digest jobs are running in this process, so that stopping can wait for them.
_running = 0
_idle = threading.Condition()
# Channels with a catch-up queued or running in this process, so maintenance queues it once.
_catching_up: set[str] = set()
_catching_up_lock = threading.Lock()


@contextmanager
def _counted() -> Iterator[None]:
    global _running
    with _idle:
        _running += 1
    try:
        yield
    finally:
        with _idle:
            _running -= 1
            _idle.notify_all()


def context() -> DigestContext:
    if _context is None:
        raise RuntimeError("the digest scheduler has not been started in this process")
    return _context


def default_timezone() -> str:
    return _context.default_timezone if _context is not None else "UTC"


# -- times ---------------------------------------------------------------------------------------


def cron_trigger(sub: q.DigestSubscriptionView) -> CronTrigger:
    """The subscription's schedule: HH:MM local time on its weekdays, in its time zone."""
    hour, minute = (int(part) for part in sub.time.split(":"))
    days = ",".join(DAY_NAMES[d] for d in sorted(sub.weekdays or EVERY_DAY))
    return CronTrigger(
        day_of_week=days, hour=hour, minute=minute, second=0, timezone=ZoneInfo(sub.timezone)
    )


def next_fire_time(sub: q.DigestSubscriptionView, now: datetime) -> datetime | None:
    """When the subscription next fires after `now`, in the channel's time zone."""
    return cron_trigger(sub).get_next_fire_time(None, now)


def latest_fire_time(sub: q.DigestSubscriptionView, at: datetime) -> datetime | None:
    """The subscription's last scheduled time at or before `at` (None within its first week).

    A job that runs late (after a restart inside the grace time) still posts the digest of the
    time it was scheduled for, the same period in every process.
    """
    trigger = cron_trigger(sub)
    latest = None
    fire = trigger.get_next_fire_time(None, at - timedelta(days=8))
    while fire is not None and fire <= at:
        latest = fire
        fire = trigger.get_next_fire_time(fire, fire + timedelta(seconds=1))
    return latest


# -- the jobs (module-level and taking plain arguments, so the job store can persist them) -------


def _subscription(channel: str) -> q.DigestSubscriptionView | None:
    with context().poster.sessions() as session:
        subs = q.list_digest_subscriptions(session=session, channel=channel)
    return subs[0] if subs else None


def run_digest(channel: str) -> Outcome | None:
    """The cron job: post `channel`'s digest for its latest scheduled time."""
    with _counted():
        return _run_digest(channel)


def _run_digest(channel: str) -> Outcome | None:
    ctx = context()
    sub = _subscription(channel)
    if sub is None:
        logger.warning("digest job for %s has no subscription; removing it", channel)
        unschedule_channel(channel)
        return None
    period_end = latest_fire_time(sub, ctx.poster.clock())
    if period_end is None:
        return None
    return _post_scheduled(ctx, sub, period_end)


def _post_scheduled(ctx: DigestContext, sub: q.DigestSubscriptionView, fire: datetime) -> Outcome:
    return post_digest(
        ctx.poster,
        channel=sub.channel,
        period_end=fire.astimezone(UTC),
        timezone=sub.timezone,
        notify_empty=sub.notify_empty,
    )


def catch_up_digest(channel: str, fire_iso: str) -> Outcome | None:
    """The catch-up job: post the digest scheduled at `fire_iso` that no run was left for."""
    with _counted():
        try:
            ctx = context()
            sub = _subscription(channel)
            fire = datetime.fromisoformat(fire_iso)
            now = ctx.poster.clock()
            if sub is None or latest_fire_time(sub, now) != fire:
                return None  # unsubscribed or rescheduled since, or a later run is due by now
            if now - fire > ctx.grace:  # it waited in the queue past the grace time
                _record_skipped(channel, fire)
                return None
            return _post_scheduled(ctx, sub, fire)
        finally:
            with _catching_up_lock:
                _catching_up.discard(channel)


def run_digest_now(channel: str, period_end_iso: str) -> Outcome:
    """`digest now`: the digest of `channel` up to the moment it was asked for."""
    with _counted():
        sub = _subscription(channel)
        timezone = sub.timezone if sub else default_timezone()
        return post_digest(
            context().poster,
            channel=channel,
            period_end=datetime.fromisoformat(period_end_iso),
            timezone=timezone,
            notify_empty=True,
        )


def maintain() -> None:
    """Every minute: finish the digest runs and follow alerts a dead process left, and match
    jobs to subscriptions (which another process may have changed)."""
    with _counted():
        try:
            resume_stale_runs(context().poster)
        except Exception:
            logger.exception("resuming unfinished digests failed")
        try:
            poster = context().poster
            resume_stale_alerts(Alerter(poster.sessions, poster.client, poster.owner, poster.clock))
        except Exception:
            logger.exception("resuming unsent follow alerts failed")
        scheduler = _scheduler
        if scheduler is not None:
            sync_jobs(scheduler)
            _catch_up_logged(scheduler)


def _on_missed(event: JobExecutionEvent) -> None:
    """A digest later than its grace time is not posted; it is recorded as skipped."""
    if not event.job_id.startswith(JOB_PREFIX):
        return
    channel = event.job_id.removeprefix(JOB_PREFIX)
    scheduled = event.scheduled_run_time
    try:
        sub = _subscription(channel)
    except Exception:
        logger.exception("reading the subscription of %s failed", channel)
        sub = None
    _record_skipped(channel, (latest_fire_time(sub, scheduled) if sub else None) or scheduled)


def _record_skipped(channel: str, fire: datetime) -> None:
    """Record the digest scheduled at `fire` as skipped (a no-op if the period has a run)."""
    try:
        period_end = fire.astimezone(UTC)
        poster = context().poster
        with poster.sessions() as session:
            previous = dq.previous_end(session=session, channel=channel, before=period_end)
            start, end = window(period_end, previous)
            dq.record_skipped(
                session=session,
                channel=channel,
                period_start=start,
                period_end=end,
                now=poster.clock(),
            )
        logger.warning("digest of %s for %s skipped: past the grace time", channel, end)
    except Exception:
        logger.exception("recording the skipped digest of %s failed", channel)


# -- the scheduler -------------------------------------------------------------------------------


def job_id(channel: str) -> str:
    return f"{JOB_PREFIX}{channel}"


def schedule_channel(scheduler: BackgroundScheduler, sub: q.DigestSubscriptionView) -> None:
    """Add or replace the subscription's cron job."""
    scheduler.add_job(
        run_digest,
        trigger=cron_trigger(sub),
        args=[sub.channel],
        id=job_id(sub.channel),
        name=f"digest of {sub.channel}",
        replace_existing=True,
        coalesce=True,
        max_instances=1,
        misfire_grace_time=int(context().grace.total_seconds()),
    )


def unschedule_channel(channel: str) -> None:
    scheduler = _scheduler
    if scheduler is not None and scheduler.get_job(job_id(channel)) is not None:
        scheduler.remove_job(job_id(channel))


def _same_schedule(a: CronTrigger, b: CronTrigger) -> bool:
    return (str(a), str(a.timezone)) == (str(b), str(b.timezone))


def sync_jobs(scheduler: BackgroundScheduler) -> None:
    """One job per subscription in the database, no more, each on the subscription's schedule.

    Jobs already on the right schedule are left alone, so a run that is due is not lost.
    """
    with _jobs_lock:
        with context().poster.sessions() as session:
            subs = {s.channel: s for s in q.list_digest_subscriptions(session=session)}
        jobs = {j.id: j for j in scheduler.get_jobs() if j.id.startswith(JOB_PREFIX)}
        for channel, sub in subs.items():
            _ensure_job(scheduler, sub, jobs.pop(job_id(channel), None))
        for stale in jobs:
            scheduler.remove_job(stale)


def _ensure_job(
    scheduler: BackgroundScheduler, sub: q.DigestSubscriptionView, job: Job | None
) -> None:
    """Schedule the subscription unless its job is on that schedule already (whose stored next
    run time, possibly due, must survive)."""
    if job is None or not _same_schedule(job.trigger, cron_trigger(sub)):
        schedule_channel(scheduler, sub)


def catch_up(scheduler: BackgroundScheduler) -> list[tuple[str, datetime]]:
    """Post (or record as skipped) each channel's latest scheduled digest that the scheduler has
    moved past without leaving a run; return the (channel, scheduled time) pairs it handled.

    Owed is a scheduled time after the schedule was set, with no DigestRun, whose job's next run
    time is later (a job still due is APScheduler's to run or report missed). Within the grace
    time a catch-up job posts it; the DigestRun claim keeps it to one post if the cron job, another
    catch-up or another process gets there too. Later than that it is recorded as skipped.
    """
    ctx = context()
    now = ctx.poster.clock()
    owed: list[tuple[str, datetime]] = []
    with ctx.poster.sessions() as session:
        set_at = dq.schedules_set_at(session=session)
        for sub in q.list_digest_subscriptions(session=session):
            fire = latest_fire_time(sub, now)
            if fire is None or sub.channel not in set_at or fire <= set_at[sub.channel]:
                continue
            if not dq.has_run(
                session=session, channel=sub.channel, period_end=fire.astimezone(UTC)
            ):
                owed.append((sub.channel, fire))
    jobs = {j.id: j for j in scheduler.get_jobs() if j.id.startswith(JOB_PREFIX)}
    handled = []
    for channel, fire in owed:
        job = jobs.get(job_id(channel))
        if job is not None and job.next_run_time is not None and job.next_run_time <= fire:
            continue
        if now - fire > ctx.grace:
            _record_skipped(channel, fire)
        elif not _queue_catch_up(scheduler, channel, fire):
            continue
        handled.append((channel, fire))
    return handled


def _catch_up_logged(scheduler: BackgroundScheduler) -> None:
    try:
        for channel, fire in catch_up(scheduler):
            logger.warning(
                "digest of %s for %s was lost with a process; catching up", channel, fire
            )
    except Exception:
        logger.exception("catching up on lost digests failed")


def _queue_catch_up(scheduler: BackgroundScheduler, channel: str, fire: datetime) -> bool:
    """Queue the catch-up on the scheduler's threads (posting takes a second a message); False
    when one is queued or running in this process already."""
    with _catching_up_lock:
        if channel in _catching_up:
            return False
        _catching_up.add(channel)
    try:
        scheduler.add_job(
            catch_up_digest,
            trigger="date",  # at once
            args=[channel, fire.isoformat()],
            id=f"{CATCH_UP_PREFIX}{channel}",
            jobstore=VOLATILE,
            replace_existing=True,
            misfire_grace_time=None,  # the job checks the grace time against the digest's time
        )
    except BaseException:
        with _catching_up_lock:
            _catching_up.discard(channel)
        raise
    return True


def _create_jobs_table(engine: Engine, store: SQLAlchemyJobStore) -> None:
    """Create APScheduler's table before the scheduler does, safely beside another process.

    APScheduler creates it in a transaction that reads, then writes: SQLite refuses that at once
    ("database is locked") when another process starting at the same moment writes in between,
    so the table is created in a writing transaction, which queues instead. On PostgreSQL two
    processes can both find no table and both create it; the loser's error means it exists.
    """
    for attempt in range(3):
        try:
            with writer_connection(engine) as connection:
                store.jobs_t.create(connection, checkfirst=True)
            return
        except (IntegrityError, ProgrammingError):
            if attempt == 2:
                raise
            logger.info("another process created the scheduler's table first; checking again")


def start_scheduler(
    *,
    engine: Engine,
    poster: Poster,
    default_timezone: str = "UTC",
    grace: timedelta = DEFAULT_GRACE,
    paused: bool = False,
) -> BackgroundScheduler:
    """Set the registry, start the scheduler on the database's job store, sync its jobs, and
    resume digests a previous process left half-posted."""
    global _context, _scheduler
    ZoneInfo(default_timezone)
    _context = DigestContext(poster=poster, default_timezone=default_timezone, grace=grace)
    with _catching_up_lock:
        _catching_up.clear()  # a previous scheduler's queue in this process is gone
    store = SQLAlchemyJobStore(engine=engine, tablename=JOBS_TABLE)
    _create_jobs_table(engine, store)
    scheduler = BackgroundScheduler(
        jobstores={
            "default": store,
            VOLATILE: MemoryJobStore(),
        },
        executors={"default": {"type": "threadpool", "max_workers": 4}},
        job_defaults={"coalesce": True, "max_instances": 1},
        timezone=UTC,
    )
    scheduler.add_listener(_on_missed, EVENT_JOB_MISSED)
    scheduler.start(paused=paused)
    _scheduler = scheduler
    scheduler.add_job(
        maintain,
        trigger=IntervalTrigger(seconds=int(MAINTENANCE_EVERY.total_seconds()), timezone=UTC),
        id=MAINTENANCE_JOB,
        replace_existing=True,
        coalesce=True,
        misfire_grace_time=None,
        next_run_time=utc_now(),
    )
    sync_jobs(scheduler)
    _catch_up_logged(scheduler)
    return scheduler


def stop_scheduler(wait: bool = True, timeout: float = 120.0) -> None:
    """Stop the scheduler; with `wait`, let running digest jobs finish first (up to `timeout`).

    APScheduler's own shutdown(wait=True) waits for jobs while holding its job store lock, and
    the maintenance job needs that lock: it would never finish. So the scheduler is shut down
    without waiting, and the jobs are waited for here.
    """
    global _context, _scheduler
    scheduler, _scheduler = _scheduler, None  # jobs from here on leave the scheduler alone
    if scheduler is not None and scheduler.running:
        # Shutting down wakes the scheduler's thread for one last pass over the due jobs, which
        # fails to submit them (the executors are gone) yet moves their stored next run time on:
        # a digest due at that moment would be lost. Detached job stores keep their jobs as is.
        for alias in ("default", VOLATILE):
            scheduler.remove_jobstore(alias)
        scheduler.shutdown(wait=False)
    if not wait:
        return
    with _idle:
        if not _idle.wait_for(lambda: _running == 0, timeout):
            logger.warning("stopping with %d digest jobs still running", _running)
            return
    _context = None


# -- parsing "/newsbot digest at ..." --------------------------------------------------------------

_TIME = re.compile(r"^(\d{1,2}):(\d{2})$")
_DAY_WORDS = {
    "daily": EVERY_DAY,
    "everyday": EVERY_DAY,
    "weekdays": (0, 1, 2, 3, 4),
    "weekends": (5, 6),
}
_EMPTY_WORDS = ("always", "notify-empty", "empty")


@dataclass(frozen=True, slots=True)
class ScheduleRequest:
    """A parsed `digest at HH:MM [Area/City] [weekdays] [always]`."""

    time: str  # HH:MM
    timezone: str
    weekdays: tuple[int, ...]
    notify_empty: bool


class ScheduleError(ValueError):
    """A schedule that cannot be understood; str() is the sentence to show the person."""


def _day(token: str) -> int:
    """`mon`, `tues`, `Thursday` -> 0, 1, 3."""
    found = [i for i, day in enumerate(FULL_DAY_NAMES) if len(token) >= 3 and day.startswith(token)]
    if not found:
        raise ScheduleError(
            f"“{token}” is not a day: use mon, tue, wed, thu, fri, sat, sun, ranges like "
            "mon-fri, or weekdays, weekends, daily."
        )
    return found[0]


def parse_weekdays(text: str) -> tuple[int, ...]:
    """`mon-fri`, `mon,wed,fri`, `weekdays`, `weekends`, `daily` -> weekday numbers (0 = Monday)."""
    days: set[int] = set()
    for part in (p for p in re.split(r"[,\s]+", text.lower()) if p):
        if part in _DAY_WORDS:
            days.update(_DAY_WORDS[part])
        elif "-" in part:
            first, _, last = part.partition("-")
            a, b = _day(first), _day(last)
            days.update(range(a, b + 1) if a <= b else [*range(a, 7), *range(0, b + 1)])
        else:
            days.add(_day(part))
    return tuple(sorted(days))


def parse_time(text: str) -> str:
    """`7:30` or `07:30` -> "07:30"; anything else is a ScheduleError."""
    match = _TIME.match(text)
    if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        raise ScheduleError(f"“{text}” is not a time: use HH:MM on a 24-hour clock, e.g. 07:30.")
    return f"{int(match.group(1)):02d}:{match.group(2)}"


def check_timezone(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ScheduleError(
            f"“{name}” is not a time zone I know: use an Area/City name such as Europe/London "
            "or America/New_York."
        ) from None
    return name


def parse_schedule(args: str, *, default_timezone: str) -> ScheduleRequest:
    """`07:00 Europe/London mon-fri always` (everything after the time optional)."""
    tokens = args.split()
    if not tokens:
        raise ScheduleError("Say when: `/newsbot digest at HH:MM [Area/City] [weekdays]`.")
    time = parse_time(tokens[0])
    timezone = default_timezone
    notify_empty = False
    day_tokens: list[str] = []
    for token in tokens[1:]:
        if "/" in token or token.upper() in ("UTC", "GMT"):
            timezone = check_timezone("UTC" if token.upper() in ("UTC", "GMT") else token)
        elif token.lower() in _EMPTY_WORDS:
            notify_empty = True
        else:
            day_tokens.append(token)
    weekdays = parse_weekdays(" ".join(day_tokens)) if day_tokens else EVERY_DAY
    return ScheduleRequest(time, check_timezone(timezone), weekdays, notify_empty)


def describe_days(weekdays: tuple[int, ...]) -> str:
    days = tuple(sorted(weekdays))
    if days == EVERY_DAY:
        return "every day"
    if days == (0, 1, 2, 3, 4):
        return "on weekdays"
    if days == (5, 6):
        return "at weekends"
    return "on " + ", ".join(DAY_NAMES[d].capitalize() for d in days)


# -- what `/newsbot digest ...` does -----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DigestStatus:
    """A channel's digest: its subscription, next run (local time) and last posted digest."""

    channel: str
    subscription: q.DigestSubscriptionView | None
    next_run: datetime | None
    last_run: dq.Run | None
    last_link: str | None


def subscribe(
    sessions: Callable[[], Session],
    *,
    channel: str,
    request: ScheduleRequest,
    user: str | None,
    now: datetime,
) -> DigestStatus:
    """Subscribe `channel` (or change its schedule), and schedule it in this process."""
    with _jobs_lock:
        with sessions() as session:
            q.set_digest_subscription(
                session=session,
                channel=channel,
                time=request.time,
                timezone=request.timezone,
                weekdays=request.weekdays,
                notify_empty=request.notify_empty,
                created_by=user,
            )
            sub = q.list_digest_subscriptions(session=session, channel=channel)[0]
        if _scheduler is not None:
            _ensure_job(_scheduler, sub, _scheduler.get_job(job_id(channel)))
    return DigestStatus(channel, sub, next_fire_time(sub, now), None, None)


def unsubscribe(sessions: Callable[[], Session], *, channel: str) -> bool:
    """Stop `channel`'s digest; False when it had none."""
    with _jobs_lock:
        with sessions() as session:
            removed = q.remove_digest_subscription(session=session, channel=channel)
        unschedule_channel(channel)
    return removed


def permalink(channel: str, ts: str) -> str:
    """A link to a posted message: Slack's own permalink when it can be asked for."""
    if _context is not None:
        try:
            response = _context.poster.client.chat_getPermalink(channel=channel, message_ts=ts)
            return str(response["permalink"])
        except SlackApiError as exc:
            logger.warning("no permalink for %s/%s: %s", channel, ts, exc.response.get("error"))
    return f"https://slack.com/archives/{channel}/p{ts.replace('.', '')}"


def status(sessions: Callable[[], Session], *, channel: str, now: datetime) -> DigestStatus:
    """The channel's subscription, when it next runs, and its last posted digest with a link."""
    with sessions() as session:
        subs = q.list_digest_subscriptions(session=session, channel=channel)
        last = dq.last_posted_run(session=session, channel=channel)
    sub = subs[0] if subs else None
    next_run = next_fire_time(sub, now) if sub else None
    link = permalink(channel, last.parent_ts) if last and last.parent_ts else None
    return DigestStatus(channel, sub, next_run, last, link)


def request_digest_now(channel: str, now: datetime) -> bool:
    """Queue `digest now` on the scheduler's threads; False when no scheduler runs here.

    A one-off job rather than work in the slash command: posting takes a second per message,
    and Slack wants its answer within three.
    """
    scheduler = _scheduler
    if scheduler is None:
        return False
    scheduler.add_job(
        run_digest_now,
        trigger="date",  # at once, by the scheduler's clock; `now` is the period's end
        args=[channel, now.astimezone(UTC).isoformat()],
        id=f"digest-now:{channel}",
        replace_existing=True,
        misfire_grace_time=int(context().grace.total_seconds()),
    )
    return True

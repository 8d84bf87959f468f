"""A second bot process for the digest tests: `python -m tests.digest_proc MODE JSON-ARGS`.

post: post one channel's digest for one period (min_interval slows it so a test can kill it).
schedule: start the real scheduler with the digest job due 30 s ago (a bot back inside the
grace time), wait until the channel's digest run is closed, stop.
Prints one JSON line with what it did.
"""

from __future__ import annotations

import json
import sys
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa

from bot import schedule
from bot.digest_post import ChannelPacer, Poster, post_digest
from bot.store.db import make_engine, session_factory
from bot.store.queries.digests import RUNS
from tests.digest_fixtures import slack_client


def _poster(args: dict[str, Any]) -> tuple[Poster, Any]:
    engine = make_engine(args["db"])
    now = datetime.fromisoformat(args["now"])
    poster = Poster(
        sessions=session_factory(engine),
        client=slack_client(args["api"]),
        owner=args["owner"],
        clock=lambda: now,
        min_interval=float(args.get("min_interval", 0.0)),
        pacer=ChannelPacer(),
    )
    return poster, engine


def _post(args: dict[str, Any]) -> dict[str, Any]:
    poster, _ = _poster(args)
    outcome = post_digest(
        poster,
        channel=args["channel"],
        period_end=datetime.fromisoformat(args["period_end"]),
        timezone="Europe/London",
    )
    return {"status": outcome.status, "posted": outcome.posted}


def _schedule(args: dict[str, Any]) -> dict[str, Any]:
    poster, engine = _poster(args)
    scheduler = schedule.start_scheduler(engine=engine, poster=poster, paused=True)
    job = schedule.job_id(args["channel"])
    scheduler.modify_job(job, next_run_time=datetime.now(UTC) - timedelta(seconds=30))
    scheduler.resume()
    deadline = time.monotonic() + 20
    status = None
    while time.monotonic() < deadline:
        with engine.connect() as conn:
            status = conn.execute(
                sa.select(RUNS.c.status).where(RUNS.c.channel == args["channel"])
            ).scalar()
        if status in ("done", "failed", "empty"):
            break
        time.sleep(0.05)
    time.sleep(0.3)  # let this process's own firing of the job finish too
    schedule.stop_scheduler()
    return {"status": status}


def main() -> None:
    mode, raw = sys.argv[1], sys.argv[2]
    result = {"post": _post, "schedule": _schedule}[mode](json.loads(raw))
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()

"""bot/digest_post.py: a digest is posted exactly once, as one parent and its thread replies,
paced and retried as Slack asks, and resumed after a crash without a second parent."""

from __future__ import annotations

import itertools
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from slack_sdk import WebClient
from sqlalchemy import Engine

from bot.digest_post import (
    DIGEST_EVENT,
    HISTORY_MARGIN,
    RETRY_UNREADABLE_FOR,
    Outcome,
    Poster,
    claim_digest,
    post_digest,
    post_part,
    resume_stale_runs,
)
from bot.store.db import make_engine, session_factory
from bot.store.queries import digests as dq
from tests import digest_fixtures as fx
from tests.digest_fixtures import (
    CHANNEL,
    USERS,
    make_poster,
    parents,
    posts,
    share_article,
    slack_client,
)
from tests.fakeslack import FakeSlack

# The shared fixtures, by name (pytest finds fixtures among a module's globals).
_sqlite_template = fx._sqlite_template
sqlite_url = fx.sqlite_url
archive_url = fx.archive_url
fresh_postgres_url = fx.fresh_postgres_url
slack = fx.slack

ROOT = Path(__file__).resolve().parents[1]
# 07:00 London on Sunday 31 March 2024 (the first morning of summer time) is 06:00 UTC.
END = datetime(2024, 3, 31, 6, 0, tzinfo=UTC)
NOW = END + timedelta(minutes=1)


@pytest.fixture
def engine(archive_url: str) -> Iterator[Engine]:
    engine = make_engine(archive_url)
    yield engine
    engine.dispose()


def seed(engine: Engine, n: int, *, start: datetime = END - timedelta(hours=20)) -> list[int]:
    with session_factory(engine)() as session:
        return [
            share_article(session, i, shared_at=start + timedelta(minutes=i), user=USERS[i % 2])
            for i in range(1, n + 1)
        ]


def run_row(engine: Engine, period_end: datetime = END) -> dq.Run:
    with session_factory(engine)() as session:
        run_id = session.execute(
            sa.select(dq.RUNS.c.id).where(
                dq.RUNS.c.channel == CHANNEL, dq.RUNS.c.period_end == period_end
            )
        ).scalar_one()
        return dq.get_run(session=session, run_id=run_id)


def post(engine: Engine, slack: FakeSlack, owner: str = "A", **kw: object) -> Outcome:
    poster = make_poster(engine, slack, owner=owner, clock=lambda: NOW, **kw)  # type: ignore[arg-type]
    return post_digest(poster, channel=CHANNEL, period_end=END, timezone="Europe/London")


def assert_one_thread(slack: FakeSlack, run: dq.Run, replies: int) -> None:
    """Exactly one parent, then `replies` replies all in its thread, each recorded."""
    calls = posts(slack)
    assert len(parents(slack)) == 1
    assert "thread_ts" not in calls[0].params
    assert [c.params.get("thread_ts") for c in calls[1:]] == [run.parent_ts] * replies
    assert len(run.reply_ts) == replies and len(set(run.reply_ts)) == replies
    assert run.status == "done"


def test_digest_posts_a_parent_then_one_reply_per_article_then_who_said_what(
    engine: Engine, slack: FakeSlack
) -> None:
    article_ids = seed(engine, 3)
    outcome = post(engine, slack)
    run = run_row(engine)
    assert outcome.status == "done" and outcome.posted == 5
    assert_one_thread(slack, run, replies=4)
    calls = posts(slack)
    assert "News digest" in calls[0].params["text"]
    assert [m["article_id"] for m in run.messages] == [None, *article_ids, None]
    assert "Story number 1" in json.dumps(calls[1].params["blocks"])
    assert "Who said what" in json.dumps(calls[-1].params["blocks"])
    assert run.period_start == END - timedelta(hours=24)


def test_thirty_articles_make_a_digest_of_at_most_twelve_messages_that_pings_no_one(
    engine: Engine, slack: FakeSlack
) -> None:
    seed(engine, 30)
    outcome = post(engine, slack)
    assert outcome.status == "done"
    calls = posts(slack)
    assert 1 < len(calls) <= 12
    posted = json.dumps([c.params for c in calls])
    for markup in ("<@", "<!here", "<!channel", "<!everyone", "<!subteam"):
        assert markup not in posted
    assert "shared by 2 people" in json.dumps(calls[0].params["blocks"])
    # Every article is in the thread, as a main story or in a list.
    assert all(f"|Story number {n}>" in posted for n in range(1, 31))


def test_the_same_period_is_never_posted_twice(engine: Engine, slack: FakeSlack) -> None:
    seed(engine, 2)
    assert post(engine, slack).status == "done"
    again = post(engine, slack, owner="B")
    assert again.status == "taken"
    assert len(parents(slack)) == 1
    assert len(posts(slack)) == 4


def test_two_posters_racing_for_one_period_post_one_digest(
    archive_url: str, slack: FakeSlack
) -> None:
    """Two bots (own engines, own clients) fire at the same moment; one thread is posted."""
    engines = [make_engine(archive_url) for _ in range(2)]
    seed(engines[0], 3)
    barrier = threading.Barrier(2)
    outcomes: list[Outcome] = []

    def fire(engine: Engine, owner: str) -> None:
        barrier.wait()
        outcomes.append(post(engine, slack, owner=owner))

    threads = [
        threading.Thread(target=fire, args=(e, o)) for e, o in zip(engines, "AB", strict=True)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(o.status for o in outcomes) == ["done", "taken"]
    assert_one_thread(slack, run_row(engines[0]), replies=4)
    for e in engines:
        e.dispose()


def test_the_next_digest_covers_only_what_was_shared_since_the_last(
    engine: Engine, slack: FakeSlack
) -> None:
    seed(engine, 2)
    post(engine, slack)
    later = END + timedelta(days=1)
    with session_factory(engine)() as session:
        share_article(session, 9, shared_at=END + timedelta(hours=3))
    poster = make_poster(engine, slack, owner="A", clock=lambda: later)
    outcome = post_digest(poster, channel=CHANNEL, period_end=later, timezone="Europe/London")
    assert outcome.posted == 3  # parent, story 9, who said what
    run = run_row(engine, later)
    assert run.period_start == END
    assert "Story number 9" in json.dumps(run.messages[1])
    assert "Story number 1" not in json.dumps(run.messages)


def test_an_empty_period_posts_nothing_but_is_recorded(engine: Engine, slack: FakeSlack) -> None:
    outcome = post(engine, slack)
    assert outcome.status == "empty"
    assert posts(slack) == []
    assert run_row(engine).status == "empty"


def test_an_empty_period_posts_a_notice_when_the_subscription_asks(
    engine: Engine, slack: FakeSlack
) -> None:
    poster = make_poster(engine, slack, owner="A", clock=lambda: NOW)
    post_digest(poster, channel=CHANNEL, period_end=END, timezone="UTC", notify_empty=True)
    [notice] = posts(slack)
    assert "No articles were shared" in notice.params["text"]


def test_a_429_is_retried_after_retry_after_and_posts_once(
    sqlite_url: str, slack: FakeSlack
) -> None:
    engine = make_engine(sqlite_url)
    seed(engine, 1)
    slack.fail_next("chat.postMessage", 1, retry_after=1)
    started = time.monotonic()
    assert post(engine, slack).status == "done"
    assert time.monotonic() - started >= 1.0
    assert len(slack.calls_of("chat.postMessage!429")) == 1
    assert_one_thread(slack, run_row(engine), replies=2)
    engine.dispose()


def test_messages_to_one_channel_are_at_least_a_second_apart(
    sqlite_url: str, slack: FakeSlack
) -> None:
    engine = make_engine(sqlite_url)
    seed(engine, 1)
    post(engine, slack, min_interval=1.0)
    times = [c.at for c in posts(slack)]
    assert len(times) == 3
    assert all(b - a >= 0.95 for a, b in itertools.pairwise(times))
    engine.dispose()


def _wait_for_parent_ts(engine: Engine, timeout: float = 120.0) -> dq.Run:
    # Generous: the bot is a new process that imports the whole app first, slow on a busy machine.
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with session_factory(engine)() as session:
            run_id = session.execute(sa.select(dq.RUNS.c.id)).scalar()
            if run_id is not None:
                run = dq.get_run(session=session, run_id=run_id)
                if run.parent_ts:
                    return run
        time.sleep(0.02)
    raise TimeoutError("the first bot never recorded its parent message")


def test_a_bot_killed_after_the_parent_is_resumed_in_the_same_thread(
    sqlite_url: str, slack: FakeSlack
) -> None:
    engine = make_engine(sqlite_url)
    seed(engine, 3)
    args = {
        "db": sqlite_url,
        "api": slack.api_url,
        "owner": "first-bot",
        "now": NOW.isoformat(),
        "channel": CHANNEL,
        "period_end": END.isoformat(),
        # The kill lands while it waits to post the first reply: a wait far longer than a loaded
        # machine needs to see the parent recorded (the test never waits it out).
        "min_interval": 60.0,
    }
    bot = subprocess.Popen(
        [sys.executable, "-m", "tests.digest_proc", "post", json.dumps(args)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        crashed = _wait_for_parent_ts(engine)
    finally:
        bot.send_signal(signal.SIGKILL)
        bot.wait(10)
    assert crashed.status == "posting" and crashed.reply_ts == ()
    assert len(posts(slack)) == 1

    # Within the lease the run still belongs to the dead bot: nobody touches it.
    soon = make_poster(engine, slack, owner="second-bot", clock=lambda: NOW + timedelta(minutes=1))
    assert resume_stale_runs(soon) == []

    # At the next start past the lease it is taken over, and only the replies are posted.
    later = NOW + dq.DEFAULT_LEASE + timedelta(seconds=1)
    restarted = make_poster(engine, slack, owner="second-bot", clock=lambda: later)
    [outcome] = resume_stale_runs(restarted)
    assert outcome.status == "done" and outcome.posted == 4
    run = run_row(engine)
    assert run.parent_ts == crashed.parent_ts
    assert_one_thread(slack, run, replies=4)
    engine.dispose()


# -- a crash between Slack accepting a message and its ts being recorded --------------------------
# The dead bot is simulated step by step with the real functions: claim, mark posting, post through
# the real client to the fake Slack, then stop before the ts is recorded (as a SIGKILL there would).

LATER = NOW + dq.DEFAULT_LEASE + timedelta(seconds=1)


def dead_bot(engine: Engine, slack: FakeSlack) -> tuple[Poster, dq.Run]:
    """A bot that claimed the digest and marked it posting, with three articles shared."""
    seed(engine, 3)
    dead = make_poster(engine, slack, owner="dead-bot", clock=lambda: NOW)
    run = claim_digest(
        dead, channel=CHANNEL, period_end=END, timezone="Europe/London", notify_empty=False
    )
    assert run is not None and len(run.messages) == 5
    with session_factory(engine)() as session:
        assert dq.start_posting(session=session, run_id=run.id, owner="dead-bot", now=NOW)
    return dead, run


def resume(engine: Engine, slack: FakeSlack, at: datetime = LATER) -> list[Outcome]:
    return resume_stale_runs(make_poster(engine, slack, owner="second-bot", clock=lambda: at))


def parts_posted(slack: FakeSlack) -> list[int]:
    """The part of the run each successful post carried in its metadata, in order."""
    return [c.params["metadata"]["event_payload"]["part"] for c in posts(slack)]


def test_every_digest_message_names_its_run_and_part_in_message_metadata(
    engine: Engine, slack: FakeSlack
) -> None:
    seed(engine, 2)
    post(engine, slack)
    run = run_row(engine)
    metadata = [c.params["metadata"] for c in posts(slack)]
    assert {m["event_type"] for m in metadata} == {DIGEST_EVENT}
    assert [m["event_payload"] for m in metadata] == [
        {"run_id": run.id, "part": i} for i in range(4)
    ]


def test_a_parent_slack_accepted_but_never_recorded_is_found_and_its_thread_finished(
    engine: Engine, slack: FakeSlack
) -> None:
    dead, run = dead_bot(engine, slack)
    parent_ts = post_part(dead, run, 0, None)  # Slack has it; the bot dies before recording it

    [outcome] = resume(engine, slack)
    assert outcome.status == "done" and outcome.posted == 4
    history = slack.calls_of("conversations.history")
    assert len(history) == 1 and history[0].params["include_all_metadata"] in ("1", "true")
    # Looked for from before the claim (Slack's clock may differ), not from the dawn of time.
    assert float(history[0].params["oldest"]) == (NOW - HISTORY_MARGIN).timestamp()
    resumed = run_row(engine)
    assert resumed.parent_ts == parent_ts
    assert_one_thread(slack, resumed, replies=4)
    assert parts_posted(slack) == [0, 1, 2, 3, 4]


def test_replies_slack_accepted_but_never_recorded_are_not_posted_twice(
    engine: Engine, slack: FakeSlack
) -> None:
    dead, run = dead_bot(engine, slack)
    parent_ts = post_part(dead, run, 0, None)
    with session_factory(engine)() as session:
        assert dq.record_parent(
            session=session, run_id=run.id, owner="dead-bot", parent_ts=parent_ts, now=NOW
        )
        first = post_part(dead, run, 1, parent_ts)
        dq.record_reply(
            session=session,
            run_id=run.id,
            owner="dead-bot",
            article_id=run.messages[1]["article_id"],
            reply_ts=first,
            now=NOW,
        )
    unrecorded = post_part(dead, run, 2, parent_ts)  # the bot dies before recording this one

    [outcome] = resume(engine, slack)
    assert outcome.status == "done" and outcome.posted == 2
    assert parts_posted(slack) == [0, 1, 2, 3, 4]
    resumed = run_row(engine)
    assert resumed.reply_ts[:2] == (first, unrecorded)
    assert_one_thread(slack, resumed, replies=4)


def test_a_run_interrupted_before_slack_took_its_parent_posts_the_parent_once(
    engine: Engine, slack: FakeSlack
) -> None:
    """The history shows no parent of this run: it is posted, then its replies."""
    dead_bot(engine, slack)
    [outcome] = resume(engine, slack)
    assert outcome.status == "done" and outcome.posted == 5
    assert len(slack.calls_of("conversations.history")) == 1
    assert_one_thread(slack, run_row(engine), replies=4)
    assert parts_posted(slack) == [0, 1, 2, 3, 4]


def test_another_runs_parent_in_the_history_is_not_taken_for_this_ones(
    engine: Engine, slack: FakeSlack
) -> None:
    _, run = dead_bot(engine, slack)
    # A message of the same bot with another run's metadata (say yesterday's digest) is ignored.
    slack_client(slack.api_url).chat_postMessage(
        channel=CHANNEL,
        text="yesterday",
        metadata={"event_type": DIGEST_EVENT, "event_payload": {"run_id": run.id + 1, "part": 0}},
    )
    [outcome] = resume(engine, slack)
    assert outcome.status == "done" and outcome.posted == 5
    assert len(parents(slack)) == 2  # yesterday's and this run's own


def test_a_history_that_cannot_be_read_posts_nothing_and_is_retried_by_a_later_sweep(
    engine: Engine, slack: FakeSlack, caplog: pytest.LogCaptureFixture
) -> None:
    dead, run = dead_bot(engine, slack)
    post_part(dead, run, 0, None)
    slack.fail_next("conversations.history", 1, status=500)

    [outcome] = resume(engine, slack)
    assert outcome.status == "deferred" and outcome.posted == 0
    assert len(posts(slack)) == 1  # only the dead bot's parent
    left = run_row(engine)
    assert (left.status, left.parent_ts) == ("posting", None)
    assert "retrying once the lease runs out" in caplog.text

    # Within the new lease nobody touches it; past it the sweep reads Slack again and finishes.
    assert resume(engine, slack, LATER + timedelta(minutes=1)) == []
    [outcome] = resume(engine, slack, LATER + dq.DEFAULT_LEASE * 2)
    assert outcome.status == "done" and outcome.posted == 4
    assert_one_thread(slack, run_row(engine), replies=4)


def test_a_thread_that_cannot_be_read_posts_no_reply(engine: Engine, slack: FakeSlack) -> None:
    dead, run = dead_bot(engine, slack)
    parent_ts = post_part(dead, run, 0, None)
    with session_factory(engine)() as session:
        dq.record_parent(
            session=session, run_id=run.id, owner="dead-bot", parent_ts=parent_ts, now=NOW
        )
    post_part(dead, run, 1, parent_ts)
    slack.fail_next("conversations.replies", 1, status=500)
    [outcome] = resume(engine, slack)
    assert outcome.status == "deferred"
    assert len(posts(slack)) == 2
    assert run_row(engine).status == "posting"


def test_slack_unreadable_for_too_long_or_for_good_closes_the_run_as_failed(
    engine: Engine, slack: FakeSlack
) -> None:
    """Never posted blind: after RETRY_UNREADABLE_FOR (or a refusal such as a missing scope)."""
    dead, run = dead_bot(engine, slack)
    post_part(dead, run, 0, None)
    slack.fail_next("conversations.history", 1, status=500)
    [outcome] = resume(engine, slack, NOW + RETRY_UNREADABLE_FOR)
    assert outcome.status == "failed"
    failed = run_row(engine)
    assert failed.status == "failed" and len(posts(slack)) == 1
    with session_factory(engine)() as session:
        reason = session.execute(
            sa.select(dq.RUNS.c.failure_reason).where(dq.RUNS.c.id == failed.id)
        ).scalar_one()
    assert "could not read what Slack has" in reason and "500" in reason


def test_a_refused_history_read_fails_the_run_at_once(engine: Engine, slack: FakeSlack) -> None:
    """invalid_auth (like missing_scope or not_in_channel) will not pass by waiting."""
    dead, run = dead_bot(engine, slack)
    post_part(dead, run, 0, None)
    poster = make_poster(engine, slack, owner="second-bot", clock=lambda: LATER)
    revoked = replace(poster, client=WebClient(token="xoxb-revoked", base_url=slack.api_url))
    [outcome] = resume_stale_runs(revoked)
    assert outcome.status == "failed"
    assert len(posts(slack)) == 1 and run_row(engine).status == "failed"

"""Real archives, a fake Slack and posters for the digest's posting and scheduling tests.

A test module makes the fixtures its own by assigning them to module names (see
tests/test_digest_post.py): pytest finds fixtures among a module's globals.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

import pytest
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler
from sqlalchemy import Engine
from sqlmodel import Session

from bot.digest_post import ChannelPacer, Poster
from bot.store import queries as q
from bot.store.db import make_engine, session_factory, upgrade
from tests.fakeslack import VALID_BOT_TOKEN, Call, FakeSlack
from tests.store import conftest as store_fixtures
from tests.store import factories as f

CHANNEL = "CDIGEST001"
RATE_LIMIT_RETRIES = 3  # as bot.app
USERS = ("UREPORTER1", "UREPORTER2")

# Fixtures of the store tests that need no others: a migrated SQLite template file, and an empty
# schema of the test PostgreSQL (the test skips without one, fails if CI requires it).
_sqlite_template = store_fixtures._sqlite_template
fresh_postgres_url = store_fixtures.fresh_postgres_url


@pytest.fixture
def sqlite_url(tmp_path: Path, _sqlite_template: Path) -> str:
    """A migrated, empty SQLite archive (for tests that need a file other processes open)."""
    path = tmp_path / "archive.db"
    shutil.copyfile(_sqlite_template, path)
    return f"sqlite:///{path}"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def archive_url(request: pytest.FixtureRequest, sqlite_url: str) -> str:
    """A migrated, empty archive on SQLite, and on PostgreSQL."""
    if request.param == "sqlite":
        return sqlite_url
    url: str = request.getfixturevalue("fresh_postgres_url")
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    return url


@pytest.fixture
def slack() -> Iterator[FakeSlack]:
    with FakeSlack() as fake:
        yield fake


def slack_client(api_url: str) -> WebClient:
    """A client configured as bot.app.make_client's (429s retried), pointed at the fake.

    Built here rather than by make_client so that a test process need not import the Bolt app
    (and with it spaCy).
    """
    return WebClient(
        token=VALID_BOT_TOKEN,
        base_url=api_url,
        retry_handlers=[RateLimitErrorRetryHandler(max_retry_count=RATE_LIMIT_RETRIES)],
    )


def make_poster(
    engine: Engine,
    slack: FakeSlack,
    *,
    owner: str,
    clock: Callable[[], datetime],
    min_interval: float = 0.0,
) -> Poster:
    return Poster(
        sessions=session_factory(engine),
        client=slack_client(slack.api_url),
        owner=owner,
        clock=clock,
        min_interval=min_interval,
        pacer=ChannelPacer(),
    )


def share_article(
    session: Session,
    n: int,
    *,
    shared_at: datetime,
    channel: str = CHANNEL,
    user: str = USERS[0],
) -> int:
    """Store article `n` (two actors, two quotes) and share it in `channel` at `shared_at`."""
    url = f"https://news.example.com/2024/story-{n}"
    article_id = q.store_analysis(
        session=session,
        article=f.article(url, title=f"Story number {n}", text=f"Body of story {n}."),
        analysis=f.analysis(
            [
                f.actor("Ann Lee", role="mayor of Riverton", salience=0.8),
                f.actor(f"Person {n}", salience=0.3),
            ],
            [
                f.quote(
                    f"The bridge vote number {n} will go ahead next week as planned", "Ann Lee"
                ),
                f.quote(f"We were not consulted about plan {n} at all", f"Person {n}", start=80),
            ],
        ),
    )
    share_id, _ = q.record_share(
        session=session,
        team=None,
        channel=channel,
        message_ts=f"1700000000.{n:06d}",
        thread_ts=None,
        user=user,
        url=url,
        shared_at=shared_at,
    )
    q.mark_share_done(session=session, share_id=share_id, article_id=article_id)
    return article_id


def posts(slack: FakeSlack, channel: str = CHANNEL) -> list[Call]:
    """Every successful chat.postMessage to `channel`, in order."""
    return [c for c in slack.calls_of("chat.postMessage") if c.params.get("channel") == channel]


def parents(slack: FakeSlack, channel: str = CHANNEL) -> list[Call]:
    return [c for c in posts(slack, channel) if "thread_ts" not in c.params]

"""Real archives, a fake Slack and posters for the digest's posting and scheduling tests.

Import the fixtures by name into a test module (`from tests.digest_fixtures import ...`).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

import pytest
from slack_sdk import WebClient
from sqlalchemy import Engine
from sqlmodel import Session

from bot.app import make_client
from bot.digest_post import ChannelPacer, Poster
from bot.settings import Settings
from bot.store import queries as q
from bot.store.db import make_engine, session_factory, upgrade
from tests.fakeslack import VALID_BOT_TOKEN, Call, FakeSlack
from tests.store import factories as f
from tests.store.conftest import fresh_postgres_url  # noqa: F401  (used by archive_url)

CHANNEL = "CDIGEST001"
USERS = ("UREPORTER1", "UREPORTER2")


@pytest.fixture(scope="session")
def _digest_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("digest-template") / "archive.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


@pytest.fixture
def sqlite_url(tmp_path: Path, _digest_template: Path) -> str:
    path = tmp_path / "archive.db"
    shutil.copyfile(_digest_template, path)
    return f"sqlite:///{path}"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def archive_url(request: pytest.FixtureRequest, sqlite_url: str) -> str:
    """A migrated, empty archive on SQLite, and on PostgreSQL when the test server is there."""
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


def slack_client(slack: FakeSlack) -> WebClient:
    """The bot's own client (429 retries included), pointed at the fake."""
    return make_client(Settings(slack_bot_token=VALID_BOT_TOKEN, slack_api_url=slack.api_url))


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
        client=slack_client(slack),
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

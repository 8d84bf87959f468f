"""`newsbot digest --channel C [--preview | --json]`: the same digest, printed or posted."""

from __future__ import annotations

import argparse
import json
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from bot.cli_digest import register
from bot.settings import Settings
from bot.store.db import make_engine, session_factory
from bot.store.queries import digests as dq
from tests import digest_fixtures as fx
from tests.digest_fixtures import CHANNEL, parents, posts, share_article
from tests.fakeslack import VALID_BOT_TOKEN, FakeSlack

_sqlite_template = fx._sqlite_template
sqlite_url = fx.sqlite_url
slack = fx.slack


def run(argv: list[str], settings: Settings) -> int:
    parser = argparse.ArgumentParser(prog="newsbot")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return int(args.func(args, settings))


def seeded(url: str) -> None:
    engine = make_engine(url)
    with session_factory(engine)() as session:
        share_article(session, 1, shared_at=datetime.now(UTC) - timedelta(hours=2))
        share_article(session, 2, shared_at=datetime.now(UTC) - timedelta(hours=1))
    engine.dispose()


def runs(url: str) -> list[str]:
    engine = make_engine(url)
    with engine.connect() as conn:
        statuses = list(conn.execute(sa.select(dq.RUNS.c.status)).scalars())
    engine.dispose()
    return statuses


def test_preview_prints_the_digest_as_text_and_posts_nothing(
    sqlite_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    seeded(sqlite_url)
    settings = Settings(database_url=sqlite_url, timezone="Europe/London")
    assert run(["digest", "--channel", CHANNEL, "--preview"], settings) == 0
    out = capsys.readouterr().out
    assert "News digest" in out and "2 articles" in out
    assert "Story number 1 (https://news.example.com/2024/story-1)" in out
    assert "Who said what" in out
    assert runs(sqlite_url) == []  # nothing claimed: the scheduled digest is unaffected


def test_json_prints_the_block_kit_payloads(
    sqlite_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    seeded(sqlite_url)
    assert run(["digest", "--channel", CHANNEL, "--json"], Settings(database_url=sqlite_url)) == 0
    payloads = json.loads(capsys.readouterr().out)
    assert [p["article_id"] is None for p in payloads] == [True, False, False, True]
    assert payloads[0]["blocks"][0]["type"] == "header"


def test_without_preview_the_digest_is_posted_to_the_channel(
    sqlite_url: str, slack: FakeSlack
) -> None:
    seeded(sqlite_url)
    settings = Settings(
        database_url=sqlite_url, slack_bot_token=VALID_BOT_TOKEN, slack_api_url=slack.api_url
    )
    assert run(["digest", "--channel", CHANNEL], settings) == 0
    assert len(parents(slack)) == 1 and len(posts(slack)) == 4
    assert runs(sqlite_url) == ["done"]


def test_a_wrong_time_zone_is_refused_with_a_sentence(
    sqlite_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["digest", "--channel", CHANNEL, "--preview", "--timezone", "Mars/Base"]
    assert run(argv, Settings(database_url=sqlite_url)) == 2
    assert "is not a time zone" in capsys.readouterr().err

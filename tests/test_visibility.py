"""A link shared in a private channel is seen only by that channel's members, end to end.

Signed events and `/newsbot` commands go into the real Bolt app; the fake Slack knows which
channels are private and who is in them (users.conversations); the archive is SQLite or
PostgreSQL.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.digest_blocks import build_digest_messages
from bot.digest_post import prepare_digest
from bot.nlp.analyze import Analyzer
from tests.fakeslack import BOT_USER_ID, FakeSlack
from tests.slack_harness import Harness, message_event, running_app
from tests.store.conftest import _empty_postgres, _postgres_archive  # noqa: F401  (fixture)

NEWSROOM, SECRET = "CNEWSROOM1", "GSECRET001"
ALICE, BOB = "UALICE0001", "UBOB000001"  # Alice is in the private channel, Bob is not
TOKEN = "tok3n-only-for-the-desk"

SECRET_PAGE = (
    "Council weighs quiet harbour sale",
    [
        "“The harbour sale must stay quiet until the vote,” said Councillor Imogen Hartley on "
        "Monday.",
        "Imogen Hartley said the buyers had asked the council to keep the talks private.",
        "“Nobody outside this room should hear about the harbour,” Hartley said.",
    ],
)
PUBLIC_PAGE = (
    "Riverton opens a new library",
    [
        "“Every child deserves a library within walking distance,” said Mayor Tom Becker on "
        "Tuesday.",
        "Tom Becker said the library would open seven days a week.",
        "“We built it with the families of Riverton,” Becker said.",
    ],
)


def page(title: str, paragraphs: list[str]) -> str:
    """An article page without a date: the archive places it when it was read (now)."""
    filler = (
        "The town has argued about the waterfront for years, and the council meets on the "
        "first Monday of every month in the old court house on Main Street."
    )
    body = "".join(f"<p>{p} {filler}</p>" for p in paragraphs)
    return (
        f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{title}</title>"
        "<meta property='og:site_name' content='Riverton Ledger'></head>"
        f"<body><article><h1>{title}</h1>{body}</article></body></html>"
    )


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def archive_url(request: pytest.FixtureRequest) -> str | None:
    """None: the harness's own SQLite file; else an emptied PostgreSQL schema."""
    if request.param == "sqlite":
        return None
    url: str = request.getfixturevalue("_postgres_archive")
    _empty_postgres(url)
    return url


@pytest.fixture
def newsroom(tmp_path: Path, analyzer: Analyzer, archive_url: str | None) -> Iterator[Harness]:
    """The app with one public and one private channel, each with a story shared in it."""
    slack = FakeSlack()
    slack.add_channel(NEWSROOM, private=False, members={BOT_USER_ID, ALICE, BOB})
    slack.add_channel(SECRET, private=True, members={BOT_USER_ID, ALICE})
    with slack, running_app(tmp_path / "newsbot.db", analyzer, slack=slack,
                            database_url=archive_url) as h:  # fmt: skip
        secret_url = h.site.html("/desk/harbour", page(*SECRET_PAGE)) + f"?token={TOKEN}"
        public_url = h.site.html("/town/library", page(*PUBLIC_PAGE))
        shares = (
            (SECRET, "group", secret_url, "1715677201.000100"),
            (NEWSROOM, "channel", public_url, "1715677202.000100"),
        )
        for channel, kind, url, ts in shares:
            event = message_event(f"<{url}>", ts, channel=channel, channel_type=kind, user=ALICE)
            assert h.post_event(event, event_id=f"Ev{ts}").status_code == 200
            h.slack.wait_for("reactions.add", where=lambda c, ts=ts: c.params["timestamp"] == ts)
        h.services.worker.join()
        yield h


def ask(h: Harness, text: str, *, user: str, channel: str = NEWSROOM) -> str:
    """What `/newsbot text` shows `user` (the ephemeral answer, as one string)."""
    response = h.post_command(text, response_url=h.slack.response_url(), channel=channel, user=user)
    assert response.status_code == 200
    body: dict[str, Any] = response.json()
    assert body["response_type"] == "ephemeral"
    return f"{body['text']}\n{body.get('blocks')}"


def digest_text(h: Harness, channel: str) -> str:
    digest = prepare_digest(
        h.services.sessions,
        channel=channel,
        period_end=h.services.clock() + timedelta(minutes=1),
        timezone="UTC",
    )
    return str([m.to_json() for m in build_digest_messages(digest, notify_empty=True)])


def test_a_private_channels_share_is_invisible_to_a_non_member_everywhere(
    newsroom: Harness,
) -> None:
    h = newsroom
    answers = {
        command: ask(h, command, user=BOB)
        for command in ("quotes Imogen Hartley", "actor Imogen Hartley", "search harbour",
                        "top week", "quotes Hartley")
    }  # fmt: skip
    for command, answer in answers.items():
        # Whatever Bob typed is echoed back ("no one called ..."); nothing else may show.
        for secret in ("harbour", "Imogen", "Hartley", "Councillor", TOKEN, "desk/harbour"):
            if secret not in command:
                assert secret not in answer, f"{command!r} showed {secret!r} to a non-member"
    # Bob does see the public story: the answers above are not empty for want of data.
    assert "walking distance" in ask(h, "quotes Tom Becker", user=BOB)
    assert "Tom Becker" in answers["top week"]
    assert "walking distance" in ask(h, "search library", user=BOB)
    # The newsroom's digest holds the public story only; the private channel's has its own.
    public_digest = digest_text(h, NEWSROOM)
    assert "library" in public_digest and "harbour" not in public_digest
    assert TOKEN not in public_digest and "Hartley" not in public_digest
    assert "harbour" in digest_text(h, SECRET)


def test_a_member_sees_the_private_share_from_any_channel_and_slack_is_asked_once(
    newsroom: Harness,
) -> None:
    h = newsroom
    assert "must stay quiet" in ask(h, "quotes Imogen Hartley", user=ALICE)
    assert "Imogen Hartley" in ask(h, "actor Hartley", user=ALICE)
    assert "must stay quiet" in ask(h, "search harbour", user=ALICE)
    assert "Imogen Hartley" in ask(h, "top week", user=ALICE)
    lookups = h.slack.calls_of("users.conversations")
    assert [c.params["user"] for c in lookups] == [ALICE]  # cached for the later questions
    assert lookups[0].params["types"] == "private_channel"


def test_a_member_who_left_the_channel_no_longer_sees_it_once_the_cache_expires(
    newsroom: Harness,
) -> None:
    h = newsroom
    assert "must stay quiet" in ask(h, "search harbour", user=ALICE)
    h.slack.channels[SECRET].members.discard(ALICE)
    h.services.membership.ttl = 0  # as if the cache's minutes had passed
    assert "must stay quiet" not in ask(h, "search harbour", user=ALICE)


def test_when_slack_cannot_say_who_is_in_a_channel_only_public_stories_are_shown(
    newsroom: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    h = newsroom
    h.slack.fail_next("users.conversations", 10, status=500)
    with caplog.at_level(logging.WARNING, logger="handlers.members"):
        answer = ask(h, "search harbour", user=ALICE)
    assert "must stay quiet" not in answer and TOKEN not in answer
    assert "walking distance" in ask(h, "search library", user=ALICE)
    assert any("private channels" in r.getMessage() for r in caplog.records)
    # Asking inside the private channel shows its shares: Slack runs the command only there
    # for a member.
    assert "must stay quiet" in ask(h, "search harbour", user=ALICE, channel=SECRET)


def test_every_page_of_a_members_private_channels_is_read() -> None:
    """users.conversations answers a page at a time (at most 999 channels); all pages count."""
    from slack_sdk import WebClient

    from handlers.members import private_channels
    from tests.fakeslack import VALID_BOT_TOKEN

    with FakeSlack() as slack:
        for i in range(1005):
            slack.add_channel(f"G{i:06d}", private=True, members={BOT_USER_ID, ALICE})
        slack.add_channel("GNOTBOT001", private=True, members={ALICE})  # the bot is not in it
        slack.add_channel(NEWSROOM, private=False, members={BOT_USER_ID, ALICE})
        client = WebClient(token=VALID_BOT_TOKEN, base_url=slack.api_url)
        found = private_channels(client, ALICE)
        assert found == {f"G{i:06d}" for i in range(1005)}
        assert len(slack.calls_of("users.conversations")) == 2
        members = client.conversations_members(channel="G000001", limit=1)
        assert members["members"] in ([ALICE], [BOT_USER_ID])
        assert members["response_metadata"]["next_cursor"]

"""Links that used to break the archive, end to end on SQLite and PostgreSQL: a URL of thousands
of characters, a page with NUL characters or a 4,000-character canonical URL, and a page the
archive refuses every time. Signed events go into the real Bolt app, answers go to the fake Slack.
"""

from __future__ import annotations

import json
import random
import string
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from bot.nlp.analyze import Analyzer
from bot.store import queries as q
from bot.store.db import make_engine
from bot.store.queries.tables import SHARES
from tests.fakeslack import Call, in_thread
from tests.slack_harness import Harness, article_html, message_event, running_app
from tests.store.conftest import _empty_postgres, _postgres_archive  # noqa: F401  (fixture)

TITLE = "Senate weighs Riverton bridge repairs"
NUL = "\x00"
POISON = "Poisoned bridge story"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def archive_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'newsbot.db'}"
    url: str = request.getfixturevalue("_postgres_archive")
    _empty_postgres(url)
    return url


@pytest.fixture
def harness(tmp_path: Path, analyzer: Analyzer, archive_url: str) -> Iterator[Harness]:
    with running_app(tmp_path / "unused.db", analyzer, database_url=archive_url) as h:
        yield h


def on_message(ts: str) -> Any:
    return lambda c: c.params.get("timestamp") == ts


def long_path(n: int, *, seed: int = 0) -> str:
    """A path of `n` characters that does not compress, as real long URLs (tokens, slugs)."""
    rng = random.Random(seed)
    return "/news/" + "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(n))


def shares(h: Harness) -> list[Any]:
    s = SHARES.c
    with h.services.sessions() as session:
        return list(
            session.execute(
                sa.select(s.url, s.status, s.failure_reason, s.attempts).order_by(s.id)
            ).all()
        )


def test_a_message_with_a_5000_character_link_answers_it_and_its_other_link(
    harness: Harness,
) -> None:
    long = harness.site.html(long_path(5000), article_html(TITLE, 300))
    short = harness.site.html("/news/short", article_html("Mayor opens the library", 300, seed=2))
    ts = "1715677700.000100"
    response = harness.post_event(message_event(f"<{long}> and <{short}>", ts), event_id="EvLong")
    assert response.status_code == 200
    replies = harness.slack.wait_for("chat.postMessage", 2, where=in_thread(ts), timeout=60)
    harness.services.worker.join()
    assert {TITLE in r.params["text"] for r in replies} == {True, False}
    assert [r.params["name"] for r in harness.slack.calls_of("reactions.add")] == ["newspaper"] * 2
    assert [(row.url, row.status) for row in shares(harness)] == [(long, "done"), (short, "done")]


def test_nul_characters_and_a_4000_character_canonical_url_are_read_and_answered(
    harness: Harness,
) -> None:
    paragraphs = "\n\n".join(
        f"“This bridge has been unsafe for a decade{NUL if i == 0 else ''},” Senator Maria "
        f"Alvarez said on Tuesday. The Riverton bridge carries forty thousand vehicles a day, "
        f"and engineers rated its deck poor in an inspection last spring. Paragraph {i}."
        for i in range(8)
    )
    text_url = harness.site.html(
        "/news/plain-text",
        f"Bridge{NUL} repairs weighed\n\n{paragraphs}\n",
        content_type="text/plain; charset=utf-8",
    )
    canonical = harness.site.url(long_path(4000, seed=1))
    html = article_html(TITLE, 300).replace(
        "</head>", f"<link rel='canonical' href='{canonical}'></head>"
    )
    page_url = harness.site.html("/news/canonical", html)
    for ts, url in (("1715677800.000100", text_url), ("1715677800.000200", page_url)):
        harness.post_event(message_event(f"<{url}>", ts), event_id=f"Ev{ts}")
        [reply] = harness.slack.wait_for("chat.postMessage", where=in_thread(ts), timeout=60)
        assert "Maria Alvarez" in str(reply.params["blocks"]), reply.params["text"]
        assert "\\u0000" not in json.dumps(reply.params)  # nor in what Slack is sent
        [reaction] = harness.slack.wait_for("reactions.add", where=on_message(ts), timeout=10)
        assert reaction.params["name"] == "newspaper"
    harness.services.worker.join()
    assert [row.status for row in shares(harness)] == ["done", "done"]


def refuse_articles_titled(database_url: str, title: str) -> None:
    """Make the archive itself refuse to store an article with this title, every time."""
    engine = make_engine(database_url)
    with engine.begin() as conn:
        if engine.dialect.name == "sqlite":
            conn.exec_driver_sql(
                f"CREATE TRIGGER refuse_poison BEFORE INSERT ON article WHEN NEW.title = '{title}' "
                "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END"
            )
        else:
            conn.exec_driver_sql(
                "CREATE FUNCTION refuse_poison() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                f"IF NEW.title = '{title}' THEN RAISE EXCEPTION 'refused by the test'; END IF; "
                "RETURN NEW; END $$"
            )
            conn.exec_driver_sql(
                "CREATE TRIGGER refuse_poison BEFORE INSERT ON article FOR EACH ROW "
                "EXECUTE FUNCTION refuse_poison()"
            )
    engine.dispose()


def test_a_share_that_fails_every_attempt_ends_in_a_warning_and_one_reply(
    harness: Harness, archive_url: str
) -> None:
    refuse_articles_titled(archive_url, POISON)
    url = harness.site.html("/news/poison", article_html(POISON, 300))
    ts = "1715677900.000100"
    harness.post_event(message_event(f"<{url}>", ts), event_id="EvPoison")
    harness.services.worker.join()
    [share_id] = pending(harness)
    for attempt in range(2, q.DEFAULT_MAX_ATTEMPTS + 1):
        assert harness.slack.calls_of("reactions.add") == [], f"answered before attempt {attempt}"
        harness.services.worker.submit(share_id)  # what the sweep does every minute
        harness.services.worker.join()
    [reaction] = harness.slack.calls_of("reactions.add")
    [reply] = [c for c in harness.slack.calls_of("chat.postMessage") if in_thread(ts)(c)]
    assert reaction.params["name"] == "warning"
    assert reply.params["text"].startswith("I could not read this link: newsbot failed on it 5")
    for _ in range(2):  # later sweeps find it finished: nothing more is said
        harness.services.worker.submit(share_id)
        harness.services.worker.join()
    assert len(harness.slack.calls_of("reactions.add")) == 1
    assert len(harness.slack.calls_of("chat.postMessage")) == 1
    [row] = shares(harness)
    assert (row.status, row.attempts) == ("failed", 5) and "5 times" in row.failure_reason


def an_hour_ago() -> datetime:
    return datetime.now(UTC) - timedelta(hours=1)


def pending(h: Harness) -> list[int]:
    with h.services.sessions() as session:
        return q.pending_share_ids(session=session)


def test_a_share_whose_attempts_a_dead_process_used_up_is_answered_by_the_next_sweep(
    harness: Harness,
) -> None:
    url = harness.site.html("/news/left", article_html(TITLE, 300))
    with harness.services.sessions() as session:
        share_id, _ = q.record_share(
            session=session, team=None, channel="CNEWS00001", message_ts="1715678000.000100",
            thread_ts=None, user="U1", url=url,
        )  # fmt: skip
        # A process on another host claimed it for its fifth attempt and died there.
        session.execute(
            sa.update(SHARES)
            .where(SHARES.c.id == share_id)
            .values(attempts=5, claimed_by="gone-host:4242", claimed_at=an_hour_ago())
        )
        session.commit()
    harness.services.worker.submit(share_id)
    harness.services.worker.join()
    calls: list[Call] = harness.slack.calls_of("reactions.add")
    assert [c.params["name"] for c in calls] == ["warning"]
    assert len(harness.slack.calls_of("chat.postMessage")) == 1
    assert [row.status for row in shares(harness)] == ["failed"]

"""bot/store/queries/timelines.py: an actor's weeks, outlets and companions, and the week's most
quoted people and organisations, on SQLite and PostgreSQL, counted only over what the viewer
may see."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlmodel import Session

from bot.store import queries as q
from bot.store.queries.tables import ARTICLE_ACTORS, QUOTES
from tests.store.factories import (
    MEMBER,
    OUTSIDER,
    PRIVATE,
    PUBLIC,
    actor,
    analysis,
    article,
    quote,
    shared_article,
)

NOW = datetime(2024, 6, 1, tzinfo=UTC)  # weeks start May 25, 18, 11, 4, Apr 27, 20, 13, 6


def share(session: Session, n: int, day: date, channel: str, site: str, actors, quotes) -> int:
    """Story `n`, published and read on `day`, shared in `channel`, from `site`."""
    return shared_article(
        session, n=n, channel=channel, private=channel == PRIVATE,
        page=article(f"https://news{n}.example.com/story", published=day.isoformat(),
                     title=f"Story {n}", site=site),
        fetched_at=datetime(day.year, day.month, day.day, 12, tzinfo=UTC),
        read=analysis(actors, quotes),
    )  # fmt: skip


def said(speaker: str, *texts: str, at: int = 0) -> list:
    return [quote(t, speaker, start=at + 50 * i) for i, t in enumerate(texts)]


def newsroom(session: Session) -> None:
    """Ada in four public stories (one older than 8 weeks) and one private one; Riverton, a
    place, quoted most of all (a place's 'quote' is no person's or organisation's)."""
    ada, cy = actor("Ada Lovelace"), actor("Cy Young")
    board, town = actor("Harbour Board", "organization"), actor("Riverton", "place")
    share(session, 1, date(2024, 5, 26), PUBLIC, "The Ledger", [ada, board, town],
          said("Ada Lovelace", "The budget is sound", "The bridge will open")
          + said("Harbour Board", "Fees go up", at=200)
          + said("Riverton", "One", "Two", "Three", "Four", at=300))  # fmt: skip
    share(session, 2, date(2024, 5, 20), PUBLIC, "The Courier", [ada, cy],
          said("Ada Lovelace", "We will vote"))  # fmt: skip
    share(session, 3, date(2024, 5, 5), PUBLIC, "The Ledger", [ada, cy, town], [])
    share(session, 4, date(2024, 5, 27), PRIVATE, "Secret Weekly",
          [ada, actor("Dee Informant")],
          said("Ada Lovelace", "Harbour deal", "is rotten", "to the core"))  # fmt: skip
    share(session, 5, date(2024, 4, 1), PUBLIC, "Old Times", [ada], said("Ada Lovelace", "Old"))


def ada(session: Session) -> list[int]:
    return [p.id for p in q.actor_profile(session=session, name="Ada Lovelace").profiles]


def test_weeks_count_articles_and_quotes_per_week_without_hidden_ones(session: Session) -> None:
    newsroom(session)
    [ada_id] = ada(session)
    mentions = q.weekly_counts(
        session=session, table=ARTICLE_ACTORS, actor_ids=[ada_id], now=NOW, viewer=OUTSIDER
    )[ada_id]
    assert mentions.counts == (0, 0, 0, 0, 1, 0, 1, 1)
    assert mentions.starts[-1] == datetime(2024, 5, 25, tzinfo=UTC)
    assert mentions.starts[0] == datetime(2024, 4, 6, tzinfo=UTC)
    for viewer in (MEMBER, None):  # a member, and the operator, see the private story too
        seen = q.weekly_counts(
            session=session, table=QUOTES, actor_ids=[ada_id], now=NOW, viewer=viewer
        )[ada_id]
        assert seen.counts == (0, 0, 0, 0, 0, 0, 1, 5)
    hidden = q.weekly_counts(
        session=session, table=QUOTES, actor_ids=[ada_id], now=NOW, viewer=OUTSIDER
    )[ada_id]
    assert hidden.counts == (0, 0, 0, 0, 0, 0, 1, 2)


def test_most_quoted_ranks_people_and_organisations_only(session: Session) -> None:
    newsroom(session)
    since = datetime(2024, 5, 25, tzinfo=UTC)
    ranked = q.most_quoted(session=session, since=since, until=NOW, viewer=OUTSIDER)
    assert [(c.name, c.count) for c in ranked] == [("Ada Lovelace", 2), ("Harbour Board", 1)]
    ranked = q.most_quoted(session=session, since=since, until=NOW, viewer=MEMBER)
    assert [(c.name, c.count) for c in ranked] == [("Ada Lovelace", 5), ("Harbour Board", 1)]
    every_kind = q.most_quoted(session=session, since=since, until=NOW, kinds=(), viewer=MEMBER)
    assert [c.name for c in every_kind] == ["Ada Lovelace", "Riverton", "Harbour Board"]


def test_trending_gives_each_actor_its_weeks(session: Session) -> None:
    newsroom(session)
    [first, second] = q.trending(session=session, now=NOW, viewer=OUTSIDER)
    assert first.actor.name == "Ada Lovelace"
    assert first.mentions.counts == (0, 0, 0, 0, 1, 0, 1, 1)
    assert second.actor.name == "Harbour Board"
    assert second.mentions.counts == (0, 0, 0, 0, 0, 0, 0, 1)


def test_timeline_has_outlets_and_companions_of_what_the_viewer_sees(session: Session) -> None:
    newsroom(session)
    outsider = q.actor_timeline(session=session, actor_ids=ada(session), now=NOW, viewer=OUTSIDER)
    assert [(o.outlet, o.count) for o in outsider.outlets] == [
        ("The Ledger", 2),
        ("Old Times", 1),
        ("The Courier", 1),
    ]
    assert {c.name: c.count for c in outsider.companions} == {
        "Cy Young": 2,
        "Riverton": 2,
        "Harbour Board": 1,
    }
    assert outsider.mentions.total == 3 and outsider.quotes.total == 3
    member = q.actor_timeline(session=session, actor_ids=ada(session), now=NOW, viewer=MEMBER)
    assert ("Secret Weekly", 3) in [(o.outlet, o.count) for o in member.outlets]
    assert "Dee Informant" in {c.name for c in member.companions}
    assert member.to_json()["weeks"][-1] == {
        "week_start": "2024-05-25T00:00:00+00:00",
        "mentions": 2,
        "quotes": 5,
    }


def test_an_outlet_without_a_name_is_its_host() -> None:
    assert q.timelines.outlet_of(None, "https://www.riverton-ledger.com/a") == "riverton-ledger.com"
    assert q.timelines.outlet_of("  ", "https://x.example/a") == "x.example"
    assert q.timelines.outlet_of("The Ledger", "https://www.ledger.com/a") == "The Ledger"


@pytest.mark.parametrize("scanned", [40, 1], ids=["each-actor", "windows"])
def test_followed_quotes_are_the_newest_of_the_followed_that_the_viewer_may_see(
    session: Session, scanned: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Read actor by actor, or (following more than FOLLOWED_SCANNED) by windows of time first:
    the same answer."""
    monkeypatch.setattr(q.timelines, "FOLLOWED_SCANNED", scanned)
    newsroom(session)
    assert q.followed_quotes(session=session, user="UREADER", now=NOW) == (0, ())
    for name in ("Ada Lovelace", "Harbour Board"):
        q.follow(session=session, user="UREADER", name=name, viewer=MEMBER)
    q.follow(session=session, user="UOTHER", name="Riverton", viewer=MEMBER)
    count, shown = q.followed_quotes(
        session=session, user="UREADER", now=NOW, limit=4, viewer=OUTSIDER
    )
    assert count == 2
    assert [v.text for v in shown] == [
        "The budget is sound",  # May 26, in the order the story gives them
        "The bridge will open",
        "Fees go up",
        "We will vote",  # May 20: found beyond the last week
    ]
    _, member = q.followed_quotes(session=session, user="UREADER", now=NOW, limit=1, viewer=MEMBER)
    assert [v.text for v in member] == ["Harbour deal"]  # May 27, a private channel's story
    _, ever = q.followed_quotes(session=session, user="UREADER", now=NOW, limit=10, viewer=OUTSIDER)
    assert ever[-1].text == "Old"  # April: older than any window but the last

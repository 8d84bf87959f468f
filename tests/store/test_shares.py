"""bot/store/queries/shares.py: the share API that the Slack worker relies on."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Engine
from sqlmodel import Session

from bot.store import queries as q
from bot.store.db import session_factory
from bot.store.models import Share, utcnow
from bot.store.queries.shares import GAVE_UP
from tests.store.factories import actor, analysis, article


def share(session: Session, message_ts: str, url: str) -> tuple[int, bool]:
    """Record a share of `url` by U1 in channel C1."""
    return q.record_share(
        session=session,
        team="T1",
        channel="C1",
        message_ts=message_ts,
        thread_ts=None,
        user="U1",
        url=url,
    )


def test_a_redelivered_event_finds_the_share_it_made(session: Session) -> None:
    first = share(session, "1.1", "https://ex.com/a")
    again = share(session, "1.1", "https://ex.com/a")
    assert first == (first[0], True)
    assert again == (first[0], False)
    assert session.execute(sa.select(sa.func.count()).select_from(Share)).scalar() == 1


def test_url_variants_in_one_message_are_one_share(session: Session) -> None:
    share_id, _ = share(session, "1.1", "https://www.ex.com/a/?utm_source=x")
    assert share(session, "1.1", "http://ex.com/a") == (
        share_id,
        False,
    )


def test_the_same_url_in_another_message_is_another_share(session: Session) -> None:
    a, _ = share(session, "1.1", "https://ex.com/a")
    b, created = share(session, "2.2", "https://ex.com/a")
    assert created and a != b


def claim(session: Session, ids: list[int], worker: str, **kw: Any) -> list[int]:
    """The ids of `ids` that `worker` manages to claim, in order."""
    claimed = (q.claim_share(session=session, share_id=i, worker_id=worker, **kw) for i in ids)
    return [c.id for c in claimed if c is not None]


def test_claimed_shares_are_not_claimed_twice_until_the_claim_goes_stale(session: Session) -> None:
    ids = [share(session, f"{i}.0", f"https://ex.com/{i}")[0] for i in range(3)]
    assert claim(session, ids[:2], "w1") == ids[:2]
    first = q.claim_share(session=session, share_id=ids[2], worker_id="w2")
    assert first is not None and first.url == "https://ex.com/2" and first.user == "U1"
    assert claim(session, ids, "w3") == []
    # w1 and w2 crashed: after the expiry their shares are pending work again.
    retaken = [
        q.claim_share(session=session, share_id=i, worker_id="w4", stale_after=timedelta(0))
        for i in ids
    ]
    assert [(c.id, c.attempts) for c in retaken if c is not None] == [(i, 2) for i in ids]


def test_a_share_that_keeps_failing_is_given_up_once(session: Session) -> None:
    share_id, _ = share(session, "1", "https://ex.com/")
    tries = {"stale_after": timedelta(0), "max_attempts": 2}
    assert q.give_up_share(session=session, share_id=share_id, worker_id="w", **tries) is None
    assert claim(session, [share_id] * 3, "w", **tries) == [share_id] * 2
    view = q.give_up_share(session=session, share_id=share_id, worker_id="w", **tries)
    assert view is not None and view.status == "pending"  # failed once its sharer is told
    assert view.failure_reason == GAVE_UP.format(attempts=2)
    # Another live worker does not take it while this one answers it.
    assert (
        q.give_up_share(session=session, share_id=share_id, worker_id="w2", max_attempts=2) is None
    )


def test_claim_share_by_id_refuses_a_share_already_held_or_done(session: Session) -> None:
    share_id, _ = share(session, "1", "https://ex.com/")
    claimed = q.claim_share(session=session, share_id=share_id, worker_id="w1")
    assert claimed is not None and claimed.id == share_id
    assert q.claim_share(session=session, share_id=share_id, worker_id="w2") is None
    article_id = q.store_analysis(session=session, article=article(), analysis=analysis([]))
    q.mark_share_done(session=session, share_id=share_id, article_id=article_id)
    assert (
        q.claim_share(session=session, share_id=share_id, worker_id="w2", stale_after=timedelta(0))
        is None
    )


def test_done_share_links_its_article_and_its_url_finds_the_article(session: Session) -> None:
    shared = "https://short.example/xyz"
    share_id, _ = share(session, "1", shared)
    article_id = q.store_analysis(
        session=session,
        article=article("https://news.example.com/story"),
        analysis=analysis([actor("Ada Lovelace")]),
    )
    q.mark_share_done(session=session, share_id=share_id, article_id=article_id)
    view = q.get_share(session=session, share_id=share_id)
    assert view is not None and (view.status, view.article_id) == ("done", article_id)
    found = q.find_article(session=session, url="http://short.example/xyz/")
    assert found is not None and found.id == article_id


def test_failed_share_keeps_its_reason(session: Session) -> None:
    share_id, _ = share(session, "1", "https://ex.com/")
    q.mark_share_failed(session=session, share_id=share_id, reason="the page needs a login")
    view = q.get_share(session=session, share_id=share_id)
    assert view is not None
    assert (view.status, view.failure_reason) == ("failed", "the page needs a login")
    assert q.pending_share_ids(session=session) == []


def test_reply_and_reaction_are_recorded(session: Session) -> None:
    share_id, _ = share(session, "1", "https://ex.com/")
    q.record_reply(session=session, share_id=share_id, reply_ts="9.9")
    q.record_reply(session=session, share_id=share_id, reacted=True)
    view = q.get_share(session=session, share_id=share_id)
    assert view is not None and (view.reply_ts, view.reacted) == ("9.9", True)


def test_channel_replies_are_on_until_switched_off(session: Session) -> None:
    assert q.channel_replies_enabled(session=session, channel="C9") is True
    q.set_channel_replies(session=session, channel="C9", enabled=False)
    assert q.channel_replies_enabled(session=session, channel="C9") is False
    q.set_channel_replies(session=session, channel="C9", enabled=True)
    assert q.channel_replies_enabled(session=session, channel="C9") is True


def test_share_times_come_back_as_aware_utc(session: Session) -> None:
    share_id, _ = share(session, "1", "https://ex.com/")
    view = q.get_share(session=session, share_id=share_id)
    assert view is not None and view.shared_at.utcoffset() == timedelta(0)
    assert abs(view.shared_at - utcnow()) < timedelta(minutes=1)


def test_two_workers_claiming_at_once_never_get_the_same_share(engine: Engine) -> None:
    from concurrent.futures import ThreadPoolExecutor

    sessions = session_factory(engine)
    with sessions() as s:
        for i in range(40):
            share(s, f"{i}", f"https://ex.com/{i}")

    def drain(worker: str) -> list[int]:
        with sessions() as s:
            return claim(s, q.pending_share_ids(session=s), worker)

    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(drain, ["a", "b", "c", "d"]))
    claimed = [i for r in results for i in r]
    assert len(claimed) == 40 and len(set(claimed)) == 40

"""Search answers in pages: the quotes after an offset, and how many there are in all, counted
up to a cap only (the same on SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlmodel import Session

from bot.store import queries as q
from bot.store.queries import archive
from tests.store.factories import actor, analysis, article, quote


def store_bridge_tolls(session: Session) -> None:
    """Seven articles, each with one quote holding "bridge": "bridge tolls 0" oldest."""
    for n in range(7):
        q.store_analysis(
            session=session,
            article=article(f"https://news.example.com/{n}"),
            analysis=analysis(
                [actor("Ada Lovelace")], [quote(f"bridge tolls {n}", "Ada Lovelace")]
            ),
        )


def test_search_pages_and_a_capped_count(session: Session) -> None:
    store_bridge_tolls(session)
    first = q.search_quotes(session=session, words="bridge", limit=5)
    rest = q.search_quotes(session=session, words="bridge", limit=5, offset=5)
    assert [v.text for v in first + rest] == [f"bridge tolls {n}" for n in range(6, -1, -1)]
    assert q.count_search(session=session, words="bridge") == 7
    assert q.count_search(session=session, words="bridge", cap=3) == 4  # "more than 3"
    assert q.count_search(session=session, words="the") == 0  # nothing to look for


def test_search_texts_read_page_after_page_from_below_the_last_id(session: Session) -> None:
    """Candidates read in pages that each start below the last page's smallest id are the
    search's quotes newest first, as offsets would give them."""
    store_bridge_tolls(session)
    pages, before = [], None
    while page := q.search_texts(session=session, words="bridge", limit=3, before=before):
        pages.append([text for _, text in page])
        before = page[-1][0]
    assert pages == [[f"bridge tolls {n}" for n in range(6, -1, -1)][i : i + 3] for i in (0, 3, 6)]
    assert q.search_texts(session=session, words="the", limit=3) == []  # nothing to look for


def test_search_texts_keep_only_a_phrase_on_postgresql(session: Session) -> None:
    """PostgreSQL keeps the candidates holding `phrase` (its words in order, common ones too);
    SQLite reads them all and leaves the check to the caller."""
    store_bridge_tolls(session)
    q.store_analysis(
        session=session,
        article=article("https://news.example.com/tolls-of-the-bridge"),
        analysis=analysis(
            [actor("Ada Lovelace")], [quote("the tolls of the bridge", "Ada Lovelace")]
        ),
    )
    found = q.search_texts(
        session=session, words="bridge", limit=10, phrase="of the bridges", among=10
    )
    texts = [text for _, text in found]
    # Among the 3 newest quotes holding "tolls" only: the oldest, holding the phrase, is not.
    oldest = q.search_texts(
        session=session, words="tolls", limit=10, phrase="bridge tolls 0", among=3
    )
    if session.get_bind().dialect.name == "postgresql":
        assert texts == ["the tolls of the bridge"]
        assert oldest == []
    else:
        newest = [f"bridge tolls {n}" for n in range(6, -1, -1)]
        assert texts == ["the tolls of the bridge", *newest]
        assert len(oldest) == 8  # every quote with "tolls": `among` is ignored too


def test_a_phrase_s_candidates_are_the_same_read_from_the_newest_ids_first(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PostgreSQL may read a phrase's candidates among the newest ids first, and all ids only
    if those were too few: the same quotes whatever part of the ids the first read spans."""
    for n in range(12):  # "tolls" in every other quote, "on the bridge" in every third
        text = f"tolls rise on the bridge {n}" if n % 3 == 0 else f"bridge tolls rise {n}"
        text = text if n % 2 == 0 else f"ferry fares on the bridge {n}"
        q.store_analysis(
            session=session,
            article=article(f"https://news.example.com/tolls-{n}"),
            analysis=analysis([actor("Ada Lovelace")], [quote(text, "Ada Lovelace")]),
        )

    def read(span: int | None, among: int, limit: int) -> list[str]:
        monkeypatch.setattr(archive, "_phrase_span", lambda *_: span)
        found = q.search_texts(
            session=session, words="tolls", limit=limit, phrase="on the bridge", among=among
        )
        return [text for _, text in found]

    for among, limit in ((3, 10), (5, 10), (10, 10), (10, 1), (20, 3)):
        whole = read(None, among, limit)
        for span in (0, 1, 3, 5, 8, 100):
            assert read(span, among, limit) == whole, (span, among, limit)
    if session.get_bind().dialect.name == "postgresql":  # "tolls": 10, 8, 6, 4, 2, 0
        assert read(3, 3, 10) == ["tolls rise on the bridge 6"]
        assert read(12, 6, 10) == [f"tolls rise on the bridge {n}" for n in (6, 0)]
        assert read(6, 6, 1) == ["tolls rise on the bridge 6"]


def test_a_phrase_s_candidates_read_from_the_newest_ids_only_for_frequent_words(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The newest ids first only for words alone whose shares of the quotes (the database's
    statistics) expect the candidates in less than the whole table."""
    if session.get_bind().dialect.name == "postgresql":
        store_bridge_tolls(session)
        session.execute(sa.text("ANALYZE quote"))
        monkeypatch.setattr(archive, "_TERM_SHARES", {})
        found, quotes = archive._term_shares(session)
        assert quotes == 7 and found["toll"] == pytest.approx(1.0)
    shares = {"toll": 0.05, "bridg": 0.5, "ferri": 0.0001}
    monkeypatch.setattr(archive, "_term_shares", lambda _: (shares, 100_000.0))
    assert archive._phrase_span(session, "tolls", 100) == 4000  # twice 100 / 5%
    assert archive._phrase_span(session, "tolls bridge", 100) == 8000
    assert archive._phrase_span(session, "ferry", 100) is None  # the whole table or more
    assert archive._phrase_span(session, "quay", 100) is None  # not among the most common
    for words in ('"toll bridge"', "tolls OR bridge", "tolls -bridge", "the"):
        assert archive._phrase_span(session, words, 100) is None, words

"""Search answers in pages: the quotes after an offset, and how many there are in all, counted
up to a cap only (the same on SQLite and PostgreSQL)."""

from __future__ import annotations

from sqlmodel import Session

from bot.store import queries as q
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

"""bot/store/quote_keys.py and queries/provenance.py: one quote seen in several articles is
placed where it first appeared, a quote that grew or was trimmed at one end is linked to it,
short or merely similar quotes are not, and `said` finds who said some words and where first."""

from __future__ import annotations

from datetime import UTC, datetime
from importlib import import_module

import sqlalchemy as sa
from sqlmodel import Session

from bot.store import queries as q
from bot.store.db import make_engine, session_factory, upgrade
from bot.store.quote_keys import contains, quote_keys
from tests.store.factories import actor, analysis, article, quote, shared_article
from tests.store.test_visibility import MEMBER, OUTSIDER, PRIVATE, PUBLIC

PLEDGE = "We will rebuild every school in the valley before the winter comes"


def test_keys_ignore_case_punctuation_and_accents_and_skip_short_quotes() -> None:
    assert quote_keys(PLEDGE) == quote_keys(
        "we WILL rebuild every school, in the valley — before the winter comes."
    )
    assert quote_keys("Élysée palace said no to them") == quote_keys(
        "elysee Palace said no to them"
    )
    assert quote_keys("a total disaster") == quote_keys("a disaster for all")  # both keyless
    assert quote_keys("a total disaster").words_key is None
    six = quote_keys("The vote is set for Monday")
    assert six.words_key is not None and six.head_key is None  # too short to link by its ends
    assert contains(PLEDGE, "rebuild every school in the valley")
    assert not contains(PLEDGE, "rebuild every hospital")


def _store_site(session: Session, n: int, day: int, text: str, speaker: str, channel: str,
                site: str) -> int:  # fmt: skip
    url = f"https://{site.lower().replace(' ', '')}.example/{n}"
    return shared_article(
        session, n=n, channel=channel, private=channel == PRIVATE,
        page=article(url, title=f"Story {n}", site=site, published=f"2024-05-{day:02d}"),
        fetched_at=datetime(2024, 5, day, tzinfo=UTC),
        read=analysis([actor(speaker)], [quote(text, speaker)]),
    )  # fmt: skip


def shown(session: Session, viewer=None) -> dict[str, q.QuoteView]:
    """Every quote of Ada Lovelace, with provenance, by the site of its article."""
    found = q.quotes_by_actor(session=session, name="Ada Lovelace", limit=50, viewer=viewer)
    placed = q.with_provenance(session=session, quotes=found.quotes, viewer=viewer)
    return {f"{v.site}:{v.article_id}": v for v in placed}


def test_the_same_quote_in_three_articles_is_placed_where_it_first_appeared(
    session: Session,
) -> None:
    first = _store_site(session, 1, 2, PLEDGE, "Ada Lovelace", PUBLIC, "Valley Post")
    _store_site(session, 2, 4, PLEDGE.upper() + "!", "Ada Lovelace", PUBLIC, "Wire")
    third = _store_site(session, 3, 6, f"“{PLEDGE},”", "Ada Lovelace", PUBLIC, "Daily")
    views = shown(session)
    latest = views[f"Daily:{third}"].provenance
    assert latest is not None and latest.article_id == first and latest.site == "Valley Post"
    assert latest.articles == 3 and latest.seen_at == datetime(2024, 5, 2, tzinfo=UTC)
    assert views[f"Valley Post:{first}"].provenance.article_id == first  # it is the first


def test_a_quote_grown_or_trimmed_at_one_end_is_linked_but_not_one_cut_at_both(
    session: Session,
) -> None:
    first = _store_site(session, 1, 2, PLEDGE, "Ada Lovelace", PUBLIC, "Valley Post")
    grown = _store_site(
        session, 2, 3, PLEDGE + ", and every clinic too", "Ada Lovelace", PUBLIC, "A"
    )
    cut = _store_site(
        session,
        3,
        4,
        "Every school in the valley before the winter comes",
        "Ada Lovelace",
        PUBLIC,
        "B",
    )
    both = _store_site(
        session,
        4,
        5,
        "rebuild every school in the valley before the winter",
        "Ada Lovelace",
        PUBLIC,
        "C",
    )
    other = _store_site(
        session,
        5,
        6,
        "We will rebuild every bridge in the county by spring next year",
        "Ada Lovelace",
        PUBLIC,
        "D",
    )
    views = shown(session)
    assert views[f"A:{grown}"].provenance.article_id == first  # grew at its end: same head
    assert views[f"B:{cut}"].provenance.article_id == first  # trimmed at its start: same tail
    assert views[f"C:{both}"].provenance is None  # cut at both ends shares no key
    assert views[f"D:{other}"].provenance is None  # a similar opening is not the same quote


def test_short_quotes_are_never_linked(session: Session) -> None:
    _store_site(session, 1, 2, "A total disaster", "Ada Lovelace", PUBLIC, "A")
    later = _store_site(session, 2, 3, "a total disaster", "Ada Lovelace", PUBLIC, "B")
    assert shown(session)[f"B:{later}"].provenance is None


def test_a_quote_too_short_for_head_and_tail_keys_is_linked_by_its_words(
    session: Session,
) -> None:
    """Six words: found by words_key, the only key indexed for such quotes."""
    first = _store_site(session, 1, 2, "The vote is set for Monday", "Ada Lovelace", PUBLIC, "A")
    _store_site(session, 2, 3, "The vote is set for Tuesday", "Ada Lovelace", PUBLIC, "B")
    later = _store_site(session, 3, 4, "the VOTE is set for Monday!", "Ada Lovelace", PUBLIC, "C")
    placed = shown(session)[f"C:{later}"].provenance
    assert placed is not None and placed.article_id == first and placed.articles == 2


def test_the_family_of_quotes_is_read_through_the_key_indexes(session: Session) -> None:
    """Each key of the provenance query is a search of its partial index (SQLite uses one only
    when the query repeats its terms), never a scan of every quote."""
    captured: list[tuple[str, object]] = []

    def capture(_conn, _cursor, statement, parameters, _context, _many) -> None:  # type: ignore[no-untyped-def]
        if "quote.head_key IN" in statement:
            captured.append((statement, parameters))

    engine = session.get_bind()
    sa.event.listen(engine, "before_cursor_execute", capture)
    try:
        _store_site(session, 1, 2, PLEDGE, "Ada Lovelace", PUBLIC, "A")
        _store_site(session, 2, 3, "The vote is set for Monday", "Ada Lovelace", PUBLIC, "B")
        shown(session)
    finally:
        sa.event.remove(engine, "before_cursor_execute", capture)
    ((statement, parameters),) = captured
    conn = session.connection()
    if engine.dialect.name == "sqlite":
        explained = conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters)
        plan = " | ".join(row[-1] for row in explained)
        for key in ("words_key", "head_key", "tail_key"):
            assert f"USING INDEX ix_quote_{key} ({key}=?)" in plan
        assert "SCAN quote" not in plan
    else:  # a table this small is read whole unless scans are ruled out: can it use them?
        conn.exec_driver_sql("SET LOCAL enable_seqscan = off")
        plan = " | ".join(r[0] for r in conn.exec_driver_sql(f"EXPLAIN {statement}", parameters))
        for key in ("words_key", "head_key", "tail_key"):
            assert f"Index Scan on ix_quote_{key} " in plan
        assert "Seq Scan on quote" not in plan
    session.rollback()


def test_a_first_sighting_in_a_private_channel_is_not_shown_to_an_outsider(
    session: Session,
) -> None:
    secret = _store_site(session, 1, 2, PLEDGE, "Ada Lovelace", PRIVATE, "Leak")
    public = _store_site(session, 2, 4, PLEDGE, "Ada Lovelace", PUBLIC, "Wire")
    third = _store_site(session, 3, 6, PLEDGE, "Ada Lovelace", PUBLIC, "Daily")
    outsider = shown(session, OUTSIDER)[f"Daily:{third}"].provenance
    assert outsider is not None and outsider.article_id == public and outsider.articles == 2
    member = shown(session, MEMBER)[f"Daily:{third}"].provenance
    assert member is not None and member.article_id == secret and member.articles == 3


def test_said_finds_who_said_the_words_and_where_they_first_appeared(session: Session) -> None:
    first = _store_site(session, 1, 2, PLEDGE, "Ada Lovelace", PUBLIC, "Valley Post")
    _store_site(session, 2, 4, PLEDGE, "Ada Lovelace", PUBLIC, "Wire")
    _store_site(
        session,
        3,
        5,
        "As the minister put it, we will rebuild every school in the valley",
        "Bo Reyes",
        PUBLIC,
        "Daily",
    )
    _store_site(
        session,
        4,
        6,
        "The schools will reopen when the roads are safe again",
        "Cy Moss",
        PUBLIC,
        "E",
    )
    answer = q.said(session=session, words="rebuild every school in the valley", viewer=OUTSIDER)
    assert [s.speaker for s in answer.found] == ["Ada Lovelace", "Bo Reyes"]
    ada = answer.found[0]
    assert ada.first.article_id == first and ada.articles == 2
    assert answer.found[1].articles == 1
    assert q.said(session=session, words="rebuild every hospital now").found == ()
    assert q.said(session=session, words="every school").problem


def test_said_reads_past_newer_quotes_holding_the_words_in_another_order(
    session: Session, monkeypatch
) -> None:
    """More newer quotes than one page of candidates hold the words, but not in order: the
    older quote that says them is still found."""
    # The module, not the function of that name the package exports.
    monkeypatch.setattr(import_module("bot.store.queries.provenance"), "SAID_CANDIDATES", 3)
    first = _store_site(session, 1, 2, PLEDGE, "Ada Lovelace", PUBLIC, "Valley Post")
    for n in range(2, 7):
        text = f"In the valley, school {n} will rebuild, and every parent will help"
        _store_site(session, n, n + 2, text, "Bo Reyes", PUBLIC, f"Site {n}")
    answer = q.said(session=session, words="rebuild every school in the valley")
    assert [s.speaker for s in answer.found] == ["Ada Lovelace"]
    assert answer.found[0].first.article_id == first


def test_the_migration_gives_stored_quotes_their_keys(tmp_path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    upgrade(engine, "0014_title_name_parts")
    with engine.begin() as conn:
        conn.execute(sa.text(
            "INSERT INTO article (id, canonical_url, url_key, url_hash, authors, seen_at,"
            " page_kind, text, status, public, created_at, updated_at) VALUES (1, 'https://a.example/1',"
            " 'a.example/1', 'h1', '[]', '2024-05-01 00:00:00', 'article', '', 'done', 1,"
            " '2024-05-01 00:00:00', '2024-05-01 00:00:00')"
        ))  # fmt: skip
        conn.execute(
            sa.text(
                'INSERT INTO quote (id, article_id, text, kind, start, "end", seen_at, public,'
                " terms) VALUES (1, 1, :t, 'direct', 0, 10, '2024-05-01 00:00:00', 1, '')"
            ),
            {"t": PLEDGE},
        )
    upgrade(engine)
    with session_factory(engine)() as session:
        row = session.execute(
            sa.text("SELECT words_key, head_key, tail_key FROM quote WHERE id = 1")
        ).one()
    assert tuple(row) == (quote_keys(PLEDGE).words_key, quote_keys(PLEDGE).head_key,
                          quote_keys(PLEDGE).tail_key)  # fmt: skip
    engine.dispose()

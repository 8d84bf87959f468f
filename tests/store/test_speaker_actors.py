"""Quote speakers the analysis does not list as actors: names join the archive's actors,
descriptions ("company", "the statement") stay on the quote as written and are never actors."""

from __future__ import annotations

from sqlmodel import Session

from bot.store import queries as q
from tests.store.factories import actor, analysis, article, quote


def test_a_named_speaker_becomes_an_actor_and_a_description_does_not(session: Session) -> None:
    q.store_analysis(
        session=session,
        article=article(),
        analysis=analysis(
            [actor("Ada Lovelace")],
            [
                quote("words of a person the actors missed", "Jane Roe"),
                quote("words of a company", "company"),
                quote("words of a statement", "The statement"),
                quote("words of an envoy", "China's ambassador to Britain"),
            ],
        ),
    )
    assert len(q.actor_profile(session=session, name="Jane Roe").profiles) == 1
    for description in ("company", "The statement", "statement", "China's ambassador to Britain"):
        assert q.actor_profile(session=session, name=description).profiles == (), description
    # The quote itself is kept, with its speaker as the article wrote it.
    [found] = q.search_quotes(session=session, words="words of a company")
    assert found.speaker is None and found.speaker_text == "company"

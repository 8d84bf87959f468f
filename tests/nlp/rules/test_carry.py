"""A quote with no cue of its own continues the speaker of the quote before it
("carried_from_previous"), unless someone else is named speaking in between; "according to"
after a reporting verb names who vouches for the quote."""

from __future__ import annotations

from spacy.language import Language

from bot.nlp.actors import extract_actors
from bot.nlp.quotes import extract_quotes
from bot.nlp.records import Quote


def quotes(nlp: Language, text: str) -> list[Quote]:
    doc = nlp(text)
    return [q for q in extract_quotes(doc, extract_actors(doc)) if q.kind != "indirect"]


def test_a_quote_without_a_cue_continues_the_speaker_before(nlp: Language) -> None:
    found = quotes(
        nlp, '"We will rebuild the pier," Ann Roe said. "Nobody will be left behind this time."'
    )
    assert [q.speaker for q in found] == ["Ann Roe", "Ann Roe"]
    assert found[1].explain is not None and found[1].explain.cue == "carried_from_previous"


def test_another_speaker_named_in_between_stops_the_carry(nlp: Language) -> None:
    found = quotes(
        nlp,
        '"We will rebuild the pier," Ann Roe said. Bo Li, her rival, said that was a dream. '
        '"Nobody will be left behind this time."',
    )
    assert found[0].speaker == "Ann Roe"
    assert found[1].explain is not None and found[1].explain.cue != "carried_from_previous"
    assert found[1].speaker != "Ann Roe"


def test_according_to_after_the_verb_names_who_vouches(nlp: Language) -> None:
    found = quotes(
        nlp, '"We will rebuild the pier," officials said, according to the Harbour Ledger.'
    )
    assert found[0].explain is not None
    assert found[0].explain.cue.endswith("+according_to_after_verb")
    assert found[0].speaker is not None and found[0].speaker.endswith("Harbour Ledger")


def test_according_to_after_a_named_speaker_leaves_the_words_to_the_speaker(
    nlp: Language,
) -> None:
    found = quotes(
        nlp, '"We will rebuild the pier," Ann Roe said, according to the Harbour Ledger.'
    )
    assert found[0].speaker == "Ann Roe"
    assert found[0].explain is not None
    assert "according_to" not in (found[0].explain.cue or "")

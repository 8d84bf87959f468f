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


def test_a_credit_of_who_reported_the_words_does_not_stop_the_carry(nlp: Language) -> None:
    """'..., which was first reported by the Ledger' credits the paper that found the words:
    the next quote is still the speaker's; a paper that reports on its own speaks."""
    found = quotes(
        nlp,
        '"We are out of money," Ann Roe wrote in the memo, which was first reported by '
        'The Dayton Ledger. "We need a new plan now."',
    )
    assert [q.speaker for q in found] == ["Ann Roe", "Ann Roe"]
    found = quotes(
        nlp,
        '"We are out of money," Bo Li wrote in a memo, as reported by The Dayton Ledger. '
        '"We need a new plan now."',
    )
    assert [q.speaker for q in found] == ["Bo Li", "Bo Li"]
    found = quotes(nlp, 'The Dayton Ledger reported that the mayor would resign. "He is done."')
    assert found[0].speaker == "The Dayton Ledger"


def test_a_speech_verb_inside_the_attribution_does_not_stop_the_carry(nlp: Language) -> None:
    """'..., Ann Roe said, two hours after news outlets declared her the winner.': the verb of
    the aside is no other speaker; a verb joined as an equal ("and Bo Li replied") is."""
    found = quotes(
        nlp,
        '"We will win so much," Ann Roe said at her party, two hours after news outlets '
        'declared her the victor. "You will be so happy."',
    )
    assert [q.speaker for q in found] == ["Ann Roe", "Ann Roe"]
    found = quotes(
        nlp,
        '"We will win," Ann Roe said, and Bo Li replied that he doubted it. "You will lose."',
    )
    assert [q.speaker for q in found] == ["Ann Roe", "Bo Li"]


def test_the_sentence_before_speaks_through_its_outer_verb(nlp: Language) -> None:
    """'Ann Roe said that critics had been predicting ...': the verb inside what she said is
    not who speaks next."""
    found = quotes(
        nlp,
        "Ann Roe said that for decades some critics had been predicting a withdrawal. "
        '"That will not happen."',
    )
    assert [q.speaker for q in found] == ["Ann Roe"]
    assert found[0].explain is not None
    assert found[0].explain.cue == "attribution_in_sentence_before"

"""Quoted words that repeat a quote attributed elsewhere in the article are that speaker's
(bot.nlp.rules.echoes): a highlight line above the full quote, a phrase the writer takes back up."""

from __future__ import annotations

from spacy.language import Language

from bot.nlp.actors import extract_actors
from bot.nlp.quotes import extract_quotes
from bot.nlp.rules.echoes import Said, echo_of_attributed_quote

SAID = [
    Said(100, 160, "I feared how it would play. My fears have been realized.", "Morrison"),
    Said(
        200, 260, "to return capital to shareholders, in addition to investing for growth", "Reed"
    ),
]


def test_words_inside_an_attributed_quote_are_its_speakers() -> None:
    found = echo_of_attributed_quote("My fears have been realized", 0, 27, SAID)
    assert found is not None and found.cue == "Morrison"
    found = echo_of_attributed_quote("investing for growth.", 400, 421, SAID)
    assert found is not None and found.cue == "Reed"


def test_two_words_partial_words_or_the_quote_itself_are_no_echo() -> None:
    """The cases the rule must not fire on: a word or two ('"growth"', '"for growth"') prove
    nothing; 'invest for growth' is not the words quoted; a quote never echoes itself or the
    quote around it."""
    assert echo_of_attributed_quote("growth", 400, 406, SAID) is None
    assert echo_of_attributed_quote("for growth", 400, 410, SAID) is None
    assert echo_of_attributed_quote("invest for growth", 400, 417, SAID) is None
    assert echo_of_attributed_quote("fears have", 130, 140, SAID) is None
    assert echo_of_attributed_quote("ears have been", 400, 414, SAID) is None


def test_the_nearest_attributed_quote_holding_the_words_wins() -> None:
    said = [Said(0, 20, "we will win this", "Roe"), Said(500, 520, "we will win this", "Li")]
    found = echo_of_attributed_quote("will win this", 450, 463, said)
    assert found is not None and found.cue == "Li"


def test_a_highlight_line_and_a_phrase_taken_back_up_get_the_quoted_speaker(
    nlp: Language,
) -> None:
    text = (
        "Here are the highlights:\n"
        "- “My fears have been realized”\n"
        "Tom Reed told the committee, “I feared how the call would play. My fears have been "
        "realized.”\n"
        "Reed said the deal would allow “investing for growth that will drive revenues.” "
        "That is hard to square with cutting “investing for growth” at every paper."
    )
    doc = nlp(text)
    quotes = extract_quotes(doc, extract_actors(doc))
    by_text = {(q.start, q.text): q.speaker for q in quotes if q.kind != "indirect"}
    heading = text.index("My fears")
    taken_up = text.rindex("investing for growth")
    assert by_text[(heading, "My fears have been realized")] == "Tom Reed"
    assert by_text[(taken_up, "investing for growth")] == "Tom Reed"


def test_a_scare_quote_no_one_is_quoted_saying_stays_out(nlp: Language) -> None:
    """The case it must not fire on: 'the "reset"' when nobody's quote holds the words."""
    text = (
        "Tom Reed told the committee, “I feared how the call would play.”\n"
        "Critics said the so-called “grand reset” never came."
    )
    doc = nlp(text)
    quotes = extract_quotes(doc, extract_actors(doc))
    assert not [q for q in quotes if q.text.startswith("grand reset")]

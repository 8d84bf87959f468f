"""Small questions about one token (bot.nlp.predicates), on parses written out by hand."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from bot.nlp.predicates import is_speech_verb


def _doc(nlp: Language, rows: list[tuple[str, str, str, int, str]]) -> Doc:
    """A doc from (word, pos, dep, head index, lemma) rows."""
    return Doc(
        nlp.vocab,
        words=[r[0] for r in rows],
        pos=[r[1] for r in rows],
        deps=[r[2] for r in rows],
        heads=[r[3] for r in rows],
        lemmas=[r[4] for r in rows],
    )


def test_an_infinitive_the_tagger_read_as_a_noun_is_a_speech_verb(nlp: Language) -> None:
    # "It prompted Roe to state it." with "state" tagged as a noun.
    doc = _doc(
        nlp,
        [
            ("It", "PRON", "nsubj", 1, "it"),
            ("prompted", "VERB", "ROOT", 1, "prompt"),
            ("Roe", "PROPN", "dobj", 1, "Roe"),
            ("to", "PART", "aux", 4, "to"),
            ("state", "NOUN", "xcomp", 1, "state"),
            ("it", "PRON", "dobj", 4, "it"),
            (".", "PUNCT", "punct", 1, "."),
        ],
    )
    assert is_speech_verb(doc[4])


def test_a_noun_with_no_infinitive_is_no_speech_verb(nlp: Language) -> None:
    # "Roe spoke to the state." : "state" after "to" the preposition is a noun.
    doc = _doc(
        nlp,
        [
            ("Roe", "PROPN", "nsubj", 1, "Roe"),
            ("spoke", "VERB", "ROOT", 1, "speak"),
            ("to", "ADP", "prep", 1, "to"),
            ("the", "DET", "det", 4, "the"),
            ("state", "NOUN", "pobj", 2, "state"),
            (".", "PUNCT", "punct", 1, "."),
        ],
    )
    assert not is_speech_verb(doc[4])

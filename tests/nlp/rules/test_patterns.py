"""The DependencyMatcher patterns (bot.nlp.rules.patterns): spaCy's own DependencyMatcher and
our per-token matching find the same matches, and each pattern fires where it should."""

from __future__ import annotations

import pytest
from spacy.language import Language
from spacy.matcher import DependencyMatcher

from bot.nlp.rules.patterns import PATTERNS, DocPatterns, check_pattern, matches_at

from .conftest import Row, parsed

SENTENCES = [
    "According to the police and according to a report by Ann Roe, the driver fled.",
    '"We will win," said Ann Roe. "We will not stop," beamed Bo Li. Bo Li said so.',
    "Trump's tweet and her statement came after Ann Roe's long letter to the board.",
]


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_our_matching_finds_what_spacys_dependency_matcher_finds(nlp: Language, name: str) -> None:
    matcher = DependencyMatcher(nlp.vocab)
    matcher.add(name, [list(PATTERNS[name])])
    for text in SENTENCES:
        doc = nlp(text)
        spacy_found = sorted(tuple(ids) for _, ids in matcher(doc))
        ours = sorted(m for token in doc for m in matches_at(PATTERNS[name], token))
        assert ours == spacy_found, text


def test_patterns_find_sources_speakers_and_owners(nlp: Language) -> None:
    doc = nlp(SENTENCES[0])
    found = DocPatterns(doc)
    according = [t for t in doc if t.lower_ == "according"]
    assert [found.according_source(t).text for t in according] == ["police", "report"]  # type: ignore[union-attr]
    assert found.according_source(doc[1]) is None  # "to" is no "according"
    doc = nlp(SENTENCES[1])
    found = DocPatterns(doc)
    assert [t.text for t in doc if found.inverted(t)] == ["said", "beamed"]
    doc = nlp(SENTENCES[2])
    found = DocPatterns(doc)
    assert [(t.text, o.text) for t in doc for o in found.owners(t)] == [
        ("tweet", "Trump"),
        ("statement", "her"),
        ("letter", "Roe"),
    ]


def test_a_pattern_we_cannot_match_is_refused() -> None:
    with pytest.raises(ValueError, match="relation"):
        check_pattern(
            [
                {"RIGHT_ID": "a", "RIGHT_ATTRS": {"LOWER": "a"}},
                {"LEFT_ID": "a", "REL_OP": ".", "RIGHT_ID": "b", "RIGHT_ATTRS": {}},
            ]
        )


# "As Ann Roe put it, it failed." parsed with the speaker as the object of "as".
AS_MISPARSED: list[Row] = [
    ("As", "IN", "ADP", "prep", 5, "as", ""),
    ("Ann", "NNP", "PROPN", "compound", 2, "Ann", "PERSON"),
    ("Roe", "NNP", "PROPN", "pobj", 0, "Roe", "PERSON"),
    ("put", "VBD", "VERB", "advcl", 5, "put", ""),
    (",", ",", "PUNCT", "punct", 5, ",", ""),
    ("it", "PRP", "PRON", "nsubj", 5, "it", ""),
    ("failed", "VBD", "VERB", "ROOT", 5, "fail", ""),
    (".", ".", "PUNCT", "punct", 5, ".", ""),
]


def test_as_speaker_finds_the_object_of_as(nlp: Language) -> None:
    doc = parsed(nlp, AS_MISPARSED).doc
    matcher = DependencyMatcher(nlp.vocab)
    matcher.add("as_speaker", [list(PATTERNS["as_speaker"])])
    assert [tuple(ids) for _, ids in matcher(doc)] == [(0, 2)]
    found = DocPatterns(doc)
    assert [s.text for t in doc for s in found.as_speakers(t)] == ["Roe"]
    # Parsed as a clause ("As" marks it, "Roe" is its subject), there is nothing to mend.
    doc = nlp("As Ann Roe put it, it failed.")
    assert not [s for t in doc for s in DocPatterns(doc).as_speakers(t)]

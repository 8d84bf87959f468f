"""Rule 12 (DESIGN.md): quotation marks only around the article's own quoted words; reported
speech as its speaker and the whole clause; each quote linked to its place by a text fragment."""

from __future__ import annotations

from urllib.parse import unquote

import pytest

from bot.quoting import fragment_url, reported_lead, shown


def test_verbatim_words_are_shown_in_quotation_marks_with_their_speaker() -> None:
    direct = shown("We will not accept this,", "direct", "Jane Whitfield", "said")
    partial = shown("a disaster for our security", "partial", "Jane Whitfield", "called")
    assert direct.plain() == "“We will not accept this” — Jane Whitfield"
    assert partial.plain() == "“a disaster for our security” — Jane Whitfield"


def test_reported_speech_is_the_speaker_and_the_whole_clause_without_quotation_marks() -> None:
    clause = "any cooperation with the Chinese tech firm could compromise intelligence sharing"
    said = shown(clause, "indirect", "Donald Trump", "warned")
    assert said.plain() == f"Donald Trump warned that {clause}"
    assert not said.verbatim and "“" not in said.plain()


def test_quotation_marks_the_article_put_inside_reported_speech_stay() -> None:
    clause = "the deal was “a betrayal” of the town"
    assert shown(clause, "indirect", "Ann Lee", "said").plain() == f"Ann Lee said that {clause}"


@pytest.mark.parametrize(
    ("cue", "clause", "expected"),
    [
        ("according to", "the review will take months", ("According to ", ",")),
        ("said", "that the review will take months", ("", " said")),
        ("asked", "whether the review would take months", ("", " (asked):")),
        ("told", "the review would take months", ("", " (told):")),
        ("statement", "the review will take months", ("", " (statement):")),
        ("urged", "to review the contract", ("", " (urged):")),
        (None, "the review will take months", ("", ":")),
    ],
)
def test_the_cue_introduces_the_clause_as_english_allows(
    cue: str | None, clause: str, expected: tuple[str, str]
) -> None:
    assert reported_lead(cue, clause) == expected


def test_a_short_quote_is_linked_by_its_words_percent_encoded() -> None:
    url = fragment_url("https://news.example/a?id=1#top", "Cuts, not tax-rises & fees,")
    base, directive = url.split("#:~:text=")
    assert base == "https://news.example/a?id=1"
    # "-", "," and "&" separate a directive's parts: inside a term they are always encoded.
    assert directive == "Cuts%2C%20not%20tax%2Drises%20%26%20fees"
    assert unquote(directive) == "Cuts, not tax-rises & fees"


def test_a_long_quote_is_linked_by_its_first_and_last_words() -> None:
    words = " ".join(f"w{i}" for i in range(30))
    url = fragment_url("https://news.example/a", words)
    start, end = url.split("#:~:text=")[1].split(",")
    assert unquote(start) == "w0 w1 w2 w3 w4"
    assert unquote(end) == "w25 w26 w27 w28 w29"


def test_quote_words_that_look_like_formatting_are_encoded_in_the_link() -> None:
    directive = fragment_url("https://n.example/", "a _big_ ~deal~ *now*").split("=", 1)[1]
    assert not set(directive) & set("_~*` ")

"""The page's own voice is no actor of its story (issue 13): datelines, wire credits, credit
lines and the publisher, on sentences written for these tests."""

from __future__ import annotations

from spacy.language import Language

from bot.nlp.actors import extract_actors
from bot.nlp.outlets import is_outlet, publisher_last, voice_spans
from bot.nlp.records import Analysis
from tests.store.factories import actor


def voice_of(text: str) -> list[str]:
    return [text[lo:hi] for lo, hi in voice_spans(text)]


def test_datelines_of_news_writing_are_the_pages_voice() -> None:
    assert voice_of("HARBOURTON, Veland (AP) — Minister Dana Whitfield spoke.") == [
        "HARBOURTON, Veland (AP) — "
    ]
    assert voice_of("HARBOURTON — Dana Whitfield spoke.") == ["HARBOURTON — "]
    assert voice_of("Port Ellis, ND – Acme Power said.") == ["Port Ellis, ND – "]
    assert voice_of("Port Ellis (Wire News)The market fell.") == ["Port Ellis (Wire News)"]
    assert voice_of("BAAR, VELAND\nAcme announces a deal.") == ["BAAR, VELAND"]
    # After a headline and a blank line, the body's first paragraph holds the dateline.
    text = "Whitfield wins the vote\n\nHARBOURTON — Dana Whitfield won."
    assert voice_of(text) == ["HARBOURTON — "]


def test_a_sentence_opening_with_a_name_is_no_dateline() -> None:
    for text in (
        "Whitfield: 'We will win.'\n\nDana Whitfield said so.",
        "Whitfield — the mayor — said no.",
        "NASA TO LAUNCH PROBE\nThe agency said so.",
        "Gov. Dana Whitfield said so.",
        "Harlow (4-0): Dana Whitfield 2 goals.",  # a side's record, no wire credit
    ):
        assert voice_of(text) == [], text


def test_credit_lines_are_the_pages_voice() -> None:
    text = (
        "Dana Whitfield won.\nJane Roe contributed to this report.\nFollow her on Twitter.\n"
        "Follow Planet Radio on Instagram and YouTube.\nPhoto: Bo Li / Getty Images\nBy Ann Li"
    )
    assert voice_of(text) == [
        "Jane Roe contributed to this report.",
        "Follow her on Twitter.",
        "Follow Planet Radio on Instagram and YouTube.",
        "Photo: Bo Li / Getty Images",
        "By Ann Li",
    ]


def test_dateline_city_wire_and_credited_reporter_are_no_actors(nlp: Language) -> None:
    text = (
        "HARBOURTON, Veland (AP) — Defence Minister Dana Whitfield accused Acme Power of "
        "hiding losses on Tuesday. Acme Power denied it.\n"
        "Associated Press writer Jane Roe contributed to this report."
    )
    names = {a.name for a in extract_actors(nlp(text))}
    assert "Dana Whitfield" in names and "Acme Power" in names
    assert not names & {"HARBOURTON", "Harbourton", "AP", "Associated Press", "Jane Roe"}, names


def test_the_publisher_and_news_agencies_are_outlets() -> None:
    assert is_outlet("The Daily Planet", "Daily Planet")
    assert is_outlet("Planet", "The Planet")
    assert is_outlet("WXN", "WXN Business")
    assert is_outlet("WXN Metro", "WXN News")
    assert is_outlet("Reuters", None)
    assert is_outlet("Associated Press", "Some Site")
    assert not is_outlet("Daily Globe", "Daily Planet")
    assert not is_outlet("Acme Power", "Acme Times") and not is_outlet("NASA", "Space")


def test_the_publishers_initials_are_the_publisher() -> None:
    """ "TRD" on The Real Deal's page, "WSJ" on The Wall Street Journal's: the site's initials,
    with or without its "The"; not a longer acronym that starts like them ("NYPD" on the New
    York Post's page) nor two letters ("RD")."""
    assert is_outlet("TRD", "The Real Deal New York")
    assert is_outlet("WSJ", "The Wall Street Journal")
    assert is_outlet("NYP", "New York Post")
    assert not is_outlet("NYPD", "New York Post")
    assert not is_outlet("RD", "The Real Deal")
    assert not is_outlet("Trd", "The Real Deal")


def test_the_publisher_is_ranked_last_and_keeps_its_place_in_the_archive() -> None:
    analysis = Analysis(
        actors=(
            actor("Daily Planet", "organization", salience=0.5),
            actor("Dana Whitfield", salience=0.3),
            actor("Acme Power", "organization", salience=0.2),
        ),
        quotes=(),
    )
    ranked = publisher_last(analysis, "The Daily Planet")
    assert [a.name for a in ranked.actors] == ["Dana Whitfield", "Acme Power", "Daily Planet"]
    assert ranked.actors[-1].salience == 0.0
    assert abs(sum(a.salience for a in ranked.actors) - 1.0) < 1e-9
    # Without a site nothing moves; a person or place sharing a word with it stays.
    assert publisher_last(analysis, None) == analysis
    others = Analysis(actors=(actor("Daily"), actor("Planet City", "place")), quotes=())
    assert publisher_last(others, "Daily Planet") == others
    # A publication the model took for a person is still the publisher, an organisation.
    named = Analysis(actors=(actor("Daily Planet"), actor("Dana Whitfield")), quotes=())
    [first, last] = publisher_last(named, "The Daily Planet").actors
    assert (first.name, last.name, last.kind) == ("Dana Whitfield", "Daily Planet", "organization")

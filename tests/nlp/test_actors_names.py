"""Canonical names of actors (issue 13): the fullest form the article itself uses, one actor per
person, on sentences written for these tests."""

from __future__ import annotations

from spacy.language import Language

from bot.nlp.actors import extract_actors


def names_of(nlp: Language, text: str) -> list[str]:
    return [a.name for a in extract_actors(nlp(text))]


def test_a_short_lead_sentence_is_body_text_and_keeps_its_full_names(nlp: Language) -> None:
    """A text that starts with a one-sentence lead paragraph has no headline: the full name in
    it is the person's canonical name, however often the surname alone comes later."""
    text = (
        "Gov. Dana Whitfield defended the new water plan on Monday.\n"
        "Whitfield said the plan would lower bills. Whitfield added that farmers supported it."
    )
    names = names_of(nlp, text)
    assert "Dana Whitfield" in names
    assert "Whitfield" not in names


def test_a_headline_line_still_gives_way_to_the_body_name(nlp: Language) -> None:
    """A real headline (no closing full stop, or a blank line after it) crops and Title Cases
    names, so the body's form wins there: the rule above must not fire on it."""
    for headline in ("Whitfield Defends Water Plan", "Whitfield defends water plan.\n"):
        text = (
            f"{headline}\n"
            "Governor Dana Whitfield defended the plan on Monday, and Whitfield said bills would"
            " fall."
        )
        names = names_of(nlp, text)
        assert "Dana Whitfield" in names, (headline, names)

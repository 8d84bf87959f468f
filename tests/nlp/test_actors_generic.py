"""Generic words and determiners are never actors (issue 13), on sentences written for these
tests. The model's labels are set by hand where a rule repairs its mistakes."""

from __future__ import annotations

from spacy.language import Language

from bot.nlp.actor_kinds import _spelt_in_lower_case, is_generic, looks_like_name
from bot.nlp.actors import extract_actors
from tests.nlp.test_actors import with_entities


def test_generic_words_and_determiners_are_descriptions() -> None:
    for description in (
        "The",
        "company",
        "Company",
        "the statement",
        "source",
        "Public",
        "spokesperson",
        "Agency",
        "People",
        "Officials",
        "company spokesperson",
        "Avenue",
    ):
        assert is_generic(description), description


def test_acronyms_nationalities_and_title_cased_bodies_are_names() -> None:
    for name in (
        "WHO", "State Department", "Americans", "Democrats", "Navy", "Apple", "CO", "Fifth Avenue",
        "Abbey Road",
    ):  # fmt: skip
        assert not is_generic(name), name


def test_only_names_stand_as_archive_actors() -> None:
    assert looks_like_name("Jane Roe")
    assert looks_like_name("University of Florida")
    assert looks_like_name("the People's Daily")
    for description in ("a spokesperson", "China's ambassador to Britain", "statement", "The"):
        assert not looks_like_name(description), description


def test_generic_words_tagged_as_entities_make_no_actor(nlp: Language) -> None:
    text = (
        "The Agency said on Monday that Public support for the Orbit Project had grown. "
        "People gathered outside as Acme Rockets confirmed the launch date."
    )
    doc = with_entities(
        nlp,
        text,
        [
            ("Agency", "ORG", 0),
            ("Public", "ORG", 0),
            ("Orbit Project", "ORG", 0),
            ("People", "ORG", 0),
            ("Acme Rockets", "ORG", 0),
        ],
    )
    names = {a.name for a in extract_actors(doc)}
    assert names == {"Orbit Project", "Acme Rockets"}


def test_a_word_capitalised_only_where_any_word_is_is_no_name(nlp: Language) -> None:
    """ "Drought" opening sentences is the common word the article writes as "drought" too;
    "Apple" in the middle of a sentence is a name even if "apple" occurs elsewhere."""
    text = (
        "Drought has cut harvests across the region. Farmers said the drought was the worst "
        "in decades. Growers now sell to Apple, which makes an apple juice brand."
    )
    doc = with_entities(nlp, text, [("Drought", "ORG", 0), ("Apple", "ORG", 0)])
    names = {a.name for a in extract_actors(doc)}
    assert "Drought" not in names
    assert "Apple" in names


def test_acronyms_of_common_nouns_are_no_actors(nlp: Language) -> None:
    """An acronym the article spells out in lower case ("hypersensitivity pneumonitis, or HP",
    "FIRE (financial independence, retire early)") or a known one of a common noun ("an IPO")
    names a thing. Must not fire on a body spelt out in capitals ("the Harbour Port Authority
    (HPA)") or on an acronym the article never spells out ("WXN")."""
    text = (
        "Doctors found hypersensitivity pneumonitis, or HP, in the patient. HP is rare, the "
        "Harbour Port Authority (HPA) said. HPA officials added that FIRE (financial "
        "independence, retire early) savers and WXN planned an IPO in May, and WXN said so."
    )
    doc = with_entities(
        nlp,
        text,
        [
            ("HP", "ORG", 0),
            ("HP", "ORG", 1),
            ("Harbour Port Authority", "ORG", 0),
            ("HPA", "ORG", 0),
            ("HPA", "ORG", 1),
            ("FIRE", "ORG", 0),
            ("WXN", "ORG", 0),
            ("IPO", "ORG", 0),
            ("WXN", "ORG", 1),
        ],
    )
    names = {a.name for a in extract_actors(doc)}
    assert names == {"Harbour Port Authority", "WXN"}, names


def test_acronyms_of_product_and_advertising_terms_are_no_actors(nlp: Language) -> None:
    """ "RGB lighting", "AWD as standard", "a higher CTR": a feature or a measure, whatever the
    model tagged. Must not fire on a company's acronym ("WXN")."""
    text = "The WXN monitor has RGB lighting and AWD as standard, and its ads reach a higher CTR."
    doc = with_entities(
        nlp, text, [("WXN", "ORG", 0), ("RGB", "ORG", 0), ("AWD", "ORG", 0), ("CTR", "ORG", 0)]
    )
    names = {a.name for a in extract_actors(doc)}
    assert names == {"WXN"}, names


def test_acronyms_of_retail_terms_are_no_actors(nlp: Language) -> None:
    """A review's "RRP: 40 euros" and "plus VAT" price a thing; "WXN" sells it."""
    text = "The WXN book costs 40 euros RRP, plus VAT, and WXN ships it free."
    doc = with_entities(
        nlp, text, [("WXN", "ORG", 0), ("RRP", "ORG", 0), ("VAT", "ORG", 0), ("WXN", "ORG", 1)]
    )
    assert {a.name for a in extract_actors(doc)} == {"WXN"}


def test_spelt_out_acronyms() -> None:
    assert _spelt_in_lower_case("IPO", "plans an initial public offering (IPO) soon")
    assert _spelt_in_lower_case("EVs", "sales of electric vehicles (EVs) rose")
    assert not _spelt_in_lower_case("FBI", "the Federal Bureau of Investigation (FBI) said")
    assert not _spelt_in_lower_case("NASA", "the space agency (NASA) said")
    # The capital that opens a sentence or a line is no capital of a name; one inside is.
    assert _spelt_in_lower_case("BED", "Pain rose. Binge eating disorder (BED) is common.")
    assert _spelt_in_lower_case("EVs", "Sales rose.\nElectric vehicles (EVs) sold well.")
    assert not _spelt_in_lower_case("HPA", "Pain rose in Harbour port authority (HPA) land.")


def test_a_word_capitalised_by_its_place_names_no_group(nlp: Language) -> None:
    """ "Smart journalists have the same trouble" opening a line (after one the model runs
    into the same sentence) is no group named "Smart journalists", as a name mid-sentence
    ("the Democratic senators") is. The first must not become an actor; the second must."""
    text = (
        "We lost the whole week to it 🙁\nSmart journalists have the same trouble. Then the "
        "Democratic senators said no."
    )
    doc = with_entities(nlp, text, [("Democratic", "NORP", 0)])
    names = {a.name for a in extract_actors(doc)}
    assert "Smart journalists" not in names, names
    assert "Democratic senators" in names, names


def test_a_law_an_award_or_a_disease_is_no_actor(nlp: Language) -> None:
    """A name ending in a noun for a thing, an event or a law names no one who acts, whatever
    label the model gave it; a body whose name only holds such a word ("Prize Foods Ltd") or
    ends in a word bodies also end with ("Harlow Games") stays an actor."""
    text = (
        "Senator Ada Brisk said the Clean Rivers Act would pass. The Northern Music Awards "
        "moved to May, and Harlow Lung Disease cases rose. Prize Foods Ltd and Harlow Games "
        "said they would sponsor the awards. The Harlow Auto Show opens on Friday, after the "
        "Hall of Fame Induction."
    )
    doc = with_entities(
        nlp,
        text,
        [
            ("Ada Brisk", "PERSON", 0),
            ("Harlow Auto Show", "ORG", 0),
            ("Hall of Fame Induction", "ORG", 0),
            ("Clean Rivers Act", "ORG", 0),
            ("Northern Music Awards", "ORG", 0),
            ("Harlow Lung Disease", "PERSON", 0),
            ("Prize Foods Ltd", "ORG", 0),
            ("Harlow Games", "ORG", 0),
        ],
    )
    names = sorted(a.name for a in extract_actors(doc))
    assert names == ["Ada Brisk", "Harlow Games", "Prize Foods Ltd"]


def test_a_stock_market_index_is_no_actor(nlp: Language) -> None:
    """A market's index, known by its own name or ending in "Composite", is a figure that
    rises and falls, not an actor; the exchange that runs it stays one."""
    text = (
        "The Sensex rose 300 points on Monday while the Lagos Composite fell, and the Nikkei "
        "225 ended flat. Lagos Stock Exchange said trading was calm."
    )
    doc = with_entities(
        nlp,
        text,
        [
            ("Sensex", "ORG", 0),
            ("Lagos Composite", "ORG", 0),
            ("Nikkei 225", "ORG", 0),
            ("Lagos Stock Exchange", "ORG", 0),
        ],
    )
    names = sorted(a.name for a in extract_actors(doc))
    assert names == ["Lagos Stock Exchange"]


def test_an_epithet_after_a_naming_word_is_no_actor(nlp: Language) -> None:
    """ "the disease dubbed the Grey Fever", "known as the 'Iron Gate'": a term given to a
    thing; "a man known as Dana Roe" names a person."""
    text = (
        "The man caught the old disease dubbed the Grey Fever. The pass was known as the "
        '"Iron Gate" for years. A man known as Dana Roe led the way.'
    )
    doc = with_entities(
        nlp,
        text,
        [("Grey Fever", "ORG", 0), ("Iron Gate", "FAC", 0), ("Dana Roe", "PERSON", 0)],
    )
    assert [a.name for a in extract_actors(doc)] == ["Dana Roe"]


def test_a_class_abbreviated_in_the_plural_is_no_actor(nlp: Language) -> None:
    """ "Intensive Care Units (ICUs)": a Title Cased class of things whose acronym the article
    writes in the plural; one body's acronym takes no plural ("Harlow Care Trust (HCT)")."""
    text = (
        "The tool serves Intensive Care Units (ICUs) across Europe, the Harlow Care Trust "
        "(HCT) said. Intensive Care Units will get it first."
    )
    doc = with_entities(
        nlp,
        text,
        [
            ("Intensive Care Units", "ORG", 0),
            ("Harlow Care Trust", "ORG", 0),
            ("Intensive Care Units", "ORG", 1),
        ],
    )
    names = {a.name for a in extract_actors(doc)}
    assert "Intensive Care Units" not in names and "Harlow Care Trust" in names, names


def test_a_show_named_after_a_part_of_it_is_no_actor(nlp: Language) -> None:
    """ "the third season of The Crown", "the final episode of Harlow Heights": a show's title,
    whatever the model tagged; "the cast praised Dana Roe" and "a season of protests" are
    not such, and Dana Roe stays an actor."""
    text = (
        "Fans watched the third season of The Crown all weekend. She starred in the final "
        "episode of Harlow Heights, and the cast praised Dana Roe. A season of protests began."
    )
    doc = with_entities(
        nlp,
        text,
        [("Crown", "ORG", 0), ("Harlow Heights", "GPE", 0), ("Dana Roe", "PERSON", 0)],
    )
    assert [a.name for a in extract_actors(doc)] == ["Dana Roe"]


def test_a_name_only_on_lines_that_are_no_sentences_is_no_actor(nlp: Language) -> None:
    """A shopping or recipe page's headings and list items ("Evening Shake", "Blend for two
    minutes") name products and steps; a name written in one of the page's sentences at least
    once ("Dana Roe ... said") is an actor, even if a heading names it too."""
    text = (
        "Dana Roe said the plan suits busy weeks.\n"
        "Evening Shake\n"
        "Blend for two minutes\n"
        "Evening Shake with Dana Roe\n"
        "Zenbo Oats, one cup"
    )
    doc = with_entities(
        nlp,
        text,
        [
            ("Dana Roe", "PERSON", 0),
            ("Evening Shake", "PERSON", 0),
            ("Blend", "ORG", 0),
            ("Evening Shake", "PERSON", 1),
            ("Dana Roe", "PERSON", 1),
            ("Zenbo Oats", "ORG", 0),
        ],
    )
    names = {a.name for a in extract_actors(doc)}
    assert names == {"Dana Roe"}, names

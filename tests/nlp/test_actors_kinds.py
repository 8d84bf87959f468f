"""Kinds of actors (issue 13): a one-word name the model takes for a person is an organisation
when the article writes it as one, on sentences written for these tests. The model's labels are
set by hand, so each rule is exercised whatever the model tags today."""

from __future__ import annotations

from spacy.language import Language

from bot.nlp.actor_hints import plural_verb_subject, team_in_a_match_result
from bot.nlp.actor_kinds import venue_name
from bot.nlp.actors import extract_actors
from tests.nlp.test_actors import with_entities


def kinds(nlp: Language, text: str, entities: list[tuple[str, str, int]]) -> dict[str, str]:
    return {a.name: a.kind for a in extract_actors(with_entities(nlp, text, entities))}


def test_a_team_after_the_is_an_organisation(nlp: Language) -> None:
    text = "The Rivermen lost again on Sunday. Fans said the Rivermen looked tired."
    got = kinds(nlp, text, [("Rivermen", "PERSON", 0), ("Rivermen", "PERSON", 1)])
    assert got["Rivermen"] == "organization"


def test_the_employer_after_a_job_is_an_organisation(nlp: Language) -> None:
    text = "Jane Roe, a senior vice president at Zenbo, said sales rose. Zenbo shares rose too."
    got = kinds(nlp, text, [("Jane Roe", "PERSON", 0), ("Zenbo", "PERSON", 0)])
    assert got == {"Jane Roe": "person", "Zenbo": "organization"}


def test_a_social_network_is_an_organisation(nlp: Language) -> None:
    text = "The video spread across Twitter on Monday, and Twitter removed it later."
    got = kinds(nlp, text, [("Twitter", "PERSON", 0), ("Twitter", "PERSON", 1)])
    assert got["Twitter"] == "organization"


def test_a_pair_with_an_organisation_is_an_organisation(nlp: Language) -> None:
    text = "Zenbo and Acme Media completed their merger on Tuesday."
    got = kinds(nlp, text, [("Zenbo", "PERSON", 0), ("Acme Media", "ORG", 0)])
    assert got["Zenbo"] == "organization"


def test_people_written_as_people_stay_people(nlp: Language) -> None:
    """No rule fires on a titled name, a relative "of" someone, or a person's full name."""
    text = (
        "Gov. Whitfield met the daughter of Okafor at the Rivermen stadium. Dana Roe and "
        "Acme Media signed a deal, and Whitfield praised it."
    )
    got = kinds(
        nlp,
        text,
        [
            ("Whitfield", "PERSON", 0),
            ("Okafor", "PERSON", 0),
            ("Dana Roe", "PERSON", 0),
            ("Acme Media", "ORG", 0),
            ("Whitfield", "PERSON", 1),
        ],
    )
    assert got["Whitfield"] == got["Okafor"] == got["Dana Roe"] == "person", got


def test_a_name_after_a_person_only_title_is_a_person(nlp: Language) -> None:
    """ "President Okafor" makes a person of a name the model mostly labels as an organisation
    ("the Okafor administration"); "General" opens company names too, so it does not."""
    text = (
        "President Okafor spoke on Monday. The Okafor administration said the Okafor plan "
        "would pass, and Okafor agreed. General Zenbo said the Zenbo plan and the Zenbo "
        "deal would pass, and Zenbo agreed."
    )
    entities = [("Okafor", "ORG", i) for i in range(3)] + [("Okafor", "PERSON", 3)]
    entities += [("Zenbo", "ORG", i) for i in range(3)] + [("Zenbo", "PERSON", 3)]
    got = kinds(nlp, text, entities)
    assert got["Okafor"] == "person" and got["Zenbo"] == "organization", got


def test_a_name_spelt_as_a_brand_is_an_organisation(nlp: Language) -> None:
    """A capital inside a word after lower-case letters ("ZenBank", "RocketX") spells a
    brand. Must not fire on people's names with inner capitals ("McAdoo", "LeVar")."""
    text = (
        "ZenBank said on Monday that RocketX would launch. McAdoo said LeVar agreed, and "
        "ZenBank and RocketX said so again."
    )
    entities = [(n, "PERSON", i) for n in ("ZenBank", "RocketX") for i in (0, 1)]
    entities += [("McAdoo", "PERSON", 0), ("LeVar", "PERSON", 0)]
    got = kinds(nlp, text, entities)
    assert got == {
        "ZenBank": "organization",
        "RocketX": "organization",
        "McAdoo": "person",
        "LeVar": "person",
    }, got


def test_a_business_named_in_the_possessive_is_an_organisation(nlp: Language) -> None:
    """ "Rival Harlow's was lower": a name in the possessive with nothing possessed is a shop
    or company named after its founder, kept with its "'s". Must not fire on a possessor
    ("Okafor's book sold")."""
    text = "Rival Harlow's was also lower on Tuesday. Okafor's book sold well, Okafor said."
    got = kinds(
        nlp, text, [("Harlow", "PERSON", 0), ("Okafor", "PERSON", 0), ("Okafor", "PERSON", 1)]
    )
    assert got == {"Harlow's": "organization", "Okafor": "person"}, got


def test_a_name_modifying_a_noun_does_not_outvote_the_name_acting(nlp: Language) -> None:
    """ "the Okafor administration", "Okafor voters" say little of what Okafor is: the labels
    of the name standing alone decide, even when the model tags the modifiers more often."""
    text = (
        "Okafor said the tariffs would stay. The Okafor administration, Okafor aides and "
        "Okafor voters agreed, and Okafor repeated it."
    )
    entities = [("Okafor", "PERSON", 0), ("Okafor", "ORG", 1), ("Okafor", "ORG", 2)]
    entities += [("Okafor", "ORG", 3), ("Okafor", "PERSON", 4)]
    got = kinds(nlp, text, entities)
    assert got["Okafor"] == "person", got


def test_a_name_ending_in_a_business_word_is_an_organisation(nlp: Language) -> None:
    """ "Vera Lund Productions" looks like a person's name with one word more; the word is one
    only businesses end their names with. A person named "Vera Lund" stays a person."""
    text = (
        "Vera Lund Productions, which makes the show, said it would appeal. "
        "Vera Lund founded it in 1990."
    )
    got = kinds(nlp, text, [("Vera Lund Productions", "PERSON", 0), ("Vera Lund", "PERSON", 1)])
    assert got == {"Vera Lund Productions": "organization", "Vera Lund": "person"}


def test_a_name_beside_a_noun_for_a_business_is_an_organisation(nlp: Language) -> None:
    """ "Velbrook, a mobile marketing company," and "the production company, Ostra Lund,"
    name businesses whatever the model's label; "Harlow, the capital," stays a place and "Jane
    Roe, a reporter," a person."""
    text = (
        "Jane Roe, a reporter, said Velbrook, a mobile marketing company, had grown. The "
        "production company, Ostra Lund, denied it. Officials in Harlow, the capital, agreed."
    )
    got = kinds(
        nlp,
        text,
        [
            ("Jane Roe", "PERSON", 0),
            ("Velbrook", "GPE", 0),
            ("Ostra Lund", "PERSON", 0),
            ("Harlow", "GPE", 0),
        ],
    )
    assert got == {
        "Jane Roe": "person",
        "Velbrook": "organization",
        "Ostra Lund": "organization",
        "Harlow": "place",
    }


def test_a_publication_named_like_a_person_is_an_organisation(nlp: Language) -> None:
    """ "the Harlow Courant" ends in a word only publications end their names with; "Mara
    Harlow" stays a person."""
    text = "Mara Harlow told the Harlow Courant on Monday that she would run."
    got = kinds(nlp, text, [("Mara Harlow", "PERSON", 0), ("Harlow Courant", "PERSON", 0)])
    assert got == {"Mara Harlow": "person", "Harlow Courant": "organization"}


def test_a_public_office_named_after_its_place_is_an_organisation(nlp: Language) -> None:
    """ "the Ohio State Attorney General" with no holder named after it is the office, one
    organisation with its acronym ("OAG", leaving "State" out as state offices' acronyms do)."""
    text = (
        "Acme is being investigated by the Ohio State Attorney General. The OAG's questions "
        "include its accounts. The Ohio State Attorney General's office had no comment."
    )
    doc = with_entities(
        nlp,
        text,
        [("Acme", "ORG", 0), ("Ohio State", "ORG", 0), ("OAG", "ORG", 0), ("Ohio State", "ORG", 1)],
    )
    actors = {a.name: a for a in extract_actors(doc)}
    office = actors["Ohio State Attorney General"]
    assert office.kind == "organization" and office.mentions == 3, actors
    assert "Ohio State" not in actors and "OAG" not in actors


def test_an_office_before_its_holders_name_is_the_persons_role(nlp: Language) -> None:
    """The rule above must not fire when a person holds the title in the sentence: "Ohio
    Attorney General Dana Roe" is Dana Roe, and Ohio stays a place."""
    text = "Ohio Attorney General Dana Roe sued Acme on Monday. Roe said the case was strong."
    doc = with_entities(
        nlp, text, [("Ohio", "GPE", 0), ("Dana Roe", "PERSON", 0), ("Acme", "ORG", 0)]
    )
    actors = {a.name: a for a in extract_actors(doc)}
    assert actors["Dana Roe"].kind == "person"
    assert actors["Ohio"].kind == "place"
    assert not any("Attorney General" in name for name in actors), actors


def test_a_makers_name_and_a_model_is_a_product_not_a_person(nlp: Language) -> None:
    """ "Zenbo Aria" tagged as a person, where the article writes "Zenbo" alone as a company: a
    product of Zenbo, ranked below its maker, which keeps its own name."""
    text = (
        "Zenbo cut its prices on Monday. The Zenbo Aria 14 is down to $899, and the Zenbo "
        "Aria sold out at one shop. Zenbo shares rose after the sale began."
    )
    doc = with_entities(
        nlp,
        text,
        [
            ("Zenbo", "ORG", 0),
            ("Zenbo Aria", "PERSON", 0),
            ("Zenbo Aria", "PERSON", 1),
            ("Zenbo", "ORG", 3),
        ],
    )
    actors = extract_actors(doc)
    found = {a.name: a.kind for a in actors}
    assert found.get("Zenbo") == "organization", found
    assert found.get("Zenbo Aria") != "person", found
    assert actors[0].name == "Zenbo"


def test_a_person_who_shares_a_first_word_with_a_company_stays_a_person(nlp: Language) -> None:
    """The rule above must not fire on a person the article gives a role: "Ford Hale, a
    spokesman for the team," beside Ford the carmaker."""
    text = "Ford sponsors the team. Ford Hale, a spokesman for the team, said it won on Sunday."
    doc = with_entities(nlp, text, [("Ford", "ORG", 0), ("Ford Hale", "PERSON", 0)])
    found = {a.name: (a.kind, a.role) for a in extract_actors(doc)}
    assert found["Ford Hale"] == ("person", "spokesman for the team"), found


def test_a_place_that_speaks_or_acts_as_a_state_stands_for_its_government(nlp: Language) -> None:
    """ "Beijing warned", "Carovia has denounced the ruling": the place's government, an
    organisation. A place only ever the scene or described ("Tourists in Vantia", "Vantia is one
    of the critics") stays a place."""
    text = (
        "Beijing warned on Monday that it would not tolerate further unrest in the city. "
        "Students in Beijing stayed indoors. Carovia has denounced the court ruling. Tourists "
        "in Vantia were unaffected, and Vantia is one of the critics of the plan."
    )
    doc = with_entities(
        nlp,
        text,
        [
            ("Beijing", "GPE", 0),
            ("Beijing", "GPE", 1),
            ("Carovia", "GPE", 0),
            ("Vantia", "GPE", 0),
            ("Vantia", "GPE", 1),
        ],
    )
    found = {a.name: a for a in extract_actors(doc)}
    assert found["Beijing"].kind == "organization" and found["Beijing"].mentions == 2
    assert found["Beijing"].explain.rule == "place_acting_as_its_government"
    assert found["Carovia"].kind == "organization"
    assert found["Vantia"].kind == "place"


def test_a_company_name_with_a_region_tagged_once_as_a_person_stays_a_company(
    nlp: Language,
) -> None:
    """ "Rob Hale, President Zenbo North America" beside "Zenbo" written alone as a company: the
    company's regional arm, not a person named Zenbo. "Dana Roe" tagged once as an organisation
    and then as a full person name stays a person."""
    text = (
        "Zenbo opened an office in Ohio. Zenbo makes hospital software, and Zenbo hired 40 "
        "staff. Rob Hale, President Zenbo North America, said the office would grow. "
        "Roe welcomed it. Dana Roe is the mayor."
    )
    doc = with_entities(
        nlp,
        text,
        [
            ("Zenbo", "ORG", 0),
            ("Zenbo", "ORG", 1),
            ("Zenbo", "ORG", 2),
            ("Rob Hale", "PERSON", 0),
            ("Zenbo North America", "PERSON", 0),
            ("Roe", "ORG", 0),
            ("Dana Roe", "PERSON", 0),
        ],
    )
    found = {a.name: a.kind for a in extract_actors(doc)}
    assert found["Zenbo North America"] == "organization", found
    assert found["Dana Roe"] == "person" and found["Rob Hale"] == "person", found


def test_a_state_code_after_a_city_is_the_scene(nlp: Language) -> None:
    """ "Tampa, FL" in a tour's dates: Florida as an address, a place that sets the scene, not
    an organisation "FL" outranking the band. "GE" after a comma is no state code."""
    text = (
        "The Harlan Rivermen will tour next year. June 9 -- Sky Amphitheatre, Tampa, FL. "
        "June 10 -- Bay Arena, Miami, FL. June 12 -- City Hall, Orlando, FL. The Harlan "
        "Rivermen said tickets go on sale Friday. Its sponsors include Acme, GE and Zenbo."
    )
    doc = with_entities(
        nlp,
        text,
        [
            ("Harlan Rivermen", "ORG", 0),
            ("FL", "ORG", 0),
            ("FL", "ORG", 1),
            ("FL", "ORG", 2),
            ("Harlan Rivermen", "ORG", 1),
            ("GE", "ORG", 0),
        ],
    )
    actors = extract_actors(doc)
    found = {a.name: a.kind for a in actors}
    assert found["FL"] == "place" and found["GE"] == "organization", found
    assert actors[0].name == "Harlan Rivermen"


def test_a_name_where_a_text_was_published_is_a_publication(nlp: Language) -> None:
    """ "published in"/"appeared in" a name: a journal or paper, whatever the model said, with
    the capitalised word the model left out of it; a person met "in" nothing stays a person."""
    text = (
        "The study, published in Harlow Medical Reports, was led by Dana Roe. Her essay "
        "appeared in Tribune Weekly last year. Roe appeared with Ann Li in court."
    )
    got = kinds(
        nlp,
        text,
        [
            ("Medical Reports", "PERSON", 0),
            ("Dana Roe", "PERSON", 0),
            ("Tribune Weekly", "PERSON", 0),
            ("Roe", "PERSON", 1),
            ("Ann Li", "PERSON", 0),
        ],
    )
    assert got == {
        "Harlow Medical Reports": "organization",
        "Dana Roe": "person",
        "Tribune Weekly": "organization",
        "Ann Li": "person",
    }, got


def test_a_name_after_a_noun_for_a_business_is_an_organisation(nlp: Language) -> None:
    """ "beauty company Zenbo", "the retailer Tidewell": a business's name after the noun that
    titles it, whatever the model tagged (here a product and nothing at all); a founder after
    "company" is a person."""
    text = (
        "Beauty company Zenbo rose on Monday. The retailer Tidewell said sales fell, and "
        "company founder Dana Roe agreed. Zenbo shares rose."
    )
    doc = with_entities(nlp, text, [("Tidewell", "PRODUCT", 0), ("Dana Roe", "PERSON", 0)])
    got = {a.name: (a.kind, a.mentions) for a in extract_actors(doc)}
    assert got == {
        "Zenbo": ("organization", 2),
        "Tidewell": ("organization", 1),
        "Dana Roe": ("person", 1),
    }, got


def test_the_employer_in_a_persons_role_is_an_organisation(nlp: Language) -> None:
    """ "Chris Roe, senior vp sales and marketing at Zenbo": the model's place is the
    employer; a rally "at" a town gives no one a role."""
    text = (
        "Chris Roe, senior vp sales and marketing at Zenbo, said it worked. Ann Li spoke at "
        "a rally at Harlow on Friday."
    )
    got = kinds(
        nlp,
        text,
        [
            ("Chris Roe", "PERSON", 0),
            ("Zenbo", "GPE", 0),
            ("Ann Li", "PERSON", 0),
            ("Harlow", "GPE", 0),
        ],
    )
    assert got == {
        "Chris Roe": "person",
        "Zenbo": "organization",
        "Ann Li": "person",
        "Harlow": "place",
    }, got


def test_a_name_with_a_plural_verb_is_a_body(nlp: Language) -> None:
    """ "Zenbo are believers": a singular name with a plural verb is a company or a team as
    British English writes them, never a person; a pair of names proves nothing."""
    text = "Zenbo are believers in the plan, said Ann Li. Dana Roe and Sam Li are friends."
    got = kinds(
        nlp,
        text,
        [
            ("Zenbo", "PERSON", 0),
            ("Ann Li", "PERSON", 0),
            ("Dana Roe", "PERSON", 0),
            ("Sam Li", "PERSON", 0),
        ],
    )
    assert got == {
        "Zenbo": "organization",
        "Ann Li": "person",
        "Dana Roe": "person",
        "Sam Li": "person",
    }, got


def test_a_maker_is_no_product_of_its_own(nlp: Language) -> None:
    """A company written as an employer keeps its weight where its products carry its name
    ("future Zenbo games"); a name only ever written as a product ("the Tidewell app") and
    one cut out of a thing's longer name ("the Harlow Hen supercomputer") weigh as things."""
    text = (
        "Chris Roe, a vice president at Zenbo, spoke. Future Zenbo games will stream. The "
        "Tidewell app failed. The work ran on the Harlow Hen supercomputer. Ann Li agreed."
    )
    doc = with_entities(
        nlp,
        text,
        [
            ("Chris Roe", "PERSON", 0),
            ("Zenbo", "ORG", 0),
            ("Zenbo", "ORG", 1),
            ("Tidewell", "ORG", 0),
            ("Harlow", "PERSON", 0),
            ("Ann Li", "PERSON", 0),
        ],
    )
    salience = {a.name: a.salience for a in extract_actors(doc)}
    assert salience["Zenbo"] > salience["Ann Li"] > salience["Tidewell"], salience
    assert salience["Ann Li"] > salience["Harlow"], salience


def test_an_untagged_business_is_counted_once(nlp: Language) -> None:
    """The untagged name found after its business noun is not found again as an untagged
    mention of the same name: each place in the text weighs once."""
    from bot.nlp.actor_bodies import untagged_organisations
    from bot.nlp.actor_mentions import untagged_mentions
    from bot.nlp.mention_weights import Weights

    doc = with_entities(nlp, "Beauty company Zenbo rose. Analysts said Zenbo would gain.", [])
    weights = Weights(doc)
    found = untagged_organisations(doc, weights)
    again = untagged_mentions(doc, weights, found)
    starts = sorted(m.start for m in [*found, *again])
    assert starts == sorted(set(starts)) and len(starts) == 2, starts


def test_a_person_the_model_took_for_a_product_in_a_list_of_people(nlp: Language) -> None:
    """ "Marcel Roe and Ann Li won": a given name and a surname listed with a person are a
    person, whatever label the model gave them; a product listed with a company stays none."""
    text = "Marcel Roe and Ann Li won the doubles. Mercedes Benz and Zenbo Motors unveiled cars."
    got = kinds(
        nlp,
        text,
        [
            ("Marcel Roe", "PRODUCT", 0),
            ("Ann Li", "PERSON", 0),
            ("Mercedes Benz", "PRODUCT", 0),
            ("Zenbo Motors", "ORG", 0),
        ],
    )
    assert got == {"Marcel Roe": "person", "Ann Li": "person", "Zenbo Motors": "organization"}


def test_a_country_in_a_match_result_is_its_team(nlp: Language) -> None:
    """ "Portugal beat Norway", "a 3-1 win over Norway": the countries are their teams, all the
    report long; a country where a match is played, or one in politics, stays a place."""
    text = (
        "Portugal beat Norway 3-1 in the opening game on Sunday. Coaches praised the win over "
        "Norway. The next round is played in Sweden, and Portugal's captain was rested. "
        "Officials in Denmark approved the budget."
    )
    doc = with_entities(
        nlp,
        text,
        [
            ("Portugal", "GPE", 0),
            ("Norway", "GPE", 0),
            ("Norway", "GPE", 1),
            ("Sweden", "GPE", 0),
            ("Portugal", "GPE", 1),
            ("Denmark", "GPE", 0),
        ],
    )
    kinds = {a.name: a.kind for a in extract_actors(doc)}
    assert kinds["Portugal"] == kinds["Norway"] == "organization", kinds
    assert kinds["Sweden"] == kinds["Denmark"] == "place", kinds


def test_an_untagged_team_in_a_match_result_is_an_organisation(nlp: Language) -> None:
    """ "a loss to the Falcons": a plural name after "the" that is a side in a match result is
    a club, whether the model tagged nothing or a product, and even when its name is a common
    word ("the Chiefs"); a family on holiday is none."""
    doc = with_entities(
        nlp,
        "Coach Dana Roe said her side's hopes are slim after Sunday's loss to the Falcons. "
        "A win over the Hawks came next, then a loss to the Chiefs. Ann Li spent a holiday "
        "with the Robinsons in May.",
        [("Dana Roe", "PERSON", 0), ("Hawks", "PRODUCT", 0), ("Ann Li", "PERSON", 0)],
    )
    got = {a.name: a.kind for a in extract_actors(doc)}
    assert got["Falcons"] == got["Hawks"] == got["Chiefs"] == "organization", got
    assert "Robinsons" not in got, got
    falcons = next(t for t in doc if t.text == "Falcons")
    robinsons = next(t for t in doc if t.text == "Robinsons")
    assert team_in_a_match_result(doc, falcons.i, falcons.i + 1)
    assert not team_in_a_match_result(doc, robinsons.i, robinsons.i + 1)


def test_a_state_body_named_by_its_place_is_an_organisation(nlp: Language) -> None:
    """ "the Veltrian government said", "Harlish health authorities confirmed": a public
    body named by its place or people and a noun for it is an organisation acting in the
    story, apart from the place; "a government in Asia" names no one."""
    text = (
        "The Veltrian government said the talks would resume. Harlish health authorities "
        "confirmed a second case on Monday. A government in Asia fell."
    )
    doc = with_entities(
        nlp, text, [("Veltrian", "NORP", 0), ("Harlish", "NORP", 0), ("Asia", "LOC", 0)]
    )
    got = {a.name: a.kind for a in extract_actors(doc)}
    assert got == {
        "Veltrian government": "organization",
        "Harlish health authorities": "organization",
        "Asia": "place",
    }, got


def test_an_untagged_business_after_its_owners_name_is_an_organisation(nlp: Language) -> None:
    """ "Dana Roe's Zenbo" names a business by its owner, whatever the model left untagged;
    a name describing the noun after it ("Dana Roe's Tidewell shares") or owned by a single
    name ("Smith's Bluebell") is not taken for one."""
    text = (
        "Rivals such as Dana Roe's Zenbo among them bid for the contract on Monday. "
        "Dana Roe's Tidewell shares rose. Analysts liked Smith's Bluebell too."
    )
    doc = with_entities(
        nlp, text, [("Dana Roe", "PERSON", 0), ("Dana Roe", "PERSON", 1), ("Smith", "PERSON", 0)]
    )
    got = {a.name: a.kind for a in extract_actors(doc)}
    assert got.get("Zenbo") == "organization", got
    assert "Tidewell" not in got and "Bluebell" not in got, got


def test_a_city_written_as_a_side_in_a_match_is_its_team_not_a_person(nlp: Language) -> None:
    """ "Harlow beat Leeds ... Harlow has won three in a row": the model's person label on one
    mention does not make the city's team a person. Must not fire on a player given a full name
    ("Ann Jordan ... Jordan beat Kim Smith")."""
    text = (
        "Harlow beat Leeds 3-1 on Saturday. Harlow has won three in a row. "
        "Ann Jordan served well. Jordan beat Kim Smith in the final."
    )
    doc = with_entities(
        nlp,
        text,
        [
            ("Harlow", "GPE", 0),
            ("Leeds", "GPE", 0),
            ("Harlow", "PERSON", 1),
            ("Ann Jordan", "PERSON", 0),
            ("Jordan", "GPE", 1),
            ("Kim Smith", "PERSON", 0),
        ],
    )
    kinds = {a.name: a.kind for a in extract_actors(doc)}
    assert kinds["Harlow"] == "organization", kinds
    assert kinds["Ann Jordan"] == "person", kinds


def test_a_name_with_a_win_loss_record_is_a_team(nlp: Language) -> None:
    """A results roundup lists each side with its record in brackets ("Harlow (4-0):"): a
    school's or a city's team, whatever the model took it for, all roundup long. A pitcher's
    record after a person's full name ("Dana Roe (15-5)") must not make her a team."""
    text = (
        "Harlow won 3-1 at home on Friday.\n"
        "Dana Roe (15-5) struck out ten batters for the Rivermen.\n"
        "Harlow (4-0): Sam Poole 2 goals. Kit Lane 1 goal."
    )
    got = kinds(
        nlp,
        text,
        [
            ("Harlow", "PERSON", 0),
            ("Harlow", "PERSON", 1),
            ("Sam Poole", "PERSON", 0),
            ("Kit Lane", "PERSON", 0),
            ("Dana Roe", "PERSON", 0),
        ],
    )
    assert got["Harlow"] == "organization", got
    assert got["Dana Roe"] == got["Sam Poole"] == "person", got


def test_a_full_name_after_a_role_or_beside_a_person_is_a_person(nlp: Language) -> None:
    """A given name and a surname the model took for an organisation's is a person's after a
    role ("state diver Dana Roe", any two words after a role of sport: "keeper Kestan Vell") or
    listed with a person ("photos of Freddie Lane and Sam Poole"). Must not fire on a body after
    a noun for a business ("bank Zenbo Media")."""
    text = (
        "State diver Dana Roe won the title on Friday. The book has photos of Freddie Lane "
        "and Sam Poole. The bank Zenbo Media lent the money, and keeper Kestan Vell saved "
        "twice. Its adviser Harlow Capital agreed."
    )
    got = kinds(
        nlp,
        text,
        [
            ("Dana Roe", "ORG", 0),
            ("Freddie Lane", "ORG", 0),
            ("Sam Poole", "PERSON", 0),
            ("Zenbo Media", "ORG", 0),
            ("Kestan Vell", "ORG", 0),
        ],
    )
    assert got["Dana Roe"] == got["Freddie Lane"] == got["Kestan Vell"] == "person", got
    assert got["Zenbo Media"] == "organization", got


def test_a_place_a_company_is_named_after_is_that_company(nlp: Language) -> None:
    """ "Harlow Airways ordered jets ... Harlow said": the place's name alone is the company's
    short name when the article never writes it as a scene. "Talks in Leeds" keeps Leeds a
    place beside the "Leeds Herald" that reports them."""
    text = (
        "Harlow Airways ordered 30 jets on Monday. Harlow said the order would double its "
        "fleet. The Leeds Herald reported talks in Leeds."
    )
    got = kinds(
        nlp,
        text,
        [
            ("Harlow Airways", "ORG", 0),
            ("Harlow", "GPE", 1),
            ("Leeds Herald", "ORG", 0),
            ("Leeds", "GPE", 1),
        ],
    )
    assert got.get("Harlow Airways") == "organization" and "Harlow" not in got, got
    assert got["Leeds"] == "place", got


def test_a_hospital_or_a_university_is_an_organisation(nlp: Language) -> None:
    """A name ending in a word for an institution ("Harlow General Hospital", "the
    Lindenpark-Klinik") names a body, whatever place label the model gave it; "Harlow" alone
    stays the place."""
    text = (
        "Dana Roe was taken to the Lindenpark-Klinik, and Harlow General Hospital treated "
        "two others. Talks were held in Harlow."
    )
    got = kinds(
        nlp,
        text,
        [
            ("Dana Roe", "PERSON", 0),
            ("Lindenpark-Klinik", "GPE", 0),
            ("Harlow General Hospital", "FAC", 0),
            ("Harlow", "GPE", 1),
        ],
    )
    assert got["Lindenpark-Klinik"] == got["Harlow General Hospital"] == "organization", got
    assert got["Harlow"] == "place", got


def test_a_venue_is_a_place_not_an_organisation(nlp: Language) -> None:
    """ "Harlow Stadium", "the Zenbo Arena", "Stamfield Bridge" tagged as organisations are
    venues: places where the match is played. Must not fire on a name that only holds the word
    ("Arena Media") or on the word alone."""
    text = (
        "Harlow United beat Leeds at Harlow Stadium on Saturday. The final is at the Zenbo "
        "Arena, and the replay at Stamfield Bridge. Arena Media will show it. Park said so."
    )
    names = ["Harlow United", "Harlow Stadium", "Zenbo Arena", "Stamfield Bridge", "Arena Media"]
    got = kinds(nlp, text, [(name, "ORG", 0) for name in [*names, "Park"]])
    assert [got[name] for name in names[1:4]] == ["place"] * 3, got
    assert got["Harlow United"] == got["Arena Media"] == got["Park"] == "organization", got
    assert venue_name("the Zenbo Arena") and not venue_name("Arena")


def test_a_place_whose_clause_holds_a_score_is_its_team(nlp: Language) -> None:
    """ "Harlow rolled past Leeds, 45-17", "Leeds improved to 9-2-1": a place that is the
    subject of a clause holding a score or a record is its team, whatever the verb. Must not
    fire on a share ("Vantia raised its tariffs by 10-25 percent"), a season ("Carovia grew
    in 2019-20") or a place where a match is played."""
    text = (
        "Harlow rolled past Leeds, 45-17, on Tuesday night in Denmark. Leeds improved to "
        "9-2-1 at home. Vantia raised its tariffs by 10-25 percent. Carovia grew in 2019-20."
    )
    places = ["Harlow", "Leeds", "Denmark", "Vantia", "Carovia"]
    ents = [(name, "GPE", 0) for name in places] + [("Leeds", "GPE", 1)]
    got = kinds(nlp, text, ents)
    assert got["Harlow"] == got["Leeds"] == "organization", got
    assert [got[name] for name in places[2:]] == ["place"] * 3, got


def test_a_name_ending_in_a_plural_with_a_plural_verb_is_a_brand(nlp: Language) -> None:
    """ "Where are Lewin Leathers?": a name of two words ending in a plural, the subject of a
    verb in the plural, is a brand's, not a person's. Must not fire on a person whose surname
    ends in "s" with a verb in the singular ("Dana Williams is")."""
    text = "The book is full of bikes, but where are Lewin Leathers? Dana Williams is its author."
    got = kinds(nlp, text, [("Lewin Leathers", "PERSON", 0), ("Dana Williams", "PERSON", 0)])
    assert got == {"Lewin Leathers": "organization", "Dana Williams": "person"}, got
    roots = {t.text: t for t in nlp(text) if t.text in ("Leathers", "Williams")}
    assert roots["Leathers"].tag_ == "NNPS" and plural_verb_subject(roots["Leathers"])
    assert not plural_verb_subject(roots["Williams"])

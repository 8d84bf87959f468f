"""`--explain` for actors (issue 12): each actor says which rule chose its kind and which rules
gave its named mentions theirs, on sentences written for these tests. The model's labels are set
by hand, so each rule is named whatever the model tags today."""

from __future__ import annotations

from spacy.language import Language

from bot.nlp.actors import extract_actors
from bot.nlp.outlets import publisher_last
from bot.nlp.records import Actor, Analysis, KindExplanation
from tests.nlp.test_actors import with_entities


def explained(nlp: Language, text: str, entities: list[tuple[str, str, int]]) -> dict[str, Actor]:
    return {a.name: a for a in extract_actors(with_entities(nlp, text, entities))}


def why(actor: Actor) -> KindExplanation:
    assert actor.explain is not None, actor
    return actor.explain


def test_the_most_mentions_decide_and_every_vote_is_counted(nlp: Language) -> None:
    text = "Huawei grew. Huawei hired. Huawei sold phones, and Huawei won."
    entities = [("Huawei", "ORG", 0), ("Huawei", "PERSON", 1), ("Huawei", "ORG", 2)]
    huawei = explained(nlp, text, [*entities, ("Huawei", "GPE", 3)])["Huawei"]
    assert huawei.kind == "organization"
    assert why(huawei) == KindExplanation(
        "majority_of_mentions",
        (
            ("organization", "ner_label:ORG", 2),
            ("person", "ner_label:PERSON", 1),
            ("place", "ner_label:GPE", 1),
        ),
    )


def test_a_full_name_tagged_as_a_person_and_a_describing_appositive(nlp: Language) -> None:
    """'Maryam Violet, an Iranian journalist,' tagged ORG: the appositive makes the mention a
    person, and a person's full name makes the actor one."""
    text = "Maryam Violet, an Iranian journalist, filmed the crowd."
    violet = explained(nlp, text, [("Maryam Violet", "ORG", 0)])["Maryam Violet"]
    assert violet.kind == "person"
    assert why(violet) == KindExplanation(
        "full_name_tagged_person", (("person", "appositive_human_noun", 1),)
    )


def test_a_team_written_as_an_organisation(nlp: Language) -> None:
    text = "The Rivermen lost again on Sunday. Fans said the Rivermen looked tired."
    got = explained(nlp, text, [("Rivermen", "PERSON", 0), ("Rivermen", "PERSON", 1)])
    assert got["Rivermen"].kind == "organization"
    assert why(got["Rivermen"]).rule == "written_as_organisation"


def test_a_title_that_only_a_person_holds(nlp: Language) -> None:
    text = (
        "President Okafor spoke on Monday. The Okafor administration said the Okafor plan "
        "would pass. Weeks later, Okafor agreed."
    )
    entities = [("Okafor", "ORG", i) for i in range(3)] + [("Okafor", "PERSON", 3)]
    okafor = explained(nlp, text, entities)["Okafor"]
    assert okafor.kind == "person"
    assert why(okafor).rule == "titled_as_person"
    assert dict(((k, by), n) for k, by, n in why(okafor).mentions) == {
        ("organization", "ner_label:ORG"): 3,
        ("person", "ner_label:PERSON"): 1,
    }


def test_a_name_the_model_missed_takes_the_kind_it_has_elsewhere(nlp: Language) -> None:
    """Not fired on a tagged mention: only the untagged second 'Zenbo' votes by its name."""
    text = "Zenbo hired engineers on Monday. Analysts said Zenbo would grow."
    zenbo = explained(nlp, text, [("Zenbo", "ORG", 0)])["Zenbo"]
    assert zenbo.mentions == 2
    assert why(zenbo) == KindExplanation(
        "majority_of_mentions",
        (("organization", "ner_label:ORG", 1), ("organization", "same_name_elsewhere", 1)),
    )


def test_a_named_body_of_people(nlp: Language) -> None:
    text = "On Tuesday, Democratic senators blocked the bill."
    senators = explained(nlp, text, [("Democratic", "NORP", 0)])["Democratic senators"]
    assert senators.kind == "group"
    assert why(senators) == KindExplanation(
        "majority_of_mentions", (("group", "plural_human_noun", 1),)
    )


def test_the_publisher_named_as_the_site_is_an_organisation(nlp: Language) -> None:
    """The site's own name is the publisher whatever the model said, and says so; another
    actor keeps the rule that chose its kind. (A name ending in "Times" would be one already,
    by company_name_word.)"""
    text = "Dana Whitfield told Harbour Voice she would run. Dana Whitfield spoke for an hour."
    actors = extract_actors(
        with_entities(nlp, text, [("Dana Whitfield", "PERSON", 0), ("Harbour Voice", "PERSON", 0)])
    )
    ranked = publisher_last(Analysis(actors=tuple(actors), quotes=()), "Harbour Voice")
    got = {a.name: a for a in ranked.actors}
    assert got["Harbour Voice"].kind == "organization"
    assert why(got["Harbour Voice"]) == KindExplanation(
        "named_as_the_site", (("person", "ner_label:PERSON", 1),)
    )
    assert why(got["Dana Whitfield"]).rule == "full_name_tagged_person"


def test_the_explanation_is_json_only_when_asked() -> None:
    actor = Actor(
        "Zenbo", "organization", (), None, 2, 1.0, explain=KindExplanation("majority_of_mentions")
    )
    assert "explain" not in actor.to_json()
    assert actor.to_json(explain=True)["explain"] == {
        "kind": "majority_of_mentions",
        "mentions": [],
    }
    assert Actor("Zenbo", "organization", (), None, 2, 1.0).to_json(explain=True)["explain"] is None


def test_a_brand_spelling_and_a_business_in_the_possessive_are_named(nlp: Language) -> None:
    text = "ZenBank grew on Monday, and ZenBank hired. Rival Harlow's was also lower."
    entities = [("ZenBank", "PERSON", 0), ("ZenBank", "PERSON", 1), ("Harlow", "PERSON", 0)]
    got = explained(nlp, text, entities)
    assert why(got["ZenBank"]).rule == "spelt_as_brand"
    assert why(got["Harlow's"]).mentions == (("organization", "named_in_possessive", 1),)

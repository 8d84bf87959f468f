"""Ranking key actors (issue 13): who acts in the story comes before the scene it is set in,
on sentences written for these tests."""

from __future__ import annotations

from spacy.language import Language

from bot.nlp.actors import extract_actors
from tests.nlp.test_actors import with_entities


def ranked(nlp: Language, text: str) -> list[str]:
    return [a.name for a in extract_actors(nlp(text))]


def test_a_place_named_only_as_the_scene_ranks_below_those_who_act(nlp: Language) -> None:
    text = (
        "Acme Power agreed to pay a fine after a hearing in Germany on Monday. Talks in "
        "Germany had lasted a week. Lawyers flew to Germany for them, hotels in Germany were "
        "full, and reporters from Germany and from across Germany waited outside. "
        "Acme Power said the fine was fair."
    )
    names = ranked(nlp, text)
    assert names.index("Acme Power") < names.index("Germany"), names


def test_a_place_that_acts_keeps_its_rank(nlp: Language) -> None:
    text = (
        "Germany warned Acme Power on Monday that it would block the deal. Germany said the "
        "plan broke the law, and Germany's ministers agreed. Acme Power declined to comment."
    )
    assert ranked(nlp, text)[0] == "Germany"


def test_a_product_ranks_below_the_company_that_makes_it(nlp: Language) -> None:
    """ "the new Volta", "Volta models": a thing sold is no key actor of the story, however
    often it is named; an organisation written as one keeps its weight."""
    text = (
        "Zenbo showed the new Volta on Tuesday. Volta models start at $30,000, and Volta "
        "buyers get free charging. Volta sales begin in May, Volta dealers said, and Volta "
        "owners can order one now, Zenbo said. Acme Media said it had tested the car, and "
        "Zenbo said the price would hold."
    )
    entities = [("Zenbo", "ORG", i) for i in range(3)] + [("Acme Media", "ORG", 0)]
    entities += [("Volta", "ORG", i) for i in range(6)]
    names = [a.name for a in extract_actors(with_entities(nlp, text, entities))]
    assert names.index("Zenbo") < names.index("Volta"), names

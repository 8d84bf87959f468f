"""Ranking key actors (issue 13): who acts in the story comes before the scene it is set in,
on sentences written for these tests."""

from __future__ import annotations

from spacy.language import Language

from bot.nlp.actors import extract_actors


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

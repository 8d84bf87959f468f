"""Reported speech (bot.nlp.rules.reported): each rule on a sentence it fires on and one it
must not fire on."""

from __future__ import annotations

from collections.abc import Callable

from bot.nlp.rules import reported as r
from bot.nlp.rules.reported import Piece, ReportSite


def texts(site: ReportSite, pieces: list[Piece] | None) -> list[tuple[str, str | None]] | None:
    """Each piece as (reported words, speaker as written)."""
    if pieces is None:
        return None
    text = site.ctx.text
    return [
        (text[p.start : p.end], p.cue.subject.text if p.cue.subject is not None else None)
        for p in pieces
    ]


def test_according_to_clause_gives_the_clause_to_the_source(
    report_site: Callable[[str, str], ReportSite],
) -> None:
    site = report_site("According to the police, the driver fled the scene.", "According")
    assert texts(site, r.according_to_clause(site)) == [("the driver fled the scene", "police")]
    site = report_site("Ann Roe said the plan would fail.", "said")
    assert r.according_to_clause(site) is None


def test_reported_clause_of_a_speech_verb(report_site: Callable[[str, str], ReportSite]) -> None:
    site = report_site("Ann Roe said the plan would fail.", "said")
    assert texts(site, r.reported_clause(site)) == [("the plan would fail", "Roe")]
    # The writer's own voice reports nothing.
    site = report_site("I think the plan will fail.", "think")
    assert r.reported_clause(site) is None
    # A stance verb with a clause claims the verb but reports nothing.
    site = report_site("The poll found that voters were unhappy.", "found")
    assert r.reported_clause(site) == []


def test_stance_object_is_what_a_verb_of_demand_urges(
    report_site: Callable[[str, str], ReportSite],
) -> None:
    site = report_site("Ann Roe urged Bo Li to close the prison.", "urged")
    assert texts(site, r.stance_object(site)) == [("Bo Li to close the prison", "Roe")]
    site = report_site("Ann Roe said the plan would fail.", "said")
    assert r.stance_object(site) is None


def test_a_reported_clause_is_cut_around_its_quotes(
    report_site: Callable[[str, str], ReportSite],
) -> None:
    """The quoted words are a quote of their own; what remains of the clause around them is
    kept only where three words or more remain."""
    site = report_site(
        'Ann Roe said the new bridge would be "a waste of money" for the whole town.', "said"
    )
    assert texts(site, r.reported_clause(site)) == [
        ("the new bridge would be", "Roe"),
        ("for the whole town", "Roe"),
    ]


def test_every_reported_rule_is_tested() -> None:
    assert set(r.REPORTED_RULES) == {r.according_to_clause, r.reported_clause, r.stance_object}

"""newsbot on the 57 hand-annotated news pages: no figure below main's floor, no generic actor.

The goals of "Reading real news as an editor would" are in tests/news_scoring.GOALS and printed
by `make bench-accuracy`; this test holds the floors (what main measures), so reading never gets
worse unnoticed.
"""

from __future__ import annotations

import pytest

from bot.nlp.analyze import Analyzer
from tests.conftest import shared_path
from tests.news_scoring import FLOORS, GOALS, generic_actors, is_generic_actor, predict, score

pytestmark = pytest.mark.shared


@pytest.fixture(scope="module")
def news_figures(analyzer: Analyzer, tmp_path_factory: pytest.TempPathFactory) -> tuple:
    shared_path("corpus", "article-html", "quotes-gold.json")
    shared_path("eval", "score_news.py")
    pred = tmp_path_factory.mktemp("news") / "pred.jsonl"
    rows = predict(analyzer, pred)
    return score(pred), rows


@pytest.mark.parametrize("figure", sorted(FLOORS))
def test_each_news_figure_holds_its_floor(news_figures: tuple, figure: str) -> None:
    figures, _ = news_figures
    assert figures["pages_with_error"] == 0
    assert figures[figure] >= FLOORS[figure], (
        f"{figure} {figures[figure]:.3f} fell below main's floor {FLOORS[figure]}"
        f" (goal {GOALS[figure]})"
    )


def test_no_generic_word_or_determiner_is_a_key_actor(news_figures: tuple) -> None:
    _, rows = news_figures
    assert generic_actors(rows) == []


def test_floors_never_exceed_goals() -> None:
    assert set(FLOORS) == set(GOALS)
    assert all(FLOORS[name] <= GOALS[name] for name in GOALS)


@pytest.mark.parametrize(
    ("name", "generic"),
    [
        ("company", True),
        ("The", True),
        ("the statement", True),
        ("The Guardian", False),
        ("Dana Whitfield", False),
        ("3M", False),
        ("iPad", False),
        ("zentrix", False),
    ],
)
def test_generic_actor_names_are_recognised(name: str, generic: bool) -> None:
    assert is_generic_actor(name) is generic

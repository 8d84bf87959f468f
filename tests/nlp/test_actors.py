"""Tests for bot/nlp/actors.py: key actors of an article, on sentences written for these tests."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from spacy.language import Language

from bot.nlp.actors import extract_actors, match_actor
from bot.nlp.records import Actor

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"


def actors_of(nlp: Language, text: str) -> list[Actor]:
    return extract_actors(nlp(text))


def by_name(actors: list[Actor], name: str) -> Actor:
    found = [a for a in actors if a.name == name]
    assert found, f"{name!r} not among {[a.name for a in actors]}"
    return found[0]


def test_short_forms_and_titles_fold_into_the_full_name(nlp: Language) -> None:
    text = (
        "Donald Trump met reporters on Monday. Mr Trump said the talks went well. "
        "Later President Trump left for Florida, and Trump's aides followed."
    )
    actors = actors_of(nlp, text)
    trump = by_name(actors, "Donald Trump")
    assert trump.kind == "person"
    assert trump.mentions == 4
    assert [text[s:e] for s, e in trump.spans] == [
        "Donald Trump",
        "Mr Trump",
        "President Trump",
        "Trump",
    ]
    assert [a.name for a in actors].count("Donald Trump") == 1
    assert not any(a.name == "Trump" for a in actors)


def test_seed_article_gold_actors_are_in_the_top_twelve_with_roles(
    nlp: Language, tmp_path: Path
) -> None:
    """The shared seed scorer, --actors-only, accepts our ranking and roles."""
    seed = SHARED / "corpus" / "seed"
    scorer = SHARED / "eval" / "score_seed.py"
    if not (seed.is_dir() and scorer.is_file()):
        pytest.skip(f"{SHARED} is absent: the shared corpora live beside the repository")
    text = (seed / "huawei-5g-senators.txt").read_text(encoding="utf-8")
    pred = tmp_path / "pred.json"
    actors = extract_actors(nlp(text))
    pred.write_text(
        json.dumps({"text": text, "actors": [a.to_json() for a in actors], "quotes": []}),
        encoding="utf-8",
    )
    run = subprocess.run(
        [
            sys.executable,
            str(scorer),
            "--actors-only",
            str(seed / "huawei-5g-senators.gold.json"),
            str(pred),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_match_actor_maps_written_forms_to_the_actor(nlp: Language) -> None:
    actors = actors_of(nlp, "Lindsey Graham spoke to Donald Trump about the deal.")
    graham = by_name(actors, "Lindsey Graham")
    assert match_actor("Sen. Graham", actors) is graham
    assert match_actor("Trump's", actors) is by_name(actors, "Donald Trump")
    assert match_actor("Clinton campaign", actors) is None

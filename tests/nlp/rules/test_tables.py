"""The rule tables themselves: every rule is a named function with an example sentence in its
docstring, and `first` reports the first rule of a table that fires, by name."""

from __future__ import annotations

import pytest

from bot.nlp.rules import first
from bot.nlp.rules.cues import CUE_RULES, FALLBACK_CUE_RULES
from bot.nlp.rules.kinds import DIRECT_RULES, NAME_RULES, NOT_A_QUOTE_RULES, NOT_SPOKEN_RULES
from bot.nlp.rules.lines import NOT_SPEECH_LINE_RULES
from bot.nlp.rules.reported import REPORTED_RULES
from bot.nlp.rules.subjects import SUBJECT_RULES

TABLES = {
    "CUE_RULES": CUE_RULES,
    "FALLBACK_CUE_RULES": FALLBACK_CUE_RULES,
    "DIRECT_RULES": DIRECT_RULES,
    "NOT_A_QUOTE_RULES": NOT_A_QUOTE_RULES,
    "NAME_RULES": NAME_RULES,
    "NOT_SPOKEN_RULES": NOT_SPOKEN_RULES,
    "NOT_SPEECH_LINE_RULES": NOT_SPEECH_LINE_RULES,
    "REPORTED_RULES": REPORTED_RULES,
    "SUBJECT_RULES": SUBJECT_RULES,
}


@pytest.mark.parametrize("table", sorted(TABLES))
def test_every_rule_has_an_example_sentence_in_its_docstring(table: str) -> None:
    for rule in TABLES[table]:
        doc = rule.__doc__ or ""
        assert "'" in doc or '"' in doc, f"{rule.__name__} gives no example sentence"


def test_rule_names_are_unique_across_tables() -> None:
    names = [rule.__name__ for table in TABLES.values() for rule in table]
    assert len(names) == len(set(names))


def test_first_names_the_first_rule_that_fires() -> None:
    def never(site: int) -> str | None:
        return None

    def even(site: int) -> str | None:
        return "even" if site % 2 == 0 else None

    def anything(site: int) -> str | None:
        return "any"

    fired = first((never, even, anything), 4)
    assert fired is not None and (fired.rule, fired.finding) == ("even", "even")
    fired = first((never, even, anything), 3)
    assert fired is not None and fired.rule == "anything"
    assert first((never,), 3) is None

"""Lines that are nobody's speech (bot.nlp.rules.lines): credit lines, bylines, photo credits,
editor's notes and author lines give no quotes, whatever verbs they use."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from spacy.language import Language

from bot.nlp.actors import extract_actors
from bot.nlp.quotes import extract_quotes
from bot.nlp.rules import lines as ln
from bot.nlp.rules.lines import NotSpeechLines

FIRES = [
    (ln.editors_note, "Editor's note: An earlier version of this story misspelled a name."),
    (ln.editors_note, "Correction: The council meets on Tuesday, not Monday."),
    (ln.credit_line, "Jane Roe and John Doe contributed to this report."),
    (ln.credit_line, "Additional reporting by Ann Li in Lagos; editing by Bo Park"),
    (ln.photo_credit, "Photo: Jane Roe / Getty Images"),
    (ln.photo_credit, "Crowds gather outside the court on Friday. (AP Photo/Ann Li)"),
    (ln.byline, "By Jane Roe and John Doe"),
    (ln.byline, "9:15 AM EST 3/2/2021 by Jane Roe"),
    (ln.byline, "Updated: Mar. 2, 2021 10:05 a.m. by Jane Roe and Bo Li"),
    (ln.author_bio, "Jane Roe is a senior reporter covering the courts."),
    (ln.credit_line, "Jane Roe in Lagos; additional reporting by Bo Park"),
    (ln.contact_line, "Jane Roe can be reached at jroe@example.com."),
    (ln.follow_line, "Follow Planet Radio on Instagram, Facebook and YouTube."),
    (ln.follow_line, "Her book on comets is out now. Follow her on Twitter @janeroe."),
    (ln.copyright_line, "Copyright 2019 The Daily Planet. All rights reserved."),
    (ln.copyright_line, "© Planet Media Group"),
    (ln.table_row, "| Ticker | Security | Last | Change |"),
]

MUST_NOT_FIRE = [
    (ln.editors_note, "Correction officers said the prison was calm on Sunday."),
    (ln.credit_line, "Ann Li said the grant contributed to the growth of the town."),
    (ln.photo_credit, "The photographer said the pictures were taken at dawn."),
    (ln.byline, "By Tuesday the council had said it would reopen the bridge for traffic."),
    (ln.byline, "At 9:15 AM the bridge was closed by Jane Roe"),
    (ln.author_bio, "Jane Roe is a nurse who said the clinic was short of staff."),
    (ln.contact_line, "The mayor said the shelter can be reached at the end of the road."),
    (ln.follow_line, "Follow the money, the senator said on Twitter."),
    (ln.table_row, "The vote was 5 | 4, the clerk said, with one | abstention."),
    (ln.follow_line, "Fans follow the band on tour every summer, she said."),
    (ln.copyright_line, "The band said the copyright dispute with Acme was settled."),
]


def _name(case: tuple) -> str:
    return case[0].__name__


@pytest.mark.parametrize("rule, line", FIRES, ids=[_name(x) for x in FIRES])
def test_line_rule_fires_on_its_line(rule: Callable[[str], object], line: str) -> None:
    assert rule(line) is True


@pytest.mark.parametrize("rule, line", MUST_NOT_FIRE, ids=[_name(x) for x in MUST_NOT_FIRE])
def test_line_rule_does_not_fire_on_a_story_line(rule: Callable[[str], object], line: str) -> None:
    assert rule(line) is None


def test_every_line_rule_has_a_case_of_each_kind() -> None:
    assert set(ln.NOT_SPEECH_LINE_RULES) == {x[0] for x in FIRES} == {x[0] for x in MUST_NOT_FIRE}


def test_not_speech_lines_are_asked_by_offset() -> None:
    text = "The mayor said the bridge would close.\nJane Roe contributed to this report.\n"
    lines = NotSpeechLines(text)
    assert lines.at(4) is None
    assert lines.at(text.index("Jane")) == "credit_line"


def test_credit_lines_and_notes_give_no_quotes(nlp: Language) -> None:
    text = (
        "The mayor said the harbour bridge would close for repairs in May.\n"
        "Editor's note: Ann Li said the earlier version had the wrong date.\n"
        "Bo Park and Ann Li contributed reporting to this report, the desk said.\n"
    )
    doc = nlp(text)
    found = extract_quotes(doc, extract_actors(doc))
    assert [q.text for q in found] == ["the harbour bridge would close for repairs in May"]

"""Quotation-mark scanning on text alone: which stretches are quoted, with no parser loaded.

This module must not import spaCy (directly or through what it imports): the last test runs
every other test here in a fresh interpreter and checks that spaCy was never loaded.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from bot.nlp.quotemarks import QuotedSpan, find_quoted_spans, paragraphs, touches_mark

ROOT = Path(__file__).resolve().parents[2]


def quoted(text: str) -> list[str]:
    return [text[s.start : s.end] for s in find_quoted_spans(text)]


def test_curly_straight_and_angle_double_quotes_give_the_words_between_the_marks() -> None:
    text = 'Ann said, “We won.” Bo said, "We lost." Cy said: «Again.» Di: „Nein.”'
    assert quoted(text) == ["We won.", "We lost.", "Again.", "Nein."]


def test_single_quotes_are_quotes_and_apostrophes_are_not() -> None:
    text = "‘We don’t know,’ said D’Souza of the ’90s and the senators’ letter. 'Yes,' she said."
    spans = find_quoted_spans(text)
    assert [text[s.start : s.end] for s in spans] == ["We don’t know,", "Yes,"]
    assert all(s.single for s in spans)


def test_a_closing_mark_printed_as_an_opener_opens_a_quote() -> None:
    assert quoted("He said ”We will be back.” and left.") == ["We will be back."]


def test_a_stray_closing_straight_quote_opens_nothing() -> None:
    text = 'The 12" record sold out. Ann said, "It was loud."'
    assert quoted(text) == ["It was loud."]


def test_an_unbalanced_mark_costs_only_its_own_paragraph() -> None:
    text = "Ann said “this never closes.\nBo said, “This one does.”"
    spans = find_quoted_spans(text)
    assert quoted(text) == ["this never closes.", "This one does."]
    assert [s.closed for s in spans] == [False, True]


def test_a_second_opening_mark_drops_the_first_that_never_closed() -> None:
    assert quoted("Ann wrote “draft and then “The final word.”") == ["The final word."]


def test_a_quote_over_several_paragraphs_continues_where_a_paragraph_reopens_it() -> None:
    text = "Ann said, “The first part goes on.\n“And the second ends it.”\nBo left."
    spans = find_quoted_spans(text)
    assert quoted(text) == ["The first part goes on.", "And the second ends it."]
    assert [(s.closed, s.continued) for s in spans] == [(False, False), (True, True)]


def test_a_paragraph_that_does_not_reopen_the_quote_does_not_continue_it() -> None:
    text = "Ann said, “The first part goes on.\nBo left “early” that day."
    spans = find_quoted_spans(text)
    assert quoted(text) == ["The first part goes on.", "early"]
    assert spans[1].continued is False


def test_typewriter_double_apostrophes_quote_like_a_double_mark_and_keep_offsets() -> None:
    text = "''It is over,'' Ann Roe told him."
    spans = find_quoted_spans(text)
    assert quoted(text) == ["It is over,"]
    assert spans[0] == QuotedSpan(2, 13, single=False, closed=True, continued=False)


def test_two_curly_single_marks_close_or_open_a_double_quote() -> None:
    """Some sites print ’’ (or ‘‘) for a double mark: “...,’’ is one quote, closed there."""
    text = "“It was a mistake,’’ Ann Roe told the paper. “We will fix it.’’ Bo Li said ‘‘No.’’"
    assert quoted(text) == ["It was a mistake,", "We will fix it.", "No."]


def test_one_closing_single_mark_after_a_word_stays_an_apostrophe() -> None:
    """The case the pair rule must not touch: the players’ union, a single ’ after a plural."""
    text = "“The players’ union agreed,” Ann Roe said."
    assert quoted(text) == ["The players’ union agreed,"]


def test_marks_around_nothing_but_punctuation_or_space_are_no_quote() -> None:
    assert quoted("Ann said “ ... ” and “  Yes ”.") == ["Yes"]


def test_a_markup_attributes_value_is_no_quote_and_the_words_after_the_tag_are_not_quoted() -> None:
    """An embedded post kept as markup in a text: its attribute values are nobody's words."""
    text = (
        '<post pic="" author="@annroe" when="2016-06-29">We will win, "no matter what."</post>\n'
        "Bo wrote x='y' on the board, then said, \"The sum is = 'four'.\""
    )
    assert quoted(text) == ["no matter what.", "The sum is = 'four'."]


def test_a_mark_after_an_equals_sign_that_nothing_closes_still_opens_a_quote() -> None:
    assert quoted('Her sign read ="Go home.\nBo left.') == ["Go home."]


def test_paragraphs_are_the_lines_that_are_not_blank() -> None:
    text = "One.\n\n  \nTwo two.\n"
    assert [text[a:b] for a, b in paragraphs(text)] == ["One.", "Two two."]


def test_a_token_touches_a_mark_when_the_tokenizer_glued_one_to_it() -> None:
    assert touches_mark("“We") and touches_mark("it.”")
    assert not touches_mark("“") and not touches_mark("word")


def test_these_tests_run_without_spacy() -> None:
    """Runs every other test of this module in a fresh interpreter; spaCy must stay unloaded."""
    script = (
        "import sys\n"
        "import tests.nlp.test_quotemarks as m\n"
        "for name in dir(m):\n"
        "    if name.startswith('test_') and name != 'test_these_tests_run_without_spacy':\n"
        "        getattr(m, name)()\n"
        "loaded = sorted(k for k in sys.modules if k.split('.')[0] in ('spacy', 'thinc'))\n"
        "assert not loaded, loaded\n"
        "print(sum(n.startswith('test_') for n in dir(m)) - 1)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    others = [name for name in globals() if name.startswith("test_")]
    assert done.stdout.strip() == str(len(others) - 1)

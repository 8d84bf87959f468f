"""What a quoted stretch is (bot.nlp.rules.kinds): each rule on a sentence it fires on and one
it must not fire on."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from bot.nlp.rules import kinds as k
from bot.nlp.rules.cues import QuoteSite

FIRES = [
    (k.sentence_opening_a_clause, 'Ann Roe said, "We will win."', "direct"),
    (
        k.long_sentence,
        'Ann said the plan "Will cost every family far more than it saves."',
        "direct",
    ),
    (k.nickname, 'Dwayne "The Rock" Johnson arrived.', True),
    (k.scare_quote, 'The so-called "experts" were wrong again.', True),
    (k.single_quoted_phrase, "Obama's ‘pivot to Asia’ stalled.", True),
]

MUST_NOT_FIRE = [
    # Lower-case and inside the clause: a piece of a sentence.
    (k.sentence_opening_a_clause, 'Ann Roe called the plan "a disaster for every family".'),
    (k.long_sentence, 'Ann said the plan "will cost every family far more than it saves."'),
    (k.nickname, 'The so-called "experts" were wrong again.'),
    # A speech verb governs the phrase: somebody said it.
    (k.scare_quote, 'Ann Roe called the plan "a disaster".'),
    (k.single_quoted_phrase, 'Obama\'s "pivot to Asia" stalled.'),
]


def _name(case: tuple) -> str:
    return case[0].__name__


@pytest.mark.parametrize("rule, text, expected", FIRES, ids=[_name(x) for x in FIRES])
def test_kind_rule_fires_on_its_sentence(
    quote_site: Callable[..., QuoteSite],
    rule: Callable[[QuoteSite], object],
    text: str,
    expected: object,
) -> None:
    assert rule(quote_site(text)) == expected


@pytest.mark.parametrize("rule, text", MUST_NOT_FIRE, ids=[_name(x) for x in MUST_NOT_FIRE])
def test_kind_rule_does_not_fire_where_it_must_not(
    quote_site: Callable[..., QuoteSite], rule: Callable[[QuoteSite], object], text: str
) -> None:
    assert rule(quote_site(text)) is None


def test_every_kind_rule_has_a_case_of_each_kind() -> None:
    rules = {*k.DIRECT_RULES, *k.NOT_A_QUOTE_RULES}
    assert rules == {x[0] for x in FIRES} == {x[0] for x in MUST_NOT_FIRE}


def test_a_quote_no_direct_rule_claims_is_partial(quote_site: Callable[..., QuoteSite]) -> None:
    found = k.quote_kind(quote_site('Ann Roe called the plan "a disaster for every family".'))
    assert (found.rule, found.finding) == ("partial_phrase", "partial")


def test_title_in_speakers_phrase_is_a_title_not_her_quote(
    quote_site: Callable[..., QuoteSite],
) -> None:
    site = quote_site('As Ann Roe, author of "Our Town," put it, the book changed her.')
    speaker = site.governing.subject if site.governing else None
    assert speaker is not None and speaker.text == "Roe"
    assert k.title_in_speakers_phrase(site, speaker)
    # Her quote stands beside her name, not inside the phrase around it.
    site = quote_site('Ann Roe, the author, said "our town is gone" on Monday.')
    speaker = site.governing.subject if site.governing else None
    assert speaker is not None and not k.title_in_speakers_phrase(site, speaker)


def test_unattributed_short_phrase_is_at_most_four_words(
    quote_site: Callable[..., QuoteSite],
) -> None:
    assert k.unattributed_short_phrase(quote_site('The "plan" was dead.'))
    assert not k.unattributed_short_phrase(
        quote_site('"We will win this fight in the courts," she said.')
    )

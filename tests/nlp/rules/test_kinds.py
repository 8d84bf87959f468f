"""What a quoted stretch is (bot.nlp.rules.kinds): each rule on a sentence it fires on and one
it must not fire on."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from spacy.language import Language

from bot.nlp.actors import extract_actors
from bot.nlp.quotes import extract_quotes
from bot.nlp.rules import kinds as k
from bot.nlp.rules.quote_sites import QuoteSite

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
    (k.title_in_title_case, 'The band closed the night with "Walking On The Long Road."', True),
    (k.title_in_title_case, 'Her memoir, "Ten Years in the Harbour Town," sold well.', True),
    (k.term_after_naming_word, 'The old jail, dubbed the "Lake Palace," closed in May.', True),
    (k.term_after_naming_word, "Critics mocked what some called the “soft landing” plan.", True),
    (k.term_after_naming_word, 'The pair were known as the "two amigos" in the office.', True),
    (k.term_after_naming_word, 'It is what is called a "soft landing" by some.', True),
    (k.term_after_naming_word, 'They oppose a formula called the "chained index" now.', True),
    (k.term_after_naming_word, 'She never used the term "green wave" in public.', True),
    (k.term_after_naming_word, 'The ads ran with the slogan "Fish. We are on it."', True),
    (k.quote_naming_a_noun, 'The city backs the "one town, two ports" formula.', True),
    (k.capitalised_word_inside_sentence, 'She thanked her fans on "Idol" for the votes.', True),
    (
        k.headline_credited_to_writer,
        'CLOSING—"Harbour museum to shut its doors in May," by the Post\'s Ann Roe: "The museum '
        'will close."',
        True,
    ),
]

MUST_NOT_FIRE = [
    # Lower-case and inside the clause: a piece of a sentence.
    (k.sentence_opening_a_clause, 'Ann Roe called the plan "a disaster for every family".'),
    (k.long_sentence, 'Ann said the plan "will cost every family far more than it saves."'),
    (k.nickname, 'The so-called "experts" were wrong again.'),
    # A speech verb governs the phrase: somebody said it.
    (k.scare_quote, 'Ann Roe called the plan "a disaster".'),
    (k.single_quoted_phrase, 'Obama\'s "pivot to Asia" stalled.'),
    # A sentence is no title: its small words are not the only lower-case ones.
    (k.title_in_title_case, 'Ann Roe said, "We will walk on the long road."'),
    # "called" with its object between: what the speaker called it is her quote.
    (k.term_after_naming_word, 'Ann Roe called the plan "a waste of money" on Monday.'),
    # A named speaker calls it so: in a relative clause, through a pronoun or a title noun.
    (k.term_after_naming_word, 'The fight was what Ann Roe called "hand-to-hand combat."'),
    (k.term_after_naming_word, 'He called her "weak" and left the stage.'),
    (k.term_after_naming_word, 'Ann Roe calls the program "worse than amnesty."'),
    (k.quote_naming_a_noun, 'Ann Roe said the plan was "a waste of money" for the town.'),
    # Opening its sentence, a one-word quote is someone's word ('"Please," he said.').
    (k.capitalised_word_inside_sentence, '"Please," he said to the guard.'),
    # A verb before the quote: the passive names who said it.
    (k.headline_credited_to_writer, 'The plan was described as "a waste of money," by Ann Roe.'),
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
    rules = {*k.DIRECT_RULES, *k.NOT_A_QUOTE_RULES, *k.NAME_RULES}
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


def spoken(nlp: Language, text: str) -> list[str]:
    """The direct and partial quotes the engine keeps in a text."""
    doc = nlp(text)
    return [q.text for q in extract_quotes(doc, extract_actors(doc)) if q.kind != "indirect"]


def test_titles_and_terms_are_no_quotes_whoever_stands_near(nlp: Language) -> None:
    text = (
        'Ann Roe said the band closed with "Walking On The Long Road," and she called the '
        'plan "a waste of money" on Monday.'
    )
    assert spoken(nlp, text) == ["a waste of money"]


@pytest.mark.parametrize(
    "text, kept",
    [
        # A word or two with a speech cue beside it is a quote.
        ('"Please," he said.', ["Please,"]),
        ('The mayor called the plan "reckless" on Monday.', ["reckless"]),
        # However the parser hangs it, a word right after the verb and its object.
        ("Beruff, a Scott ally, called Florida’s standards “strong.”", ["strong."]),
        ('Ann Roe was blunt, warning of "dire consequences" for the town.', ["dire consequences"]),
        # With nobody saying them, they are a scare quote.
        ('Ann Roe spoke on Monday. Critics doubt the "reset" worked at all.', []),
        ('Ann Roe spoke on Monday. The town felt it "needed" a new bridge.', []),
    ],
)
def test_a_word_or_two_is_a_quote_only_with_a_speech_cue(
    nlp: Language, text: str, kept: list[str]
) -> None:
    assert spoken(nlp, text) == kept


@pytest.mark.parametrize(
    "text, kept",
    [
        # A chant or a cry that a verb of raised voices governs is someone's words.
        (
            'Outside the hall, some of them chanted "We Want Roe! We Want Roe!"',
            ["We Want Roe! We Want Roe!"],
        ),
        ('As the mayor finished, a man yelled "Go Home Now!"', ["Go Home Now!"]),
        # An exclamation in a title with no such verb stays a title.
        ('The band closed the night with "Go West Young Man!" and left.', []),
    ],
)
def test_a_chant_or_a_cry_is_no_title(nlp: Language, text: str, kept: list[str]) -> None:
    assert spoken(nlp, text) == kept


@pytest.mark.parametrize(
    "text, kept",
    [
        # A passive naming verb with a named agent: the agent's words.
        ('Bo Smith\'s plan was called "a disaster" by Ann Roe.', ["a disaster"]),
        # With no agent, or one that names nobody, a name given stays a term.
        ('The prison was dubbed the "Hanoi Hilton" by the inmates.', []),
        ('Ann Roe spoke on Monday. The law is called "the Clean Water Act" now.', []),
    ],
)
def test_a_passive_naming_verb_quotes_its_named_agent(
    nlp: Language, text: str, kept: list[str]
) -> None:
    assert spoken(nlp, text) == kept


def test_the_writers_own_words_are_no_quote(nlp: Language) -> None:
    assert spoken(nlp, 'I always tell my readers: "Start small and save every month."') == []
    # A source the writer cites is still quoted.
    text = 'As we noted, a study by Ann Roe concluded that "the tax falls on buyers in the end."'
    assert spoken(nlp, text) == ["the tax falls on buyers in the end."]

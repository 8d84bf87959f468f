"""The cue rules (bot.nlp.rules.cues): each finds a quote's reporting word and speaker as
written on a sentence of its kind, and finds nothing on one it must not fire on."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from spacy.language import Language

from bot.nlp.actors import extract_actors
from bot.nlp.quotes import extract_quotes
from bot.nlp.rules import cues as c
from bot.nlp.rules import first
from bot.nlp.rules import quote_sites as qs
from bot.nlp.rules.context import Context
from bot.nlp.rules.quote_sites import Cues, QuoteSite

from .conftest import Row, parsed, said_by

FIRES = [
    (
        c.speech_noun_of_named_speaker,
        "Jordan criticised the shift, with Foreign Minister Ayman Safadi warning of "
        '"dangerous consequences".',
        ("warning", "Safadi"),
    ),
    (
        c.governing_verb_of_embedded_quote,
        'Marsh said it was "wrong" for Ortiz to criticize him.',
        ("said", "Marsh"),
    ),
    (
        # The words after the comma go on to someone else: they attribute nothing.
        c.governing_verb_of_embedded_quote,
        'Li said he would make the desert "glow in the dark," for instance, and Ann Roe vowed '
        "to fight on.",
        ("said", "Li"),
    ),
    (
        c.speaker_introducing_quote,
        'Hale told officers, "I will hurt her," the U.S. attorney\'s office said.',
        ("told", "Hale"),
    ),
    (
        c.main_verb_introducing_quote,
        'Ann Roe shrugged, "Who cares what they think of us now?"',
        ("shrugged", "Roe"),
    ),
    (c.inverted_verb_after_quote, '"We will win," beamed Ann Roe.', ("beamed", "Roe")),
    (c.trailing_verb_after_quote, '"Why now?" Ann Roe pressed.', ("pressed", "Roe")),
    (
        c.speech_verb_parsed_into_the_name,
        'Bo Li has begun to change his tone. "Look at the statement he put out after the '
        'shootings," Conway notes. "It was very different in tone."',
        ("notes", "Conway"),
    ),
    (
        c.speech_verb_parsed_into_the_name,
        '"Our kingdom fights terror on all fronts," the Saudis state in the white paper.',
        ("state", "Saudis"),
    ),
    (
        c.reporting_verb_after_quote,
        '"Nothing will change," the mayor told reporters.',
        ("told", "mayor"),
    ),
    (
        c.verb_after_appositive,
        '"We will win," Ann Roe, a retired nurse from Ohio who ran the campaign, said.',
        ("said", "Roe"),
    ),
    (
        # The parser leaves "told" with no subject after the age; "told" names whom it told.
        c.verb_after_appositive,
        "“We were tremendously wrong to not have confronted him from the beginning,” Ramos, 58, "
        "told AFP in an interview in Mexico City on Monday.",
        ("told", "Ramos"),
    ),
    (
        c.governing_verb,
        'Ann Roe called the plan "a disaster for every family".',
        ("called", "Roe"),
    ),
    (
        c.dash_label_before_colon,
        'Pollsters agree - Ann Roe: "We were wrong about the turnout this year."',
        (":", "Roe"),
    ),
    (
        c.dash_label_before_colon,
        # "Pew" and "Research" tagged as common nouns.
        'Turnout models look shaky - Pew Research: "Every panel we read had more voters than it '
        'should."',
        (":", "Research"),
    ),
    (c.colon_introduction, 'Mr. Christie gloated: "We won."', ("gloated", "Christie")),
    (
        # Two spaces after the colon, as pasted text often has.
        c.colon_introduction,
        'The union asked for an order. Ann Roe refused:  "Mayors cannot suspend the law."',
        ("refused", "Roe"),
    ),
    (
        c.colon_introduction,
        'Here is Ann Roe in December 1992: "Our new direction must rest on what we learn."',
        ("is", "Roe"),
    ),
    (
        # The parser leaves "said" with no subject after the aside.
        c.verb_after_appositive,
        '"We have had better conventions than this one," Texas delegate Bill Eastland, wearing '
        "a cowboy hat, said.",
        ("said", "Eastland"),
    ),
    (
        c.reporting_verb_before,
        'Ann Roe said on Tuesday that "nothing will change".',
        ("said", "Roe"),
    ),
    (
        c.reporting_verb_later_after,
        '"Nothing will change" was the line that Ann Roe repeated all day.',
        ("repeated", "Roe"),
    ),
    (
        c.headline_label,
        'Tax fight -- Senator Warren: "We will not back down from this fight."',
        (":", "Warren"),
    ),
    (c.transcript_label, 'GOWDY: "Did you read it?"', (":", "GOWDY")),
    (
        c.dash_credit_after_quote,
        'Ann Roe spoke.\n\n"We will win this state and the next."\n\n— Ann Roe, Dayton.',
        ("—", "Roe"),
    ),
    (
        c.attribution_in_sentence_before,
        'Ann Roe told the crowd on Friday that she would stay. "We will win this time."',
        ("told", "Roe"),
    ),
    (
        c.verb_opening_sentence_after,
        '"We will win this time." Ann Roe said it twice.',
        ("said", "Roe"),
    ),
]

MUST_NOT_FIRE = [
    # The speech noun owns no name: the verb further up reports the quote.
    (
        c.speech_noun_of_named_speaker,
        'Ann Roe criticised the shift, issuing a warning of "dangerous consequences".',
    ),
    # The quote opens its sentence: it is embedded in no clause.
    (c.governing_verb_of_embedded_quote, '"We will win," she said.'),
    # A comma, then the attribution: the words after it say whose the quote is.
    (c.governing_verb_of_embedded_quote, 'The plan is "a disaster for us," Ann Roe said.'),
    # No speech verb governs the quote: the words after the comma are left to report it.
    (
        c.governing_verb_of_embedded_quote,
        'She blamed the fire on a "careless person," not on the heat, and said so twice.',
    ),
    # The same speaker goes on after "but": the verb after the comma reports the quote.
    (
        c.governing_verb_of_embedded_quote,
        'She describes the work as "exciting," but cautions that it is early days.',
    ),
    # Nobody introduces the quote: the attribution after it is its own.
    (c.speaker_introducing_quote, 'Officers arrived, "I will hurt her," the office said.'),
    # A subordinate clause introduces nothing; a crowd names nobody.
    (c.main_verb_introducing_quote, 'After Ann Roe won, "We did it" was all anyone said.'),
    (c.main_verb_introducing_quote, 'After the vote the crowd cheered, "We won it all!"'),
    # The subject comes before the verb: no inversion.
    (c.inverted_verb_after_quote, '"We will win," she said.'),
    # The quote ended its sentence: the next one is not its attribution.
    (c.trailing_verb_after_quote, '"We won." Trump left.'),
    (c.reporting_verb_after_quote, '"Nothing will change" is the motto of the firm.'),
    # A question closed, then a capitalised common word: a new sentence, not an attribution.
    (c.reporting_verb_after_quote, 'Ann Roe replied: "Why now?" Her critics cited it often.'),
    # A subordinate clause after the quote tells of something else.
    (
        c.reporting_verb_after_quote,
        'Ann Roe wrote, "The mayor wins again," after his aide Bo Li praised him online.',
    ),
    # The name and the noun after it go on as a phrase: no verb ends the clause.
    (c.speech_verb_parsed_into_the_name, '"Look at them," the Conway notes show.'),
    # A plural name before a noun it describes: no verb at all.
    (c.speech_verb_parsed_into_the_name, '"We fight terror," the Saudis state media reported.'),
    # A short attribution: nothing stands beyond the words right after the quote.
    (c.verb_after_appositive, '"We will win," she said.'),
    (c.governing_verb, 'The storm left "a disaster for every family" behind it.'),
    # What follows the dash is no name: the clause before the colon is the others' to read.
    (c.dash_label_before_colon, 'The polls moved - a lot: "Nobody saw the late swing."'),
    (c.colon_introduction, 'Mr. Christie gloated. "We won."'),
    # "Here are" shows no one: the facts do not speak.
    (c.colon_introduction, 'Here are the facts of the case: "The bridge is closed."'),
    (c.reporting_verb_before, 'On Tuesday, "nothing will change" was the motto.'),
    (c.reporting_verb_later_after, '"Nothing will change." The crowd went home.'),
    (c.headline_label, 'Ann Roe spoke first. "We will win this time."'),
    (c.transcript_label, 'Tax fight -- Senator Warren: "We will not back down from this fight."'),
    # A dash opening a line of a list after a quote that does not fill its paragraph.
    (
        c.dash_credit_after_quote,
        'Ann Roe spoke. "We will win," she said.\n\n— Nine months of rallies in Ohio.',
    ),
    # A reviewer's name masked on the line after names nobody.
    (c.dash_credit_after_quote, 'Reviews:\n"The show was really great."\n– Man**\n'),
    (
        c.attribution_in_sentence_before,
        'The crowd waited in the rain for hours. "We will win this time."',
    ),
    (c.verb_opening_sentence_after, '"We will win this time." The crowd cheered loudly.'),
]


def _name(case: tuple) -> str:
    return case[0].__name__


@pytest.mark.parametrize("rule, text, expected", FIRES, ids=[_name(x) for x in FIRES])
def test_cue_rule_fires_on_its_sentence(
    quote_site: Callable[..., QuoteSite],
    rule: Callable[[QuoteSite], object],
    text: str,
    expected: tuple[str, str],
) -> None:
    assert said_by(rule(quote_site(text))) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize("rule, text", MUST_NOT_FIRE, ids=[_name(x) for x in MUST_NOT_FIRE])
def test_cue_rule_does_not_fire_where_it_must_not(
    quote_site: Callable[..., QuoteSite], rule: Callable[[QuoteSite], object], text: str
) -> None:
    assert rule(quote_site(text)) is None


def test_every_cue_rule_has_a_case_of_each_kind() -> None:
    rules = {*c.CUE_RULES, *c.FALLBACK_CUE_RULES}
    assert rules == {x[0] for x in FIRES} == {x[0] for x in MUST_NOT_FIRE}


def test_the_attribution_right_after_the_mark_outranks_the_sentence_before(
    quote_site: Callable[..., QuoteSite],
) -> None:
    """Table order is precedence: 'Bo Li said so. "...," the mayor told reporters.' is the
    mayor's, not Bo Li's."""
    site = quote_site('Bo Li said so on Monday. "Nothing will change," the mayor told reporters.')
    fired = first(c.CUE_RULES, site)
    assert fired is not None and fired.rule == "reporting_verb_after_quote"
    assert said_by(fired.finding) == ("told", "mayor")


def test_a_label_alone_on_its_line_speaks_the_quote_that_opens_the_next(
    quote_site: Callable[..., QuoteSite],
) -> None:
    """'Stated Roe:¶¶"..."': a paragraph that is only a speaker's label (a speech verb may
    open it) introduces the quote opening the paragraph after it; a line that is no label
    ("Transcript as follows:") names nobody."""
    text = 'Ann Roe spoke on the radio.\n\nStated Roe:\n\n"We will win this state and the next."'
    assert said_by(c.transcript_label(quote_site(text))) == (":", "Roe")
    text = 'Ann Roe spoke on the radio.\n\nAnn Roe:\n\n"We will win this state and the next."'
    assert said_by(c.transcript_label(quote_site(text))) == (":", "Roe")
    text = 'Ann Roe spoke.\n\nTranscript as follows:\n\n"We will win this state and the next."'
    assert c.transcript_label(quote_site(text)) is None
    # A headline's "Ann Roe on Raising Taxes:" is Ann Roe's, not the topic's.
    text = "Ann Roe on Raising the Tax Cap: ‘It Will Pass.’\n\nAnn Roe spoke on Monday."
    assert said_by(c.transcript_label(quote_site(text))) == (":", "Roe")
    # The label's line must end at its colon: "Ann Roe: I doubt it." is a line of its own.
    text = 'Ann Roe spoke.\n\nAnn Roe: I doubt it.\n\n"We will win this state and the next."'
    assert c.transcript_label(quote_site(text)) is None


@pytest.mark.parametrize(
    "text, expected",
    [
        # A particle and a phrase of manner still end the attribution.
        ('"We will win," Ann Roe shot back.', ("shot", "Roe")),
        ('"We will win," Ann Roe went on, as if nobody had spoken.', ("went", "Roe")),
        ('"We will win," Ann Roe fired back with a laugh.', ("fired", "Roe")),
        # A verb with an object is the next sentence's business, not an attribution.
        ('"We will win," Ann Roe won Iowa.', None),
    ],
)
def test_a_trailing_verb_may_end_on_its_particle_or_a_manner(
    quote_site: Callable[..., QuoteSite], text: str, expected: tuple[str, str] | None
) -> None:
    assert said_by(c.trailing_verb_after_quote(quote_site(text))) == expected


def test_a_name_the_tagger_missed_is_named_when_an_actor_goes_by_it(
    quote_site: Callable[..., QuoteSite],
) -> None:
    """'"...?" Hannity pressed.' with "Hannity" tagged as a common noun: an actor of the
    article goes by that name, so it names the speaker."""
    text = 'Sean Hannity asked twice. "Is it negotiable now?" Hannity pressed.'
    assert said_by(c.trailing_verb_after_quote(quote_site(text))) == ("pressed", "Hannity")


def test_a_doubled_single_mark_opens_a_quote_as_a_double_mark_does(
    quote_site: Callable[..., QuoteSite],
) -> None:
    """Some papers print a double quotation mark as two single ones (''...''): the comma
    before it introduces the quote, and a quote opening its sentence is embedded in nothing."""
    site = quote_site("Ann Roe said, ''We will win this state.''")
    assert said_by(c.speaker_introducing_quote(site)) == ("said", "Roe")
    site = quote_site("Ann Roe shrugged, ''Who cares what they think of us now?''")
    assert said_by(c.main_verb_introducing_quote(site)) == ("shrugged", "Roe")
    assert c.governing_verb_of_embedded_quote(quote_site("''We will win,'' she said.")) is None


def test_a_verb_of_aspect_is_no_speech_verb_above_a_quote(
    quote_site: Callable[..., QuoteSite],
) -> None:
    """'Ann Roe said Bo Smith will continue to be "a champion for every family."': "continue
    to be" says nothing; the quote is Ann Roe's."""
    text = 'Ann Roe said Bo Smith will continue to be "a champion for every family in town."'
    assert said_by(c.governing_verb(quote_site(text))) == ("said", "Roe")


def test_a_quote_ending_on_a_quote_inside_it_is_attributed_by_the_words_after(
    nlp: Language,
) -> None:
    """'"Her answer was, 'What can we do?'" Ann Roe told reporters.': the inner closing mark
    does not hide that the quote ends on a question, so the verb after it attributes it and
    the speaker before does not carry over."""
    doc = nlp(
        '"We need help," Bo Li said.\n\nAnn Roe runs the agency.\n\n'
        "\"Her first answer was, 'What can we do to help?'\" Ann Roe told reporters on Tuesday."
    )
    found = [q for q in extract_quotes(doc, extract_actors(doc)) if "first answer" in q.text]
    assert [q.speaker for q in found] == ["Ann Roe"]


def test_a_main_verb_with_its_particle_introduces_the_quote(
    quote_site: Callable[..., QuoteSite],
) -> None:
    """'Ann Roe shot back, "..."': the particle before the comma is the verb's; the verb of the
    clause before it ("After Bo Li criticized ...") is someone else's."""
    site = quote_site(
        "After Governor Bo Li criticized her husband during a debate, Ann Roe shot back, "
        "“I suppose I could have stayed home and baked cookies.”"
    )
    assert said_by(c.main_verb_introducing_quote(site)) == ("shot", "Roe")
    site = quote_site("After Bo Li spoke, the crowd cheered loudly, “We want more!”")
    assert c.main_verb_introducing_quote(site) is None


def test_a_question_closed_by_a_doubled_single_mark_is_attributed_by_the_words_after(
    quote_site: Callable[..., QuoteSite],
) -> None:
    """ "''Can we win?'' Ann Roe asked.": the doubled mark is one token, passed over as a
    double mark is, so the name and verb after it attribute the question; a quote that ended
    its sentence with a full stop leaves the next sentence alone."""
    text = "Bo Li spoke first. He said it twice.\n\n''Can we win Ohio?'' Ann Roe asked. ''Yes.''"
    fired = first(c.CUE_RULES, quote_site(text))
    assert fired is not None and said_by(fired.finding) == ("asked", "Roe")
    text = "Bo Li spoke first. He said it twice.\n\n''We can win Ohio.'' Ann Roe left."
    assert first(c.CUE_RULES, quote_site(text)) is None


def test_a_name_the_tagger_missed_is_named_when_the_article_writes_it_as_a_name(
    nlp: Language,
) -> None:
    """'"...?" Hannity pressed.' with "Hannity" tagged as a common noun and no actor of that
    name: the article writes it as a proper noun elsewhere ("Sean Hannity"), so it names the
    speaker; a capitalised noun it never writes so ("Critics") names nobody."""
    text = 'Ann Roe met Sean Hannity on Monday.\n\n"Is it negotiable now?" Hannity pressed.'
    site = Cues(Context(nlp(text), [])).site(0)
    assert said_by(c.trailing_verb_after_quote(site)) == ("pressed", "Hannity")
    text = 'Ann Roe met the critics on Monday.\n\n"Is it negotiable now?" Critics pressed.'
    assert c.trailing_verb_after_quote(Cues(Context(nlp(text), [])).site(0)) is None


def test_a_name_before_an_aside_speaks_only_through_a_verb_ending_the_attribution(
    nlp: Language,
) -> None:
    """The verb a name before an aside is given ends the attribution: nothing it says or does
    to someone follows it ("used his speech to call Tan a liar" is a clause of its own)."""
    doc = nlp("Ann Roe, wearing a hat, said on Tuesday.")
    assert c._ends_attribution(next(t for t in doc if t.text == "said"))
    doc = nlp("Bo Li, the surgeon, used part of his speech to call Mr. Tan a friend of the lobby.")
    assert not c._ends_attribution(next(t for t in doc if t.text == "call"))


# "After Bo Li spoke, Ann Roe shot back, "I stayed home."" with "shot" parsed as a clause of
# the quote's verb ("stayed"): the verb introducing the quote is still its sentence's main verb.
HUNG_ON_QUOTE: list[Row] = [
    ("After", "IN", "ADP", "mark", 3, "after", ""),
    ("Bo", "NNP", "PROPN", "compound", 2, "Bo", "PERSON"),
    ("Li", "NNP", "PROPN", "nsubj", 3, "Li", "PERSON"),
    ("spoke", "VBD", "VERB", "advcl", 7, "speak", ""),
    (",", ",", "PUNCT", "punct", 7, ",", ""),
    ("Ann", "NNP", "PROPN", "compound", 6, "Ann", "PERSON"),
    ("Roe", "NNP", "PROPN", "nsubj", 7, "Roe", "PERSON"),
    ("shot", "VBD", "VERB", "ccomp", 12, "shoot", ""),
    ("back", "RB", "ADV", "advmod", 7, "back", ""),
    (",", ",", "PUNCT", "punct", 12, ",", ""),
    ('"', "``", "PUNCT", "punct", 12, '"', ""),
    ("I", "PRP", "PRON", "nsubj", 12, "I", ""),
    ("stayed", "VBD", "VERB", "ROOT", 12, "stay", ""),
    ("home", "RB", "ADV", "advmod", 12, "home", ""),
    (".", ".", "PUNCT", "punct", 12, ".", ""),
    ('"', "''", "PUNCT", "punct", 12, '"', ""),
]
SPACES = [True, True, True, False, True, True, True, True, False, True, False, True, True, False,
          False, False]  # fmt: skip


def test_a_main_verb_the_parser_hung_on_the_quote_still_introduces_it(nlp: Language) -> None:
    ctx = parsed(nlp, HUNG_ON_QUOTE, SPACES)
    assert said_by(c.main_verb_introducing_quote(Cues(ctx).site(0))) == ("shot", "Roe")


def test_a_clause_before_the_main_verb_introduces_nothing(nlp: Language) -> None:
    # "spoke" hangs on "shot", outside the quote: a subordinate clause, not the introduction.
    rows = [r if r[0] != "shot" else ("shot", "VBD", "VERB", "ROOT", 7, "shoot", "")
            for r in HUNG_ON_QUOTE]  # fmt: skip
    rows = [r if r[0] != "stayed" else ("stayed", "VBD", "VERB", "ccomp", 7, "stay", "")
            for r in rows]  # fmt: skip
    ctx = parsed(nlp, rows, SPACES)
    assert said_by(c.main_verb_introducing_quote(Cues(ctx).site(0))) == ("shot", "Roe")
    assert not qs.main_or_hung_on_quote(ctx.doc[3], ctx.qdoc)

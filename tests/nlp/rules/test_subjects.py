"""Who speaks through a reporting verb (bot.nlp.rules.subjects): each rule on a sentence it
fires on and one it must not fire on. The rules that mend a wrong parse are tested on that parse,
written out by hand, so they do not depend on when the model makes the mistake."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from spacy.language import Language

from bot.nlp.rules import subjects as s
from bot.nlp.rules.context import Context
from bot.nlp.rules.subjects import VerbSite

from .conftest import Row, parsed, word

FIRES = [
    (s.parsed_subject, "Ann Roe, who chairs the board, said the vote would wait.", "said", "Roe"),
    (
        # A relative clause joined to another: "who" still stands for the name.
        s.parsed_subject,
        '"The crowds are far bigger than last time," said Rep. Ann Roe (D-Ohio), a party ally '
        "whose district went strongly for her but who suggested that Bo Li could pull out new "
        "voters.",
        "suggested",
        "Roe",
    ),
    (
        # "who" stands for the academic, and the academic is named.
        s.parsed_subject,
        "The senator was rallying for a 70-year-old academic named Ann Roe, who is running for "
        'Congress and who worked the crowd, praising "the genuineness of the senator" as she '
        "spoke.",
        "praising",
        "Roe",
    ),
    (
        # The parser gives the name to the aside ("exasperated"), the verb no subject.
        s.subject_of_aside,
        "Senators kept asking her about the budget. Ann Roe, exasperated, famously "
        'responded: "What difference does it make now?"',
        "responded",
        "Roe",
    ),
    (
        s.name_opening_sentence,
        "De Blasio, speaking on the radio Tuesday, called Trump a clown.",
        "called",
        "Blasio",
    ),
    (
        s.subject_before_participle,
        "Ann Roe seemed to be ready to riff on the incident in Iowa, telling the crowd, "
        "“Some people get a little carried away, have you noticed that?”",
        "telling",
        "Roe",
    ),
    (s.name_after_inverting_verb, '"We will win," said Skelly.', "said", "Skelly"),
    (
        s.name_after_inverting_verb,
        '"Residents should leave their cars at home," opined the Evening Ledger.',
        "opined",
        "Ledger",
    ),
    (
        s.name_after_inverting_verb,
        '"Residents should leave their cars at home," opined Dayton\'s Evening Ledger.',
        "opined",
        "Ledger",
    ),
    (
        s.name_after_hyphenated_title,
        "“Imagine Bo Li going up against both of them on the same stage,” mused radio co-host "
        "Ann Roe.",
        "mused",
        "Roe",
    ),
    (
        s.agent_after_quote,
        'The plan was described as "reckless" by Ann Roe on Monday.',
        "described",
        "Roe",
    ),
    (
        s.speaker_near_a_thing,
        "Her remarks answer a letter the Acme campaign sent the council on Monday alleging "
        "that the deal was unfair.",
        "alleging",
        "campaign",
    ),
    (
        s.speaker_near_a_thing,
        "The meeting ended with Ann Roe asking the board whether it would wait.",
        "asking",
        "Roe",
    ),
    (
        s.subject_that_cannot_speak,
        "In a May poll, 75 percent of voters said the economy was weak.",
        "said",
        "percent",
    ),
]

MUST_NOT_FIRE = [
    # A clause before the verb, not an aside after its subject: the parse found the subject.
    (s.subject_of_aside, "When the plan failed, Ann Roe said the vote would wait.", "said"),
    # A place that speaks, with no dash: its appositive describes it, no dateline.
    (
        s.name_after_dateline,
        "Ohio, the state where Ann Roe grew up, said in a filing that the rule was void.",
        "said",
    ),
    # An expletive "it" names nobody.
    (s.parsed_subject, "It was said that the vote would wait.", "said"),
    # The parse found the subject: nothing to mend.
    (s.name_opening_sentence, "Ann Roe, who chairs the board, said the vote would wait.", "said"),
    # The parse found the participle's subject: nothing to mend.
    (
        s.subject_before_participle,
        "Ann Roe left the hall, telling reporters she was tired.",
        "telling",
    ),
    # "said Tuesday": a date, not a name.
    (s.name_after_inverting_verb, "Ann Roe said Tuesday that she would stay.", "said"),
    # The name is the subject of the reported clause: whom the words are about.
    (s.name_after_inverting_verb, "Ann Roe agreed, saying Bo Smith reminds us of it.", "saying"),
    # Away from a closing mark, "praised" has its object after it, not its speaker.
    (s.name_after_inverting_verb, "The critics were upset, praised Bo Smith and left.", "praised"),
    # The verb has its subject: the words after it are whom it told.
    (s.name_after_title_words, "“We won,” she told radio host Ann Roe.", "told"),
    # No hyphen: the words after the verb are its object, not the speaker's title.
    (s.name_after_hyphenated_title, "“We won,” she told radio host Ann Roe.", "told"),
    # No agent: the thing described is all there is.
    (s.agent_after_quote, 'The plan was described as "reckless" on Monday.', "described"),
    # A verb of evidence: the tests show it, whoever ran them.
    (s.speaker_near_a_thing, "The tests Ann Roe ran reveal that the game is slow.", "reveal"),
    # The thing is the subject of a speech verb: the article credits the words to it.
    (
        s.speaker_near_a_thing,
        'The monarch called for Bo Li to quit, calling him "a disgrace to all".',
        "calling",
    ),
    # A document speaks for its author, found later from the document itself.
    (s.speaker_near_a_thing, "After Ann Roe left, the report said the plan failed.", "said"),
    # A name inside another phrase is not the speaker ("under Bo Li" tells of the deaths).
    (
        s.speaker_near_a_thing,
        "The deaths of journalists under Bo Li came up again, prompting a vote.",
        "prompting",
    ),
    (s.subject_that_cannot_speak, "Ann Roe said the economy was weak.", "said"),
]


def _name(case: tuple) -> str:
    return case[0].__name__


@pytest.mark.parametrize("rule, text, verb, expected", FIRES, ids=[_name(x) for x in FIRES])
def test_subject_rule_fires_on_its_sentence(
    verb_site: Callable[[str, str], VerbSite],
    rule: Callable[[VerbSite], object],
    text: str,
    verb: str,
    expected: str,
) -> None:
    found = rule(verb_site(text, verb))
    assert found is not None and found.text == expected  # type: ignore[attr-defined]


@pytest.mark.parametrize("rule, text, verb", MUST_NOT_FIRE, ids=[_name(x) for x in MUST_NOT_FIRE])
def test_subject_rule_does_not_fire_where_it_must_not(
    verb_site: Callable[[str, str], VerbSite],
    rule: Callable[[VerbSite], object],
    text: str,
    verb: str,
) -> None:
    assert rule(verb_site(text, verb)) is None


# "Jake Sullivan said the vote was rigged." with the name parsed as an adverbial noun.
NO_SUBJECT: list[Row] = [
    ("Jake", "NNP", "PROPN", "compound", 1, "Jake", "PERSON"),
    ("Sullivan", "NNP", "PROPN", "npadvmod", 2, "Sullivan", "PERSON"),
    ("said", "VBD", "VERB", "ROOT", 2, "say", ""),
    ("the", "DT", "DET", "det", 4, "the", ""),
    ("vote", "NN", "NOUN", "nsubjpass", 6, "vote", ""),
    ("was", "VBD", "AUX", "auxpass", 6, "be", ""),
    ("rigged", "VBN", "VERB", "ccomp", 2, "rig", ""),
    (".", ".", "PUNCT", "punct", 2, ".", ""),
]


def test_name_before_subjectless_root_takes_the_name_right_before_the_verb(
    nlp: Language,
) -> None:
    ctx = parsed(nlp, NO_SUBJECT)
    site = VerbSite(ctx.qdoc, ctx.patterns, word(ctx, "said"))
    found = s.name_before_subjectless_root(site)
    assert found is not None and found.text == "Sullivan"
    # Parsed right, the name is the subject and the rule stands aside.
    ctx = parsed(nlp, [r if r[0] != "Sullivan" else (*r[:3], "nsubj", *r[4:]) for r in NO_SUBJECT])
    site = VerbSite(ctx.qdoc, ctx.patterns, word(ctx, "said"))
    assert s.name_before_subjectless_root(site) is None


# "Ohio rally\nDonald Trump has delivered a speech, saying the vote was rigged." with the name
# hung on the line before and the verb left without a subject.
RUN_INTO_LINE_BEFORE: list[Row] = [
    ("Ohio", "NNP", "PROPN", "compound", 1, "Ohio", "GPE"),
    ("rally", "NN", "NOUN", "ROOT", 1, "rally", ""),
    ("\n", "_SP", "SPACE", "dep", 1, "\n", ""),
    ("Donald", "NNP", "PROPN", "compound", 4, "Donald", "PERSON"),
    ("Trump", "NNP", "PROPN", "appos", 1, "Trump", "PERSON"),
    ("has", "VBZ", "AUX", "aux", 6, "have", ""),
    ("delivered", "VBN", "VERB", "conj", 1, "deliver", ""),
    ("a", "DT", "DET", "det", 8, "a", ""),
    ("speech", "NN", "NOUN", "dobj", 6, "speech", ""),
    (",", ",", "PUNCT", "punct", 6, ",", ""),
    ("saying", "VBG", "VERB", "advcl", 6, "say", ""),
    ("the", "DT", "DET", "det", 12, "the", ""),
    ("vote", "NN", "NOUN", "nsubjpass", 14, "vote", ""),
    ("was", "VBD", "AUX", "auxpass", 14, "be", ""),
    ("rigged", "VBN", "VERB", "ccomp", 10, "rig", ""),
    (".", ".", "PUNCT", "punct", 6, ".", ""),
]


def test_name_before_verb_takes_a_name_run_into_the_line_before(nlp: Language) -> None:
    ctx = parsed(nlp, RUN_INTO_LINE_BEFORE)
    site = VerbSite(ctx.qdoc, ctx.patterns, word(ctx, "saying"))
    found = s.name_before_verb(site)
    assert found is not None and found.text == "Trump"
    # Parsed right, the climb finds the subject and the rule stands aside.
    fixed = [(*r[:3], "nsubj", 6, *r[5:]) if r[0] == "Trump" else r for r in RUN_INTO_LINE_BEFORE]
    ctx = parsed(nlp, fixed)
    site = VerbSite(ctx.qdoc, ctx.patterns, word(ctx, "saying"))
    assert s.name_before_verb(site) is None


# '"We lost," Ann Roe, a lawyer, wrote.' with the name hung on the quote's subject as its
# appositive and the verb on the quote's verb: no subject parsed.
NAME_HUNG_ON_QUOTE: list[Row] = [
    ('"', "``", "PUNCT", "punct", 2, '"', ""),
    ("We", "PRP", "PRON", "nsubj", 2, "we", ""),
    ("lost", "VBD", "VERB", "ROOT", 2, "lose", ""),
    (",", ",", "PUNCT", "punct", 2, ",", ""),
    ('"', "''", "PUNCT", "punct", 2, '"', ""),
    ("Ann", "NNP", "PROPN", "compound", 6, "Ann", "PERSON"),
    ("Roe", "NNP", "PROPN", "appos", 1, "Roe", "PERSON"),
    (",", ",", "PUNCT", "punct", 6, ",", ""),
    ("a", "DT", "DET", "det", 9, "a", ""),
    ("lawyer", "NN", "NOUN", "appos", 6, "lawyer", ""),
    (",", ",", "PUNCT", "punct", 2, ",", ""),
    ("wrote", "VBD", "VERB", "conj", 2, "write", ""),
    (".", ".", "PUNCT", "punct", 2, ".", ""),
]
HUNG_SPACES = [False, True, False, False, True, True, False, True, True, False, True, False, False]


def test_name_before_appositive_takes_the_name_set_off_before_the_verb(nlp: Language) -> None:
    ctx = parsed(nlp, NAME_HUNG_ON_QUOTE, HUNG_SPACES)
    site = VerbSite(ctx.qdoc, ctx.patterns, word(ctx, "wrote"))
    found = s.name_before_appositive(site)
    assert found is not None and found.text == "Roe"
    # Parsed right, the name is the subject and the rule stands aside.
    fixed = [(*r[:3], "nsubj", 11, *r[5:]) if r[0] == "Roe" else r for r in NAME_HUNG_ON_QUOTE]
    ctx = parsed(nlp, fixed, HUNG_SPACES)
    site = VerbSite(ctx.qdoc, ctx.patterns, word(ctx, "wrote"))
    assert s.name_before_appositive(site) is None
    # '"We lost," friends of Ann Roe, a lawyer, wrote.': a name inside another phrase ("of
    # Ann Roe") is not who wrote.
    rows: list[Row] = [
        *NAME_HUNG_ON_QUOTE[:5],
        ("friends", "NNS", "NOUN", "appos", 1, "friend", ""),
        ("of", "IN", "ADP", "prep", 5, "of", ""),
        ("Ann", "NNP", "PROPN", "compound", 8, "Ann", "PERSON"),
        ("Roe", "NNP", "PROPN", "pobj", 6, "Roe", "PERSON"),
        (",", ",", "PUNCT", "punct", 8, ",", ""),
        ("a", "DT", "DET", "det", 11, "a", ""),
        ("lawyer", "NN", "NOUN", "appos", 8, "lawyer", ""),
        (",", ",", "PUNCT", "punct", 2, ",", ""),
        ("wrote", "VBD", "VERB", "conj", 2, "write", ""),
        (".", ".", "PUNCT", "punct", 2, ".", ""),
    ]
    ctx = parsed(nlp, rows, [*HUNG_SPACES[:5], True, True, *HUNG_SPACES[5:]])
    site = VerbSite(ctx.qdoc, ctx.patterns, word(ctx, "wrote"))
    assert s.name_before_appositive(site) is None


def test_every_subject_rule_is_tested() -> None:
    by_hand = {
        s.name_before_subjectless_root,
        s.name_before_verb,
        s.name_before_appositive,
        s.name_after_dateline,
        s.name_after_title_words,
    }
    tested = {x[0] for x in FIRES} | by_hand
    assert set(s.SUBJECT_RULES) == tested
    assert {x[0] for x in MUST_NOT_FIRE} | by_hand == set(s.SUBJECT_RULES)


def test_trailing_participle_speaks_for_the_speech_verb_it_reports_for(nlp: Language) -> None:
    """'Ann Roe said the council rejected the plan, calling it a mistake': "calling" is
    Ann Roe's, not the council's."""
    ctx = Context(nlp("Ann Roe said the council rejected the plan, calling it a mistake."), [])
    calling = word(ctx, "calling")
    found = s.trailing_participle_of_speech(calling)
    assert found is not None and found.i == word(ctx, "said").i
    fired = ctx.subjects.fired(calling)
    assert fired is not None and fired.rule == "trailing_participle_of_speech+parsed_subject"
    assert fired.finding.text == "Roe"
    ctx = Context(nlp("Calling it a mistake, Ann Roe left the room."), [])
    assert s.trailing_participle_of_speech(word(ctx, "Calling")) is None


def test_a_trailing_participle_on_a_speech_verb_with_its_own_speaker_stays_with_it(
    nlp: Language,
) -> None:
    """'Bo Li cannot say that "...," Ann Roe added, saying ...': "saying" is Roe's, who
    speaks through the verb it hangs on, not Li's."""
    ctx = Context(
        nlp(
            "Bo Li cannot say that “in his view,” Ann Roe added, saying it should be “up to "
            "the court to decide.”"
        ),
        [],
    )
    saying = word(ctx, "saying")
    if saying.head.text == "added" and saying.head.dep_ == "ccomp":  # the parse this mends
        assert s.trailing_participle_of_speech(saying) is None
    fired = ctx.subjects.fired(saying)
    assert fired is not None and fired.finding.text == "Roe"


def test_poll_counting_share_speaks_for_the_share_of_people(nlp: Language) -> None:
    """'In a May poll, 75 percent of voters said ...': the poll, not "percent"."""
    ctx = Context(nlp("In a May poll, 75 percent of voters said the economy was weak."), [])
    fired = ctx.subjects.fired(word(ctx, "said"))
    assert fired is not None and fired.rule.endswith("+poll_counting_share")
    assert fired.finding.text == "poll"
    ctx = Context(nlp("About 75 percent of voters said the economy was weak."), [])
    fired = ctx.subjects.fired(word(ctx, "said"))
    assert fired is not None and fired.finding.text == "percent"
    assert not fired.rule.endswith("poll_counting_share")


def test_name_after_inverting_verb_is_the_name_its_phrase_ends_on(
    verb_site: Callable[[str, str], VerbSite],
) -> None:
    """'," tweeted Rubio spokesman Alex Conant': the spokesman, not the candidate named in his
    title; '," tweeted a German user' is a user, whose nationality is no name."""
    site = verb_site('"Debate recap," tweeted Rubio spokesman Alex Conant.', "tweeted")
    found = s.name_after_inverting_verb(site)
    assert found is not None and found.text == "Conant"
    site = verb_site('"We have no freedom left," tweeted a German user.', "tweeted")
    found = s.name_after_inverting_verb(site)
    assert found is None or found.text != "German"


def test_a_participle_never_speaks_for_a_verb_inside_the_quote_it_introduces(
    nlp: Language,
) -> None:
    """'Bo Li did not seem impressed, telling reporters, "A lot of people said ..."' parsed
    with "telling" under the quote's "said": the participle is Bo Li's, not the quote's."""
    ctx = Context(
        nlp(
            "Ann Roe spoke first.\n\nBo Li didn't seem particularly impressed with the comments "
            "Tuesday, telling reporters, “A lot of people said the mayor should step down.”"
        ),
        [],
    )
    fired = ctx.subjects.fired(word(ctx, "telling"))
    assert fired is not None and fired.finding.text == "Li"


def test_a_relative_clause_on_a_description_speaks_as_the_name_it_describes(
    verb_site: Callable[[str, str], VerbSite],
) -> None:
    """ "Ann Roe, a lawyer who said ...": Ann Roe says it, not "a lawyer"."""
    found = s.parsed_subject(verb_site("Ann Roe, a lawyer who said the plan failed, left.", "said"))
    assert found is not None and found.text == "Roe"
    found = s.parsed_subject(verb_site("The lawyer who said the plan failed left.", "said"))
    assert found is not None and found.text == "lawyer"


# '"Of Bo Li, Ann Roe said, "He is late."' with "Of" parsed as the subject and the speaker as
# the object of "Of".
PREPOSITION_AS_SUBJECT: list[Row] = [
    ("Of", "IN", "ADP", "nsubj", 6, "of", ""),
    ("Bo", "NNP", "PROPN", "compound", 2, "Bo", "PERSON"),
    ("Li", "NNP", "PROPN", "nmod", 5, "Li", "PERSON"),
    (",", ",", "PUNCT", "punct", 5, ",", ""),
    ("Ann", "NNP", "PROPN", "compound", 5, "Ann", "PERSON"),
    ("Roe", "NNP", "PROPN", "pobj", 0, "Roe", "PERSON"),
    ("said", "VBD", "VERB", "ROOT", 6, "say", ""),
    ("the", "DT", "DET", "det", 8, "the", ""),
    ("plan", "NN", "NOUN", "nsubj", 9, "plan", ""),
    ("failed", "VBD", "VERB", "ccomp", 6, "fail", ""),
    (".", ".", "PUNCT", "punct", 6, ".", ""),
]


def test_a_name_after_a_preposition_parsed_as_the_subject_is_the_speaker(nlp: Language) -> None:
    ctx = parsed(nlp, PREPOSITION_AS_SUBJECT)
    site = VerbSite(ctx.qdoc, ctx.patterns, word(ctx, "said"))
    found = s.parsed_subject(site)
    assert found is not None and found.text == "Roe"
    # "Of" with no name after it is no one: nothing who can speak.
    rows = [*PREPOSITION_AS_SUBJECT]
    rows[5] = ("roe", "NN", "NOUN", "pobj", 0, "roe", "")
    rows[4] = ("fish", "NN", "NOUN", "compound", 5, "fish", "")
    ctx = parsed(nlp, rows)
    site = VerbSite(ctx.qdoc, ctx.patterns, word(ctx, "said"))
    assert s.parsed_subject(site) is None


def test_a_participle_after_a_preposition_on_a_passive_verb_is_its_subjects_doing(
    verb_site: Callable[[str, str], VerbSite],
) -> None:
    """'Ann Roe was booed by fans after telling them ...': Ann Roe tells them, not the fans;
    a participle set off by a comma keeps the nearest who can speak."""
    text = (
        "The comedian Ann Roe was booed and shouted down by Acme supporters after telling them "
        'that they were "being ridiculous."'
    )
    found = s.parsed_subject(verb_site(text, "telling"))
    assert found is not None and found.text == "Roe"
    text = "The plan was praised by Ann Roe, saying it was overdue."
    found = s.parsed_subject(verb_site(text, "saying"))
    assert found is not None and found.text == "Roe"


# "A group called for a boycott, and the league denounced it and said it was wrong." parsed as
# one subject ("a group ... and the league") with "called" hung on "group" as if it described it.
TWO_CLAUSES_AS_ONE_SUBJECT: list[Row] = [
    ("A", "DT", "DET", "det", 1, "a", ""),
    ("group", "NN", "NOUN", "nsubj", 12, "group", ""),
    ("called", "VBD", "VERB", "acl", 1, "call", ""),
    ("for", "IN", "ADP", "prep", 2, "for", ""),
    ("a", "DT", "DET", "det", 5, "a", ""),
    ("boycott", "NN", "NOUN", "pobj", 3, "boycott", ""),
    (",", ",", "PUNCT", "punct", 1, ",", ""),
    ("and", "CC", "CCONJ", "cc", 1, "and", ""),
    ("the", "DT", "DET", "det", 10, "the", ""),
    ("Acme", "NNP", "PROPN", "compound", 10, "Acme", "ORG"),
    ("League", "NNP", "PROPN", "conj", 1, "League", "ORG"),
    ("strongly", "RB", "ADV", "advmod", 12, "strongly", ""),
    ("denounced", "VBD", "VERB", "ROOT", 12, "denounce", ""),
    ("it", "PRP", "PRON", "dobj", 12, "it", ""),
    ("and", "CC", "CCONJ", "cc", 12, "and", ""),
    ("said", "VBD", "VERB", "conj", 12, "say", ""),
    ("it", "PRP", "PRON", "nsubj", 17, "it", ""),
    ("was", "VBD", "AUX", "ccomp", 15, "be", ""),
    ("wrong", "JJ", "ADJ", "acomp", 17, "wrong", ""),
    (".", ".", "PUNCT", "punct", 12, ".", ""),
]


def test_two_clauses_parsed_as_one_subject_give_the_verb_the_second(nlp: Language) -> None:
    ctx = parsed(nlp, TWO_CLAUSES_AS_ONE_SUBJECT)
    site = VerbSite(ctx.qdoc, ctx.patterns, word(ctx, "said"))
    found = s.parsed_subject(site)
    assert found is not None and found.text == "League"
    # "A group led by Bo and the Acme League said ...": a participle describes the group, and
    # the two together are the subject.
    rows = [*TWO_CLAUSES_AS_ONE_SUBJECT]
    rows[2] = ("led", "VBN", "VERB", "acl", 1, "lead", "")
    ctx = parsed(nlp, rows)
    site = VerbSite(ctx.qdoc, ctx.patterns, word(ctx, "said"))
    found = s.parsed_subject(site)
    assert found is not None and found.text == "group"


# "DAYTON, May 2 (AP) — Ann Roe told reporters it was shut." with the dateline's place parsed
# as the subject and the name after the dash as its appositive.
DATELINE: list[Row] = [
    ("DAYTON", "NNP", "PROPN", "nsubj", 10, "DAYTON", "GPE"),
    (",", ",", "PUNCT", "punct", 0, ",", ""),
    ("May", "NNP", "PROPN", "npadvmod", 0, "May", "DATE"),
    ("2", "CD", "NUM", "nummod", 2, "2", "DATE"),
    ("(", "-LRB-", "PUNCT", "punct", 5, "(", ""),
    ("AP", "NNP", "PROPN", "appos", 2, "AP", "ORG"),
    (")", "-RRB-", "PUNCT", "punct", 0, ")", ""),
    ("—", ":", "PUNCT", "punct", 0, "—", ""),
    ("Ann", "NNP", "PROPN", "compound", 9, "Ann", "PERSON"),
    ("Roe", "NNP", "PROPN", "appos", 0, "Roe", "PERSON"),
    ("told", "VBD", "VERB", "ROOT", 10, "tell", ""),
    ("reporters", "NNS", "NOUN", "dobj", 10, "reporter", ""),
    ("it", "PRP", "PRON", "nsubj", 13, "it", ""),
    ("was", "VBD", "AUX", "ccomp", 10, "be", ""),
    ("shut", "JJ", "ADJ", "acomp", 13, "shut", ""),
    (".", ".", "PUNCT", "punct", 10, ".", ""),
]


def test_name_after_dateline_takes_the_name_after_the_dash(nlp: Language) -> None:
    ctx = parsed(nlp, DATELINE)
    site = VerbSite(ctx.qdoc, ctx.patterns, word(ctx, "told"))
    found = s.name_after_dateline(site)
    assert found is not None and found.text == "Roe"
    # No dash: the place's appositive describes the place, which speaks itself.
    ctx = parsed(nlp, [r if r[0] != "—" else (",", ",", "PUNCT", "punct", 0, ",", "")
                       for r in DATELINE])  # fmt: skip
    site = VerbSite(ctx.qdoc, ctx.patterns, word(ctx, "told"))
    assert s.name_after_dateline(site) is None


# '"We won," said Oversight ranking Democrat Ann Roe.' with "ranking" parsed as a clause of
# "said" and the name as its object, leaving "said" with no subject.
TITLE_READ_AS_CLAUSE: list[Row] = [
    ('"', "``", "PUNCT", "punct", 5, '"', ""),
    ("We", "PRP", "PRON", "nsubj", 2, "we", ""),
    ("won", "VBD", "VERB", "ccomp", 5, "win", ""),
    (",", ",", "PUNCT", "punct", 5, ",", ""),
    ('"', "''", "PUNCT", "punct", 5, '"', ""),
    ("said", "VBD", "VERB", "ROOT", 5, "say", ""),
    ("Oversight", "NN", "NOUN", "npadvmod", 7, "oversight", ""),
    ("ranking", "VBG", "VERB", "ccomp", 5, "rank", ""),
    ("Democrat", "NNP", "PROPN", "compound", 10, "Democrat", "NORP"),
    ("Ann", "NNP", "PROPN", "compound", 10, "Ann", ""),
    ("Roe", "NNP", "PROPN", "dobj", 7, "Roe", ""),
    (".", ".", "PUNCT", "punct", 5, ".", ""),
]
TITLE_SPACES = [False, True, False, False, True, True, True, True, True, True, False, False]


def test_name_after_title_words_takes_the_name_the_title_ends_on(nlp: Language) -> None:
    ctx = parsed(nlp, TITLE_READ_AS_CLAUSE, TITLE_SPACES)
    found = s.name_after_title_words(VerbSite(ctx.qdoc, ctx.patterns, word(ctx, "said")))
    assert found is not None and found.text == "Roe"
    # A body's name ends the words: no person's.
    rows = [r if r[0] != "Roe" else ("Roe", "NNP", "PROPN", "dobj", 7, "Roe", "ORG")
            for r in TITLE_READ_AS_CLAUSE]  # fmt: skip
    ctx = parsed(nlp, rows, TITLE_SPACES)
    assert s.name_after_title_words(VerbSite(ctx.qdoc, ctx.patterns, word(ctx, "said"))) is None

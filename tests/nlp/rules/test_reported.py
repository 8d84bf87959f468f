"""Reported speech (bot.nlp.rules.reported): each rule on a sentence it fires on and one it
must not fire on."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from spacy.language import Language

from bot.nlp.actors import extract_actors
from bot.nlp.quotes import extract_quotes
from bot.nlp.rules import Fired, first
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


def test_according_to_after_a_named_speakers_verb_reports_nothing_of_its_own(
    report_site: Callable[[str, str], ReportSite],
) -> None:
    """The words are the named speaker's; "according to" says who reports them."""
    text = '"We will keep the plant open," she told the workers, according to a statement.'
    site = report_site(text, "according")
    assert r.according_to_clause(site) == []
    # A speaker the verb leaves unnamed: the source's clause is reported as before.
    site = report_site("The driver fled, according to the police.", "according")
    assert texts(site, r.according_to_clause(site)) == [("The driver fled", "police")]


def test_reported_clause_of_a_speech_verb(report_site: Callable[[str, str], ReportSite]) -> None:
    site = report_site("Ann Roe said the plan would fail.", "said")
    assert texts(site, r.reported_clause(site)) == [("the plan would fail", "Roe")]
    # The writer's own voice reports nothing.
    site = report_site("I think the plan will fail.", "think")
    assert r.reported_clause(site) is None
    # A verb that is no speech verb has no speaker to report for.
    site = report_site("The poll found that voters were unhappy.", "found")
    assert r.reported_clause(site) is None


@pytest.mark.parametrize(
    "text, verb",
    [
        ("Early tests reveal that the new engine runs far too hot.", "reveal"),
        ("Some research suggests that the new diet could cut hunger.", "suggests"),
        ("Words cannot describe how much we owe the volunteers.", "describe"),
        ("Studies indicate that a short walk can lift the mood.", "indicate"),
        ("Several other studies also suggest that sleep helps memory.", "suggest"),
    ],
)
def test_what_a_thing_shows_is_no_ones_speech(
    report_site: Callable[[str, str], ReportSite], text: str, verb: str
) -> None:
    site = report_site(text, verb)
    assert first(r.REPORTED_RULES, site) == Fired("what_a_thing_shows", [])


@pytest.mark.parametrize(
    "text, verb",
    [
        ("Ann Roe revealed that the plant would close in March.", "revealed"),
        ("Some suggest that the plan will never pass the Senate.", "suggest"),
        ("The report said that the mayor had lied to the council.", "said"),
        ("The campaign chief, Ann Roe, suggested that the tour would end.", "suggested"),
        ("Roe's remarks revealed that the council had known for a year.", "revealed"),
        ("The report suggests that the council had known for a year.", "suggests"),
        ("A study by Acme Labs suggests that the drug works.", "suggests"),
        ("A number of writers suggested that such a list was needed.", "suggested"),
        ("A statement from the governor's office indicated the bill was signed.", "indicated"),
        ("Media reports and several experts suggested that the fire started early.", "suggested"),
    ],
)
def test_what_a_person_or_a_document_reveals_is_reported(
    report_site: Callable[[str, str], ReportSite], text: str, verb: str
) -> None:
    site = report_site(text, verb)
    assert r.what_a_thing_shows(site) is None
    found = first(r.REPORTED_RULES, site)
    assert found is not None and found.rule == "reported_clause" and found.finding


@pytest.mark.parametrize(
    "text, verb",
    [
        ("The mayor did not say whether the road would reopen.", "say"),
        ("Officials declined to say how many people were hurt in the fire.", "say"),
        ("The company would not confirm that the plant will close.", "confirm"),
        ("She never told the board that the audit had failed.", "told"),
    ],
)
def test_speech_not_made_reports_nothing(
    report_site: Callable[[str, str], ReportSite], text: str, verb: str
) -> None:
    """What someone did not say or refused to say is not their words."""
    site = report_site(text, verb)
    assert first(r.REPORTED_RULES, site) == Fired("speech_not_made", [])


@pytest.mark.parametrize(
    "text, verb",
    [
        ("Ann Roe said she would not run for the seat again.", "said"),
        ("The mayor agreed to say a few words about the plan.", "say"),
    ],
)
def test_speech_about_a_negation_is_reported(
    report_site: Callable[[str, str], ReportSite], text: str, verb: str
) -> None:
    site = report_site(text, verb)
    assert r.speech_not_made(site) is None


@pytest.mark.parametrize(
    "text, verb",
    [
        ("Bo Li was told the plant would close next month.", "told"),
        ("Ann Roe was asked whether the plan had failed in every town.", "asked"),
        ("The senator was warned that the vote would fail next week.", "warned"),
        ("He was admitted to hospital on Monday, where doctors gave him antibiotics.", "admitted"),
    ],
)
def test_the_subject_of_a_passive_speech_verb_is_spoken_to_and_reports_nothing(
    report_site: Callable[[str, str], ReportSite], text: str, verb: str
) -> None:
    site = report_site(text, verb)
    assert r.spoken_to_in_the_passive(site) == []
    assert first(r.REPORTED_RULES, site) == Fired("spoken_to_in_the_passive", [])


def test_a_passive_speech_verb_leaves_active_speech_and_quoted_as_saying_alone(
    nlp: Language, report_site: Callable[[str, str], ReportSite]
) -> None:
    site = report_site("Ann Roe admitted that the plan had failed in every town.", "admitted")
    assert r.spoken_to_in_the_passive(site) is None
    site = report_site(
        "He was quoted as saying that the plan would fail before the vote.", "saying"
    )
    assert r.spoken_to_in_the_passive(site) is None
    doc = nlp("He was quoted as saying that the plan would fail before the vote.")
    found = [(q.kind, q.text) for q in extract_quotes(doc, extract_actors(doc))]
    assert found == [("indirect", "that the plan would fail before the vote")]


def test_stance_object_is_what_a_verb_of_demand_urges(
    report_site: Callable[[str, str], ReportSite],
) -> None:
    site = report_site("Ann Roe urged Bo Li to close the prison.", "urged")
    assert texts(site, r.stance_object(site)) == [("Bo Li to close the prison", "Roe")]
    site = report_site("Ann Roe said the plan would fail.", "said")
    assert r.stance_object(site) is None
    # Wanting is no speech: nothing was said.
    site = report_site("Ann Roe wants Bo Li to close the prison.", "wants")
    assert r.stance_object(site) is None


def test_stance_object_is_never_the_medium_or_the_time_of_speaking(
    report_site: Callable[[str, str], ReportSite],
) -> None:
    site = report_site("Ann Roe warned on Twitter against the new bridge deal.", "warned")
    assert texts(site, r.stance_object(site)) == [("against the new bridge deal", "Roe")]
    site = report_site("Ann Roe announced on her radio show.", "announced")
    assert r.stance_object(site) is None
    # What the verb asks for stays its object.
    site = report_site("Ann Roe warned against the new bridge deal in the council.", "warned")
    assert texts(site, r.stance_object(site)) == [
        ("against the new bridge deal in the council", "Roe")
    ]


def test_stance_object_keeps_what_the_object_is_described_as(
    report_site: Callable[[str, str], ReportSite],
) -> None:
    """ "described the deal as a 'breakthrough'": the "as" phrase belongs to the stance, its
    quote kept whole with its closing punctuation; with no object, "as" says in what role."""
    site = report_site(
        "Ann Roe described the new deal with the union as a “breakthrough.”", "described"
    )
    assert texts(site, r.stance_object(site)) == [
        ("the new deal with the union as a “breakthrough.”", "Roe")
    ]
    site = report_site(
        "Bo Li described the vote to leave the union as “fantastic,” and left.", "described"
    )
    assert texts(site, r.stance_object(site)) == [
        ("the vote to leave the union as “fantastic,”", "Li")
    ]
    site = report_site("Ann Roe argued for a new bridge, as a mother of three.", "argued")
    assert texts(site, r.stance_object(site)) == [("for a new bridge", "Roe")]


def test_quoted_naming_reports_the_object_named_with_quoted_words(
    report_site: Callable[[str, str], ReportSite],
) -> None:
    """ "called the new law 'much better' than the old one": the object and the words whole;
    a call with no quote in its object ("called the police") reports nothing."""
    site = report_site("Ann Roe called the new law “much, much better” than the old one.", "called")
    assert texts(site, r.quoted_naming(site)) == [
        ("the new law “much, much better” than the old one", "Roe")
    ]
    site = report_site("Ann Roe called the police on Monday to report a theft.", "called")
    assert r.quoted_naming(site) is None
    # Two people named together, the parser leaving the object as a complement.
    site = report_site("Ann Roe called both Bo Li and Al Hale “crazy” on Tuesday.", "called")
    assert texts(site, r.quoted_naming(site)) == [("both Bo Li and Al Hale “crazy”", "Roe")]
    # A bare pronoun and the quote: too few words of the writer's own to report.
    site = report_site("Ann Roe called it “crazy” on Tuesday.", "called")
    assert not r.quoted_naming(site)


def test_stance_object_of_an_accusation_keeps_what_it_is_of(
    report_site: Callable[[str, str], ReportSite],
) -> None:
    """ "accused him of ...": the charge is part of what was said."""
    site = report_site("Bo Li accused the mayor of hiding the cost of the bridge.", "accused")
    assert texts(site, r.stance_object(site)) == [
        ("the mayor of hiding the cost of the bridge", "Li")
    ]


def test_a_reported_clause_ends_before_the_writers_closing_aside(
    report_site: Callable[[str, str], ReportSite],
) -> None:
    """ ", which would give the police more time" after what was said is the writer's gloss; a
    relative clause closed inside the clause ("Bo Li, who chairs the board, would resign") is
    part of what was said."""
    text = (
        "Bo Li said on Sunday that he would look at such legislation, which would give the "
        "police more time to check buyers."
    )
    site = report_site(text, "said")
    assert texts(site, r.reported_clause(site)) == [
        ("that he would look at such legislation", "Li")
    ]
    site = report_site("Ann Roe said Bo Li, who chairs the board, would resign next week.", "said")
    assert texts(site, r.reported_clause(site)) == [
        ("Bo Li, who chairs the board, would resign next week", "Roe")
    ]


def test_a_reported_clause_is_one_item_with_its_quotes_kept(
    report_site: Callable[[str, str], ReportSite],
) -> None:
    """Whole from its first word to its last, the quotation marks inside it kept."""
    site = report_site(
        'Ann Roe said the new bridge would be "a waste of money" for the whole town.', "said"
    )
    assert texts(site, r.reported_clause(site)) == [
        ('the new bridge would be "a waste of money" for the whole town', "Roe")
    ]
    # A clause that is all quote but a word or two is the quote alone.
    site = report_site('Ann Roe said it was "a waste of money for the whole town".', "said")
    assert r.reported_clause(site) == []


def test_a_clause_that_opens_before_its_own_verb_starts_after_it(
    report_site: Callable[[str, str], ReportSite],
) -> None:
    """The relative pronoun is the reported words' subject; the speaker and verb are no part
    of what was said."""
    text = "Dealers are selling vans that industry analysts say will double the sales of batteries."
    site = report_site(text, "say")
    assert texts(site, r.reported_clause(site)) == [
        ("will double the sales of batteries", "analysts")
    ]
    # A clause after its verb is whole, as before.
    site = report_site("Industry analysts say the vans will double the sales of batteries.", "say")
    assert texts(site, r.reported_clause(site)) == [
        ("the vans will double the sales of batteries", "analysts")
    ]


def test_the_partial_quote_inside_a_reported_clause_stays_its_own_quote(nlp: Language) -> None:
    text = 'Ann Roe said the new bridge would be "a waste of money" for the whole town.'
    doc = nlp(text)
    found = [(q.kind, q.text) for q in extract_quotes(doc, extract_actors(doc))]
    assert found == [
        ("indirect", 'the new bridge would be "a waste of money" for the whole town'),
        ("partial", "a waste of money"),
    ]


def test_every_reported_rule_is_tested() -> None:
    assert set(r.REPORTED_RULES) == {
        r.thought_or_intention_verb,
        r.what_a_thing_shows,
        r.speech_not_made,
        r.according_to_clause,
        r.spoken_to_in_the_passive,
        r.reported_clause,
        r.stance_object,
        r.quoted_naming,
        r.quoted_speech_object,
    }


@pytest.mark.parametrize(
    "text, verb",
    [
        ("Ann Roe believes the plan will fail.", "believes"),
        ("Bo Li wants the council to close the prison.", "wants"),
        ("The mayor declined to comment on the plan.", "declined"),
        ("Ann Roe expects the vote to pass next week.", "expects"),
    ],
)
def test_thought_and_intention_verbs_report_nothing(
    report_site: Callable[[str, str], ReportSite], text: str, verb: str
) -> None:
    """What someone believes, wants or plans is not what they said."""
    site = report_site(text, verb)
    assert r.thought_or_intention_verb(site) == []
    assert first(r.REPORTED_RULES, site) == Fired("thought_or_intention_verb", [])


def test_a_speech_verb_is_no_thought_verb(report_site: Callable[[str, str], ReportSite]) -> None:
    site = report_site("Ann Roe said the plan will fail.", "said")
    assert r.thought_or_intention_verb(site) is None


def test_quoted_speech_object_reports_what_a_speech_verb_says_with_the_quote_inside(
    report_site: Callable[[str, str], ReportSite],
) -> None:
    """The object of "decried", "bemoaned", "boasted of" holding the speaker's quoted words is
    one item, whole; without quoted words, or with only a title in quotation marks, nothing."""
    site = report_site(
        "Ann Roe decried the council for “turning its back” on the renters of the east side.",
        "decried",
    )
    assert texts(site, r.quoted_speech_object(site)) == [
        ("the council for “turning its back” on the renters of the east side", "Roe")
    ]
    site = report_site(
        "Ann Roe has boasted of her willingness to spend “whatever it takes” to win the seat.",
        "boasted",
    )
    assert texts(site, r.quoted_speech_object(site)) == [
        ("her willingness to spend “whatever it takes” to win the seat", "Roe")
    ]
    site = report_site("Ann Roe decried the council's vote on the budget on Tuesday.", "decried")
    assert r.quoted_speech_object(site) is None
    site = report_site("Ann Roe thanked the “Morning Show” host for his fairness.", "thanked")
    assert r.quoted_speech_object(site) is None
    # A pronoun or a relative word as the object: no object of the verb's own to report.
    site = report_site(
        'The mayor reminds me of a poet saying that "you can fool some of the people".', "reminds"
    )
    assert r.quoted_speech_object(site) is None
    site = report_site(
        "Bo Li would win the seat, which Ann Roe declared “a total disaster” for the party.",
        "declared",
    )
    assert not r.quoted_speech_object(site)

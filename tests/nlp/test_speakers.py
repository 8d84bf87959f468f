"""Who said it: speakers as written (pronouns, descriptions, documents) resolved to the people
and bodies the article names, on sentences we wrote. Each case has one it must not fire on."""

from __future__ import annotations

from dataclasses import replace

import pytest
from spacy.language import Language

from bot.nlp.actors import extract_actors
from bot.nlp.descriptions import _name_closing_description
from bot.nlp.first_names import first_name, name_votes
from bot.nlp.quotes import extract_quotes
from bot.nlp.records import Quote


def speaker_of(nlp: Language, text: str, fragment: str) -> str | None:
    doc = nlp(text)
    found = [q for q in extract_quotes(doc, extract_actors(doc)) if fragment in q.text]
    assert found, f"no quote holds {fragment!r}"
    # The words' own quote, not a reported clause around it (as the scorers read it too).
    return min(found, key=lambda q: len(q.text)).speaker


def quotes_of(nlp: Language, text: str) -> list[Quote]:
    doc = nlp(text)
    return extract_quotes(doc, extract_actors(doc))


# --- first names ---------------------------------------------------------------------------


def test_first_name_is_the_given_name_of_a_full_name_only() -> None:
    assert first_name("Sen. Jane Roe") == "Jane"
    assert first_name("President Tom Hale") == "Tom"
    # A surname alone, an initial or a hyphenated given name give no first name to look up.
    assert first_name("Roe") is None
    assert first_name("J. Roe") is None
    assert first_name("Mr. Roe") is None


def test_name_votes_come_from_the_dictionary_and_say_nothing_for_unknown_names() -> None:
    assert name_votes("Jane Roe") == ("f", 2)
    assert name_votes("Tom Hale") == ("m", 2)
    assert name_votes("Zzyqx Hale") is None
    assert name_votes("Hale") is None


def test_a_name_that_leans_differently_by_country_gives_no_evidence() -> None:
    """ "Rand" is a woman's name in the dictionary overall and a man's in the USA."""
    assert name_votes("Rand Hale") is None


# Each (behaviour protected, text, fragment of the quote, speaker).
PRONOUN_CASES = [
    (
        "a first name rules a man out for 'she' where no title or pronoun has",
        "Jane Roe and Tom Hale met the editors on Monday.\n"
        "Hale left the room early.\n"
        "“We will publish the letters next week,” she said.",
        "publish the letters",
        "Jane Roe",
    ),
    (
        "without a first name to go by, 'she' keeps the nearest subject",
        "Jane Roe and Dr. Hale met the editors on Monday.\n"
        "Hale left the room early.\n"
        "“We will publish the letters next week,” she said.",
        "publish the letters",
        "Hale",
    ),
    (
        "'they' stands for an organisation the article treats as plural",
        "Several senators criticised the label on Monday.\n"
        "Harbour Records have twice denied doing anything wrong.\n"
        "“At no point did we block the concert,” they said in a statement.",
        "block the concert",
        "Harbour Records",
    ),
    (
        "an article that writes one company as plural lets 'they' stand for any company",
        "Harbour Records have twice denied blocking the concert.\n"
        "The firm that runs the awards, Bright Lights Productions, denies that anything has "
        "been agreed.\n"
        '"Any final agreement needs to be made with the singer\'s team," they said.',
        "final agreement",
        "Bright Lights Productions",
    ),
    (
        "'they' passes over an organisation that is an 'it' for a group of people",
        "Senate Democrats wrote to the ministers about Acme Telecom.\n"
        "Acme Telecom has always denied wrongdoing.\n"
        "“These firms answer to the party,” they wrote.",
        "answer to the party",
        "Democrats",
    ),
    (
        "a she opening a sentence passes her antecedent on to the next she",
        "Dana Whitfield joined the campaign in May.\n"
        "She knocks on doors for Senator Ann Roe every weekend.\n"
        "“People want to talk about rent, not slogans,” she said.",
        "talk about rent",
        "Dana Whitfield",
    ),
    (
        "the pronoun passed on is the main clause's subject, not one in a clause before it",
        "Senator Ann Roe spoke last.\n"
        "When she took the stage after Dana Whitfield’s speech, she said the race was close.\n"
        "“We have to get out the vote,” she said.",
        "get out the vote",
        "Ann Roe",
    ),
    (
        "a name in apposition to the subject outranks the subject's owner",
        "Senator Bo Lind's campaign manager, Tom Hale, spoke to reporters on Monday.\n"
        "“We expect to win every county,” he said.",
        "win every county",
        "Tom Hale",
    ),
    (
        "a surname the tagger took for an adverb ('Early says') is a mention 'he' can stand for",
        "Acme Power's vice president Chris Early spoke on Monday.\n"
        "Tom Hale, who runs the rival studio, was in Paris.\n"
        "While the lineup is light, Early says there is a possibility of more. "
        '"Our objective is to make the best game," he says.',
        "best game",
        "Chris Early",
    ),
    (
        "a capitalised word of an organisation's name opening a sentence mentions no one",
        "Acme Power's vice president Tom Hale spoke on Monday.\n"
        "Bo Lind, who runs the rival studio, was in Paris.\n"
        'Power went out across the city in March. "Our objective is to make the best game," '
        "he says.",
        "best game",
        "Bo Lind",
    ),
    (
        "the subject's owner is still the antecedent when no name stands beside the subject",
        "Senator Bo Lind's campaign bus broke down on Monday.\n"
        "“We expect to win every county,” he said.",
        "win every county",
        "Bo Lind",
    ),
]


@pytest.mark.parametrize(
    ("text", "fragment", "speaker"),
    [c[1:] for c in PRONOUN_CASES],
    ids=[c[0] for c in PRONOUN_CASES],
)
def test_pronoun_speaker(nlp: Language, text: str, fragment: str, speaker: str) -> None:
    assert speaker_of(nlp, text, fragment) == speaker


# --- descriptions and documents --------------------------------------------------------------

DESCRIPTION_CASES = [
    (
        "a study, report or poll speaks for the maker named with it",
        "Bo Li spoke on Monday.\nA 2019 study by the Acme Institute, a think tank in Leeds, "
        "concluded that “the tariff falls on consumers.”",
        "tariff falls",
        "Acme Institute",
    ),
    (
        "a study with no maker named with it is not the body last named",
        "The Acme Institute opened in Leeds in May.\nA study of 40 towns concluded that "
        "“the tariff falls on consumers.”",
        "tariff falls",
        None,
    ),
    (
        "a document speaks for the author the article gave it",
        "Acme Power said in a statement on Monday that it would close the plant.\n"
        "“The decision was not taken lightly,” the statement said.",
        "not taken lightly",
        "Acme Power",
    ),
    (
        "a document named with its maker speaks for the maker",
        "The plant will close in May.\n“We will appeal the ruling,” Acme Power’s letter said.",
        "appeal the ruling",
        "Acme Power",
    ),
    (
        "a document met for the first time names nobody, never 'statement'",
        "The plant will close in May.\n“The decision was not taken lightly,” a statement said.",
        "not taken lightly",
        None,
    ),
    (
        "a spokesperson for a body speaks as the body",
        "The plant will close in May.\n“We will appeal the ruling,” a spokeswoman for Acme "
        "Power said.",
        "appeal the ruling",
        "Acme Power",
    ),
    (
        "a name in apposition to a description given as the source is the speaker",
        "Tom Hale grew up in Gary, Indiana.\nAccording to his aunt, Jane Roe, “He was reading "
        "at an adult level in kindergarten.”",
        "adult level",
        "Jane Roe",
    ),
    (
        "a name closing a description, hung on a person's name inside it, is its appositive",
        "The church held a vigil for Tom Hale on Sunday.\nOne pastor backing Tom Hale, Jane "
        "Roe of Dayton, said “we prayed for him all night.”",
        "prayed for him",
        "Jane Roe",
    ),
    (
        "a name after a description and a comma that starts a list is no appositive",
        "Tom Hale grew up in Gary, Indiana.\nAccording to his aunt, Jane Roe and two "
        "cousins, “He was reading at an adult level in kindergarten.”",
        "adult level",
        "his aunt",
    ),
    (
        "an owner's office speaks for the owner",
        "Senator Bo Lind has not met the witness.\n“We have not spoken with the witness,” his "
        "office said.",
        "not spoken",
        "Bo Lind",
    ),
    (
        "a title in quotation marks is no name in a description",
        "Dana Whitfield lost the lead role in May.\n“It was a hard year for all of us,” the "
        "“Harbor” actor said.",
        "hard year",
        "Dana Whitfield",
    ),
    (
        "a spokesperson described by the kind of body speaks for the body last named so",
        "Acme Power cut 60 jobs at its plant in March.\n"
        "A company spokesperson said in an email that “we are cooperating with the inquiry.”",
        "cooperating with",
        "Acme Power",
    ),
    (
        "a spokesperson described by nothing is not the body last named",
        "Acme Power cut 60 jobs at its plant in March.\n"
        "A spokesperson said in an email that “we are cooperating with the inquiry.”",
        "cooperating with",
        None,
    ),
    (
        "'the company' is the organisation the article last named",
        "Acme Power cut 60 jobs at its plant in March.\n“These were hard choices,” the company "
        "said.",
        "hard choices",
        "Acme Power",
    ),
    (
        "'the actor' is the person the story is about",
        "Dana Whitfield lost the lead role in May.\n“It was a hard year for all of us,” the "
        "actor said.",
        "hard year",
        "Dana Whitfield",
    ),
    (
        "'the singer' is the person last named as a subject, though tagged as a common noun",
        "Founding members Tom Johnston, Michael McDonald and Pat Simmons will reunite for a "
        "tour next year.\nSimmons teased the tour during the band’s set on Monday night in "
        "Nashville.\nAfter the last song, the singer and guitarist told the audience, “maybe we "
        "should go on the road.”",
        "go on the road",
        "Pat Simmons",
    ),
    (
        "a description of someone the story met unnamed is not the person last named",
        "An officer stopped Dana Whitfield on Main Street in May.\n“She was driving far too "
        "fast,” the officer said.",
        "far too fast",
        None,
    ),
    (
        "a role the article gives a name later is that person's",
        "China’s ambassador to Britain warned that Beijing would “not sit on its hands” if "
        "the unrest grew.\n"
        "China’s ambassador to Britain Liu Wei has said that China has the power to end it.",
        "not sit on its hands",
        "Liu Wei",
    ),
]


@pytest.mark.parametrize(
    ("text", "fragment", "speaker"),
    [c[1:] for c in DESCRIPTION_CASES],
    ids=[c[0] for c in DESCRIPTION_CASES],
)
def test_description_speaker(nlp: Language, text: str, fragment: str, speaker: str | None) -> None:
    assert speaker_of(nlp, text, fragment) == speaker


# --- nested reports --------------------------------------------------------------------------

NESTED_CASES = [
    (
        "a speaker introducing a quote in a report's sentence said the words",
        "Prosecutors charged Tom Hale on Monday.\n"
        "Hale told officers, “I will hurt her,” the U.S. attorney’s office said.",
        "hurt her",
        "Tom Hale",
    ),
    (
        "with no one introducing it, the quote is the reporter's",
        "Prosecutors charged Tom Hale on Monday.\n"
        "“He will hurt her,” the U.S. attorney’s office said.",
        "hurt her",
        "U.S. attorney",
    ),
    (
        "a statement that carries a speaker's words is no speaker",
        "Senator Ann Roe visited the plant on Tuesday.\n"
        "“We will keep it open,” she told the workers, according to a statement.",
        "keep it open",
        "Ann Roe",
    ),
    (
        "a named source that reports a named speaker's words only reports them",
        "Senator Ann Roe visited the plant on Tuesday.\n"
        "“We will keep it open,” she told the workers, according to the Ledger.",
        "keep it open",
        "Ann Roe",
    ),
    (
        "a named account that reports a named speaker's words only reports them",
        "Senator Ann Roe visited the plant on Tuesday.\n"
        "“We will keep it open,” she told the workers, according to a Ledger account.",
        "keep it open",
        "Ann Roe",
    ),
    (
        "a named source speaks for a speaker the verb leaves unnamed",
        "The plant will close in May.\n"
        "“We will keep it open,” officials said, according to the Harbour Ledger.",
        "keep it open",
        "the Harbour Ledger",
    ),
    (
        "a finding inside what a named speaker says is in the speaker's words",
        "Ann Roe spoke in Ottawa on Monday.\n"
        "Roe said that after a long review Ottawa had concluded the dam was “safe for another "
        "fifty years”, saying she trusted the engineers.",
        "safe for another",
        "Ann Roe",
    ),
    (
        "words someone else is said to have used stay theirs",
        "Ann Roe spoke in Ottawa on Monday.\n"
        "Roe said that Bo Li had called the dam “a ticking bomb” in March.",
        "ticking bomb",
        "Bo Li",
    ),
    (
        "a finding with no one reporting it is its finder's",
        "Acme Power inspected the dam in March.\n"
        "Acme Power concluded that the dam was “safe for another fifty years”.",
        "safe for another",
        "Acme Power",
    ),
    (
        "a named speaker owning a speech noun said the words, not the subject further up",
        "Jordan criticised the shift on Monday, with Foreign Minister Ayman Safadi warning of "
        "“dangerous consequences”.",
        "dangerous consequences",
        "Ayman Safadi",
    ),
]


@pytest.mark.parametrize(
    ("text", "fragment", "speaker"),
    [c[1:] for c in NESTED_CASES],
    ids=[c[0] for c in NESTED_CASES],
)
def test_nested_report_speaker(nlp: Language, text: str, fragment: str, speaker: str) -> None:
    assert speaker_of(nlp, text, fragment) == speaker


def test_a_description_nobody_in_the_article_fits_is_no_speaker_but_stays_as_written(
    nlp: Language,
) -> None:
    """'a neighbour said', 'one legal expert said' with nobody named who fits: the article
    leaves the speaker unnamed, so no actor is made of the description (no "expert" in the
    archive); the quote keeps the words as written, which replies show."""
    text = (
        "Ann Roe lost her home in the fire.\n"
        "“The flames came fast,” a neighbour said.\n"
        "“The law is clear,” one legal expert said."
    )
    quotes = {q.text: q for q in quotes_of(nlp, text)}
    neighbour = quotes["The flames came fast,"]
    expert = quotes["The law is clear,"]
    assert (neighbour.speaker, neighbour.speaker_text) == (None, "a neighbour")
    assert (expert.speaker, expert.speaker_text) == (None, "one legal expert")


def test_a_description_the_article_names_is_still_that_actor(nlp: Language) -> None:
    """The case that keeps its speaker: 'the mayor' after 'Ann Roe, the city's mayor'."""
    text = (
        "Ann Roe, the city's mayor, voted against the plan on Monday.\n"
        "“It is a bad plan,” the mayor said."
    )
    assert speaker_of(nlp, text, "bad plan") == "Ann Roe"


def test_a_name_the_tagger_took_for_a_common_noun_is_the_actor_it_names(nlp: Language) -> None:
    """'"...," Hannity said' with "Hannity" tagged as a common noun: a bare capitalised word
    inside a sentence names the actor it matches; "Critics" opening a sentence is no name and
    stays a description."""
    text = (
        "On Fox News, Sean Hannity spoke on Tuesday.\n"
        "“I think it is time to move on,” Hannity said.\n"
        "Critics said “it will fail.”"
    )
    quotes = {q.text: q for q in quotes_of(nlp, text)}
    hannity = quotes["I think it is time to move on,"]
    critics = quotes["it will fail."]
    assert hannity.speaker == "Sean Hannity"
    assert hannity.explain is not None and hannity.explain.resolution == "name_tagged_as_noun"
    assert critics.explain is not None and critics.explain.resolution != "name_tagged_as_noun"


def test_someone_described_by_a_capitalised_word_keeps_the_description(nlp: Language) -> None:
    """'a Chinese official said': the capitalised word says whose official, so the description
    stays the speaker as written, unlike 'one official said'."""
    text = (
        "Talks on the dam ended on Monday.\n"
        "“Japan should not interfere,” a Chinese official said.\n"
        "“We will talk again,” one official said."
    )
    quotes = {q.text: q for q in quotes_of(nlp, text)}
    assert quotes["Japan should not interfere,"].speaker == "Chinese official"
    assert quotes["We will talk again,"].speaker is None


def test_a_surname_the_tagger_took_for_a_function_word_is_the_person(nlp: Language) -> None:
    """ "From said" after "said Al From": the capitalised word is his surname; a sentence
    that opens with "Of" names nobody by it."""
    text = (
        '"We won three elections," said Al From, who founded the council. "Our challenge '
        'was clear," From said later.'
    )
    assert speaker_of(nlp, text, "Our challenge") == "Al From"
    assert speaker_of(nlp, 'Of the plan, Ann Roe said, "It is bad."', "It is bad") == "Ann Roe"


def test_a_thing_is_no_person(nlp: Language) -> None:
    """'Her eyes said that ...': a subject that is no one is shown as written and is of no
    kind; 'his aunt said', 'the family said' are people."""
    text = (
        "Ann Roe went on trial in May.\n"
        "Her eyes said that Roe had left the house at noon.\n"
        "His aunt said that the boy was reading at five.\n"
        "The family said that they would appeal."
    )
    quotes = {q.text: q for q in quotes_of(nlp, text)}
    eyes = next(q for t, q in quotes.items() if "left the house" in t)
    assert eyes.speaker == "Her eyes" and eyes.speaker_kind is None
    aunt = next(q for t, q in quotes.items() if "reading at five" in t)
    assert (aunt.speaker, aunt.speaker_kind) == ("His aunt", "person")
    family = next(q for t, q in quotes.items() if "would appeal" in t)
    assert family.speaker_kind == "group"


def test_a_document_holding_a_name_is_shown_as_written_and_is_no_person(nlp: Language) -> None:
    """'according to a new Ledger report': the report is shown as written, never as a person;
    a name in a clause hung on a description ('a post that said Acme ...') does not make it
    one holding a name."""
    text = (
        "Bo Li ran the port until May.\n"
        "Bo Li can still name two directors, according to a new Ledger report.\n"
        "A post that said Acme Power would close was shared widely."
    )
    report = next(q for q in quotes_of(nlp, text) if "two directors" in q.text)
    assert report.speaker == "new Ledger report" and report.speaker_kind is None


def test_a_document_speaks_for_who_published_it(nlp: Language) -> None:
    """'Acme Power published a blog post that said ...', 'a memo Ann Roe drafted': the document
    is its publisher's; a post nobody is said to have put out names no one."""
    text = (
        "Acme Power cut prices on Monday. Acme Power published a blog post that said "
        "customers could switch plans for free.\n"
        "Prices rose in May. A blog post said that customers were angry.\n"
        "According to a memo Ann Roe drafted in June, the plant lost money."
    )
    found = quotes_of(nlp, text)
    published = next(q for q in found if "switch plans" in q.text)
    assert published.speaker == "Acme Power"
    assert next(q for q in found if "lost money" in q.text).speaker == "Ann Roe"
    unpublished = next(q for q in found if "were angry" in q.text)
    assert unpublished.speaker is None


def test_the_object_led_or_asked_to_speak_is_the_speaker(nlp: Language) -> None:
    """'The cutback led the manufacturer to announce ...': the manufacturer announces, not the
    cutback; but 'told reporters to ask' is the teller's report; 'the carrier' is an
    organisation."""
    text = (
        "Zenbo Air bought ten jets from Acme Aero in May. But the cutback led the manufacturer "
        "to announce it would close a plant.\n"
        "“We are growing again,” the carrier said."
    )
    found = quotes_of(nlp, text)
    closing = next(q for q in found if "close a plant" in q.text)
    assert closing.speaker != "cutback" and closing.speaker_kind == "organization"
    told = quotes_of(nlp, "Ann Roe told reporters to ask her about the budget instead.")
    assert all(q.speaker in ("Ann Roe", None) for q in told)
    assert next(q for q in found if "growing again" in q.text).speaker_kind == "organization"


def test_a_document_speaks_for_who_made_it_not_who_read_it(nlp: Language) -> None:
    """ "A survey conducted by the Acme Institute said ..." is the institute's; "a letter
    reviewed by the Ledger said ..." is not the Ledger's."""
    text = (
        "Voters went to the polls in May.\n"
        "A survey conducted by the Acme Institute said that most voters back the plan.\n"
        "A letter reviewed by the Daily Ledger said that the mayor would resign."
    )
    found = quotes_of(nlp, text)
    assert next(q for q in found if "back the plan" in q.text).speaker == "Acme Institute"
    assert next(q for q in found if "would resign" in q.text).speaker != "Daily Ledger"


def test_a_description_fits_a_role_by_its_words_not_its_letters(nlp: Language) -> None:
    """'an ad says' is not the radio host's ("ad" is in "radio" but no word of the role);
    'the campaign of the senator from Ohio' names whose campaign it is."""
    text = (
        "Ann Roe, a radio host, spoke on Monday. A campaign ad released Thursday says that "
        "Bo Li lied.\n"
        "Ann Roe, the Rubio campaign manager, spoke too. And the campaign of the former senator "
        "from Ohio said that Li was not a real conservative."
    )
    found = quotes_of(nlp, text)
    assert next(q for q in found if "Bo Li lied" in q.text).speaker != "Ann Roe"
    assert next(q for q in found if "real conservative" in q.text).speaker != "Ann Roe"


def test_reported_speech_keeps_an_unnamed_source_as_written(nlp: Language) -> None:
    """'Others say ...', 'One official said ...': a paraphrase keeps whose claim it is as
    written, of no kind; a direct quote by such a source keeps no speaker, and a word that only
    points elsewhere ("That suggests ...") is no source."""
    text = (
        "Ann Roe lost the vote on Monday.\n"
        "Others say the plan was doomed from the start. "
        "One official said the talks had stalled for weeks.\n"
        "That suggests the board will meet again in June.\n"
        "“The law is clear,” one legal expert said."
    )
    quotes = {q.text: q for q in quotes_of(nlp, text)}
    others = quotes["the plan was doomed from the start"]
    official = quotes["the talks had stalled for weeks"]
    assert (others.speaker, others.speaker_kind) == ("Others", None)
    assert (official.speaker, official.speaker_kind) == ("One official", None)
    assert quotes["the board will meet again in June"].speaker is None
    assert quotes["The law is clear,"].speaker is None


def test_she_may_stand_for_a_full_name_taken_for_an_organisation(nlp: Language) -> None:
    """'Carly Roe ... she said' with "Carly Roe" taken for an organisation: the first name
    says she may be who "she" stands for; a body named by no first name ("Acme Power") is
    never a "she"."""

    def said(text: str, body: str) -> str | None:
        doc = nlp(text)
        actors = [
            replace(a, kind="organization") if a.name == body else a for a in extract_actors(doc)
        ]
        assert any(a.name == body for a in actors)
        quotes = [q for q in extract_quotes(doc, actors) if "win" in q.text]
        return quotes[0].speaker

    assert said("Carly Roe spoke in Ohio.\n“We will win,” she said.", "Carly Roe") == "Carly Roe"
    assert said("Acme Power spoke in Ohio.\n“We will win,” she said.", "Acme Power") is None


def test_a_speaker_as_written_never_runs_over_a_dash(nlp: Language) -> None:
    """'... look shaky - Pew Research: "..."': the name after the dash, not the words before
    it; a hyphen inside a name ("Anti-Defamation League") stays part of it."""
    text = 'Turnout models look shaky - Pew Research: "Every panel we read had more voters."'
    assert speaker_of(nlp, text, "Every panel") == "Pew Research"
    text = 'The Anti-Defamation League said: "Every panel we read had more voters."'
    assert speaker_of(nlp, text, "Every panel") == "Anti-Defamation League"
    text = 'Ann Roe - Bo Li\'s sister - said: "Every panel we read had more voters."'
    assert speaker_of(nlp, text, "Every panel") != "Bo Li's sister"


def test_a_label_right_after_a_quote_outranks_the_paragraphs_label(nlp: Language) -> None:
    """'Warren: "..." Bush: "..."' in one paragraph: the second quote is Bush's."""
    text = (
        'The two clashed on the war.\n\nWarren: "Our goal is not to contain them, but to defeat '
        'them." Bush: "The mission is to defeat them, not to contain them."'
    )
    assert speaker_of(nlp, text, "Our goal") == "Warren"
    assert speaker_of(nlp, text, "The mission") == "Bush"
    # A name and a colon inside a clause are no label.
    text = 'Warren said this of the plan in Iowa: "The mission is to defeat them."'
    assert speaker_of(nlp, text, "The mission") == "Warren"


@pytest.mark.parametrize(
    "text",
    [
        "A resident of Dayton, Ohio, said the water was brown.",  # a place, not a person
        "A lawyer for Tom Hale, the mayor, said the appeal would fail.",  # no name set off
    ],
)
def test_a_description_closed_by_no_persons_name_has_no_appositive_inside(
    nlp: Language, text: str
) -> None:
    doc = nlp(text)
    assert _name_closing_description(doc[1]) is None

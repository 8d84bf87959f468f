"""Canonical names of actors (issue 13): the fullest form the article itself uses, one actor per
person, on sentences written for these tests."""

from __future__ import annotations

from spacy.language import Language

from bot.nlp.actor_names import compound_short_form
from bot.nlp.actors import extract_actors
from tests.nlp.test_actors import mentions_as_written, with_entities


def names_of(nlp: Language, text: str) -> list[str]:
    return [a.name for a in extract_actors(nlp(text))]


def test_a_short_lead_sentence_is_body_text_and_keeps_its_full_names(nlp: Language) -> None:
    """A text that starts with a one-sentence lead paragraph has no headline: the full name in
    it is the person's canonical name, however often the surname alone comes later."""
    text = (
        "Gov. Dana Whitfield defended the new water plan on Monday.\n"
        "Whitfield said the plan would lower bills. Whitfield added that farmers supported it."
    )
    names = names_of(nlp, text)
    assert "Dana Whitfield" in names
    assert "Whitfield" not in names


def test_a_headline_line_still_gives_way_to_the_body_name(nlp: Language) -> None:
    """A real headline (no closing full stop, or a blank line after it) crops and Title Cases
    names, so the body's form wins there: the rule above must not fire on it."""
    for headline in ("Whitfield Defends Water Plan", "Whitfield defends water plan.\n"):
        text = (
            f"{headline}\n"
            "Governor Dana Whitfield defended the plan on Monday, and Whitfield said bills would"
            " fall."
        )
        names = names_of(nlp, text)
        assert "Dana Whitfield" in names, (headline, names)


def test_someone_known_by_one_name_keeps_the_title_that_goes_with_it(nlp: Language) -> None:
    text = (
        "Prince Edmund gave an interview to the BBC on Saturday. Edmund said he regretted "
        "nothing, and Edmund later left London."
    )
    doc = with_entities(
        nlp, text, [("Edmund", "PERSON", 0), ("Edmund", "PERSON", 1), ("Edmund", "PERSON", 2)]
    )
    names = [a.name for a in extract_actors(doc)]
    assert "Prince Edmund" in names and "Edmund" not in names


def test_a_title_before_a_full_name_stays_out_of_the_name(nlp: Language) -> None:
    text = "Prince Edmund Harwell spoke on Saturday. Harwell said he regretted nothing."
    doc = with_entities(nlp, text, [("Edmund Harwell", "PERSON", 0), ("Harwell", "PERSON", 1)])
    names = [a.name for a in extract_actors(doc)]
    assert "Edmund Harwell" in names and "Prince Edmund Harwell" not in names


def test_an_acronym_and_its_full_company_name_are_one_actor(nlp: Language) -> None:
    """ "AP&L" is "Acme Power & Light Co.": the ampersand and the company form are left out of
    the acronym. A product named after its maker ("Acme+") stays apart from it."""
    text = (
        "Acme Power & Light Co. raised its prices on Monday. AP&L said costs had grown, and "
        "AP&L customers complained. Acme+ subscribers were spared, Acme said."
    )
    doc = with_entities(
        nlp,
        text,
        [
            ("Acme Power & Light Co.", "ORG", 0),
            ("AP&L", "ORG", 0),
            ("AP&L", "ORG", 1),
            ("Acme+", "ORG", 0),
            ("Acme", "ORG", 2),
        ],
    )
    actors = {a.name: a for a in extract_actors(doc)}
    assert "AP&L" not in actors
    # "Acme" after the full name is its short name (see the first-word test below).
    assert actors["Acme Power & Light Co."].aliases == ("AP&L", "Acme")
    assert actors["Acme+"].mentions == 1
    assert "Acme+" not in actors["Acme Power & Light Co."].aliases


def test_a_word_glued_on_before_a_name_is_no_part_of_it(nlp: Language) -> None:
    """The model may take a sentence-opening verb or a lower-case verb into a name ("Hosting
    Whitfield", "rang Okafor"); the name is the words after it."""
    text = (
        "Hosting Whitfield at the summit, the mayor smiled. Later she rang Okafor about it. "
        "Dana Whitfield and Ben Okafor both said the talks went well."
    )
    doc = with_entities(
        nlp,
        text,
        [
            ("Hosting Whitfield", "PERSON", 0),
            ("rang Okafor", "PERSON", 0),
            ("Dana Whitfield", "PERSON", 0),
            ("Ben Okafor", "PERSON", 0),
        ],
    )
    actors = {a.name: a for a in extract_actors(doc)}
    assert set(actors) == {"Dana Whitfield", "Ben Okafor"}, set(actors)
    assert actors["Dana Whitfield"].mentions == 2 and actors["Ben Okafor"].mentions == 2


def test_a_name_of_several_words_keeps_its_first_word(nlp: Language) -> None:
    """Must not fire: name words lean on the last one, whatever the tagger calls the first."""
    text = "Iain Duncan Smith spoke first. Ludwig van Beethoven was played after the speech."
    doc = with_entities(
        nlp, text, [("Iain Duncan Smith", "PERSON", 0), ("Ludwig van Beethoven", "PERSON", 0)]
    )
    assert {a.name for a in extract_actors(doc)} == {"Iain Duncan Smith", "Ludwig van Beethoven"}


def test_a_verb_in_the_imperative_opening_a_sentence_is_no_name(nlp: Language) -> None:
    """ "Seek out the snacks", "Follow Harbour Radio ...": the model may tag the verb as a name
    or the start of one; it is no part of any. Must not fire on a name opening a sentence."""
    text = (
        "Seek out the healthy snacks before the game starts. "
        "Mark Esper said the base would stay open."
    )
    doc = with_entities(nlp, text, [("Seek", "PERSON", 0), ("Mark Esper", "PERSON", 0)])
    assert {a.name for a in extract_actors(doc)} == {"Mark Esper"}


def test_a_familiar_first_name_and_a_middle_initial_are_one_person(nlp: Language) -> None:
    """ "Patrick Carlineo Jr.", "Patrick W. Carlineo" and "Pat Carlineo", found apart, are one
    person under the fullest form; "Bill" is William as "Pat" is Patrick."""
    text = (
        "Dorian Pellow Jr. was charged on Monday. Prosecutors said Dorian R. Pellow had made "
        "threats. Dor Pellow, as friends call him, pleaded not guilty. "
        "William Ashgrove testified. Bill Ashgrove said he had heard the calls."
    )
    doc = with_entities(
        nlp,
        text,
        [
            ("Dorian Pellow Jr.", "PERSON", 0),
            ("Dorian R. Pellow", "PERSON", 0),
            ("Dor Pellow", "PERSON", 0),
            ("William Ashgrove", "PERSON", 0),
            ("Bill Ashgrove", "PERSON", 0),
        ],
    )
    actors = {a.name: a for a in extract_actors(doc)}
    assert set(actors) == {"Dorian Pellow Jr.", "William Ashgrove"}, sorted(actors)
    assert actors["Dorian Pellow Jr."].mentions == 3


def test_two_first_names_or_two_generations_are_two_people(nlp: Language) -> None:
    """The rule above must not fold a family: "Dorian Pellow Sr." and "Dorian Pellow Jr.",
    or "Dorian Pellow" and "Mara Pellow", or two different middle initials, are people apart."""
    text = (
        "Dorian Pellow Sr. and Dorian Pellow Jr. ran the shop. Mara Pellow kept the books. "
        "Dana K. Ruiz and Dana T. Ruiz, cousins, worked there too."
    )
    doc = with_entities(
        nlp,
        text,
        [
            ("Dorian Pellow Sr.", "PERSON", 0),
            ("Dorian Pellow Jr.", "PERSON", 0),
            ("Mara Pellow", "PERSON", 0),
            ("Dana K. Ruiz", "PERSON", 0),
            ("Dana T. Ruiz", "PERSON", 0),
        ],
    )
    names = sorted(a.name.rstrip(".") for a in extract_actors(doc))
    assert names == [
        "Dana K. Ruiz",
        "Dana T. Ruiz",
        "Dorian Pellow Jr",
        "Dorian Pellow Sr",
        "Mara Pellow",
    ]


def test_an_organisations_last_word_tagged_alone_is_its_short_name(nlp: Language) -> None:
    """ "the Harlan Rivermen" and "the Rivermen" are one club; "Committee" alone is a word, not
    the "Harlan Ethics Committee", and "Harlan", a place, is not "Bank of Harlan"."""
    text = (
        "The Harlan Rivermen won on Sunday. The Rivermen scored twice. The Harlan Ethics "
        "Committee met, and the Committee said the club was fine. Bank of Harlan sponsors it, "
        "and fans in Harlan cheered."
    )
    doc = with_entities(
        nlp,
        text,
        [
            ("Harlan Rivermen", "ORG", 0),
            ("Rivermen", "ORG", 1),
            ("Harlan Ethics Committee", "ORG", 0),
            ("Committee", "ORG", 1),
            ("Bank of Harlan", "ORG", 0),
            ("Harlan", "GPE", 3),
        ],
    )
    actors = {a.name: a for a in extract_actors(doc)}
    assert actors["Harlan Rivermen"].mentions == 2
    assert actors["Harlan Ethics Committee"].mentions == 1
    assert actors["Bank of Harlan"].mentions == 1 and actors["Harlan"].kind == "place"


def test_an_acronym_may_keep_the_company_form(nlp: Language) -> None:
    """ "SNC" of "Sierra Nevada Corporation" spells the company form out, where "AP&L" leaves
    it off: either acronym is the company."""
    text = (
        "NASA picked Tarrow Valley Corporation (TVC) on Monday. TVC said it would build the "
        "lander, and TVC engineers began work."
    )
    doc = with_entities(
        nlp,
        text,
        [
            ("NASA", "ORG", 0),
            ("Tarrow Valley Corporation", "ORG", 0),
            ("TVC", "ORG", 1),
            ("TVC", "ORG", 2),
        ],
    )
    actors = {a.name: a for a in extract_actors(doc)}
    assert "TVC" not in actors and actors["Tarrow Valley Corporation"].mentions == 4


def test_a_lower_case_verb_ends_a_name_the_model_ran_on(nlp: Language) -> None:
    """ "Garrett hit Rudolph" tagged as one name is two names and a verb: the name ends before
    the verb, and "Garrett" is the Garrett the article names in full."""
    text = (
        "Myles Garrett was suspended on Friday. Mason Rudolph and Garrett argued before "
        "Garrett hit Rudolph with a helmet."
    )
    doc = with_entities(
        nlp,
        text,
        [
            ("Myles Garrett", "PERSON", 0),
            ("Mason Rudolph", "PERSON", 0),
            ("Garrett", "PERSON", 1),
            ("Garrett hit Rudolph", "ORG", 0),
        ],
    )
    actors = {a.name: a for a in extract_actors(doc)}
    assert sorted(actors) == ["Mason Rudolph", "Myles Garrett"]
    assert actors["Myles Garrett"].mentions == 3


def test_a_score_after_a_name_is_no_part_of_it(nlp: Language) -> None:
    """ "Dorian Pellow 6-4, 7-5": the model may run the score's first figure into the name; a
    name never ends in a word without letters. "Ana Roe-Pellow" keeps its hyphen."""
    text = "Dorian Pellow 6-4, 7-5 was the score. Ana Roe-Pellow watched."
    doc = with_entities(
        nlp, text, [("Dorian Pellow 6-4", "PERSON", 0), ("Ana Roe-Pellow", "PERSON", 0)]
    )
    assert sorted(a.name for a in extract_actors(doc)) == ["Ana Roe-Pellow", "Dorian Pellow"]


def test_a_team_and_position_run_into_a_name_are_no_part_of_it(nlp: Language) -> None:
    """ "Rivermen DL Dorian Pellow": the model may run a team and a position's abbreviation into
    the name; the name starts after the abbreviation. A first name in capitals opening the name
    ("AJ Brisk") stays."""
    text = "Rivermen DL Dorian Pellow was fined on Monday. AJ Brisk said Pellow would appeal."
    doc = with_entities(
        nlp,
        text,
        [("Rivermen DL Dorian Pellow", "PERSON", 0), ("AJ Brisk", "PERSON", 0)],
    )
    names = sorted(a.name for a in extract_actors(doc))
    assert names == ["AJ Brisk", "Dorian Pellow"], names


def test_a_one_word_name_opening_the_text_keeps_its_word(nlp: Language) -> None:
    """The abbreviation a name starts after is looked for inside the name only: "Pellow"
    opening the text stays whatever capitals ("GOP") stand later in it."""
    text = "Pellow defends the plan. The GOP senator said the vote would pass."
    doc = with_entities(nlp, text, [("Pellow", "PERSON", 0), ("GOP", "ORG", 0)])
    names = sorted(a.name for a in extract_actors(doc))
    assert "Pellow" in names, names


NICKNAMED = (
    "Jonathan Q. Hale was born in Toledo in 1957. Everyone called him Jack. His father, "
    "Dale Hale, ran a pharmacy. “When you read a Jack Hale story, you know it,” said Mara "
    "Lind. Jack wrote every night."
)
# The names tagged, each with its occurrence in the text ("Jack" 1 is inside "Jack Hale").
TAGGED = [
    ("Jonathan Q. Hale", "PERSON", 0),
    ("Dale Hale", "PERSON", 0),
    ("Jack Hale", "PERSON", 0),
    ("Mara Lind", "PERSON", 0),
    ("Jack", "PERSON", 2),
]


def _people(nlp: Language, text: str, tagged: list[tuple[str, str, int]]) -> dict[str, int]:
    doc = with_entities(nlp, text, tagged)
    return {a.name: a.mentions for a in extract_actors(doc) if a.kind == "person"}


def test_the_name_someone_went_by_is_that_person(nlp: Language) -> None:
    """ "Everyone called him Jack" after "Jonathan Q. Hale": "Jack Hale" and "Jack" are him, not a
    second person; his father "Dale Hale" stays apart. Also "known as", "nicknamed", "went by"."""
    tagged = [*TAGGED, ("Jack", "PERSON", 0)]
    people = _people(nlp, NICKNAMED, tagged)
    assert people == {"Jonathan Q. Hale": 4, "Dale Hale": 1, "Mara Lind": 1}, people
    for cue in ("He was known as Jack.", "Friends nicknamed him Jack.", "He went by Jack."):
        text = NICKNAMED.replace("Everyone called him Jack.", cue)
        people = _people(nlp, text, tagged)
        assert set(people) == {"Jonathan Q. Hale", "Dale Hale", "Mara Lind"}, (cue, people)


def test_a_full_name_or_no_cue_gives_no_nickname(nlp: Language) -> None:
    """Without a cue, "Jack Hale" is someone else of the family; "known as Jack Hale" names a
    person in full, and "called him Jonathan" gives the name he has."""
    for sentence, tagged in (
        ("His cousin was Jack.", [*TAGGED, ("Jack", "PERSON", 0)]),
        ("He was known as Jack Hale.", [*TAGGED[:2], ("Jack Hale", "PERSON", 1), *TAGGED[3:]]),
        ("They called him Jonathan.", [*TAGGED[:4], ("Jack", "PERSON", 1)]),
    ):
        text = NICKNAMED.replace("Everyone called him Jack.", sentence)
        people = _people(nlp, text, tagged)
        assert "Jack Hale" in people and "Jonathan Q. Hale" in people, (sentence, people)


def test_a_parent_company_named_beside_its_brand_is_one_actor(nlp: Language) -> None:
    """ "Zenbo's parent company, Zenbo Group," and "Harlow Holdings, the parent company of
    Tidewell," fold the owner into the brand it owns; a rival, a former parent or an owner of
    a paper named the same way stays apart."""
    text = (
        "Zenbo's parent company, Zenbo Group, cut jobs on Monday. Harlow Holdings, the parent "
        "company of Tidewell, bought Zenbo. Zenbo's rival, Acme Media, said nothing. Tidewell "
        "opened a store. Tidewell's former parent, Bolt Capital, sued. Bolt Capital, the owner "
        "of Tidewell, settled."
    )
    doc = with_entities(
        nlp,
        text,
        [
            ("Zenbo", "ORG", 0),
            ("Zenbo Group", "ORG", 0),
            ("Harlow Holdings", "ORG", 0),
            ("Tidewell", "ORG", 0),
            ("Zenbo", "ORG", 2),
            ("Zenbo", "ORG", 3),
            ("Acme Media", "ORG", 0),
            ("Tidewell", "ORG", 1),
            ("Tidewell", "ORG", 2),
            ("Bolt Capital", "ORG", 0),
            ("Bolt Capital", "ORG", 1),
            ("Tidewell", "ORG", 3),
        ],
    )
    got = {a.name: sorted(a.aliases) for a in extract_actors(doc)}
    assert got == {
        "Zenbo": ["Zenbo Group"],
        "Tidewell": ["Harlow Holdings"],
        "Acme Media": [],
        "Bolt Capital": [],
    }, got


def test_a_title_and_a_shared_surname_keep_meaning_one_person(nlp: Language) -> None:
    """ "Governor Roe" means the governor all article long, though her son of the same surname
    is named in between; the bare surname still goes to the one named last."""
    text = (
        "Governor Dana Roe opened the bridge on Monday. Governor Roe said it cost $2 million. "
        "Her son, Sam Roe, a builder, worked on it for a year. Sam Roe said he was proud. "
        "Governor Roe thanked the workers. Roe said he would build another one."
    )
    doc = with_entities(
        nlp,
        text,
        [
            ("Dana Roe", "PERSON", 0),
            ("Roe", "PERSON", 1),
            ("Sam Roe", "PERSON", 0),
            ("Sam Roe", "PERSON", 1),
            ("Roe", "PERSON", 4),
            ("Roe", "PERSON", 5),
        ],
    )
    got = {a.name: mentions_as_written(text, a) for a in extract_actors(doc)}
    assert got == {
        "Dana Roe": ["Governor Dana Roe", "Governor Roe", "Governor Roe"],
        "Sam Roe": ["Sam Roe", "Sam Roe", "Roe"],
    }, got


def test_a_surname_read_as_a_date_after_a_given_name_is_a_person(nlp: Language) -> None:
    """ "Australian Timothy Weeks": a surname the model took for a date, after an untagged
    given name, makes a person, who is also the "Weeks" it reads as a noun later; "Weeks"
    capitalised at a sentence start and a date after no given name are no one."""
    text = (
        "American Kevin King and Australian Timothy Weeks were freed. King and Weeks were "
        "held for years, and the family of Weeks was relieved. Weeks later, on Monday Roe "
        "spoke."
    )
    doc = with_entities(
        nlp,
        text,
        [
            ("Kevin King", "PERSON", 0),
            ("Weeks", "DATE", 0),
            ("Weeks", "DATE", 1),
            ("Weeks", "DATE", 3),
            ("Monday", "DATE", 0),
        ],
    )
    got = {a.name: mentions_as_written(text, a) for a in extract_actors(doc)}
    assert got["Timothy Weeks"] == ["Timothy Weeks", "Weeks", "Weeks"], got
    assert "Monday Roe" not in got and "Roe" not in got, got


def test_a_long_first_paragraph_without_a_full_stop_is_no_headline(nlp: Language) -> None:
    """A first paragraph in sentence case that ends in an emoticon rather than a full stop is
    body text: its full name is the person's name, not a headline's to cut to the surname the
    body uses. A short first line without a full stop is still a headline."""
    lead = (
        "Visitors who came with Dana Whitfield to the harbour theatre on Monday night have "
        "left their reviews of the new show on the board for everyone to read :)\n"
        "Whitfield said the show was a success."
    )
    doc = with_entities(nlp, lead, [("Dana Whitfield", "PERSON", 0), ("Whitfield", "PERSON", 1)])
    assert [a.name for a in extract_actors(doc)] == ["Dana Whitfield"]
    headline = "Dana Whitfield Wins The Harbour Vote\nWhitfield said the show was a success."
    doc = with_entities(
        nlp, headline, [("Dana Whitfield", "PERSON", 0), ("Whitfield", "PERSON", 1)]
    )
    assert [a.name for a in extract_actors(doc)] == ["Whitfield"]


def test_a_surname_opening_a_paragraph_is_the_person(nlp: Language) -> None:
    """ "Castells and Lopez defeated the pair" opening a paragraph: a person's surname the
    model read as a common noun is the person when the article never writes the word in lower
    case; beside "the castells of the town" it may be the common word, and is no one."""
    text = (
        "Ada Castells and Feliciano Lopez won the doubles.\nCastells and Lopez defeated the "
        "pair in two sets."
    )
    entities = [("Ada Castells", "PERSON", 0), ("Feliciano Lopez", "PERSON", 0)]
    got = {a.name: a.mentions for a in extract_actors(with_entities(nlp, text, entities))}
    assert got["Ada Castells"] == 2, got
    text += " The castells of the town drew a crowd."
    got = {a.name: a.mentions for a in extract_actors(with_entities(nlp, text, entities))}
    assert got["Ada Castells"] == 1, got


def test_an_organisation_named_in_full_goes_by_its_first_word_after(nlp: Language) -> None:
    """ "Harlow Outfitters ... Harlow" is one company; the rule must not fire when two names
    begin with the word ("Bolt Capital", "Bolt Media"), when the short name comes first, or
    when the full name is a product ("the new Zenbo Roadster")."""
    text = (
        "Harlow Outfitters cut its forecast on Monday. Harlow said sales fell, and Harlow "
        "shares dropped. Bolt Capital and Bolt Media both bid; Bolt declined to comment. "
        "Tidewell said it would grow, and Tidewell Foods opened a plant. "
        "Fans lined up for the new Zenbo Roadster. Zenbo said demand was strong."
    )
    doc = with_entities(
        nlp,
        text,
        [
            ("Harlow Outfitters", "ORG", 0),
            ("Harlow", "ORG", 1),
            ("Harlow", "ORG", 2),
            ("Bolt Capital", "ORG", 0),
            ("Bolt Media", "ORG", 0),
            ("Bolt", "ORG", 2),
            ("Tidewell", "ORG", 0),
            ("Tidewell Foods", "ORG", 0),
            ("Zenbo Roadster", "ORG", 0),
            ("Zenbo", "ORG", 1),
        ],
    )
    actors = {a.name: a for a in extract_actors(doc)}
    assert actors["Harlow Outfitters"].mentions == 3
    assert "Harlow" not in actors
    assert {"Bolt", "Bolt Capital", "Bolt Media", "Tidewell", "Tidewell Foods"} <= actors.keys()
    assert "Zenbo" in actors, sorted(actors)


def test_a_maker_keeps_its_short_name_beside_a_full_name_that_only_describes_a_thing(
    nlp: Language,
) -> None:
    """ "the Acme Play Racer port ... Acme's offices": a full name only ever before a noun it
    describes names a game or a model, not the maker going by its first word; "Harlow
    Outfitters cut ... Harlow said" still folds into one company."""
    text = (
        "The Acme Play Racer port runs at 30 frames. We visited Acme's offices in Leeds to "
        "try it. Harlow Outfitters cut its forecast. Harlow said sales fell."
    )
    doc = with_entities(
        nlp,
        text,
        [
            ("Acme Play Racer", "ORG", 0),
            ("Acme", "ORG", 1),
            ("Harlow Outfitters", "ORG", 0),
            ("Harlow", "ORG", 1),
        ],
    )
    actors = {a.name: a for a in extract_actors(doc)}
    assert "Acme" in actors and "Acme" not in actors["Acme Play Racer"].aliases, actors
    assert actors["Harlow Outfitters"].mentions == 2


def test_a_service_named_with_a_plus_is_no_part_of_its_maker(nlp: Language) -> None:
    """ "Zenbo TV+ costs $5 ... Zenbo said": the streaming service is a product of its own, not
    the company; "Acme +" glued is one too. Must not fire on a plus that is no name's ("Acme
    + 5%" spaced, "Harlow and TV")."""
    text = (
        "Zenbo TV+ costs $5 a month. Zenbo said the service would grow. Harlow and TV "
        "networks shrank, and Harlow said so."
    )
    doc = with_entities(
        nlp,
        text,
        [("Zenbo", "ORG", 0), ("Zenbo", "ORG", 1), ("Harlow", "ORG", 0), ("Harlow", "ORG", 1)],
    )
    actors = {a.name: a for a in extract_actors(doc)}
    assert "Zenbo TV+" in actors and actors["Zenbo"].mentions == 1, actors
    assert actors["Harlow"].mentions == 2, actors


def test_a_short_form_of_a_name_run_together_is_the_same_company(nlp: Language) -> None:
    """ "Zenbank ... ZB said": a company whose one-word name runs words together goes by their
    first letters, one actor under its full name. Must not fire on a short form that spells
    the name's opening ("AP" beside "Apex"), on one used before the name is, or on a word."""
    text = (
        "Zenbank opened ten branches on Monday. ZB said more would follow. Apex Media and "
        "the wire AP reported it, and Apexcorp said little."
    )
    ents = [(name, "ORG", 0) for name in ("Zenbank", "ZB", "AP", "Apexcorp")]
    actors = {a.name: a for a in extract_actors(with_entities(nlp, text, ents))}
    assert "ZB" not in actors and "ZB" in actors["Zenbank"].aliases, actors
    assert "AP" in actors and "Apexcorp" in actors, actors
    assert compound_short_form("VW", "Volkswagen")
    assert not compound_short_form("AP", "Apexcorp")
    assert not compound_short_form("Zb", "Zenbank")
    assert not compound_short_form("ZB", "Zenbank Group")
    later = "ZB rose on Monday. Zenbank said it would open ten branches."
    doc = with_entities(nlp, later, [("ZB", "ORG", 0), ("Zenbank", "ORG", 0)])
    assert {"ZB", "Zenbank"} <= {a.name for a in extract_actors(doc)}

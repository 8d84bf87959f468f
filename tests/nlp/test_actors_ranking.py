"""Ranking key actors (issue 13): who acts in the story comes before the scene it is set in,
on sentences written for these tests."""

from __future__ import annotations

from spacy.language import Language

from bot.nlp.actor_hints import counted_or_owned, product_hint
from bot.nlp.actors import employs_someone, extract_actors
from tests.nlp.test_actors import with_entities


def ranked(nlp: Language, text: str) -> list[str]:
    return [a.name for a in extract_actors(nlp(text))]


def test_a_place_named_only_as_the_scene_ranks_below_those_who_act(nlp: Language) -> None:
    text = (
        "Acme Power agreed to pay a fine after a hearing in Germany on Monday. Talks in "
        "Germany had lasted a week. Lawyers flew to Germany for them, hotels in Germany were "
        "full, and reporters from Germany and from across Germany waited outside. "
        "Acme Power said the fine was fair."
    )
    names = ranked(nlp, text)
    assert names.index("Acme Power") < names.index("Germany"), names


def test_a_place_that_acts_keeps_its_rank(nlp: Language) -> None:
    text = (
        "Germany warned Acme Power on Monday that it would block the deal. Germany said the "
        "plan broke the law, and Germany's ministers agreed. Acme Power declined to comment."
    )
    assert ranked(nlp, text)[0] == "Germany"


def test_a_product_ranks_below_the_company_that_makes_it(nlp: Language) -> None:
    """ "the new Volta", "Volta models": a thing sold is no key actor of the story, however
    often it is named; an organisation written as one keeps its weight."""
    text = (
        "Zenbo showed the new Volta on Tuesday. Volta models start at $30,000, and Volta "
        "buyers get free charging. Volta sales begin in May, Volta dealers said, and Volta "
        "owners can order one now, Zenbo said. Acme Media said it had tested the car, and "
        "Zenbo said the price would hold."
    )
    entities = [("Zenbo", "ORG", i) for i in range(3)] + [("Acme Media", "ORG", 0)]
    entities += [("Volta", "ORG", i) for i in range(6)]
    names = [a.name for a in extract_actors(with_entities(nlp, text, entities))]
    assert names.index("Zenbo") < names.index("Volta"), names


def test_a_model_after_its_maker_or_the_new_is_a_product(nlp: Language) -> None:
    """ "the Zenbo e-volt Arrow", "the new e-volt Arrow": a model named after its maker and a
    hyphenated model word is a thing sold. Must not fire on a person after a dash and a job
    ("rivals - Zenbo founder Dana Roe")."""
    text = (
        "The Zenbo e-volt Arrow made its debut on Monday. Arrow sales start in May, and Arrow "
        "buyers get free charging. The new e-volt Arrow is longer, and Arrow drivers like it. "
        "Arrow owners can order now. Zenbo said the price would hold, and so did rivals - "
        "Zenbo founder Dana Roe said so too."
    )
    names = [("Zenbo", "ORG", 3), ("Arrow", "ORG", 6), ("Dana Roe", "PERSON", 1)]
    doc = with_entities(nlp, text, [(w, label, i) for w, label, n in names for i in range(n)])
    actors = {a.name: a for a in extract_actors(doc)}
    assert actors["Arrow"].salience < actors["Zenbo"].salience, actors
    hints = {e.text: product_hint(doc, e.start, e.root) for e in doc.ents if e.start < 10}
    assert hints == {"Zenbo": False, "Arrow": True}, hints
    roe = next(e for e in doc.ents if e.text == "Dana Roe")
    assert not product_hint(doc, roe.start, roe.root)


def test_a_person_after_the_new_and_a_title_is_no_product(nlp: Language) -> None:
    """ "the new coach Dana Roe", "the new chief executive Sam Poole" name people; "the new
    Volta" after them is still a model."""
    text = (
        "Fans met the new head coach Dana Roe on Monday, and the new chief executive Sam "
        "Poole praised the new Volta."
    )
    names = [("Dana Roe", "PERSON"), ("Sam Poole", "PERSON"), ("Volta", "PRODUCT")]
    doc = with_entities(nlp, text, [(w, label, 0) for w, label in names])
    hints = {e.text: product_hint(doc, e.start, e.root) for e in doc.ents}
    assert hints == {"Dana Roe": False, "Sam Poole": False, "Volta": True}, hints


def test_a_name_only_ever_before_a_noun_it_describes_ranks_below_actors(nlp: Language) -> None:
    """ "Halden Moss disease", "a Halden Moss display" name a thing; someone the article names
    on their own ("Mira Castell said") acts, and comes first however often the thing is named."""
    text = (
        "Mira Castell was treated for Halden Moss disease in May. Halden Moss disease is rare, "
        "and Halden Moss disease tests are slow. Doctors said Halden Moss disease is treatable."
    )
    doc = with_entities(
        nlp,
        text,
        [("Mira Castell", "PERSON", 0)] + [("Halden Moss", "PERSON", i) for i in range(4)],
    )
    names = [a.name for a in extract_actors(doc)]
    assert names.index("Mira Castell") < names.index("Halden Moss"), names


def test_a_name_that_also_stands_alone_keeps_its_weight(nlp: Language) -> None:
    """The rule above must not fire on "the Okafor administration" when "Okafor" also acts on
    its own: Okafor is the story's first actor."""
    text = (
        "The Okafor administration announced new tariffs. Okafor said they would protect "
        "jobs, and Okafor signed the order on Friday. Lena Brandt, a trader, said prices rose."
    )
    doc = with_entities(
        nlp,
        text,
        [
            ("Okafor", "PERSON", 0),
            ("Okafor", "PERSON", 1),
            ("Okafor", "PERSON", 2),
            ("Lena Brandt", "PERSON", 0),
        ],
    )
    assert extract_actors(doc)[0].name == "Okafor"


def test_each_further_mention_of_a_name_adds_less(nlp: Language) -> None:
    """A supplier named eight times in passing is not eight times as salient as one named once
    the same way, so a name repeated as scenery does not bury who acts in the story."""
    text = (
        "Mira Castell, the mayor, said the budget was fair. The city buys routers from Zenbo "
        "and laptops from Ostra. It buys tablets from Zenbo, screens from Zenbo, vans from "
        "Zenbo, cables from Zenbo, desks from Zenbo, phones from Zenbo and chairs from Zenbo."
    )
    entities = [("Mira Castell", "PERSON", 0), ("Ostra", "ORG", 0)]
    entities += [("Zenbo", "ORG", i) for i in range(8)]
    salience = {a.name: a.salience for a in extract_actors(with_entities(nlp, text, entities))}
    # Both are named in the lead once; counted linearly Zenbo would weigh 4.5 times Ostra.
    assert salience["Ostra"] < salience["Zenbo"] < 4 * salience["Ostra"], salience


def test_a_name_inside_someones_quoted_words_counts_less(nlp: Language) -> None:
    """Whom a speaker talks about ("Dorian Pellow wants to cut ...," she said) is their topic;
    the reporter's own words name the story's actors."""
    text = (
        "The council met on Monday. It voted on the budget. Mira Castell, the mayor, said: "
        '"Dorian Pellow wants to cut the parks budget in half." The vote was put off for Lena '
        "Brandt."
    )
    doc = with_entities(
        nlp,
        text,
        [
            ("Mira Castell", "PERSON", 0),
            ("Dorian Pellow", "PERSON", 0),
            ("Lena Brandt", "PERSON", 0),
        ],
    )
    names = [a.name for a in extract_actors(doc)]
    assert names.index("Lena Brandt") < names.index("Dorian Pellow"), names


def test_a_body_in_space_is_the_scene_not_an_actor(nlp: Language) -> None:
    """ "Europa" named again and again in a space story is where it happens: it ranks below the
    scientist and the agency, as a place. A company that shares a planet's name and is tagged
    as one ("Mars Inc.") is not touched."""
    text = (
        "Plumes on Europa are spewing water vapour, NASA said. Europa has an ocean under its "
        "ice, and Europa's plumes were seen again. Dana Roe, who led the study, said Europa "
        "could hold life. Europa will be visited in 2030."
    )
    doc = with_entities(
        nlp,
        text,
        [
            ("Europa", "LOC", 0),
            ("NASA", "ORG", 0),
            ("Europa", "LOC", 1),
            ("Europa", "LOC", 2),
            ("Dana Roe", "PERSON", 0),
            ("Europa", "LOC", 3),
            ("Europa", "LOC", 4),
        ],
    )
    actors = extract_actors(doc)
    names = [a.name for a in actors]
    assert names.index("Europa") > names.index("NASA") > -1, names
    assert names.index("Europa") > names.index("Dana Roe"), names
    assert {a.name: a.kind for a in actors}["Europa"] == "place"
    doc = with_entities(nlp, "Mars said sales of its chocolate rose.", [("Mars", "ORG", 0)])
    assert [(a.name, a.kind) for a in extract_actors(doc)] == [("Mars", "organization")]


def test_a_body_in_space_ranks_below_a_body_named_once(nlp: Language) -> None:
    """However often a space story goes back to "Europa", an observatory it names once acts
    in it and Europa does not."""
    text = (
        "Plumes on Europa are spewing water vapour. Europa has an ocean under its ice, and "
        "Europa's plumes were seen again from the Harlow Observatory. Europa could hold life. "
        "Europa will be visited in 2030, and Europa may be warm."
    )
    entities = [("Europa", "LOC", i) for i in range(6)] + [("Harlow Observatory", "ORG", 0)]
    names = [a.name for a in extract_actors(with_entities(nlp, text, entities))]
    assert names.index("Harlow Observatory") < names.index("Europa"), names


def test_a_name_cut_from_before_its_noun_is_a_product(nlp: Language) -> None:
    """ "the Zenbo Patient Watch solution": the name the model tagged with its article, cut
    before the noun it names a kind of, weighs as a product, below a person named once."""
    text = (
        "The Zenbo Patient Watch solution helps nurses. Many nurses use the Zenbo Patient Watch "
        "solution daily, and the Zenbo Patient Watch solution is sold widely. Dana Roe said so."
    )
    doc = with_entities(
        nlp,
        text,
        [
            ("The Zenbo Patient Watch", "ORG", 0),
            ("the Zenbo Patient Watch", "ORG", 0),
            ("the Zenbo Patient Watch", "ORG", 1),
            ("Dana Roe", "PERSON", 0),
        ],
    )
    names = [a.name for a in extract_actors(doc)]
    assert names == ["Dana Roe", "Zenbo Patient Watch"], names


def test_a_model_written_as_one_more_often_than_as_a_body_is_a_product(nlp: Language) -> None:
    """ "the new Volta" three times beside one "Volta and Acme Media" (which alone would make
    an organisation of a name the model took for a person): the name is a model, written as a
    thing sold more often than as an organisation, and ranks below its maker."""
    text = (
        "Zenbo showed the new Volta on Tuesday. Dana Roe said Volta and Acme Media had a "
        "deal. The new Volta is longer than the old one, and the new Volta costs less. Volta "
        "sales start in May. Zenbo said the price would hold."
    )
    entities = [("Zenbo", "ORG", 0), ("Zenbo", "ORG", 1), ("Acme Media", "ORG", 0)]
    entities += [("Volta", "PERSON" if i == 1 else "ORG", i) for i in range(5)]
    entities += [("Dana Roe", "PERSON", 0)]
    actors = {a.name: a for a in extract_actors(with_entities(nlp, text, entities))}
    assert actors["Volta"].salience < actors["Zenbo"].salience, actors


def test_a_person_named_in_passing_weighs_as_an_organisation_named_as_often(
    nlp: Language,
) -> None:
    """A person named without a role ("has worked with the likes of Sam Poole") counts no more
    than a company named the same way; one the article introduces by a role ("Sam Poole, a
    banker,") still outranks it. Text order breaks the tie."""
    lead = "Mira Castell, the mayor, said the budget was fair on Monday. The council agreed. "
    for tail, first in (
        ("It has worked with Acme Bank and with Sam Poole for years.", "Acme Bank"),
        ("It has worked with Acme Bank and with Sam Poole, a banker, for years.", "Sam Poole"),
    ):
        text = lead + tail
        entities = [("Mira Castell", "PERSON", 0), ("Acme Bank", "ORG", 0)]
        entities += [("Sam Poole", "PERSON", 0)]
        names = [a.name for a in extract_actors(with_entities(nlp, text, entities))]
        others = [n for n in names if n in ("Acme Bank", "Sam Poole")]
        assert others[0] == first, names


def test_a_person_the_article_calls_the_late_is_its_history(nlp: Language) -> None:
    """ "The late Senator Dana Roe was held there": someone who died before the story is its
    background, below a living person named the same way; the living one keeps the rank."""
    text = (
        "Mira Castell, the mayor, opened the museum on Monday. The late Senator Dana Roe was "
        "held in the old jail, and Senator Sam Poole was held there too."
    )
    entities = [("Mira Castell", "PERSON", 0), ("Dana Roe", "PERSON", 0)]
    entities += [("Sam Poole", "PERSON", 0)]
    actors = {a.name: a for a in extract_actors(with_entities(nlp, text, entities))}
    assert actors["Dana Roe"].role == "late Senator", actors["Dana Roe"]
    assert actors["Sam Poole"].salience > 2 * actors["Dana Roe"].salience, actors


def test_a_group_named_once_in_passing_ranks_below_a_body_named_as_often(
    nlp: Language,
) -> None:
    """ "US politicians criticised Acme Bank" once: a description of whoever spoke up, below
    the company it named; a group the story follows ("Democrats" again and again) keeps its
    weight."""
    text = (
        "Mira Castell, the mayor, said the budget was fair on Monday. The council agreed. "
        "US politicians criticised Acme Bank."
    )
    entities = [("Mira Castell", "PERSON", 0), ("US", "GPE", 0), ("Acme Bank", "ORG", 0)]
    names = [a.name for a in extract_actors(with_entities(nlp, text, entities))]
    assert names.index("Acme Bank") < names.index("US politicians"), names
    text = (
        "Mira Castell, the mayor, said the budget was fair on Monday. Democrats weighed in, "
        "and Acme Bank weighed in too. Democrats said the plan was late, and Democrats voted."
    )
    entities = [("Mira Castell", "PERSON", 0), ("Acme Bank", "ORG", 0)]
    entities += [("Democrats", "NORP", i) for i in range(3)]
    names = [a.name for a in extract_actors(with_entities(nlp, text, entities))]
    assert names.index("Democrats") < names.index("Acme Bank"), names


def test_a_name_styled_in_lower_case_is_an_organisation(nlp: Language) -> None:
    """ "zentrix said": a brand the article keeps in lower case where a sentence starts is a
    name, and its other mentions ("zentrix thermostats") are the same organisation."""
    text = (
        "Prices on zentrix thermostats fell on Monday. Sales rose sharply last year. "
        "zentrix said its profit had doubled, and Acme Power agreed to buy zentrix thermostats."
    )
    actors = {a.name: a for a in extract_actors(nlp(text))}
    assert "zentrix" in actors, list(actors)
    assert actors["zentrix"].kind == "organization"
    assert actors["zentrix"].mentions == 3


def test_a_lower_case_word_after_a_colon_or_mid_sentence_is_no_name(nlp: Language) -> None:
    """Only a sentence's opening word would take a capital: "thermostats" mid-sentence, and a
    stop word or a word after a colon, stay words."""
    text = (
        "Acme Power sold thermostats on Monday: thermostats sold out. Prices fell. "
        "they said more would come, and thermostats would be cheaper."
    )
    names = ranked(nlp, text)
    assert "thermostats" not in names and "they" not in names, names


def test_a_person_never_written_as_one_ranks_as_a_thing(nlp: Language) -> None:
    """ "Starry Horizon" tagged as a person, with no given name, no role and never its last
    word alone, is a film's or a product's name: it ranks below a company named less often.
    Must not fire on someone the article goes on to call by surname ("Zorvak Teml ... Teml
    said"), whose first name the dictionary does not know."""
    text = (
        "Fans queued for Starry Horizon on Friday. Starry Horizon sold out, and Acme Films "
        "said it would add screenings. Zorvak Teml was among them. Teml said he came twice."
    )
    doc = with_entities(
        nlp,
        text,
        [
            ("Starry Horizon", "PERSON", 0),
            ("Starry Horizon", "PERSON", 1),
            ("Acme Films", "ORG", 0),
            ("Zorvak Teml", "PERSON", 0),
            ("Teml", "PERSON", 1),
        ],
    )
    names = [a.name for a in extract_actors(doc)]
    assert names.index("Acme Films") < names.index("Starry Horizon"), names
    assert names.index("Zorvak Teml") < names.index("Acme Films"), names


def test_a_name_after_a_model_number_is_the_rest_of_a_product(nlp: Language) -> None:
    """ "its 747 Ultra jets": a word the model took for a person's name after a model number
    is the rest of the product's name. Must not fire on a person after a year that belongs to
    the sentence ("In 2016 Roe won") or on a company counted ("30 Zenbo jets")."""
    text = (
        "Acme Air grounded its 747 Ultra jets on Monday. In 2016 Roe won the contract, and "
        "Acme Air bought 30 Zenbo jets."
    )
    doc = with_entities(
        nlp,
        text,
        [
            ("Acme Air", "ORG", 0),
            ("Ultra", "PERSON", 0),
            ("Roe", "PERSON", 0),
            ("Acme Air", "ORG", 1),
            ("Zenbo", "ORG", 0),
        ],
    )
    hints = {e.text: product_hint(doc, e.start, e.root) for e in doc.ents}
    assert hints == {"Acme Air": False, "Ultra": True, "Roe": False, "Zenbo": False}, hints


def test_a_name_nearly_always_before_a_noun_is_a_programme_not_an_actor(nlp: Language) -> None:
    """ "Lunar Cargo Services (LCS) contracts", "LCS missions", "an LCS task order", "the
    on-ramp to LCS": a programme's name, which ranks below a company named less often. Must not
    fire on a company that is also a subject ("Zenbo engineers ... Zenbo said")."""
    text = (
        "Five firms won Lunar Cargo Services (LCS) contracts on Monday. LCS missions start in "
        "2022, and each LCS task order pays well. Firms hope the on-ramp to LCS stays open. "
        "Zenbo engineers built a lander, Zenbo staff cheered, Zenbo shares rose and Zenbo fans "
        "waved. Zenbo said it would bid."
    )
    doc = with_entities(
        nlp,
        text,
        [
            ("Lunar Cargo Services", "ORG", 0),
            ("LCS", "ORG", 0),
            ("LCS", "ORG", 1),
            ("LCS", "ORG", 2),
            ("LCS", "ORG", 3),
            ("Zenbo", "ORG", 0),
            ("Zenbo", "ORG", 1),
            ("Zenbo", "ORG", 2),
            ("Zenbo", "ORG", 3),
            ("Zenbo", "ORG", 4),
        ],
    )
    names = [a.name for a in extract_actors(doc)]
    assert names[0] == "Zenbo", names


def test_the_organisation_named_in_a_persons_role_ranks_above_one_named_in_passing(
    nlp: Language,
) -> None:
    """ "Sam Poole, a vice president at Zenbo, said ...": the body one of the story's people
    acts for is a side in it; an organisation named as often in passing is not. Must not fire
    on a name that only holds the organisation's letters ("Zen" of a role at "Zenbo")."""
    text = (
        "Sam Poole, a vice president at Zenbo, said the talks had failed. Reporters met at the "
        "Harlow Club on Monday. Ann Li, a manager at Zen Labs, was not there."
    )
    doc = with_entities(
        nlp,
        text,
        [
            ("Sam Poole", "PERSON", 0),
            ("Zenbo", "ORG", 0),
            ("Harlow Club", "ORG", 0),
            ("Ann Li", "PERSON", 0),
            ("Zen Labs", "ORG", 0),
        ],
    )
    actors = {a.name: a for a in extract_actors(doc)}
    assert actors["Zenbo"].salience > actors["Harlow Club"].salience, actors
    assert employs_someone(actors["Zen Labs"], ["a vice president at Zenbo"]) is False


def test_a_single_word_never_written_as_a_persons_name_ranks_below_bodies(nlp: Language) -> None:
    """A single word the model took for a person's that is no given name, with no title, no
    role and never the subject of a clause ("lights above the Herengracht", "in the Zenbo
    browser") ranks below a body named once; "Sen. Oza", "Adele" and "Okafor signed" are
    people and keep their rank."""
    text = (
        "Lights float above the Herengracht, and boats pass the Herengracht at night. Acme "
        "Media filmed it. Sen. Oza praised it, and Oza asked for more. Adele sang, and Adele "
        "smiled. Okafor signed the order, and Okafor left."
    )
    entities = [("Herengracht", "PERSON", 0), ("Herengracht", "PERSON", 1)]
    entities += [("Acme Media", "ORG", 0), ("Oza", "PERSON", 0), ("Oza", "PERSON", 1)]
    entities += [("Adele", "PERSON", 0), ("Adele", "PERSON", 1), ("Okafor", "PERSON", 0)]
    entities += [("Okafor", "PERSON", 1)]
    names = [a.name for a in extract_actors(with_entities(nlp, text, entities))]
    assert names.index("Acme Media") < names.index("Herengracht"), names
    for person in ("Oza", "Adele", "Okafor"):
        assert names.index(person) < names.index("Acme Media"), names


def test_a_name_counted_or_owned_is_a_product(nlp: Language) -> None:
    """ "charge a Volta or Lumo", "my Lumo Max", "her 13-inch Volta": a name written as one
    thing among many or as something owned is a thing sold, below its maker. Must not fire on
    a determiner that counts a noun before the name ("a claim Dana Roe denied") or on a
    name that describes what follows it ("an Acme spokesman")."""
    text = (
        "Zenbo makes the Volta and the Lumo. You can charge a Volta or Lumo from one plug, and "
        "my Lumo Max lasted a week. Her 13-inch Volta was slower. Zenbo said sales rose. "
        "Dana Roe said she had tested it, a claim Dana Roe repeated. An Acme spokesman agreed."
    )
    names = [("Zenbo", "ORG", 0), ("Volta", "ORG", 1), ("Lumo", "ORG", 1), ("Lumo Max", "ORG", 0)]
    names += [("Volta", "ORG", 2), ("Zenbo", "ORG", 1), ("Dana Roe", "PERSON", 1)]
    names += [("Acme", "ORG", 0)]
    doc = with_entities(nlp, text, names)
    hints = {(e.text, e.start): counted_or_owned(e.root, e.start) for e in doc.ents if e.start > 6}
    assert [name for (name, _), hint in hints.items() if hint] == [
        "Volta",
        "Lumo",
        "Lumo Max",
        "Volta",
    ], hints
    ranked_names = [a.name for a in extract_actors(doc)]
    assert ranked_names.index("Zenbo") < ranked_names.index("Volta"), ranked_names

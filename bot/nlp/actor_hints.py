"""What the words around a name say about the actor it names, where the model's label is silent
or wrong: whether it takes part in what its sentence tells, and whether it is written as an
organisation, a product, a publication, a public office or a term is. bot.nlp.actor_mentions
asks these of each name it finds."""

from __future__ import annotations

import re
from collections.abc import Iterable

from spacy.tokens import Doc, Span, Token

from bot.nlp.actor_kinds import is_human_noun, normalise
from bot.nlp.docmemo import doc_text, token_bounds
from bot.nlp.first_names import is_first_name
from bot.nlp.lexicon import (
    COUNTING_DETERMINERS,
    MATCH_RESULT_NOUNS,
    MATCH_RESULT_PREPOSITIONS,
    MATCH_RESULT_VERBS,
    NAMING_BEFORE_AS,
    NAMING_VERBS,
    OFFICE_TITLES,
    PARENT_COMPANY_NOUNS,
    PAST_RELATION_WORDS,
    PLURAL_VERB_FORMS,
    PRODUCT_ADJECTIVES,
    PRODUCT_NOUNS,
    PUBLISHED_IN_VERBS,
    RELATION_NOUNS,
    SIZE_UNITS,
    SOCIAL_PLATFORMS,
    TITLE_WORDS,
    US_STATE_CODES,
    WORK_PART_NOUNS,
)

# Dependencies of a name that does something or has something done to it in its sentence.
ACTING_DEPS = frozenset({"nsubj", "nsubjpass", "poss", "dobj", "agent", "attr", "ROOT"})


def acts(root: Token) -> bool:
    """Whether a name takes part in what its sentence tells ("China warned", "Vietnam's
    navy", "sanctions on Iran" does not: "in Germany", "US officials" set the scene), seen
    through coordination ("China and Vietnam signed")."""
    while root.dep_ == "conj" and root.head.i != root.i:
        root = root.head
    if root.dep_ == "pobj" and root.head.lower_ == "by":
        return True  # "was accused by China"
    return root.dep_ in ACTING_DEPS


def organisation_hint(doc: Doc, start: int, end: int, root: Token) -> bool:
    """Whether a one-word name is written as organisations are, whatever its label: a social
    network, a plural after "the" ("the Steelers"), the employer after a job ("senior vice
    president at Acme", "chief executive of Zenbo"), an appositive with "its" ("Zenbo, its
    largest investor"), or coordinated with an organisation ("Zenbo and Acme Media")."""
    if end - start != 1:
        return False
    token = doc[start]
    if "".join(c for c in token.lower_ if c.isalpha()) in SOCIAL_PLATFORMS:
        return True
    plural = token.tag_ in ("NNS", "NNPS") or token.text.endswith("s")
    if start > 0 and doc[start - 1].lower_ == "the" and plural:
        return True
    if root.dep_ == "pobj" and root.head.lower_ in ("at", "of"):
        job = root.head.head
        if job.pos_ in ("NOUN", "PROPN") and not job.ent_type_:
            lemma = job.lemma_.lower()
            if lemma not in RELATION_NOUNS and (
                is_human_noun(job) or normalise(job.text) in TITLE_WORDS
            ):
                return True
    if any(c.dep_ == "appos" and any(t.lower_ == "its" for t in c.lefts) for c in root.children):
        return True
    # A pair with an organisation ("Zenbo and Acme Media"); longer lists mix all kinds.
    pair = [c for c in root.children if c.dep_ == "conj"]
    if root.dep_ == "conj":
        pair = [root.head, *(c for c in root.head.children if c.dep_ == "conj" and c is not root)]
    return len(pair) == 1 and pair[0].ent_type_ == "ORG"


def employs_a_person(root: Token) -> bool:
    """Whether a name is the employer in a person's role ("Chris Roe, senior vp partnerships
    and revenue at Zenbo", "Ann Li, a professor at Harlow"): an organisation, whatever the
    model's label. "Ann Li, speaking at Harlow" and "a rally at Harlow" give no role."""
    if root.dep_ != "pobj" or root.head.lower_ != "at":
        return False
    role = root.head.head
    if role.pos_ != "NOUN":
        return False
    return role.dep_ in ("appos", "conj") and role.head.ent_type_ == "PERSON"


def plural_verb_subject(root: Token) -> bool:
    """Whether a singular name is the subject of a verb in the plural ("Zenbo are believers",
    "Harlow have signed a striker", "England were beaten"), as British English writes bodies
    and teams, or a name of several words ending in a plural ("where are Lewin Leathers?"), a
    brand's; never a person. "Zenbo and Acme are" is a pair, which proves nothing."""
    if root.dep_ != "nsubj" or any(c.dep_ == "conj" for c in root.children):
        return False
    if root.tag_ != "NNP" and not _plural_end_of_a_name(root):
        return False
    verb = root.head
    forms = [verb, *(c for c in verb.children if c.dep_ in ("aux", "auxpass"))]
    return any(t.lower_ in PLURAL_VERB_FORMS for t in forms)


def _plural_end_of_a_name(root: Token) -> bool:
    """ "Leathers" of "Lewin Leathers": a plural proper noun after a capitalised word of the same
    name. "The Kennedys" alone is a family's name."""
    before = root.doc[root.i - 1] if root.i > 0 else None
    return (
        root.tag_ == "NNPS"
        and before is not None
        and before.dep_ == "compound"
        and before.head.i == root.i
        and before.is_title
    )


def modifies_a_thing(root: Token) -> bool:
    """Whether a name stands before a noun it describes ("the Bill Clinton era"), also when
    the model cut it out of a longer name that does ("Hazel" of "the Hazel Hen supercomputer")."""
    head = root.head
    if root.dep_ == "appos" and root.head.dep_ in ("compound", "nmod"):
        root, head = root.head, root.head.head  # "the Acme Lunar Services (ALS) contracts"
    if root.dep_ not in ("compound", "nmod"):
        return False
    while head.dep_ == "compound" and head.pos_ == "PROPN" and not head.ent_type_:
        head = head.head
    return head.pos_ == "NOUN"


def product_hint(doc: Doc, start: int, root: Token) -> bool:
    """Whether a name is written as a product is: beside a noun for things sold ("its
    streaming service, Stadia", "MacBook models", "the Stadia controller"), after "the new",
    "the original" ("the new Sportback", "the new e-tron Sportback"), or after its maker's name
    and a model word ("the Acme e-tron Sportback")."""
    if root.dep_ in ("compound", "nmod", "appos") and root.head.lemma_.lower() in PRODUCT_NOUNS:
        return True
    if any(c.dep_ == "appos" and c.lemma_.lower() in PRODUCT_NOUNS for c in root.children):
        return True
    if root.i == start and root.ent_type_ == "PERSON" and after_a_model_number(doc, start):
        return True
    if counted_or_owned(root, start):
        return True
    # The words leaning on the name from the left: model words ("e-tron") and the maker.
    i = start - 1
    token = None
    while i >= 0:
        token = doc[i]  # made once: a Token is a new object at each doc[i]
        if token.dep_ not in ("compound", "amod", "punct") or token.head.i <= i:
            break
        if (token.is_punct and token.text != "-") or token.lower_ in PRODUCT_ADJECTIVES:
            break
        i -= 1
    # An empty chain holds no model word and no title: most names have none.
    chain = doc[i + 1 : start] if i + 1 < start else ()
    # A model word is hyphenated inside itself ("e-tron"), not a dash between words.
    model_word = any(
        t.text == "-" and not t.whitespace_ and not doc[t.i - 1].whitespace_ for t in chain
    )
    if model_word and any(t.ent_type_ in ("ORG", "PRODUCT") for t in chain):
        return True
    # The loop stopped at doc[i] (`token`) when i >= 0.
    return (
        i >= 1
        and token is not None
        and token.lower_ in PRODUCT_ADJECTIVES
        and doc[i - 1].lower_ == "the"
        and not _titled_as_a_person(chain)
    )


# Labels of names that "a" or "her" may stand before as people's: "a Democrat", "an American".
_PEOPLE_LABELS = frozenset({"NORP", "GPE", "LOC"})


def counted_or_owned(root: Token, start: int) -> bool:
    """Whether a name is written as one thing among many or as a thing someone owns: after
    "a" or "an" ("you can charge an Acme Pad or Volta"), a possessive pronoun ("my Volta
    Pro") or its size ("her 12-inch Volta"). A body or a person is one of a kind: "an Acme
    spokesman" counts the spokesman, "a Democrat" names one of a people, and in "a claim Roe
    denied" the "a" is the claim's."""
    if root.ent_type_ in _PEOPLE_LABELS or _runs_on_as_a_modifier(root):
        return False
    first = root
    while first.dep_ == "conj" and first.head.i != first.i and first.head.pos_ == "PROPN":
        first = first.head
    for token in {root, first}:
        begins = start if token is root else token.i
        for left in token.lefts:
            if left.i >= begins or not _only_sizes_and_adjectives(token.doc[left.i + 1 : begins]):
                continue
            if left.dep_ == "det" and left.lower_ in COUNTING_DETERMINERS:
                return True
            if (left.dep_ == "poss" and left.tag_ == "PRP$") or _size(left):
                return True
    return False


def _size(token: Token) -> bool:
    return token.lemma_.lower() in SIZE_UNITS or token.lower_.endswith("-inch")


def _only_sizes_and_adjectives(between: Span) -> bool:
    """Whether the words between a determiner and a name only describe it ("a new", "her
    12-inch"): a noun between ("a claim Roe denied") is what the determiner counts."""
    return all(t.tag_ in ("JJ", "CD", "HYPH") or t.is_punct or _size(t) for t in between)


def _runs_on_as_a_modifier(root: Token) -> bool:
    """Whether the words right after a name go on describing something the name modifies, as
    the parser may miss ("a new Acme all-time low")."""
    after = root.doc[root.i + 1] if root.i + 1 < len(root.doc) else None
    return after is not None and after.is_lower and after.pos_ in ("NOUN", "ADJ", "DET")


# Entity labels of a number that is an amount, not a model's: "$10 Acme credit", "10% Acme".
_AMOUNT_LABELS = frozenset({"MONEY", "PERCENT", "QUANTITY", "DATE", "TIME", "ORDINAL"})


def after_a_model_number(doc: Doc, start: int) -> bool:
    """Whether a one-word "person" goes on from a model's number, as the rest of a product's
    name: "the 737 Max jets", "an Acme 11 Pro Max". A year or a count that belongs elsewhere
    in the sentence ("In 2016 Trump won") leans on no part of the name; an amount ("$10 Acme
    credit") is no model number. ("30 Acme jets" counts a company's planes: only a name the
    model took for a person's is asked.)"""
    if start == 0:
        return False
    number = doc[start - 1]
    if not any(c.isdigit() for c in number.text) or number.ent_type_ in _AMOUNT_LABELS:
        return False
    return number.head.i >= start and number.dep_ in ("compound", "nummod", "nmod", "amod")


def _titled_as_a_person(chain: Iterable[Token]) -> bool:
    """Whether the words before a name after "the new" are a person's title: "the new coach
    Dana Roe", "the new chief executive Sam Poole" name people, "the new e-tron Arrow" a model."""
    return any(is_human_noun(t) or normalise(t.text) in TITLE_WORDS for t in chain)


_OFFICE_TITLE_WORDS = tuple(title.split() for title in OFFICE_TITLES)


def office_after(doc: Doc, end: int) -> int | None:
    """The end of a public office's title right after a place or body's name, in capitals and
    with no holder's name after it ("the New York State Attorney General's office", "the Cook
    County Treasurer said"), or None ("New York Attorney General Dana Roe" is her role)."""
    if end >= len(doc):
        return None
    first_word = doc[end].lower_
    for words in _OFFICE_TITLE_WORDS:
        if words[0] != first_word:
            continue
        stop = end + len(words)
        if stop > len(doc) or any(
            t.lower_ != w or (w != "of" and not t.is_title)
            for t, w in zip(doc[end:stop], words, strict=True)
        ):
            continue
        after = doc[stop] if stop < len(doc) else None
        if after is None or not (after.pos_ == "PROPN" or after.ent_type_ == "PERSON"):
            return stop
    return None


def state_after_city(doc: Doc, start: int, end: int) -> bool:
    """Whether a name is a US state's postal code after a city and a comma ("Tampa, FL",
    "West Palm Beach, FL"): an address, the scene of an event."""
    if end - start != 1 or start < 2:
        return False  # asked first: most names are longer, and doc[i] makes a Token
    token = doc[start]
    return (
        len(token.text) == 2
        and token.is_upper
        and token.lower_ in US_STATE_CODES
        and doc[start - 1].text == ","
        and doc[start - 2].is_title
    )


def person_listed_as_a_thing(doc: Doc, start: int, end: int, root: Token) -> bool:
    """Whether a name the model took for a product or a work ("Marcel Granollers and Ann Li
    won") is a person: a given name and a surname, listed with a person. "Mercedes Benz and
    Tesla" lists no person."""
    if end - start != 2 or not all(t.is_title and t.pos_ == "PROPN" for t in doc[start:end]):
        return False
    if not is_first_name(doc[start].text):
        return False
    first = root
    while first.dep_ == "conj" and first.head.i != first.i:
        first = first.head
    members = [first, *(t for t in first.subtree if t.dep_ == "conj")]
    return any(t.i != root.i and t.ent_type_ == "PERSON" for t in members)


def named_as_a_term(doc: Doc, start: int, root: Token) -> bool:
    """Whether a name is an epithet given to something after a naming word and "the" ("the
    disease dubbed the Black Death", "it was known as the 'Iron Gate'"): a term, not an actor.
    "A man known as Dana Roe" gives a person's name."""
    i = start - 1
    while i >= 0:
        before = doc[i]  # made once: a Token is a new object at each doc[i]
        if not before.is_quote:
            break
        i -= 1
    if i < 0 or before.lower_ != "the":
        return False
    if root.dep_ == "oprd":
        return root.head.lemma_.lower() in NAMING_VERBS
    return (
        root.dep_ == "pobj"
        and root.head.lower_ == "as"
        and root.head.head.lower_ in NAMING_BEFORE_AS
    )


def surname_after_first_name(doc: Doc, ent: Span) -> int | None:
    """Where a person's name starts when the model took its surname for a date or a number
    and left the given name untagged ("Australian Timothy Weeks"): the given name's token, or
    None. "Monday Weeks" or "Blue Weeks" give no given name."""
    if len(ent) != 1 or ent.start == 0 or not ent[0].is_title:
        return None
    given = doc[ent.start - 1]
    if given.ent_iob_ != "O" or given.pos_ != "PROPN" or not given.is_title:
        return None
    return given.i if is_first_name(given.text) else None


def published_in(doc: Doc, start: int, end: int, root: Token) -> int | None:
    """Where a publication's name starts when a name is where a text came out ("a study
    published in Harlow Medical Reports", "his essay appeared in the Tribune"), taking in the
    capitalised words that lean on it ("Harlow" when the model tagged "Medical Reports"), or
    None. "She was born in Harlow" and "she appeared with Dana Roe" name no publication."""
    if root.dep_ != "pobj" or root.head.lower_ != "in":
        return None
    verb = root.head.head
    if verb.pos_ not in ("VERB", "AUX") or verb.lemma_.lower() not in PUBLISHED_IN_VERBS:
        return None
    while (
        start > 0
        and doc[start - 1].pos_ == "PROPN"
        and doc[start - 1].dep_ == "compound"
        and start <= doc[start - 1].head.i < end
    ):
        start -= 1
    return start


def _owner_noun(token: Token) -> bool:
    """ "parent", "parent company": a noun for the company that owns another now ("its former
    parent" no longer does)."""
    if any(c.lower_ in PAST_RELATION_WORDS for c in token.lefts):
        return False
    return token.lemma_.lower() in PARENT_COMPANY_NOUNS or any(
        c.dep_ in ("compound", "amod") and c.lemma_.lower() in PARENT_COMPANY_NOUNS
        for c in token.lefts
    )


def parent_company_of(doc: Doc, root: Token) -> str | None:
    """The brand a company's name owns, written beside it as its parent ("Zenbo's parent
    company, Zenbo Group," or "Zenbo Group, the parent company of Zenbo,"), or None: one
    actor under the brand's name. "Zenbo's rival, Acme" and "Acme, a partner of Zenbo" are two."""
    noun = None
    if root.dep_ == "appos" and _owner_noun(root.head):
        noun = root.head
    else:
        noun = next((c for c in root.rights if c.dep_ == "appos" and _owner_noun(c)), None)
    if noun is None:
        return None
    owned = [c for c in noun.children if c.dep_ == "poss"]
    owned += [g for c in noun.rights if c.dep_ == "prep" and c.lower_ == "of" for g in c.children]
    for token in owned:
        if token.ent_type_ == "ORG" and token.ent_iob_ in ("B", "I"):
            ent = next(e for e in doc.ents if e.start <= token.i < e.end)
            words = [t.text for t in ent if t.tag_ != "POS" and t.lower_ != "the"]
            return " ".join(words) or None
    return None


def plays_as_a_team(root: Token) -> bool:
    """Whether a place is a side in a match result, its national team: "Spain beat Russia",
    "a 2-1 win over Russia", "the victory for Spain" (not "a win in Madrid", "talks in Spain")."""
    while root.dep_ == "conj" and root.head.i != root.i:
        root = root.head
    head = root.head
    if root.dep_ == "nsubj" and scored_in_its_clause(head):
        return True
    if root.dep_ in ("nsubj", "dobj"):
        return head.lemma_.lower() in MATCH_RESULT_VERBS
    return (
        root.dep_ == "pobj"
        and head.lower_ in MATCH_RESULT_PREPOSITIONS
        and head.head.lemma_.lower() in MATCH_RESULT_NOUNS
    )


# A score or a win-loss(-tie) record as sports reports write them ("45-17", "14-0-1"), not a
# year ("2019-20"), a share ("10-25%") nor part of a longer number.
_SCORE = re.compile(
    r"(?<![\d.,$-])\d{1,3}-\d{1,3}(?:-\d{1,3})?(?![\d%-])(?!\s*(?:percent|per cent))"
)


def scored_in_its_clause(verb: Token) -> bool:
    """Whether the clause of a verb holds a score or a record, as a side's result does:
    "Harlow rolled past Leeds, 45-17", "Harlow improved to 14-0-1 this season". "Harlow
    raised tariffs by 10-25 percent" or "Harlow grew in 2019-20" holds none."""
    doc = verb.doc
    text = doc_text(doc)
    left, right = verb.left_edge, verb.right_edge
    return _SCORE.search(text, left.idx, right.idx + len(right.text)) is not None


# A side's win-loss(-tie) record in brackets right after its name: "Harlow (4-0)", "(10-2-1)".
_RECORD = re.compile(r"\s?\(\d{1,3}-\d{1,3}(?:-\d{1,3})?\)")


def record_after_name(doc: Doc, start: int, end: int, label: str) -> bool:
    """Whether a name is a side's, its win-loss record in brackets right after it, as sports
    results and roundups list teams ("Harlow (4-0): Dana Roe 2 goals", "No. 5 Harlow (10-2)
    hosts Leeds"). A pitcher's or a boxer's record follows a person's full name ("Dana Roe
    (15-5) struck out ten"), which stays a person."""
    if label == "PERSON" and end - start > 1 and is_first_name(doc[start].text):
        return False
    _starts, ends = token_bounds(doc)
    return _RECORD.match(doc_text(doc), ends[end - 1]) is not None


def plus_product_end(doc: Doc, end: int) -> int:
    """Where a name ends when a product named with a plus follows it ("Zenbo TV+", "Zenbo
    +"): the service is a product of its own, not its maker, so the name takes it in. "Zenbo
    and TV" or "Zenbo +5%" holds no such product."""
    if end >= len(doc):
        return end
    # The word after, cut from the text by its offsets: no Token for it or for the name's end.
    starts, ends = token_bounds(doc)
    after = doc_text(doc)[starts[end] : ends[end]]
    if after == "+" and ends[end - 1] == starts[end]:  # glued: "Zenbo+"
        return end + 1
    word = after[:-1]
    if after.endswith("+") and word[:1].isupper() and word.isalnum():
        return end + 1
    return end


def team_in_a_match_result(doc: Doc, start: int, end: int) -> bool:
    """Whether an untagged name is a club's, a plural after "the" that is a side in a match
    result ("after Monday's loss to the Rivermen", "the Harlow Hawks beat the Rivermen");
    "a holiday with the Robinsons" or "a win in the Alps" is none."""
    last = doc[end - 1]
    plural = last.tag_ == "NNPS" or (last.text.endswith("s") and not last.text.endswith("ss"))
    return start > 0 and doc[start - 1].lower_ == "the" and plural and plays_as_a_team(last)


def titled_by_its_part(root: Token) -> bool:
    """Whether a name is a show's, film's or book's title, after a part of it and "of" ("the
    third season of The Crown", "the final episode of Harlow Heights"): a work, whatever the
    model tagged. "The cast praised Dana Roe" and "a season of protests" name none."""
    return (
        root.dep_ == "pobj"
        and root.head.lower_ == "of"
        and root.head.head.lemma_.lower() in WORK_PART_NOUNS
    )


def owned_by_a_person(doc: Doc, start: int, end: int) -> bool:
    """Whether an untagged name is a business written as its owner's, after a person's full
    name in the possessive: "Elon Musk's SpaceX among them", "Dana Roe's Zenbo said". Not a
    name describing the noun after it ("Dana Roe's Zenbo shares"), nor one after a single name
    ("Smith's Bluebell")."""
    if start < 3 or doc[start - 1].tag_ != "POS":
        return False
    owner = doc[start - 2]
    full_name = owner.ent_type_ == "PERSON" and doc[start - 3].ent_type_ == "PERSON"
    return full_name and doc[end - 1].dep_ not in ("compound", "amod", "nmod")

"""Who stands behind a speaker written as a description or a document ("the statement said", "a
spokeswoman for Acme said", "the company said", "his lawyer, Jane Roe, said"): the person or
organisation the article names.

DESCRIPTION_RULES is an ordered table of named rules, each with an example in its docstring;
the first that finds someone wins, and when none does the resolver keeps the description as
written (bot.nlp.speakers). Rules only look back in the text, except for a role the article
gives a name a few sentences later.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Protocol

from spacy.tokens import Doc, Token

from bot.nlp.actor_kinds import looks_like_name
from bot.nlp.lexicon import (
    AUTHORED_NOUNS,
    BODIES_OF_PEOPLE,
    DESCRIBED_PERSON_SUFFIXES,
    DOCUMENT_NOUNS,
    GENERIC_ORG_NOUNS,
    INDEFINITE,
    MAKER_PREPOSITIONS,
    NAME_LABELS,
    NOBODY_IN_PARTICULAR,
    ORG_DESCRIPTION_NOUNS,
    PEOPLE_NOUNS,
    POINTING_WORDS,
    PUBLISHING_VERBS,
    READING_VERBS,
    RELATION_NOUNS,
    RELEASE_PREPOSITIONS,
    SPEAKING_NOUNS,
    SPEAKING_THINGS,
    SPEECH_VERBS,
    SPOKEN_FOR_PREPOSITIONS,
    SPOKESPERSON_NOUNS,
    THIRD_PERSON_PRONOUNS,
    UNNAMED_PERSON_NOUNS,
    WRITER_PRONOUNS,
)
from bot.nlp.records import Actor, ActorKind
from bot.nlp.resolved import Speaker


class Resolver(Protocol):
    """What the rules ask of the speaker resolver (bot.nlp.speakers.SpeakerResolver)."""

    @property
    def doc(self) -> Doc: ...
    @property
    def actor_at(self) -> Sequence[Actor | None]: ...
    @property
    def quote_of(self) -> Sequence[int]: ...
    @property
    def sent_of(self) -> Sequence[int]: ...
    def resolve(self, token: Token) -> Speaker | None: ...
    def speaker(self, actor: Actor) -> Speaker: ...
    def nearest(self, token: Token, check: Callable[[Actor], bool]) -> Actor | None: ...
    def ahead(
        self, token: Token, check: Callable[[Actor], bool], sentences: int
    ) -> Actor | None: ...
    def lookback_start(self, token: Token) -> int: ...
    def as_written(self, token: Token) -> str: ...


# Sentences after a description where the article may give its name ("China's ambassador ...
# Ambassador Liu Xiaoming has said").
AHEAD_SENTENCES = 6


def _determiner(token: Token) -> str | None:
    return next((c.lower_ for c in token.lefts if c.dep_ == "det"), None)


def _indefinite(token: Token) -> bool:
    """ "an officer", "one legal expert", "another aide": someone not met before."""
    return any(c.dep_ in ("det", "nummod") and c.lower_ in INDEFINITE for c in token.lefts)


def _owner(token: Token) -> Token | None:
    """Who a description belongs to: "Acme's", "his", "a spokesman for Acme", "an Acme
    spokesman" (a compound holding a name)."""
    for child in token.lefts:
        if child.dep_ == "poss":
            return child
    for child in token.rights:
        if child.dep_ == "prep" and child.lower_ in SPOKEN_FOR_PREPOSITIONS:
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    return pobj
    for child in reversed(list(token.lefts)):
        if child.dep_ in ("compound", "nmod") and any(t.pos_ == "PROPN" for t in child.subtree):
            return child
    return None


def _maker(document: Token) -> Token | None:
    """Who made a document, named with it: "Acme's letter", "a statement from Acme", "a letter
    signed by Acme"."""
    # Not a name compounded with it: "FEC filings" are filed with the FEC, not by it.
    for child in document.lefts:
        if child.dep_ == "poss":
            return child
    for child in document.rights:
        preps = [child] if child.dep_ == "prep" and child.lower_ in MAKER_PREPOSITIONS else []
        if child.dep_ == "acl" and child.lemma_.lower() not in READING_VERBS:
            # "signed by", "conducted by"; not "reviewed by", "obtained by"
            preps = [c for c in child.children if c.dep_ == "agent"]
        for prep in preps:
            for pobj in prep.children:
                if pobj.dep_ == "pobj":
                    return pobj
    return None


def _subject_of(verb: Token) -> Token | None:
    """The subject of a verb, or of the verb it is coordinated with ("Acme met and issued")."""
    for _ in range(3):
        for child in verb.lefts:
            if child.dep_ in ("nsubj", "nsubjpass"):
                return child
        if verb.dep_ != "conj":
            return None
        verb = verb.head
    return None


def _publisher(document: Token) -> Token | None:
    """Who put out a document the sentence speaks through: "Acme published a post that said",
    "Acme issued a statement saying", "according to a memo Acme drafted"."""
    head = document.head
    if document.dep_ == "dobj" and head.lemma_.lower() in PUBLISHING_VERBS:
        return _subject_of(head)
    for clause in document.rights:
        if clause.dep_ == "relcl" and clause.lemma_.lower() in PUBLISHING_VERBS:
            subject = _subject_of(clause)
            if subject is not None and subject.tag_ not in ("WP", "WDT"):
                return subject
    return None


def _author(document: Token) -> Token | None:
    """The author of a mention of a document: its maker, or the subject of the verb that put it
    out ("Acme said in a statement", "Acme issued a statement")."""
    maker = _maker(document)
    if maker is not None:
        return maker
    head = document.head
    if document.dep_ == "pobj" and head.lower_ in RELEASE_PREPOSITIONS:
        verb = head.head
        if verb.pos_ in ("VERB", "AUX") and verb.lemma_.lower() in SPEECH_VERBS:
            return _subject_of(verb)
    if document.dep_ == "dobj" and head.lemma_.lower() in PUBLISHING_VERBS | SPEECH_VERBS:
        return _subject_of(head)
    return None


def _earlier(r: Resolver, token: Token) -> Iterator[Token]:
    """Tokens before `token` outside quotes, nearest first, as far back as antecedents go."""
    for i in range(token.i - 1, r.lookback_start(token) - 1, -1):
        if r.quote_of[i] < 0:
            yield r.doc[i]


def _names_someone(r: Resolver, token: Token) -> bool:
    """Whether a description holds a name ("the Trump campaign", "the German government"); a
    title in quotation marks is none ('the "Pose" actor')."""
    return any(
        (t.pos_ == "PROPN" or t.ent_type_ in NAME_LABELS) and r.quote_of[t.i] < 0
        for t in token.subtree
        if t.i != token.i
    )


def described_kind(token: Token) -> ActorKind | None:
    """What a description's head can stand for as a speaker: a person or a group of people
    ("the senator", "his aunt", "the senators", "the family"), an organisation ("the agency",
    "the carrier"), or nothing when it is a thing that is no one ("the evidence", "her eyes",
    "the mission", "a blog post", "the data")."""
    lemma = token.lemma_.lower()
    if lemma in ORG_DESCRIPTION_NOUNS:
        return "organization"
    if lemma in AUTHORED_NOUNS or lemma in DOCUMENT_NOUNS or lemma in SPEAKING_THINGS:
        return None
    if lemma in BODIES_OF_PEOPLE:
        return "group"
    if (
        _is_person_noun(lemma)
        or lemma in SPEAKING_NOUNS
        or lemma in RELATION_NOUNS
        or lemma in NOBODY_IN_PARTICULAR
    ):
        return "group" if token.tag_ in ("NNS", "NNPS") else "person"
    return None


def _is_person_noun(lemma: str) -> bool:
    """Whether the head of a speaker's description is a person ("the actor", "the singer"):
    looser than for actors, as the subject of a reporting verb is seldom a thing."""
    if lemma in ORG_DESCRIPTION_NOUNS or lemma in AUTHORED_NOUNS or lemma in DOCUMENT_NOUNS:
        return False
    return lemma in PEOPLE_NOUNS or lemma.endswith(DESCRIBED_PERSON_SUFFIXES)


def appositive_name(r: Resolver, token: Token) -> Speaker | None:
    """'His lawyer, Jane Roe, said ...': the name beside a description is who speaks."""
    for child in token.rights:
        if child.dep_ == "appos" and (r.actor_at[child.i] is not None or child.pos_ == "PROPN"):
            return r.resolve(child)
    closing = _name_closing_description(token)
    if closing is not None:
        return r.resolve(closing)
    # "According to his aunt, Jane Roe, ..." parsed as two objects of "to": a name set off by
    # commas right after the description is still its appositive.
    doc, comma = r.doc, token.right_edge.i + 1
    if comma + 1 >= len(doc) or doc[comma].text != ",":
        return None
    actor = r.actor_at[comma + 1]
    if actor is None or actor.kind not in ("person", "organization"):
        return None
    end = comma + 1
    while end < len(doc) and r.actor_at[end] is actor:
        end += 1
    return r.speaker(actor) if end < len(doc) and doc[end].is_punct else None


def _name_closing_description(token: Token) -> Token | None:
    """'A pastor backing Bo Li, Ann Roe of Dayton, said ...': a name set off as the appositive
    of a person's name inside the description, closing it, is the description's own
    appositive (a person's name seldom takes a second name beside it); the parser hangs it on
    the nearer name. "A resident of Dayton, Ohio," names a place, not the resident."""
    end = token.right_edge.i
    while end > token.i and token.doc[end].is_punct:
        end -= 1
    for word in token.subtree:
        if (
            word.dep_ == "appos"
            and word.pos_ == "PROPN"
            and word.ent_type_ in ("PERSON", "")
            and word.head.ent_type_ == "PERSON"
            and word.head.i != token.i
            and word.right_edge.i == end
            and word.left_edge.i > token.i
            and token.doc[word.left_edge.i - 1].text == ","  # not "(D-Ohio)"
        ):
            return word
    return None


def spokesperson_for(r: Resolver, token: Token) -> Speaker | None:
    """'A spokeswoman for Acme said ...', "Acme's spokesman said", 'an Acme spokesman said':
    the body or person spoken for."""
    if token.lemma_.lower() not in SPOKESPERSON_NOUNS:
        return None
    owner = _owner(token)
    return r.resolve(owner) if owner is not None else None


def document_author(r: Resolver, token: Token) -> Speaker | None:
    """'Acme said in a statement on Monday. "...," the statement said': a document speaks for
    its author, named with it ("Acme's letter said", 'a study by the Acme Institute concluded
    that "..."'), putting it out ("Acme published a post that said") or where the article first
    gave it."""
    lemma = token.lemma_.lower()
    if lemma not in AUTHORED_NOUNS and lemma not in DOCUMENT_NOUNS:
        return None
    maker = _maker(token)
    if maker is not None:
        return r.resolve(maker)
    publisher = _publisher(token)
    found = r.resolve(publisher) if publisher is not None else None
    if found is not None:
        return found
    if lemma not in AUTHORED_NOUNS:
        return None  # "the study", "a poll": only its maker named with it speaks for it
    if _indefinite(token):
        return None  # "a statement said": one not met before
    for same_word in (True, False):
        for earlier in _earlier(r, token):
            word = earlier.lemma_.lower()
            if word not in AUTHORED_NOUNS or (same_word and word != lemma):
                continue
            author = _author(earlier)
            if author is not None and author.lemma_.lower() not in AUTHORED_NOUNS:
                found = r.resolve(author)
                if found is not None:
                    return found
    return None


def role_named_nearby(r: Resolver, token: Token) -> Speaker | None:
    """'"...," the ambassador said' where the article calls Liu Xiaoming "China's ambassador":
    the person whose role the description repeats, before it or a few sentences after."""
    head = token.lemma_.lower()
    if token.tag_ != "NN" or not _is_person_noun(head) or _indefinite(token):
        return None
    if _determiner(token) is None and not any(c.dep_ == "poss" for c in token.lefts):
        return None
    names = {t.lower_ for t in token.subtree if t.pos_ == "PROPN"}

    def fits(actor: Actor) -> bool:
        role = (actor.role or "").lower()
        if actor.kind != "person" or head not in role.split():
            return False
        return not names or any(n in role for n in names)

    actor = r.nearest(token, fits) or r.ahead(token, fits, AHEAD_SENTENCES)
    return r.speaker(actor) if actor is not None else None


def _described_body(r: Resolver, token: Token) -> Actor | None:
    """The organisation a noun such as "company" or "agency" at `token` stands for: the one the
    article last named whose name or role holds the noun, or for a word any body may go by
    ("the company"), the last one named."""
    head = token.lemma_.lower()

    def named_so(actor: Actor) -> bool:
        words = f"{actor.name} {actor.role or ''}".lower().split()
        return actor.kind in ("organization", "group") and head in words

    actor = r.nearest(token, named_so)
    if actor is None and head in GENERIC_ORG_NOUNS:
        actor = r.nearest(token, lambda a: a.kind == "organization")
    return actor


def spokesperson_of_described_body(r: Resolver, token: Token) -> Speaker | None:
    """'Acme Corp. cut 60 jobs. A company spokesperson said ...': a spokesperson described by
    the kind of body they speak for ("a company spokesperson", "an agency spokesman") speaks
    for the organisation the article last named so; "a spokesperson" alone names no one."""
    if token.lemma_.lower() not in SPOKESPERSON_NOUNS or _names_someone(r, token):
        return None
    for child in token.lefts:
        if (
            child.dep_ in ("compound", "nmod")
            and child.tag_ == "NN"
            and child.lemma_.lower() in ORG_DESCRIPTION_NOUNS
        ):
            actor = _described_body(r, child)
            return r.speaker(actor) if actor is not None else None
    return None


def organisation_described(r: Resolver, token: Token) -> Speaker | None:
    """'Acme Corp. cut 60 jobs. "...," the company said': "the company", "the agency", "the
    production company" is the organisation the article last named whose name or role holds
    the noun, or for a word any body may go by ("the company"), the last one named."""
    head = token.lemma_.lower()
    if head not in ORG_DESCRIPTION_NOUNS or token.tag_ != "NN" or _determiner(token) != "the":
        return None
    if _names_someone(r, token):
        return None  # "the Trump campaign" is a name as written
    actor = _described_body(r, token)
    return r.speaker(actor) if actor is not None else None


def _unnamed_before(r: Resolver, token: Token) -> bool:
    """Whether the description refers to someone the article met unnamed ("an officer ...
    the officer said")."""
    lemma = token.lemma_.lower()
    return any(
        earlier.lemma_.lower() == lemma
        and r.actor_at[earlier.i] is None
        and _indefinite(earlier)
        and not any(c.dep_ == "appos" for c in earlier.rights)
        for earlier in _earlier(r, token)
    )


def unnamed_person(r: Resolver, token: Token) -> bool:
    """Whether a description stands for one person the article does not name: someone met
    for the first time ("one legal expert said", "a neighbour said", "another user wrote"), a
    story's way of not naming someone ("the man said"), or one met so before ("one legal expert
    ... the expert said"). "Critics", "the senator", "his aunt" are not such, nor is one
    described by a capitalised word ("a Chinese official", "an ICE spokeswoman"): that word
    says whose."""
    if token.tag_ != "NN":
        return False
    if any(
        t.is_title or t.is_upper
        for t in token.subtree
        if t.i != token.i and t.i > token.left_edge.i
    ):
        return False
    if _indefinite(token) or token.lemma_.lower() in UNNAMED_PERSON_NOUNS:
        return True
    return _determiner(token) == "the" and _unnamed_before(r, token)


def person_described(r: Resolver, token: Token) -> Speaker | None:
    """'Ann Roe lost the baby in May. "...," the actor said': a definite description of one
    person ("the actor", "the singer") is the person last named as a subject, unless the article
    met someone unnamed by that noun ("a neighbour ... the neighbour said")."""
    head = token.lemma_.lower()
    if token.tag_ != "NN" or _determiner(token) != "the" or _names_someone(r, token):
        return None
    if not _is_person_noun(head) or head in NOBODY_IN_PARTICULAR | SPOKESPERSON_NOUNS:
        return None
    if head in UNNAMED_PERSON_NOUNS:
        return None  # "the man", "the patient": a story's way of not naming someone
    if any(c.dep_ == "prep" for c in token.rights) or _unnamed_before(r, token):
        return None  # "the head of the agency" names whom by its phrase
    actor = r.nearest(token, lambda a: a.kind == "person")
    return r.speaker(actor) if actor is not None else None


DescriptionRule = Callable[[Resolver, Token], Speaker | None]
DESCRIPTION_RULES: tuple[DescriptionRule, ...] = (
    appositive_name,
    spokesperson_for,
    spokesperson_of_described_body,
    document_author,
    role_named_nearby,
    organisation_described,
    person_described,
)


def unnamed_source_of_report(r: Resolver, token: Token) -> Speaker | None:
    """'Others say the plan failed.', 'One official said the talks had stalled.': reported
    speech whose source the article leaves unnamed keeps that source as written, of no kind
    (so no archive actor is made of it, nor of one written like a name): a paraphrase is a
    claim only with whose it is. A direct quote by the same source keeps no speaker (its words
    are shown as said). A pronoun ("he said") is resolved or nobody, and a word that only
    points elsewhere ("that suggests") is no source, nor is a document no one is said to
    have put out ("a blog post said")."""
    lower, lemma = token.lower_, token.lemma_.lower()
    if lower in THIRD_PERSON_PRONOUNS or lower in WRITER_PRONOUNS or lower in POINTING_WORDS:
        return None
    if lemma in AUTHORED_NOUNS or lemma in DOCUMENT_NOUNS or lemma in SPEAKING_THINGS:
        return None  # "a blog post said": a document nobody is said to have put out
    if token.pos_ not in ("PRON", "NOUN", "PROPN", "NUM", "DET", "ADJ"):
        return None
    written = r.as_written(token)
    if not written or looks_like_name(written):
        return None  # a name the resolver did not take is not made an actor here
    return Speaker(written, None, "unnamed_source_of_report")

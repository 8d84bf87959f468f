"""Resolves the speaker of a quote as written ("he", "the senators", "Trump") to an actor.

Names are looked up in the actors' mention offsets; pronouns go to the nearest compatible
antecedent (a person for he/she, a group or organisation for they), preferring the subject of
the nearest earlier sentence, and descriptions ("the senator") to the nearest earlier actor whose
role or name holds the description's head noun. Everything is indexed once per doc.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import cached_property

from spacy.attrs import POS
from spacy.tokens import Doc, Token

from bot.nlp.actors import ActorIndex, normalise
from bot.nlp.descriptions import DESCRIPTION_RULES, described_kind, unnamed_person
from bot.nlp.docmemo import columns
from bot.nlp.first_names import name_votes
from bot.nlp.lexicon import (
    ARTICLES,
    AUTHORED_NOUNS,
    BACK_POINTING_PRONOUNS,
    COLLECTIVES,
    DESCRIPTION_PREPOSITIONS,
    FEMALE_TITLES,
    GENDERED_PRONOUNS,
    GROUP_PRONOUNS,
    INDEFINITE,
    MALE_TITLES,
    NAME_LABELS,
    NOBODY_IN_PARTICULAR,
    ORG_NOUNS,
    ORG_PRONOUNS,
    PERSON_PRONOUNS,
    POSSESSIVES,
)
from bot.nlp.quotemarks import ALL_MARKS
from bot.nlp.records import Actor, ActorKind
from bot.nlp.resolved import Speaker
from bot.nlp.scan import counts_before

# How many sentences back a pronoun or description looks for its referent.
LOOKBACK_SENTENCES = 8
MAX_DESCRIPTION_TOKENS = 7
# Clauses hung on a description ("a post that said ...", "a video released by ..."), whose
# names are not the description's own.
CLAUSE_DEPS = ("relcl", "acl", "advcl", "ccomp")


def _member_of(token: Token) -> Token:
    """ "A group of senators", "some of his aides": the people the quantity is made of."""
    if token.lemma_.lower() not in COLLECTIVES and token.lower_ not in NOBODY_IN_PARTICULAR:
        return token
    for child in token.rights:
        if child.dep_ == "prep" and child.lower_ == "of":
            for pobj in child.children:
                if pobj.dep_ == "pobj" and pobj.pos_ in ("NOUN", "PROPN"):
                    return pobj
    return token


def _points_back(pronoun: Token) -> bool:
    """Whether a gendered pronoun can stand for its sentence's subject: as a subject ("he"),
    an owner ("his", "her" as possessive) or a reflexive, not as an object ("him", "her")."""
    lower = pronoun.lower_
    if lower in BACK_POINTING_PRONOUNS:
        return True
    return lower == "her" and pronoun.dep_ == "poss"


def _one_member(token: Token, actor: Actor) -> bool:
    """Whether a singular noun with a determiner names one member of a group actor ("an Ohio
    Democrat" inside the mentions of Democrats) rather than the group; "one" counts, which the
    parser takes for a number ('," said one Ohio Democrat')."""
    return (
        actor.kind == "group"
        and token.tag_ in ("NN", "NNP")
        and any(
            c.dep_ in ("det", "nummod") and c.lower_ in ("the", *INDEFINITE) for c in token.lefts
        )
    )


@dataclass(frozen=True, slots=True)
class _Mention:
    actor: Actor
    token: int  # head token of the mention
    depth: int  # distance of that token from its sentence root: main-clause subjects are shallow
    subject: bool
    # The owner or a name word of a subject ("Trump's chairman, Rex Early, said"): a subject,
    # but the subject's own name outranks it.
    owner: bool = False


def _mention(actor: Actor, root: Token, heads: Sequence[int]) -> _Mention:
    """A mention of `actor` headed by `root`; a name in apposition to a subject ("His campaign
    manager, Jeff Weaver, said") is that subject."""
    dep, head_dep = root.dep_, root.head.dep_
    owner = dep in ("poss", "compound") and head_dep == "nsubj"
    subject = dep in ("nsubj", "nsubjpass") or owner
    subject = subject or (dep == "appos" and head_dep in ("nsubj", "nsubjpass"))
    return _Mention(actor, root.i, _depth(heads, root.i), subject, owner)


def _rank(m: _Mention) -> tuple[bool, bool, int, int]:
    return (not m.subject, m.owner, m.depth, m.token)


def _mistagged_subject(token: Token) -> bool:
    """A capitalised word the tagger took for a noun, adverb or adjective that is the subject
    of a verb: "WeWork is headquartered", "Simmons teased" (nouns), "..., Early says" (an
    adverb before its verb with no subject). Whether it names someone is the caller's to ask."""
    if not token.is_alpha or not token.text[0].isupper() or token.pos_ == "PROPN":
        return False
    if token.pos_ not in ("NOUN", "ADV", "ADJ", "X"):
        return False
    if token.dep_ in ("nsubj", "nsubjpass"):
        return True
    verb = token.head
    return (
        token.dep_ == "advmod"
        and verb.pos_ == "VERB"
        and token.i == verb.i - 1
        and not any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in verb.children)
    )


def _person_taken_for_a_body(actor: Actor, gender: str) -> bool:
    """'Carly Roe ... she said' with "Carly Roe" taken for an organisation: a first name and a
    surname whose first name says he or she (the first-name resource, evidence only) may still
    be who the pronoun stands for; "Acme Power" or a one-word "Roe" may not."""
    if actor.kind != "organization" or len(actor.name.split()) != 2:
        return False
    found = name_votes(actor.name)
    return found is not None and found[0] == gender


def _depth(heads: Sequence[int], i: int) -> int:
    """How many heads up token i's clause root is (heads: each token's head's index)."""
    depth = 0
    while heads[i] != i and depth < 50:
        i = heads[i]
        depth += 1
    return depth


class SpeakerResolver:
    """Resolves subjects of reporting verbs in one doc to the doc's actors."""

    def __init__(
        self,
        doc: Doc,
        actors: Sequence[Actor],
        quote_of: Sequence[int],
        sent_of: Sequence[int],
        n_sents: int,
    ) -> None:
        """quote_of: per token the quote it lies in or -1; sent_of: per token its sentence."""
        self.doc = doc
        self.cols = columns(doc)
        self.actors = actors
        self.names = ActorIndex(actors)
        self.quote_of = quote_of
        self.sent_of = sent_of
        self.actor_at: list[Actor | None] = [None] * len(doc)
        self.by_sentence: list[list[_Mention]] = [[] for _ in range(n_sents)]
        for actor in actors:
            for start, end in actor.spans:
                span = doc.char_span(start, end, alignment_mode="expand")
                if span is None or not len(span):
                    continue
                for i in range(span.start, span.end):
                    self.actor_at[i] = actor
                root = span.root
                if quote_of[root.i] >= 0:
                    continue  # a name inside a quote is what someone said, not who spoke
                mention = _mention(actor, root, self.cols.head)
                self.by_sentence[self.sent_of[root.i]].append(mention)
        self._name_subjects()
        for mentions in self.by_sentence:
            mentions.sort(key=lambda m: m.token)
        # The same, best antecedent first: main-clause subjects, then shallow, then early.
        self.by_rank = [sorted(mentions, key=_rank) for mentions in self.by_sentence]
        # Pronoun subjects resolved so far, in text order, as mentions of their antecedents.
        self._chained = 0
        self._resolved: dict[int, Speaker | None] = {}
        # Where each sentence starts (sent_of is in text order), plus the end of the doc.
        self._starts = [len(doc)] * (n_sents + 1)
        for i in range(len(doc) - 1, -1, -1):
            self._starts[sent_of[i]] = i
        self._chain: dict[int, _Mention] = {}

    def _name_subjects(self) -> None:
        """A named subject outside the actors' mention spans ("Big Machine have denied it")
        is still a mention of the actor its name matches, so a pronoun after it finds it; so
        is an actor's name the tagger took for another word ("WeWork is headquartered", ",
        Early says")."""
        cols = self.cols
        # Either is a subject (or an adverb before its verb) tagged as one of these: the
        # columns pick them out without a Token for every other word.
        deps = {cols.id(label) for label in ("nsubj", "nsubjpass", "advmod")}
        tags = {cols.id(pos) for pos in ("PROPN", "NOUN", "ADV", "ADJ", "X")}
        for i, (dep, pos) in enumerate(zip(cols.dep, cols.pos, strict=True)):
            if dep not in deps or pos not in tags:
                continue
            if self.actor_at[i] is not None or self.quote_of[i] >= 0:
                continue
            token = self.doc[i]
            if token.dep_ in ("nsubj", "nsubjpass") and token.pos_ == "PROPN":
                actor = self.names.match(self.as_written(token))
                if actor is not None:
                    mention = _mention(actor, token, cols.head)
                    self.by_sentence[self.sent_of[i]].append(mention)
            elif _mistagged_subject(token):
                actor = self._named_by_word(token)
                if actor is not None:
                    mention = _Mention(actor, i, _depth(cols.head, i), True)
                    self.by_sentence[self.sent_of[i]].append(mention)

    def _named_by_word(self, token: Token) -> Actor | None:
        """The actor one word is the whole name, an alias or the surname of: "Early" for Chris
        Early, not "Chris" nor "Price" for a body named Price Waterhouse."""
        actor = self.names.match(token.text)
        if actor is None:
            return None
        word = normalise(token.text)
        names = [normalise(actor.name), *(normalise(a) for a in actor.aliases)]
        last = names[0].split()[-1:] if actor.kind == "person" else []
        return actor if word in names or word in last else None

    # --- gender -----------------------------------------------------------------------

    @cached_property
    def gender(self) -> dict[str, str]:
        """Which of he and she can stand for each person actor, from titles (Mr, Ms), first
        names and the pronouns that follow them. Evidence for resolution only, never shown."""
        votes: dict[str, list[int]] = {}
        for actor in self.actors:
            names = (actor.name, *actor.aliases) if actor.kind == "person" else ()
            found = next(filter(None, map(name_votes, names)), None)
            if found is not None:
                votes.setdefault(actor.name, [0, 0])[found[0] == "f"] += found[1]
        doc = self.doc
        # Each word in lower case, read from the columns: no Token for each word looked at.
        strings, lower = self.cols.strings, self.cols.lower
        for s, mentions in enumerate(self.by_sentence):
            for m in mentions:
                if m.actor.kind != "person":
                    continue
                tally = votes.setdefault(m.actor.name, [0, 0])
                for j in range(max(0, m.token - 3), m.token):
                    title = strings[lower[j]]
                    if title in MALE_TITLES:
                        tally[0] += 3
                    elif title in FEMALE_TITLES:
                        tally[1] += 3
            people = [m for m in mentions if m.actor.kind == "person" and m.subject]
            if len({m.actor.name for m in people}) != 1:
                continue
            # The only person subject of a sentence is who its gendered subject and possessive
            # pronouns point at; an object pronoun is someone else ("Bo joked to Ann that God
            # did not want her to ...").
            tally = votes[people[0].actor.name]
            i = people[0].token + 1
            while i < len(doc) and self.sent_of[i] == s:
                other = self.actor_at[i]
                if other is not None and other.kind == "person" and other is not people[0].actor:
                    break  # "Ann took shots at Bo, particularly on his plan": his may be Bo's
                g = GENDERED_PRONOUNS.get(strings[lower[i]])
                if g and self.quote_of[i] < 0 and _points_back(doc[i]):
                    tally[0 if g == "m" else 1] += 1
                i += 1
            g = self._opening_pronoun(s + 1) if people[0].depth <= 1 else None
            if g:  # "Ann Roe spoke first. She said ...": the next sentence goes on about her
                tally[0 if g == "m" else 1] += 1
        return {
            name: ("m" if m > f else "f")
            for name, (m, f) in votes.items()
            if m != f and max(m, f) >= 2 * min(m, f)
        }

    def _opening_pronoun(self, s: int) -> str | None:
        """The gender of a he/she that is the first subject of sentence s and the subject of its
        main clause, outside quotes and before any person is named in it."""
        if s >= len(self.by_sentence):
            return None
        i = self._first_subject(s)
        # The main clause's subject: "because she would ..." may be anyone.
        if i < 0 or self.doc[i].dep_ != "nsubj" or _depth(self.cols.head, i) > 1:
            return None
        if any(m.actor.kind == "person" and m.token < i for m in self.by_sentence[s]):
            return None
        return PERSON_PRONOUNS.get(self.doc[i].lower_)

    def _main_subject(self, s: int) -> int:
        """The subject of sentence s's main verb, outside quotes, or -1: "When he took the
        stage, he said ..." has the second he."""
        root = self.doc[self._starts[s] : self._starts[s + 1]].root
        for child in root.lefts:
            if child.dep_ in ("nsubj", "nsubjpass") and self.quote_of[child.i] < 0:
                return child.i
        return -1

    def _first_subject(self, s: int) -> int:
        """The first subject token of sentence s outside quotes, or -1."""
        starts = self._starts
        for token in self.doc[starts[s] : starts[s + 1]]:
            if token.dep_ in ("nsubj", "nsubjpass") and self.quote_of[token.i] < 0:
                return token.i
        return -1

    # --- resolution -------------------------------------------------------------------

    def resolve(self, token: Token) -> Speaker | None:
        """The actor a subject token stands for, or None; never a bare pronoun."""
        if token.i not in self._resolved:
            self._resolved[token.i] = self._resolve(token)
        return self._resolved[token.i]

    def _resolve(self, token: Token) -> Speaker | None:
        token = _member_of(token)
        actor = self._actor_in_phrase(token)
        lower = POSSESSIVES.get(token.lower_, token.lower_)
        if actor is not None and lower in PERSON_PRONOUNS and not self._compatible(actor, lower):
            actor = None  # "she" inside a group's or a place's span is still one person
        if actor is not None and _one_member(token, actor):
            return self._member(token)
        if actor is not None:
            return Speaker(actor.name, actor.kind, "actor_mention")
        lower = token.lower_
        if token.pos_ == "PRON" or lower in PERSON_PRONOUNS or lower in GROUP_PRONOUNS:
            found = self._pronoun(token)
            return Speaker(found.name, found.kind, "pronoun_antecedent") if found else None
        # A capitalised word the tagger took for an adverb or adjective ('," said Skelly') is a
        # name; capitalised nouns ("Critics") stay descriptions.
        mistagged = token.is_title and token.is_alpha and token.pos_ in ("ADV", "ADJ", "X", "VERB")
        if token.pos_ == "PROPN" or token.ent_type_ in NAME_LABELS or mistagged:
            written = self.as_written(token)
            actor = self.names.match(written)
            if actor is not None:
                return Speaker(actor.name, actor.kind, "name_of_actor")
            kind: ActorKind | None = "person" if token.ent_type_ == "PERSON" else None
            if token.ent_type_ in ("ORG",):
                kind = "organization"
            return Speaker(written, kind, "name_as_written")
        person = self.person_named(token)
        if person is not None:
            return Speaker(person.name, person.kind, "person_named")
        surnamed = self._surname_tagged_as_other_word(token)
        if surnamed is not None:
            return Speaker(surnamed.name, surnamed.kind, "surname_tagged_as_other_word")
        named = self._name_tagged_as_noun(token)
        if named is not None:
            return named
        for rule in DESCRIPTION_RULES:
            described = rule(self, token)
            if described is not None:
                return replace(described, how=rule.__name__)
        return self._description(token)

    # --- what the description rules (bot.nlp.descriptions) ask of the doc ---------------

    def speaker(self, actor: Actor) -> Speaker:
        return Speaker(actor.name, actor.kind)

    def nearest(self, token: Token, check: Callable[[Actor], bool]) -> Actor | None:
        """The antecedent of `token` among the actors that pass `check`."""
        return self._nearest(token, check)

    def ahead(self, token: Token, check: Callable[[Actor], bool], sentences: int) -> Actor | None:
        """The first actor passing `check` named after `token`, within `sentences` sentences."""
        s = self.sent_of[token.i]
        for m in self.by_sentence[s]:
            if m.token > token.i and check(m.actor):
                return m.actor
        for ahead in range(s + 1, min(s + sentences + 1, len(self.by_rank))):
            found = next((m for m in self.by_rank[ahead] if check(m.actor)), None)
            if found is not None:
                return found.actor
        return None

    def lookback_start(self, token: Token) -> int:
        """The first token of the sentences an antecedent of `token` may lie in."""
        return self._starts[max(0, self.sent_of[token.i] - LOOKBACK_SENTENCES)]

    @cached_property
    def _propn_before(self) -> list[int]:
        propn = self.doc.vocab.strings["PROPN"]
        return counts_before([pos == propn for pos in self.doc.to_array(POS).tolist()])

    def person_named(self, token: Token) -> Actor | None:
        """The person a capitalised word tagged as a common noun names ("Trump" opening a
        headline), or None: "Critics" names nobody."""
        if not (token.is_title and token.is_alpha and token.pos_ == "NOUN"):
            return None
        actor = self.actor_at[token.i] or self.names.match(token.text)
        return actor if actor is not None and actor.kind == "person" else None

    def _surname_tagged_as_other_word(self, token: Token) -> Actor | None:
        """'"...," From said.' after 'said Al From': a capitalised word inside a sentence that
        the tagger took for a preposition or another function word is the surname of a person
        of the article when it is exactly that; "Of Carson, Ann Roe said" names nobody."""
        if not token.is_title or not token.is_alpha or token.is_sent_start:
            return None
        if token.pos_ in ("PROPN", "NOUN", "PRON") or token.i == 0:
            return None
        before = self.doc[token.i - 1]
        if "\n" in before.text_with_ws or before.text in (".", "!", "?", ":"):
            return None  # a sentence or a line opens with it
        actor = self._named_by_word(token)
        return actor if actor is not None and actor.kind == "person" else None

    def _name_tagged_as_noun(self, token: Token) -> Speaker | None:
        """'"...," Hannity said', '"...," O’Donnell said': a bare capitalised word inside a
        sentence that the tagger took for a common noun is a name, the actor's it names or as
        written; one opening a sentence ("Critics said") or with words before it ("the
        Department") is a noun."""
        if token.pos_ != "NOUN" or not token.is_title or any(True for _ in token.lefts):
            return None
        if not token.text.replace("’", "").replace("'", "").isalpha():
            return None
        before = self.doc[token.i - 1] if token.i > 0 else None
        if before is None or token.is_sent_start or "\n" in before.text_with_ws:
            return None
        if before.text in (".", "!", "?", ":") or (
            before.text in ALL_MARKS and not before.whitespace_
        ):
            return None  # a sentence or a quote opens with it
        actor = self.names.match(token.text)
        if actor is not None:
            return Speaker(actor.name, actor.kind, "name_tagged_as_noun")
        return Speaker(token.text, None, "name_tagged_as_noun")

    def as_written(self, token: Token) -> str:
        """The speaker phrase as written: the head with its name words and modifiers."""
        if token.pos_ == "PRON":
            return token.text
        lo, hi = self._written_span(token)
        # A dash glued to a credit line's name ("-President Obama") is no part of it.
        return self.doc[lo:hi].text.strip().lstrip("-—–").strip()

    def _written_span(self, token: Token) -> tuple[int, int]:
        """The token range of a speaker phrase as written (see as_written)."""
        lo = token.i
        for child in token.lefts:
            if child.dep_ in ("compound", "amod", "det", "poss", "nmod", "nummod", "case"):
                lo = min(lo, child.left_edge.i)
        hi = token.i + 1
        for child in token.rights:
            if child.dep_ in ("flat", "compound") or (
                child.dep_ == "prep" and child.lower_ in DESCRIPTION_PREPOSITIONS
            ):
                hi = max(hi, child.right_edge.i + 1)
            else:
                break
        if hi - lo > MAX_DESCRIPTION_TOKENS:
            hi = token.i + 1
        # A verb the parser hung inside the phrase ('," tweeted Rubio spokesman Alex Conant')
        # is the cue, not part of the speaker.
        for j in range(token.i - 1, lo - 1, -1):
            if self.doc[j].pos_ in ("VERB", "AUX"):
                lo = j + 1
                break
        # Nor does a name run back over a dash set off by spaces ("problematic - Acme
        # Research:" is Acme Research; "Ann Roe - Bo's sister" stays whole).
        for j in range(token.i - 1, lo - 1, -1) if token.text[:1].isupper() else ():
            dash = self.doc[j]
            if dash.text[:1] in "-—–" and dash.whitespace_ and self.doc[j - 1].whitespace_:
                lo = j + 1
                break
        # A phrase never runs over a line break (a title line parsed into the first sentence):
        # it starts after the last break before the head, or at the head itself.
        if "\n" in token.text:
            lo = token.i
        else:
            for j in range(token.i - 1, lo - 1, -1):
                if "\n" in self.doc[j].text_with_ws:
                    lo = j + 1
                    break
        while hi > token.i + 1 and "\n" in self.doc[token.i : hi].text:
            hi -= 1
        return lo, hi

    def _member(self, token: Token) -> Speaker:
        """ "an Ohio Democrat", "the Wisconsin Republican": one person described by the group
        they belong to, shown as written; an indefinite one is nobody named before."""
        words = self.as_written(token).split()
        indefinite = words[0].lower() in INDEFINITE
        if not indefinite:
            described = self._description(token)
            if described is not None and described.kind == "person":
                return described
        while words and words[0].lower() in ("the", *INDEFINITE):
            words = words[1:]
        return Speaker(" ".join(words) or token.text, "person", "member_of_group")

    def _actor_in_phrase(self, token: Token) -> Actor | None:
        if self.actor_at[token.i] is not None:
            return self.actor_at[token.i]
        return None

    def _compatible(self, actor: Actor, pronoun: str) -> bool:
        if pronoun in PERSON_PRONOUNS:
            if actor.kind != "person":
                return _person_taken_for_a_body(actor, PERSON_PRONOUNS[pronoun])
            gender = self.gender.get(actor.name)
            return gender is None or gender == PERSON_PRONOUNS[pronoun]
        if pronoun in GROUP_PRONOUNS:
            return actor.kind == "group"
        if pronoun in ORG_PRONOUNS:
            return actor.kind == "organization"
        return False

    def _pronoun(self, token: Token) -> Actor | None:
        # "his statement", "their letter": the owner of a speech noun stands for the speaker.
        lower = POSSESSIVES.get(token.lower_, token.lower_)
        if (
            lower not in PERSON_PRONOUNS
            and lower not in GROUP_PRONOUNS
            and lower not in ORG_PRONOUNS
        ):
            return None  # I, we, you: the writer or the quoted speaker's own voice
        if lower in GROUP_PRONOUNS:
            plural = self.plural_bodies
            # An article that writes one company as plural ("Big Machine have denied it")
            # writes them all so: any organisation is then a "they" like a group of people.
            found = self._nearest(
                token, lambda a: a.kind == "group" or (bool(plural) and a.kind == "organization")
            )
            # "They" for a company or a campaign, when no group of people is near.
            return found or self._nearest(token, lambda a: a.kind == "organization")
        return self._nearest(token, lambda a: self._compatible(a, lower))

    @cached_property
    def plural_bodies(self) -> set[str]:
        """The organisations the article treats as plural ("Big Machine have denied it",
        "Acme were told"), which "they" may stand for as it does for a group of people;
        "Huawei has denied it" is an "it"."""
        found: set[str] = set()
        for mentions in self.by_sentence:
            for m in mentions:
                if m.actor.kind != "organization" or not m.subject or m.owner:
                    continue
                verb = self.doc[m.token].head
                words = [verb, *(c for c in verb.children if c.dep_ in ("aux", "auxpass"))]
                if any(w.tag_ == "VBP" or w.lower_ == "were" for w in words):
                    found.add(m.actor.name)
        return found

    def _chain_to(self, s: int) -> None:
        """Resolve the he/she/they opening the main clause of each sentence before s, in text
        order, so that "Ann Roe ... She ... She said" finds Ann Roe through the first she."""
        while self._chained < s:
            t = self._chained
            self._chained += 1  # first: its own resolution looks only at earlier sentences
            i = self._main_subject(t)
            if i < 0:
                continue
            pronoun = self.doc[i]
            if pronoun.lower_ not in PERSON_PRONOUNS and pronoun.lower_ not in GROUP_PRONOUNS:
                continue
            if any(m.token < i and m.subject for m in self.by_sentence[t]):
                continue  # "When Ann Roe left, she ...": the sentence names its subject
            found = self._pronoun(pronoun)
            if found is not None:
                self._chain[t] = _Mention(found, i, _depth(self.cols.head, i), True)

    def _nearest(self, token: Token, check: Callable[[Actor], bool]) -> Actor | None:
        """The antecedent: in this sentence the nearest earlier subject, before that the
        shallowest (main clause) compatible mention of each earlier sentence, a pronoun
        subject counting as a mention of its own antecedent."""
        s = self.sent_of[token.i]
        self._chain_to(s)
        here = None  # the nearest compatible mention before the token in its sentence
        for m in reversed(self.by_sentence[s]):
            if m.token >= token.i or not check(m.actor):
                continue
            if m.subject:
                return m.actor
            here = here or m
        for back in range(1, LOOKBACK_SENTENCES + 1):
            if s - back < 0:
                break
            best = next((m for m in self.by_rank[s - back] if check(m.actor)), None)
            chained = self._chain.get(s - back)
            if chained is not None and check(chained.actor):
                best = chained if best is None or _rank(chained) < _rank(best) else best
            if best is not None:
                return best.actor
        return here.actor if here else None

    def _description(self, token: Token) -> Speaker | None:
        """ "the senator", "Clinton's campaign", "a spokesman for Trump"."""
        written = self.as_written(token)
        # A description holding a name ("the Acme spokesman", "the campaign of the senator
        # from Ohio") is shown as written; a name in a clause hung on it ("a post that said
        # Acme ...") is not its own.
        clauses = [c for c in token.children if c.dep_ in CLAUSE_DEPS]
        propn = self._propn_before
        named = propn[token.right_edge.i + 1] - propn[token.left_edge.i] - (token.pos_ == "PROPN")
        named -= sum(propn[c.right_edge.i + 1] - propn[c.left_edge.i] for c in clauses)
        # A thing ("a Ledger poll", "the evidence") is shown as written, as no one's kind.
        kind = described_kind(token)
        if named and written.count(" ") < MAX_DESCRIPTION_TOKENS:
            words = written.split()
            if words and words[0].lower() in ARTICLES:
                written = " ".join(words[1:])
            return Speaker(written, kind, "description_with_name")
        head = token.lemma_.lower()
        plural = token.tag_ in ("NNS", "NNPS")

        def fits(actor: Actor) -> bool:
            role = (actor.role or "").lower()
            name_words = actor.name.lower().split()
            if head and head in re.split(r"\W+", role):
                return not plural or actor.kind == "group"
            if plural:
                return (
                    actor.kind == "group" and bool(name_words) and name_words[-1].startswith(head)
                )
            if head in ORG_NOUNS:
                return actor.kind == "organization" and head in name_words
            return False

        actor = self._nearest(token, fits)
        if actor is not None:
            return Speaker(actor.name, actor.kind, "description_of_actor")
        # Nobody in the article fits: the description is the best name there is ("critics"),
        # but a document whose author is not found names nobody ("the statement"), nor does a
        # person the article leaves unnamed ("one legal expert", "a neighbour", "the man"): the
        # quote keeps those words as written, which is what a reply shows.
        if head in NOBODY_IN_PARTICULAR or head in AUTHORED_NOUNS:
            return None
        if token.pos_ not in ("NOUN", "PROPN") or unnamed_person(self, token):
            return None
        words = written.split()
        while words and words[0].lower() in ARTICLES:
            words = words[1:]
        if not words:
            return None
        return Speaker(" ".join(words), kind, "description_as_written")

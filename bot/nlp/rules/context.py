"""What every attribution rule of one doc reads: the doc's tables, its pattern matches, the
subjects of its reporting verbs and its speaker resolver, built once per doc."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from spacy.tokens import Doc, Token

from bot.nlp.docmemo import quoted_spans
from bot.nlp.lexicon import DOCUMENT_NOUNS, MAKER_PREPOSITIONS
from bot.nlp.predicates import animate
from bot.nlp.quotedoc import QuoteDoc
from bot.nlp.records import Actor
from bot.nlp.rules.patterns import DocPatterns
from bot.nlp.rules.subjects import Subjects
from bot.nlp.speakers import SpeakerResolver


@dataclass(frozen=True, slots=True)
class Cue:
    """A reporting word and who speaks through it as written, with how that speaker was found
    (a subject rule, or the cue rule's own)."""

    verb: Token
    subject: Token | None
    how: str | None


class Context:
    """One parsed article as the attribution rules see it."""

    def __init__(self, doc: Doc, actors: Sequence[Actor]) -> None:
        self.doc = doc
        self.qdoc = QuoteDoc(doc, quoted_spans(doc))
        self.text = self.qdoc.text
        self.patterns = DocPatterns(doc)
        self.subjects = Subjects(self.qdoc, self.patterns)
        qdoc = self.qdoc
        self.resolver = SpeakerResolver(doc, actors, qdoc.quote_of, qdoc.sent_of, len(qdoc.sents))

    def according_to(self, token: Token) -> Token | None:
        """The source of "according to X" when token is its "according"."""
        source = self.patterns.according_source(token)
        return None if source is None else document_maker(source)

    @cached_property
    def according_words(self) -> list[int]:
        """Where "according" stands outside quotes (an "according to" may follow)."""
        cols, quote_of = self.qdoc.cols, self.qdoc.quote_of
        according = cols.id("according")
        return [i for i, w in enumerate(cols.lower) if w == according and quote_of[i] < 0]

    @cached_property
    def name_words(self) -> frozenset[str]:
        """The capitalised words the article writes as proper nouns outside quotes ("Sean
        Hannity"), so that one the tagger takes for a common noun elsewhere ('," Hannity
        pressed') is still known for a name."""
        qdoc = self.qdoc
        return frozenset(
            t.text for t in self.doc if t.pos_ == "PROPN" and t.is_title and qdoc.outside(t)
        )

    def cue(self, verb: Token) -> Cue:
        """A reporting verb with the subject the subject rules find for it."""
        found = self.subjects.fired(verb)
        if found is None:
            return Cue(verb, None, None)
        return Cue(verb, found.finding, found.rule)

    def attribution(self, token: Token) -> tuple[bool, Cue] | None:
        """The source of "according to", or the speaker of a reporting verb outside quotes,
        with whether it can speak (a name, a person) rather than "the issue came up"."""
        source = self.according_to(token)
        if source is not None:
            return True, Cue(token, source, "according_to")
        cue = self.cue(token)
        subject = cue.subject
        if subject is None or not self.qdoc.outside(subject):
            return None
        return animate(subject) or subject.text[:1].isupper(), cue


def document_maker(source: Token) -> Token:
    """ "according to audio provided by Ann Roe": who stands behind a document given as a
    source ("a post from X", "an analysis by X" are X's); a named document or any other source
    is itself."""
    if source.lemma_.lower() not in DOCUMENT_NOUNS:
        return source
    if any(c.dep_ in ("compound", "poss") and c.pos_ == "PROPN" for c in source.lefts):
        return source  # "a Pew report released by the governor's office" is named already
    for child in source.rights:
        preps = [child] if child.dep_ == "prep" and child.lower_ in MAKER_PREPOSITIONS else []
        if child.dep_ == "acl":  # "provided by", "released by"
            preps = [c for c in child.children if c.dep_ == "agent"]
        for prep in preps:
            for pobj in prep.children:
                if pobj.dep_ == "pobj" and animate(pobj):
                    return pobj
    return source

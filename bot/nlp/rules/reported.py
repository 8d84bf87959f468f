"""Reported speech: "Ann said that ...", "according to Ann, ...", "Ann urged Bo to ...", the
reported words as quotes of kind indirect, by an ordered table of rules over each reporting
word outside quotes.

Reported speech is what someone said or wrote: verbs of thought and intention ("believes",
"wants", "plans", "declined") report nothing, nor does a speech verb denied or refused ("did
not say whether", "declined to say how many"), nor what studies no one is named behind show.
A reported clause is one item, whole from its first word to its last with the quotation marks
inside it kept (the quotes inside are also quotes of their own), and is kept only where three
words or more of it are not quoted.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property

from spacy.tokens import Doc, Token

from bot.nlp.deadline import Deadline
from bot.nlp.lexicon import (
    EVIDENCE_VERBS,
    MEDIUM_NOUNS,
    NAMING_VERBS,
    OBJECT_PREPOSITIONS,
    QUOTE_ONLY_VERBS,
    REFUSAL_VERBS,
    RELATIVE_PRONOUNS,
    SOCIAL_PLATFORMS,
    SPEECH_ACT_VERBS,
    SPEECH_VERBS,
    STANCE_VERBS,
    THOUGHT_VERBS,
    WRITER_PRONOUNS,
)
from bot.nlp.predicates import animate, is_speech_verb
from bot.nlp.quotedoc import REACH
from bot.nlp.rules import Fired, first
from bot.nlp.rules.context import Context, Cue
from bot.nlp.rules.quote_sites import named_speaker
from bot.nlp.rules.subjects import only_a_thing, passive_agent
from bot.nlp.scan import Runs, counts_before, next_true, previous_true

# The fewest words outside quotes a reported clause needs to be kept.
MIN_PIECE_WORDS = 3


@dataclass(frozen=True, slots=True)
class Piece:
    """A stretch of reported speech (character offsets) and the cue that reports it."""

    start: int
    end: int
    cue: Cue


class ReportSite:
    """A reporting word outside quotes ("said", "urged", "according") and its doc."""

    def __init__(self, reports: Reports, token: Token) -> None:
        self.reports = reports
        self.ctx = reports.ctx
        self.token = token
        self.lemma = token.lemma_.lower()

    @cached_property
    def speaker(self) -> Cue | None:
        """The verb's cue when it reports someone's speech: a speech verb with a subject outside
        quotes, not the writer."""
        token, lemma, ctx = self.token, self.lemma, self.ctx
        doc = ctx.doc
        if token.pos_ not in ("VERB", "AUX") or lemma in QUOTE_ONLY_VERBS:
            return None
        if lemma not in SPEECH_VERBS:
            return None
        cue = ctx.cue(token)
        subject = cue.subject
        if subject is None or not ctx.qdoc.outside(subject):
            return None
        if subject.lower_ == "that" and token.i + 1 < len(doc) and doc[token.i + 1].text == ",":
            return None  # "That said, ...": an idiom, nobody speaks
        if subject.lower_ in WRITER_PRONOUNS:
            return None  # "I think", "you know": the writer's own voice, not a report
        return cue

    @cached_property
    def ccomps(self) -> list[Token]:
        """The verb's reported clauses. A reported clause is never its speaker's own clause
        ('said Robin Maynard, half joking' parsed as "said [Maynard joking]")."""
        cue, qdoc, token = self.speaker, self.ctx.qdoc, self.token
        if cue is None or cue.subject is None:
            return []
        named = cue.subject.pos_ in ("PROPN", "PRON")
        return [
            c
            for c in token.children
            if c.dep_ == "ccomp"
            and qdoc.para_of[c.i] == qdoc.para_of[token.i]  # a parse run over a break
            and not (named and c.i in qdoc.ancestors(cue.subject.i))
        ]


def thought_or_intention_verb(site: ReportSite) -> list[Piece] | None:
    """ "Ann Roe believes the plan will fail.", "Bo Li wants a recount.": a verb of thought,
    intention or stance that is no speech verb reports nothing (what someone believes or
    wants is not what they said)."""
    lemma = site.lemma
    if site.token.lower_ == "according" or lemma in SPEECH_VERBS:
        return None
    return [] if lemma in THOUGHT_VERBS or lemma in STANCE_VERBS else None


def what_a_thing_shows(site: ReportSite) -> list[Piece] | None:
    """ "Early tests reveal that the game runs slowly.", "Studies suggest that yoga helps.": a
    verb that a study, a test or a record does as well as a person ("suggest", "confirm",
    "describe"), whose subject is a thing that cannot speak or a study no one is named behind,
    reports no one's speech; "Ann Roe revealed that ..." does, and so may "the report" the
    article has named."""
    cue = site.speaker
    if cue is None or cue.subject is None or site.lemma not in EVIDENCE_VERBS:
        return None
    if cue.how != "subject_that_cannot_speak" and not _indefinite_subject(cue.subject, site):
        return None  # "The report suggests ...": a document the article has named
    return [] if only_a_thing(cue.subject) else None


def _indefinite_subject(noun: Token, site: ReportSite) -> bool:
    """The verb's own subject, a noun no earlier sentence could have named: "studies", "a
    study", "several other studies", not "the study" or "its report"."""
    if noun.head.i != site.token.i or noun.dep_ != "nsubj":
        return False
    for child in noun.children:
        if child.dep_ == "poss":
            return False
        if child.dep_ == "det" and (
            "Def" in child.morph.get("Definite", []) or "Dem" in child.morph.get("PronType", [])
        ):
            return False
    return True


def speech_not_made(site: ReportSite) -> list[Piece] | None:
    """ "The mayor did not say whether the road would reopen.", "Officials declined to say how
    many were hurt.": a speech verb denied or refused reports nothing; its clause is what was
    not said."""
    token = site.token
    if site.speaker is None:
        return None
    if any(child.dep_ == "neg" for child in token.children):
        return []
    refused = token.dep_ == "xcomp" and token.head.lemma_.lower() in REFUSAL_VERBS
    return [] if refused else None


def according_to_clause(site: ReportSite) -> list[Piece] | None:
    """ "According to the police, the driver fled.": the longer side of the clause around the
    "according to" phrase, as its source's (at most one piece)."""
    ctx, token = site.ctx, site.token
    source = ctx.according_to(token)
    if source is None:
        return None
    head = token.head
    if head.i == token.i or vouches_for_named_speaker(site, head):
        return []
    lo, hi = _near(token, head.left_edge.i, head.right_edge.i + 1)
    phrase_lo, phrase_hi = _near(token, token.left_edge.i, token.right_edge.i + 1)
    left = (lo, phrase_lo)
    right = (phrase_hi, hi)
    best = max((left, right), key=lambda r: r[1] - r[0])
    return site.reports.clause(best[0], best[1], Cue(token, source, "according_to"))


def vouches_for_named_speaker(site: ReportSite, head: Token) -> bool:
    """'"We will stay," she told the workers, according to a statement.': an "according to"
    hung on a speech verb whose speaker is named says who reports that speech; it reports no
    speech of its own (the quote is hers, and what the verb reports is the verb's item)."""
    if not is_speech_verb(head):
        return False
    return named_speaker(site.ctx.cue(head).subject, site.ctx.qdoc)


def spoken_to_in_the_passive(site: ReportSite) -> list[Piece] | None:
    """ "Ann Roe was told the plant would close.": the subject of a passive speech verb is the
    one spoken to, asked or warned ("Bo Li was asked whether ...", and "was admitted to
    hospital" is no speech at all), never its speaker. The clause is the agent's when there is
    one ("was told by the manager that ..."); else nothing is reported. "He was quoted as
    saying ..." reports through "saying", whose subject it is not."""
    cue = site.speaker
    subject = None if cue is None else cue.subject
    if subject is None or subject.dep_ != "nsubjpass" or subject.head.i != site.token.i:
        return None
    agent = passive_agent(site.token)
    if agent is None:
        return []
    pieces: list[Piece] = []
    for child in site.ccomps:
        lo, hi = child.left_edge.i, child.right_edge.i + 1
        pieces.extend(site.reports.clause(lo, hi, Cue(site.token, agent, "passive_agent")))
    return pieces


def reported_clause(site: ReportSite) -> list[Piece] | None:
    """ "Ann Roe said the plan would fail.": the reported clause of a speech verb, whole."""
    if site.speaker is None or not site.ccomps:
        return None
    pieces: list[Piece] = []
    for child in site.ccomps:
        lo, hi = child.left_edge.i, child.right_edge.i + 1
        pieces.extend(site.reports.clause(lo, hi, site.speaker))
    return pieces


def stance_object(site: ReportSite) -> list[Piece] | None:
    """ "Ann Roe urged Bo Li to close the prison.": what a speech verb of demand or stance
    urges, asks for or denies ("called for a ban"), when it has no reported clause."""
    if site.speaker is None or site.ccomps or site.lemma not in SPEECH_ACT_VERBS:
        return None
    objects = _objects(site.token, ("dobj", "xcomp"))
    if not objects:
        return None
    lo = objects[0].left_edge.i
    hi = max(c.right_edge.i for c in objects) + 1
    return site.reports.clause(lo, hi, site.speaker)


def quoted_naming(site: ReportSite) -> list[Piece] | None:
    """ "Ann Roe called the new law “much, much better” than the old one.": a verb of naming
    whose object is named with the speaker's quoted words reports the object and the words,
    whole, as one item (the quote inside stays a quote of its own); "called the police" with
    no quote in it reports nothing."""
    token, ctx = site.token, site.ctx
    if site.lemma not in NAMING_VERBS or token.pos_ != "VERB":
        return None
    cue = ctx.cue(token)
    subject = cue.subject
    if subject is None or not ctx.qdoc.outside(subject) or not animate(subject):
        return None
    if subject.lower_ in WRITER_PRONOUNS:
        return None
    parts: list[Token] = []
    for child in token.rights:
        # The object, what it is named, and phrases after them ("than the old one"); the
        # parser may leave a coordinated object unattached ("both" as "dep").
        named = child.dep_ in ("dobj", "oprd", "ccomp", "xcomp", "attr", "dep")
        if named or (child.dep_ == "prep" and parts and not _medium_or_time(child)):
            parts.append(child)
        elif not child.is_punct:
            break
    # An object, or one parsed as a second complement ("called both Bo and Al “crazy”").
    complements = sum(c.dep_ in ("oprd", "attr", "dep") for c in parts)
    if not any(c.dep_ == "dobj" for c in parts) and complements < 2:
        return None
    lo, hi = parts[0].left_edge.i, max(c.right_edge.i for c in parts) + 1
    if not any(ctx.qdoc.quote_of[i] >= 0 for i in range(lo, hi)):
        return None
    return site.reports.clause(lo, hi, cue)


def quoted_speech_object(site: ReportSite) -> list[Piece] | None:
    """ "Ann Roe decried the council for “turning its back” on renters.": what any other speech
    verb ("decried", "bemoaned", "boasted of") says something about, when the speaker's quoted
    words are inside it, is reported whole as one item (the quote inside stays a quote of its
    own); "decried the council's vote" with no quote in it reports nothing."""
    if site.speaker is None or site.ccomps or site.lemma in SPEECH_ACT_VERBS:
        return None
    objects = _objects(site.token, ("dobj",))
    if not objects:
        return None
    first = objects[0]
    if first.dep_ == "prep":  # "boasted of her plan to ...": the plan, without "of"
        first = next((c for c in first.children if c.dep_ == "pobj"), first)
    reflexive = first.lower_.endswith(("self", "selves"))  # "cast herself as '...'"
    if (first.tag_ == "PRP" and not reflexive) or first.tag_ in ("WDT", "WP"):
        return None  # "reminds me of ...", "which he declared ...": no object of its own
    lo = first.left_edge.i
    hi = max(c.right_edge.i for c in objects) + 1
    doc, quote_of = site.ctx.doc, site.ctx.qdoc.quote_of
    # Spoken words hold a word in lower case; a title ('the “Morning Show” host') has none.
    if not any(quote_of[i] >= 0 and doc[i].is_lower and doc[i].is_alpha for i in range(lo, hi)):
        return None
    # The item is the words around the quote: one the object opens with, or that the clause
    # leaves out ("recalled Ann Roe, who ..., as '...'" cut at the aside), reports nothing.
    if quote_of[lo] >= 0:
        return None
    pieces = site.reports.clause(lo, hi, site.speaker)
    return [p for p in pieces if _holds_a_quote(doc, quote_of, p)]


def _holds_a_quote(doc: Doc, quote_of: Sequence[int], piece: Piece) -> bool:
    span = doc.char_span(piece.start, piece.end, alignment_mode="expand")
    return span is not None and any(quote_of[i] >= 0 for i in range(span.start, span.end))


def _objects(verb: Token, deps: tuple[str, ...]) -> list[Token]:
    """What a verb says something about: its objects of the dependencies `deps`, what it asks
    for ("called for a ban"), and what its object is described as ("as a breakthrough")."""
    objects = [
        c
        for c in verb.rights
        if c.dep_ in deps
        or (c.dep_ == "prep" and c.lower_ in OBJECT_PREPOSITIONS and not _medium_or_time(c))
    ]
    return objects + _as_complement(verb, objects)


def _as_complement(verb: Token, objects: list[Token]) -> list[Token]:
    """ "Ann Roe described the deal as a breakthrough.": what the object is described as
    belongs to the stance ("as a breakthrough"), only after an object ("spoke as a mother"
    says in what role)."""
    if not any(c.dep_ == "dobj" for c in objects):
        return []
    return [c for c in verb.rights if c.dep_ == "prep" and c.lower_ == "as"]


def _medium_or_time(prep: Token) -> bool:
    """Whether a prepositional phrase says when, or where or through what, something was said
    ("announced on their radios", "warned on Twitter", "called on Monday"), not what a stance
    verb asks for ("called for a ban", "warned against the deal")."""
    objects = [c for c in prep.children if c.dep_ == "pobj"]
    if not objects:
        return False
    noun = objects[0]
    if noun.ent_type_ in ("DATE", "TIME"):
        return True
    lemma = noun.lemma_.lower()
    return lemma in MEDIUM_NOUNS or lemma in SOCIAL_PLATFORMS


# The order is the precedence: the first rule that claims a reporting word reports for it.
REPORTED_RULES = (
    thought_or_intention_verb,
    what_a_thing_shows,
    speech_not_made,
    according_to_clause,
    spoken_to_in_the_passive,
    reported_clause,
    stance_object,
    quoted_naming,
    quoted_speech_object,
)


def _before_closing_aside(doc: Doc, lo: int, hi: int, quote_of: Sequence[int]) -> int:
    """Where a reported clause ends when the writer closes it with an aside of their own: a
    comma and a relative clause that runs to its end ("would look at such legislation, which
    would give the police more time" ends at "legislation"). A relative clause closed by
    another comma inside it ("Bo Li, who chairs the board, would resign") is kept."""
    end = hi
    while end > lo and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    for token in doc[lo:end]:
        if token.dep_ != "relcl" or quote_of[token.i] >= 0:
            continue
        first = token.left_edge
        if first.lower_ not in RELATIVE_PRONOUNS or first.i - 1 <= lo:
            continue
        if doc[first.i - 1].text == "," and token.right_edge.i >= end - 1:
            return first.i - 1
    return hi


def _near(cue: Token, lo: int, hi: int) -> tuple[int, int]:
    """A clause's tokens lo..hi, cut to REACH tokens either side of the word reporting it: a
    garbled parse of a whole page can make one clause of it."""
    return max(lo, cue.i - REACH), min(hi, cue.i + REACH)


def _after_own_verb(cue: Token, lo: int, hi: int) -> int:
    """Where a clause lo..hi starts when it holds its own reporting word: "taxes, which
    critics say will cost billions" parses "which" as the subject of the reported "will
    cost", before "critics say"; the reported words are what follows the verb."""
    return cue.i + 1 if lo <= cue.i < hi else lo


class Reports:
    """The reported speech of one doc."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def all(self, deadline: Deadline) -> Iterator[Fired[list[Piece]]]:
        """What each reporting word outside quotes reports, in text order, with the rule."""
        ctx = self.ctx
        qdoc = ctx.qdoc
        lexicons = SPEECH_VERBS | THOUGHT_VERBS | STANCE_VERBS
        reporting = [
            i
            for i, lemma in enumerate(qdoc.cols.lemma)
            if qdoc.verbal[i] and lemma in lexicons and qdoc.quote_of[i] < 0
        ]
        # Every other token is passed over by the rules: this is only the faster way to skip.
        for i in sorted({*ctx.according_words, *reporting}):
            deadline.check()
            found = first(REPORTED_RULES, ReportSite(self, ctx.doc[i]))
            if found is not None and found.finding:
                yield found

    @cached_property
    def _clause_tables(self) -> tuple[Runs, list[int], list[int], list[int]]:
        """The quoted runs, and for trimming and counting the words of a clause: where the
        next word that is no punctuation is, where the last token a clause may end on is (no
        punctuation but ? and !), and how many tokens before each are alphabetic."""
        qdoc = self.ctx.qdoc
        cols = qdoc.cols
        quoted = Runs([q >= 0 for q in qdoc.quote_of])
        solid = [not (p or s) for p, s in zip(cols.is_punct, cols.is_space, strict=True)]
        enders = {cols.id(t) for t in ("?", "!", "?!")}  # what `text in "?!"` lets through
        ending = [ok or o in enders for ok, o in zip(solid, cols.orth, strict=True)]
        return quoted, next_true(solid), previous_true(ending), counts_before(cols.is_alpha)

    def clause(self, lo: int, hi: int, cue: Cue) -> list[Piece]:
        """The reported clause tokens lo..hi as one piece, trimmed of punctuation, the quotes
        inside it kept whole with their marks; a quote that an edge of the clause cuts
        through is left out. None when fewer than MIN_PIECE_WORDS words are not quoted."""
        doc = self.ctx.doc
        lo, hi = _near(cue.verb, lo, hi)
        lo = _after_own_verb(cue.verb, lo, hi)
        hi = _before_closing_aside(doc, lo, hi, self.ctx.qdoc.quote_of)
        quoted, solid, ending, alpha = self._clause_tables
        starts, ends = quoted.starts, quoted.ends
        r = bisect_right(ends, lo)  # the first quote that ends after lo
        if r < len(starts) and starts[r] < lo:
            lo = ends[r]  # the clause opens inside a quote: it starts after it
        r = bisect_left(starts, hi) - 1  # the last quote that starts before hi
        if r >= 0 and ends[r] > hi:
            # The clause ends inside a quote: it stops before it, unless only the quote's
            # closing punctuation and marks lie past it ('described it as "fantastic,"').
            hi = ends[r] if hi >= len(solid) or solid[hi] >= ends[r] else starts[r]
        if lo >= hi or solid[lo] >= hi:
            return []
        start, end = solid[lo], ending[hi - 1] + 1
        if start >= end:
            return []
        # Trimming took the marks of a quote that opens or closes the clause: put them back.
        r = bisect_right(ends, start)
        if r < len(starts) and starts[r] <= start:
            start = max(starts[r], lo)
        r = bisect_right(ends, end - 1)
        if r < len(starts) and starts[r] <= end - 1:
            end = min(ends[r], hi)
        unquoted = sum(alpha[b] - alpha[a] for a, b in quoted.gaps(start, end))
        if unquoted < MIN_PIECE_WORDS:
            return []
        last = doc[end - 1]
        return [Piece(doc[start].idx, last.idx + len(last.text), cue)]

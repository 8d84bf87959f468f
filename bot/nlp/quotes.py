"""Finds the quotes and reported speech of one parsed article and who said each one.

Three passes, each linear in the article: a character scan finds quoted stretches paragraph by
paragraph (so one unbalanced mark costs one paragraph at most), every stretch is classified
(direct, partial, or not a quote at all: scare quotes, titles, nicknames) and attributed from the
reporting verb around it, and reporting verbs with a reported clause ("said that ...", "according
to ...") give the indirect quotes. Speakers as written ("he", "the senators") are resolved to the
article's actors by bot.nlp.speakers.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from itertools import islice

from spacy.tokens import Doc, Span, Token

from bot.nlp.deadline import NO_DEADLINE, Deadline
from bot.nlp.lexicon import (
    DOCUMENT_NOUNS,
    INVERTING_VERBS,
    MAKER_PREPOSITIONS,
    NOT_SPEAKER_LABELS,
    OBJECT_PREPOSITIONS,
    POLL_NOUNS,
    QUOTE_ONLY_VERBS,
    SPEECH_NOUNS,
    SPEECH_VERBS,
    STANCE_VERBS,
    THIRD_PERSON_PRONOUNS,
    THOUGHT_VERBS,
    WRITER_PRONOUNS,
)
from bot.nlp.quotemarks import ALL_MARKS, QuotedSpan, find_quoted_spans, paragraphs, touches_mark
from bot.nlp.records import Actor, Quote
from bot.nlp.scan import (
    Columns,
    Range,
    Runs,
    counts_before,
    nearest,
    next_true,
    previous_true,
)
from bot.nlp.speakers import SpeakerResolver, animate, is_share

# Dependencies through which a participle or a second verb takes the subject of its head.
CLIMB_DEPS = ("advcl", "xcomp", "conj", "pcomp", "acl")
# Quoted phrases at most this long, with no speech around them, are scare quotes or titles.
SCARE_MAX_WORDS = 4
# The longest transcript label opening a line ("Rep. Trey Gowdy (R-S.C.):").
LABEL_MAX_TOKENS = 12
# How far back (in sentences) an unattributed quote looks for the speaker of the quote before.
CARRY_SENTENCES = 4
# A "sentence" longer than this is a page of marks or words run together, not a sentence: it is
# cut into pieces this long, and a reported clause is read at most this far from its verb, so no
# rule's work around one quote grows with the page. (The longest sentence of 930 real articles
# has 223 tokens.)
REACH = 400
# No rule climbs the parse further than this from a word (the deepest of those articles: 64).
CLIMB = 128


@dataclass(slots=True)
class _Found:
    """One quote being built: where it is, what kind, and how it is attributed."""

    start: int
    end: int
    kind: str
    cue: Token | None
    subject: Token | None  # the speaker as written (its head token), None when not found
    carried: bool = False  # the speaker comes from the quote before


class _Index:
    """Per-token lookups computed once per doc, so attribution never rescans the article."""

    def __init__(self, doc: Doc, spans: Sequence[QuotedSpan]) -> None:
        self.doc = doc
        n = len(doc)
        self.quote_of = [-1] * n  # index of the quoted span a token lies in (marks included)
        self.spans: list[Span] = []
        for k, qs in enumerate(spans):
            span = doc.char_span(qs.start, qs.end, alignment_mode="expand")
            if span is None:
                span = doc[0:0]
            self.spans.append(span)
            lo = max(span.start - 1, 0)
            hi = min(span.end + 1, n)
            for i in range(lo, hi):
                outer = i < span.start or i >= span.end
                if outer and doc[i].text not in ALL_MARKS and not touches_mark(doc[i].text):
                    continue
                self.quote_of[i] = k
        self.cols = Columns(doc)
        paras = paragraphs(doc.text)
        self.para_of = [0] * n
        p = 0
        for i, idx in enumerate(self.cols.idx):
            while p + 1 < len(paras) and idx >= paras[p + 1][0]:
                p += 1
            self.para_of[i] = p
        # spaCy's sentences can run over a line break; a paragraph always ends a sentence here.
        self.sents: list[Span] = []
        for sent in doc.sents:
            lo = sent.start
            for i in range(sent.start + 1, sent.end):
                if self.para_of[i] != self.para_of[i - 1] or i - lo >= REACH:
                    self.sents.append(doc[lo:i])
                    lo = i
            self.sents.append(doc[lo : sent.end])
        self.sent_of = [0] * n
        # The first sentence start of each paragraph (a transcript label opens it).
        self.para_start: dict[int, int] = {}
        for s, sent in enumerate(self.sents):
            for i in range(sent.start, sent.end):
                self.sent_of[i] = s
            if len(sent):
                self.para_start.setdefault(self.para_of[sent.start], sent.start)
        # Lookups are pure functions of the doc: each is worked out once per token or sentence.
        self._subjects: dict[int, Token | None] = {}
        self._polls: dict[int, list[Token]] = {}

    def outside(self, token: Token) -> bool:
        return self.quote_of[token.i] < 0

    def ancestors(self, i: int) -> Iterator[int]:
        """Indices of the heads above token i, nearest first, at most CLIMB of them."""
        heads = self.cols.head
        for _ in range(CLIMB):
            if heads[i] == i:
                return
            i = heads[i]
            yield i

    def subject(self, verb: Token) -> Token | None:
        """Who speaks through a reporting verb: its subject outside quotes, in its paragraph,
        climbing from "saying" or "and added" to the verb they hang on; the poll that counted
        them when the subject is a share of people."""
        if verb.i not in self._subjects:
            found = self._subject(verb)
            if found is not None and is_share(found):
                found = self._poll_of(found)
            self._subjects[verb.i] = found
        return self._subjects[verb.i]

    def _poll_of(self, share: Token) -> Token:
        """ "In a May poll, 75 percent of voters said ...", "Six in 10 voters said ..., a poll
        found": the poll in the sentence speaks for the share it counted (the poll nearest
        before the share, else after it); without one the share speaks."""
        s = self.sent_of[share.i]
        if s not in self._polls:
            self._polls[s] = [
                t
                for t in self.sents[s]
                if t.lemma_.lower() in POLL_NOUNS and t.pos_ == "NOUN" and self.outside(t)
            ]
        polls = self._polls[s]
        before = [t for t in polls if t.i < share.i]
        return before[-1] if before else (polls[0] if polls else share)

    def _subject(self, verb: Token) -> Token | None:
        outer = _outer_speech(verb)
        if outer is not None:
            verb = outer
        found = self._parsed_subject(verb)
        if found is not None and animate(found):
            return _named_in(found)
        # Inverted attribution ('"...," said Smith.', '..., said Alan Ross, a pollster') that
        # the parser got wrong: the name right after the verb speaks -- when it hangs on the
        # verb: "said Tuesday" is a date, "say Florida Sen. Rubio hasn't" the reported clause.
        if verb.lemma_.lower() in INVERTING_VERBS:
            for token in verb.doc[verb.i + 1 : verb.i + 3]:
                # Right after a quote, a capitalised word is a name even when the tagger
                # missed it ('," said Skelly' tagged as an adverb).
                name = (token.pos_ == "PROPN" and animate(token)) or (
                    _after_quote(verb) and token.is_title and token.is_alpha
                )
                head = _phrase_head(token)
                if (
                    name
                    and self.quote_of[token.i] < 0
                    and token.ent_type_ not in ("DATE", "TIME")
                    and (head.head.i == verb.i or _after_quote(verb))
                ):
                    # A name inside a noun phrase: "wrote a Trump supporter" is the supporter,
                    # "saying the Orlando nightclub ..." no speaker at all.
                    if head.pos_ != "NOUN":
                        return token
                    if animate(head):
                        return head
        if found is None and verb.dep_ == "ROOT" and verb.i >= 2:
            # "..., her adviser, Jake Sullivan, said:" parsed with no subject: the name that
            # ends the phrase right before the verb speaks.
            before = verb.doc[verb.i - 2] if verb.nbor(-1).text == "," else verb.nbor(-1)
            if (
                before.pos_ == "PROPN"
                and before.ent_type_ == "PERSON"
                and self.quote_of[before.i] < 0
            ):
                return before
        return found

    def _parsed_subject(self, verb: Token) -> Token | None:
        """The parsed subject of verb, else of the verb it hangs on; a subject that cannot
        speak ("the issue came up after Trump, asked ..., said") is kept only when no verb
        further up has one that can."""
        current = verb
        para = self.para_of[verb.i]
        inanimate: Token | None = None
        for _ in range(4):
            subjects: list[Token] = []
            for child in current.children:
                if self.para_of[child.i] != para:
                    continue
                if self.quote_of[child.i] >= 0:
                    # "''..., Mr. President,'' Representative Ann Roe told him": the words in
                    # the quote parsed as the subject, the speaker as their appositive or
                    # conjunct.
                    if child.dep_ == "nsubj":
                        subjects.extend(
                            g
                            for g in child.rights
                            if g.dep_ in ("appos", "conj")
                            and self.quote_of[g.i] < 0
                            and g.pos_ == "PROPN"
                            and animate(g)
                        )
                    continue
                if child.dep_ in ("prep", "mark") and child.lower_ == "as" and child.i < current.i:
                    # "As Ann Roe put it, '...'": the parser makes the speaker an object of "as".
                    subjects.extend(
                        g for g in child.children if g.dep_ == "pobj" and g.pos_ == "PROPN"
                    )
                if child.ent_type_ in ("DATE", "TIME") or child.like_num:
                    continue  # "Trump said Tuesday": a date parsed as the subject
                # "it will be hard to deny", "it was said that": an expletive "it" names nobody.
                expletive = child.lower_ == "it" and (
                    child.dep_ == "nsubjpass" or current.lemma_ == "be"
                )
                if child.dep_ in ("nsubj", "nsubjpass") and not expletive:
                    subjects.append(child)
                if child.dep_ == "agent":
                    for grandchild in child.children:
                        # "was recommended by Stone": Stone; but "Ann was joined by Bo and
                        # joked": Ann, the subject the second verb shares.
                        if (
                            grandchild.dep_ == "pobj"
                            and current.i == verb.i
                            and animate(grandchild)
                        ):
                            return grandchild
                        if grandchild.dep_ == "pobj":
                            subjects.append(grandchild)
            if subjects:
                # Several subjects are a parse of an aside or a dateline ("Washington (AFP) --
                # Clinton has said", "Tuesday in Berea, OH, Gov. Kasich said"): the one who can
                # speak, nearest the verb.
                best = max(subjects, key=lambda c: (animate(c), -abs(c.i - current.i)))
                best = self._antecedent(best, current)
                if animate(best):
                    return best
                inanimate = inanimate or best
            head = current.head
            if current.dep_ == "pcomp" and head.dep_ == "prep" and head.head.pos_ == "VERB":
                head = head.head  # "upon saying", "by saying": the verb the phrase hangs on
            elif current.dep_ == "dobj" and current.lemma_.lower() in SPEECH_NOUNS:
                pass  # "issued a statement describing ...": who issued it describes
            elif (
                current.dep_ == "conj"
                and _is_speech_verb(current)
                and head.dep_ == "ccomp"
                and _is_speech_verb(head.head)
            ):
                # "Ann said it was made by Bo and said: ..." parsed with the second "said"
                # inside the reported clause: it pairs with the first.
                head = head.head
            elif current.dep_ not in CLIMB_DEPS or head.i == current.i:
                break
            if self.quote_of[head.i] >= 0:
                break  # a verb inside a quote is what was said, not who said it
            if self.para_of[head.i] != para:
                break  # a parse that runs over a paragraph break
            if current.dep_ == "xcomp":
                # "led Priebus to declare", "asked Smith to explain": the named object speaks.
                for child in head.children:
                    if child.dep_ == "dobj" and child.pos_ == "PROPN" and animate(child):
                        return child
            current = head
        if inanimate is None:
            opening = self._opening_name(verb)
            if opening is not None:
                return opening
            if current.pos_ == "VERB":
                return self._name_before(current)
        return inanimate

    def _opening_name(self, verb: Token) -> Token | None:
        """ "De Blasio, speaking on the radio, called Trump ...": the name opening the
        sentence, when the parser hung the verb on it or hung it on the paragraph before."""
        first = self.sents[self.sent_of[verb.i]].start
        name = _phrase_head(self.doc[first])
        if name.pos_ != "PROPN" or not animate(name) or self.quote_of[name.i] >= 0:
            return None
        if name.ent_type_ in ("GPE", "LOC", "DATE", "TIME"):
            return None  # a dateline ("WASHINGTON") or a date opening the sentence
        misattached = self.para_of[name.head.i] != self.para_of[name.i]
        return name if misattached or name.i in self.ancestors(verb.i) else None

    def _name_before(self, verb: Token) -> Token | None:
        """ "Donald Trump has delivered ..., saying" with the name misattached to a line
        before: a verb the parser left without any subject takes the name right before it."""
        i = verb.i - 1
        while (
            i >= 0
            and verb.i - i <= 3
            and (self.doc[i].pos_ in ("AUX", "ADV") or self.doc[i].dep_ == "neg")
        ):
            i -= 1
        if i < 0 or self.para_of[i] != self.para_of[verb.i] or self.quote_of[i] >= 0:
            return None
        name = self.doc[i]
        # "the first Democrat in Congress to endorse": an object is not the one speaking,
        # unless its name opens the sentence (a parse run over from the line before).
        phrase_start = i
        while phrase_start > 0 and self.doc[phrase_start - 1].dep_ == "compound":
            phrase_start -= 1
        opens = phrase_start == self.sents[self.sent_of[i]].start
        if name.head.i == verb.i or (
            name.dep_ in ("pobj", "dobj", "iobj", "attr", "poss") and not opens
        ):
            return None
        return name if name.pos_ == "PROPN" and name.ent_type_ in ("PERSON", "ORG") else None

    def _antecedent(self, subject: Token, verb: Token) -> Token:
        """ "Smith, who said" speaks as Smith."""
        if subject.tag_ in ("WP", "WDT") and verb.dep_ == "relcl" and verb.head.i != verb.i:
            return verb.head
        return subject


def _after_quote(verb: Token) -> bool:
    """Whether a verb stands right after a closing mark or comma, where speakers follow it."""
    return verb.i > 0 and (verb.nbor(-1).text in ALL_MARKS or verb.nbor(-1).text in ",''")


def _outer_speech(verb: Token) -> Token | None:
    """The speech verb a trailing participle reports for when the parser hung it on the
    reported or subordinate clause: in "Ann said that the council rejected it, calling it ..."
    and "Ann said ... after Bo won, remarking ..." Ann is calling and remarking, not the
    council or Bo."""
    if verb.tag_ != "VBG" or verb.dep_ not in ("advcl", "conj") or not _is_speech_verb(verb):
        return None
    before = _text_before(verb, 5).rstrip().rstrip(ALL_MARKS)
    if not before.endswith((",", " and")):
        return None  # a comma (maybe inside a quote's closing mark) or "and" sets it off
    node = verb.head
    while node.dep_ == "conj" and node.head.i != node.i:
        node = node.head  # "... was sound but was sunk ..., and arguing"
    marked = node.dep_ == "advcl" and any(c.dep_ == "mark" for c in node.children)
    if (node.dep_ == "ccomp" or marked) and _is_speech_verb(node.head):
        return node.head
    return None


def _text_before(token: Token, chars: int) -> str:
    """The `chars` characters of the doc's text right before the token (doc.text would build
    the whole text)."""
    parts: list[str] = []
    size = 0
    i = token.i - 1
    while i >= 0 and size < chars:
        parts.append(token.doc[i].text_with_ws)
        size += len(parts[-1])
        i -= 1
    return "".join(reversed(parts))[-chars:] if chars else ""


def _inside_phrase(span: Span, subject: Token | None) -> bool:
    """Whether a quote lies inside its own speaker's phrase ("As Ann Roe, author of ''Our
    Town,'' put it"): a title there is no quote of hers. (A phrase that opens inside the
    quote is a misparse of '"...," Ann said', not a phrase around the quote.)"""
    if subject is None or not (
        subject.left_edge.i < span.start - 1 and subject.right_edge.i >= span.end
    ):
        return False
    # Inside a noun phrase ("author of ..."), not a clause ("Ann, speaking ..., called it").
    for node in islice(span.root.ancestors, CLIMB):
        if node.i == subject.i:
            return True
        if node.pos_ in ("VERB", "AUX"):
            return False
    return False


def _phrase_head(token: Token) -> Token:
    """The head of the name a token is part of ("Florida" in "Florida Sen. Marco Rubio")."""
    while token.dep_ in ("compound", "flat") and token.head.i != token.i:
        token = token.head
    return token


def _named_in(subject: Token) -> Token:
    """The person a descriptive subject names ("a woman later identified as Ann Roe", "the
    other candidate, Senator Ann Roe", "Acme Vice President ... Ann Roe" misparsed as a
    conjunct), else the subject itself."""
    if subject.ent_type_ or subject.pos_ == "PRON":
        return subject
    for child in subject.rights:
        conj = child.dep_ == "conj" and subject.pos_ == "PROPN"
        if (child.dep_ == "appos" or conj) and child.ent_type_ == "PERSON":
            return child
        if child.dep_ == "acl" and child.lemma_.lower() == "identify":
            for prep in child.children:
                for pobj in prep.children:
                    if prep.lower_ == "as" and pobj.ent_type_ == "PERSON":
                        return pobj
    return subject


def _is_speech_verb(token: Token) -> bool:
    return token.pos_ in ("VERB", "AUX") and token.lemma_.lower() in SPEECH_VERBS


def _according_to(token: Token) -> Token | None:
    """The source of "according to X" when token is "according"."""
    if token.lower_ != "according":
        return None
    for child in token.children:
        if child.lower_ == "to":
            for grandchild in child.children:
                if grandchild.dep_ == "pobj":
                    return _behind(grandchild)
    return None


def _behind(source: Token) -> Token:
    """Who stands behind a document given as a source: "audio provided by X", "a post from
    X", "an analysis by X" are X's; a named document or any other source is itself."""
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


def _cue_text(verb: Token) -> str:
    if verb.lower_ == "according":
        return "according to"
    parts = [verb.text]
    for child in verb.children:
        if child.dep_ == "prt" and child.i == verb.i + 1:
            parts.append(child.text)
    return " ".join(parts)


class _Extractor:
    def __init__(self, doc: Doc, actors: Sequence[Actor], deadline: Deadline) -> None:
        self.doc = doc
        self.deadline = deadline
        self.text = doc.text
        self.qspans = find_quoted_spans(doc.text)
        self.index = _Index(doc, self.qspans)
        self.resolver = SpeakerResolver(
            doc, actors, self.index.quote_of, self.index.sent_of, len(self.index.sents)
        )
        # Answers that depend only on the doc, kept per verb, sentence or paragraph.
        self._vouchers: dict[int, tuple[Token, Token] | None] = {}
        self._sentence_labels: dict[int, tuple[Token, Token] | None] = {}
        self._last_attributions: dict[int, tuple[Token, Token] | None] = {}
        self._labels: dict[int, tuple[Token, Token] | None] = {}

    # --- lookups built once per doc -----------------------------------------------------

    @cached_property
    def _outside_before(self) -> list[int]:
        return previous_true([q < 0 for q in self.index.quote_of])

    @cached_property
    def _verbal(self) -> list[bool]:
        """Per token: a verb or auxiliary (spaCy's VERB and AUX)."""
        verb, aux = self.index.cols.id("VERB"), self.index.cols.id("AUX")
        return [pos in (verb, aux) for pos in self.index.cols.pos]

    @cached_property
    def _speech_verbs(self) -> list[int]:
        """The speech verbs outside quotes, in text order (what `_is_speech_verb` says)."""
        lemmas, verbal, quote_of = self.index.cols.lemma, self._verbal, self.index.quote_of
        return [
            i
            for i, lemma in enumerate(lemmas)
            if verbal[i] and lemma in SPEECH_VERBS and quote_of[i] < 0
        ]

    def _according_words(self) -> list[int]:
        """Where "according" stands outside quotes (an "according to" may follow)."""
        according, quote_of = self.index.cols.id("according"), self.index.quote_of
        return [
            i for i, w in enumerate(self.index.cols.lower) if w == according and quote_of[i] < 0
        ]

    @cached_property
    def _outside_after(self) -> list[int]:
        return next_true([q < 0 for q in self.index.quote_of])

    @cached_property
    def _reporting_before(self) -> tuple[list[int], list[int]]:
        """Where the nearest reporting word before each token is, whose speaker can speak
        (first table) or is someone or something that cannot (second): see `_attribution`."""
        n = len(self.doc)
        can, cannot = [False] * n, [False] * n
        for i in sorted({*self._according_words(), *self._speech_verbs}):
            found = self._attribution(self.doc[i])
            if found is not None:
                (can if found[0] else cannot)[i] = True
        return previous_true(can), previous_true(cannot)

    @cached_property
    def _introductions(self) -> tuple[list[int], dict[int, tuple[Token, Token]]]:
        cols, quote_of = self.index.cols, self.index.quote_of
        verb = cols.id("VERB")
        main = {cols.id(d) for d in ("ROOT", "conj")}
        hung = {cols.id(d) for d in ("ccomp", "parataxis")}
        found = {}
        for i, lemma in enumerate(cols.lemma):
            # What `_introduction` can accept: a speech noun, or a main verb.
            if quote_of[i] >= 0 or not (
                lemma in SPEECH_NOUNS
                or (
                    cols.pos[i] == verb
                    and (
                        cols.dep[i] in main or (cols.dep[i] in hung and quote_of[cols.head[i]] >= 0)
                    )
                )
            ):
                continue
            pair = self._introduction(self.doc[i])
            if pair is not None:
                found[i] = pair
        return previous_true([i in found for i in range(len(self.doc))]), found

    def _attribution(self, token: Token) -> tuple[bool, Token] | None:
        """The source of "according to", or the speaker of a reporting verb outside quotes,
        with whether it can speak (a name, a person) rather than "the issue came up"."""
        source = _according_to(token)
        if source is not None:
            return True, source
        subject = self.index.subject(token)
        if subject is None or not self.index.outside(subject):
            return None
        return animate(subject) or subject.text[:1].isupper(), subject

    # --- direct and partial quotes -------------------------------------------------------

    def _window(self, k: int) -> tuple[list[Range], list[Token]]:
        """Where the attribution of quote k can stand: the token ranges before it, nearest
        first, and the tokens outside quotes after it."""
        doc, idx = self.doc, self.index
        span = idx.spans[k]
        if not len(span):
            return [], []
        first, last = span.start, span.end - 1
        para = idx.para_of[first]
        sent_lo = idx.sents[idx.sent_of[first]].start
        before = [(sent_lo, first - 1)]  # a sentence lies in one paragraph
        opens_sentence = nearest(self._outside_before, before) < 0
        i = sent_lo - 1
        # "He said:" ending the sentence before is this quote's attribution.
        # So is "He said:" ending the paragraph before one that opens with the quote.
        while i >= 0 and doc[i].is_space:
            i -= 1  # the line break between the paragraphs
        if opens_sentence and i >= 0 and idx.para_of[i] >= para - 1 and doc[i].text == ":":
            before.append((idx.sents[idx.sent_of[i]].start, i))
        after: list[Token] = []
        i = last + 1
        sent_hi = idx.sents[idx.sent_of[last]].end
        # spaCy often ends the sentence at the closing mark of '"...," he said.': keep going
        # when the text after the mark does not start a new sentence.
        nxt = i
        while nxt < len(doc) and (doc[nxt].text in ALL_MARKS or doc[nxt].is_space):
            nxt += 1
        if nxt < len(doc) and nxt >= sent_hi and idx.para_of[nxt] == para:
            tok = doc[nxt]
            # A quote ending in a comma or a question ('"Why?" Smith asked.') never ends the
            # sentence: the words after its mark are its attribution.
            last_char = self.text[span.end_char - 1 : span.end_char]
            unfinished = opens_sentence and last_char in ",?!—–"
            # A capitalised pronoun after a quote that ended its sentence ('..." She met')
            # opens the next sentence, whose verbs report something else.
            pronoun = tok.pos_ == "PRON" and (tok.text[:1].islower() or last_char != ".")
            if unfinished or tok.text in (",", "—", "–") or tok.text[:1].islower() or pronoun:
                sent_hi = idx.sents[idx.sent_of[nxt]].end
        while i < sent_hi and idx.para_of[i] == idx.para_of[last]:
            if idx.quote_of[i] >= 0 and idx.quote_of[i] != k:
                break
            if idx.outside(doc[i]):
                after.append(doc[i])
            i += 1
        return before, after

    def _pick_before(
        self, before: list[Range], ancestors: set[int]
    ) -> tuple[Token | None, Token | None]:
        """`pick` over the ranges before a quote, nearest first, from the tables; verbs of
        belief count only when they govern the quote (they are among its ancestors)."""
        can_table, cannot_table = self._reporting_before
        can, cannot = nearest(can_table, before), nearest(cannot_table, before)
        for a in ancestors:
            lemma = self.index.cols.lemma[a]
            if lemma not in THOUGHT_VERBS or not any(lo <= a <= hi for lo, hi in before):
                continue
            token = self.doc[a]
            if not self.index.outside(token) or _is_speech_verb(token):
                continue  # inside a quote, or in the tables already
            found = self._attribution(token)
            if found is not None and found[0]:
                can = max(can, a)
            elif found is not None:
                cannot = max(cannot, a)
        best = can if can >= 0 else cannot
        if best < 0:
            return None, None
        found = self._attribution(self.doc[best])
        assert found is not None
        return self.doc[best], found[1]

    def _cue_for(self, k: int) -> tuple[Token | None, Token | None]:
        """The reporting verb of quote k and its subject, from the words around the quote."""
        span = self.index.spans[k]
        before, after = self._window(k)
        root = span.root if len(span) else None
        ancestors = set()
        if root is not None:
            here = self.index.sent_of[root.i]
            ancestors = {a for a in self.index.ancestors(root.i) if self.index.sent_of[a] == here}

        def pick(tokens: list[Token]) -> tuple[Token | None, Token | None]:
            # Nearest first; a subject that cannot speak ("the issue came up") only when no
            # verb further away has one that can.
            fallback: tuple[Token | None, Token | None] = (None, None)
            for token in tokens:
                if _according_to(token) is None and not (
                    _is_speech_verb(token)
                    or (token.lemma_.lower() in THOUGHT_VERBS and token.i in ancestors)
                ):
                    continue
                found = self._attribution(token)
                if found is not None and found[0]:
                    return token, found[1]
                if found is not None and fallback[0] is None:
                    fallback = (token, found[1])
            return fallback

        # The attribution right after the closing mark ('," he said') wins over the sentence
        # before it, which may belong to a previous quote.
        governed: list[tuple[Token | None, Token | None]] = []

        def governing() -> tuple[Token | None, Token | None]:
            """A verb governing the quote ("said the move left the UK 'utterly friendless'"):
            speech verbs first, then verbs of stance or belief ("rejected the idea as '...'")."""
            if not governed:
                governed.append(self._governing(sorted(ancestors, reverse=True)))
            return governed[0]

        # A quote inside a clause ('McConnell said it was "wrong" for Ginsburg to criticize')
        # belongs to the verb that governs it, not to a verb in the words after it.
        ends_clause = self.text[span.end_char - 1 : span.end_char] == ","
        according = any(_according_to(t) is not None for t in after[:8])
        if self._embedded(k) and not ends_clause and not according:
            cue, subject = governing()
            if cue is not None:
                return cue, subject
        near_after = after[:8]
        inverted = self._inverted(k, near_after) or self._trailing(k, near_after)
        if inverted is not None:
            return inverted, self.index.subject(inverted)
        if (near_after and near_after[0].text in (",", "—", "–", "?", "!")) or (
            near_after and near_after[0].i == span.end + 1
        ):
            cue, subject = pick(near_after)
            if cue is not None:
                return cue, subject
            # '"...," Ann Roe, a retired nurse from Ohio, said': a long appositive puts the
            # verb further away, but its subject still opens the words after the quote.
            opening = {t.i for t in after[:4]}
            for token in after[len(near_after) : 3 * len(near_after)]:
                if _is_speech_verb(token):
                    subject = self.index.subject(token)
                    if subject is not None and subject.i in opening:
                        return token, subject
        cue, subject = governing()
        if cue is not None:
            return cue, subject
        colon = nearest(self._outside_before, before)
        if colon >= 0 and self.doc[colon].text == ":":
            # The clause before the colon, nearest the colon first (the colon is no word of it).
            table, pairs = self._introductions
            introducer = nearest(table, before)
            if introducer >= 0:
                return pairs[introducer]
        cue, subject = self._pick_before(before, ancestors)
        if cue is not None:
            return cue, subject
        return pick(after)

    @cached_property
    def _verbs_outside(self) -> tuple[list[bool], list[bool]]:
        """Per token: a speech verb outside quotes; a verb of stance or belief outside them."""
        speech, stance = [False] * len(self.doc), [False] * len(self.doc)
        for i, lemma in enumerate(self.index.cols.lemma):
            if self._verbal[i] and self.index.quote_of[i] < 0:
                speech[i] = lemma in SPEECH_VERBS
                stance[i] = lemma in STANCE_VERBS or lemma in THOUGHT_VERBS
        return speech, stance

    def _governing(self, ancestors: list[int]) -> tuple[Token | None, Token | None]:
        """The highest-placed verb among `ancestors` (in text order) whose subject can speak:
        a speech verb, else a verb of stance or belief."""
        for table in self._verbs_outside:
            for a in ancestors:
                if table[a]:
                    subject = self.index.subject(self.doc[a])
                    if subject is not None and self.index.outside(subject) and animate(subject):
                        return self.doc[a], subject
        return None, None

    def _introduction(self, token: Token) -> tuple[Token, Token] | None:
        """Who introduces a quote with a colon when `token` is the word of the clause before
        it that says so ("Mr. Christie gloated: '...'", "Clinton has apologized: '...'", "From
        Bush's Facebook post: '...'"): the subject of the clause's main verb, whatever the
        verb, or the owner of a speech noun."""
        if token.lemma_.lower() in SPEECH_NOUNS:
            for child in token.children:
                if child.dep_ == "poss" and self.index.outside(child) and animate(child):
                    return token, child
        # The main verb: the parser often hangs it on the quote ("ccomp" of the quote).
        main = token.dep_ in ("ROOT", "conj") or (
            token.dep_ in ("ccomp", "parataxis") and not self.index.outside(token.head)
        )
        if token.pos_ != "VERB" or not main:
            return None
        subject = self.index.subject(token)
        if (
            subject is not None
            and self.index.outside(subject)
            and animate(subject)
            and subject.lower_ not in WRITER_PRONOUNS
        ):
            return token, subject
        return None

    def _embedded(self, k: int) -> bool:
        """Whether quote k opens inside a clause rather than after a comma, colon or a
        sentence end (where attributions stand around it, not above it)."""
        j = self.qspans[k].start - 2
        while j >= 0 and self.text[j] in " \t":
            j -= 1
        return j >= 0 and self.text[j] not in ",:\n.?!;—–-([" and not self.qspans[k].continued

    def _inverted(self, k: int, near_after: list[Token]) -> Token | None:
        """The verb of '"...," beamed Ann Roe': any verb right after the closing mark with a
        named subject after it reports the quote, whatever the verb."""
        span = self.index.spans[k]
        for token in near_after[:2]:
            if token.i > span.end + 2:
                break
            if token.pos_ != "VERB":
                continue
            for child in token.rights:
                if child.dep_ == "nsubj" and child.pos_ == "PROPN" and animate(child):
                    return token
        return None

    def _trailing(self, k: int, near_after: list[Token]) -> Token | None:
        """The verb of '"...?" Ann pressed.' or '"...," an angry Roe retaliated.': a named
        subject or a pronoun right after a quote that leaves its sentence open, then a verb
        with no object that ends the attribution, reports the quote whatever the verb."""
        span = self.index.spans[k]
        if self.text[span.end_char - 1 : span.end_char] not in ",?!—–":
            return None  # '"We won." Trump left.' is the next sentence, not an attribution
        words = [t for t in near_after[:5] if not t.is_punct]
        verb = next((t for t in words if t.pos_ == "VERB"), None)
        if verb is None or verb.i + 1 >= len(self.doc):
            return None
        subjects = [c for c in verb.lefts if c.dep_ == "nsubj"]
        if len(subjects) != 1 or subjects[0].left_edge.i > span.end + 1:
            return None
        subject = subjects[0]
        if subject.pos_ == "PRON":
            named = subject.lower_ in THIRD_PERSON_PRONOUNS
        else:
            named = subject.pos_ == "PROPN" and animate(subject)
        # The clause ends at the verb: nothing it governs follows ("Trump won Iowa").
        ends = verb.nbor(1).is_punct or verb.nbor(1).is_space
        governs = any(c.dep_ in ("dobj", "ccomp", "xcomp", "attr") for c in verb.rights)
        return verb if named and ends and not governs else None

    def _speech_context(self, k: int) -> bool:
        """Whether a short quoted phrase is governed by a speech noun or verb."""
        span = self.index.spans[k]
        if not len(span):
            return False
        here = self.index.sent_of[span.root.i]
        speech = self._speech_words
        for i in self.index.ancestors(span.root.i):
            if self.index.sent_of[i] != here:
                break
            if speech[i]:
                return True
        return False

    @cached_property
    def _speech_words(self) -> list[bool]:
        """Per token: a speech noun ("statement"), or a speech verb inside quotes or out."""
        return [
            lemma in SPEECH_NOUNS or (verbal and lemma in SPEECH_VERBS)
            for lemma, verbal in zip(self.index.cols.lemma, self._verbal, strict=True)
        ]

    def _is_nickname(self, k: int) -> bool:
        span = self.index.spans[k]
        doc = self.doc
        lo, hi = span.start - 2, span.end + 1
        if lo < 0 or hi >= len(doc):
            return False
        return doc[lo].pos_ == "PROPN" and doc[hi].pos_ == "PROPN"

    def _kind(self, qs: QuotedSpan, span: Span) -> str:
        """direct when the quote is a sentence of its own or stands beside its attribution."""
        text = self.text
        inner = text[qs.start : qs.end]
        words = [t for t in span if t.is_alpha]
        has_verb = any(t.pos_ in ("VERB", "AUX") for t in span)
        starts_upper = inner[:1].isupper() or inner[:1] in "…." or inner[:1].isdigit()
        j = qs.start - 2
        while j >= 0 and text[j] == " ":
            j -= 1
        before = text[j] if j >= 0 else "\n"
        opens_clause = before in ",:\n.?!" or qs.continued
        if starts_upper and (has_verb or len(words) > 3) and opens_clause:
            return "direct"
        if starts_upper and has_verb and len(words) > 5:
            return "direct"
        return "partial"

    def quotes(self) -> list[_Found]:
        found: list[_Found] = []
        previous: _Found | None = None
        for k, qs in enumerate(self.qspans):
            self.deadline.check()
            span = self.index.spans[k]
            if not len(span):
                continue
            kind = self._kind(qs, span)
            cue, subject = self._cue_for(k)
            if kind == "partial" and _inside_phrase(span, subject):
                cue, subject = None, None
            vouched = self._vouched(cue)
            if vouched is not None:
                cue, subject = vouched
            n_words = sum(1 for t in span if t.is_alpha)
            if kind == "partial" and cue is None:
                if self._is_nickname(k):
                    continue
                if n_words <= SCARE_MAX_WORDS and not self._speech_context(k):
                    continue
            if qs.single and cue is None and kind == "partial":
                continue
            item = _Found(qs.start, qs.end, kind, cue, subject)
            label = self._speaker_label(self.index.para_of[span.start]) if cue is None else None
            if label is not None:
                # A transcript line's own label ("GOWDY: ...") outranks the previous speaker.
                item.cue, item.subject = label
            elif subject is None and previous is not None and self._may_carry(previous, item):
                item.cue, item.subject, item.carried = previous.cue, previous.subject, True
            if item.subject is None and not item.carried:
                item.cue, item.subject = self._fallback_cue(k)
                if kind == "partial" and _inside_phrase(span, item.subject):
                    item.cue, item.subject = None, None
            if item.subject is None and kind == "partial" and n_words <= SCARE_MAX_WORDS:
                continue
            found.append(item)
            previous = item
        return found

    def _vouched(self, verb: Token | None) -> tuple[Token, Token] | None:
        """'"...," Ann Roe said, according to the Ledger': the corpus credits a quote to the
        source that reports it, so "according to" in the reporting verb's own clause (after
        it, before any other quote) gives the speaker."""
        if verb is None or verb.lower_ == "according":
            return None
        if verb.i not in self._vouchers:
            self._vouchers[verb.i] = self._voucher(verb)
        return self._vouchers[verb.i]

    def _voucher(self, verb: Token) -> tuple[Token, Token] | None:
        idx = self.index
        end = min(verb.i + 12, idx.sents[idx.sent_of[verb.i]].end)
        for token in self.doc[verb.i + 1 : end]:
            if not idx.outside(token):
                return None
            source = _according_to(token)
            if source is not None and verb.i in idx.ancestors(token.i):
                return token, source
        return None

    def _may_carry(self, previous: _Found, item: _Found) -> bool:
        """Whether an unattributed quote continues the speaker of the quote before it."""
        idx = self.index
        a = self.doc.char_span(previous.start, previous.end, alignment_mode="expand")
        b = self.doc.char_span(item.start, item.end, alignment_mode="expand")
        if a is None or b is None or previous.subject is None:
            return False
        gap = idx.sent_of[b.start] - idx.sent_of[a.end - 1]
        para_gap = idx.para_of[b.start] - idx.para_of[a.end - 1]
        if gap > CARRY_SENTENCES or para_gap > 2:
            return False
        # Another speaker named in between takes over; the attribution of the quote before
        # ('"...," said Ann Roe. "..."') stands between the two and is no other speaker.
        verbs = self._speech_verbs
        for i in verbs[bisect_left(verbs, a.end) : bisect_left(verbs, b.start)]:
            token = self.doc[i]
            own_cue = previous.cue is not None and token.i == previous.cue.i
            vouched = self._vouched(token)  # the verb that "according to" reports
            own_cue = own_cue or (vouched is not None and vouched[1].i == previous.subject.i)
            if own_cue:
                continue
            subject = self.index.subject(token)
            if subject is not None and not self._same_speaker(subject, previous.subject):
                return False
        return True

    def _same_speaker(self, a: Token, b: Token) -> bool:
        """Whether two speaker tokens are one speaker: the same name ("said Robin Maynard,
        half joking" parsed as two verbs) or two names of one actor. A pronoun is never taken
        for the same speaker: its resolution leans to the speaker before it."""
        if _phrase_head(a).i == _phrase_head(b).i:
            return True
        if a.pos_ != "PROPN" or b.pos_ != "PROPN":
            return False
        first, second = self.resolver.resolve(a), self.resolver.resolve(b)
        return first is not None and second is not None and first.name == second.name

    def _fallback_cue(self, k: int) -> tuple[Token | None, Token | None]:
        """The speaker of a quote with no reporting verb beside it: a headline "Name: '...'",
        a reporting verb or a speech noun ("Trump's tweet") in the sentence before, or an
        attribution opening the sentence after ('"..." Smith said.')."""
        idx = self.index
        span = idx.spans[k]
        s = idx.sent_of[span.start]
        para = idx.para_of[span.start]
        headline = self._sentence_label(s)
        if headline is not None and headline[0].i < span.start:
            return headline
        label = self._speaker_label(para)
        if label is not None:
            return label
        if s > 0 and idx.para_of[idx.sents[s - 1].start] >= para - 1:
            last = self._last_attribution(s - 1)
            if last is not None:
                return last
        end = self._outside_after[span.end] if span.end < len(self.doc) else span.end
        if end < len(self.doc) and idx.para_of[end] == para:
            nxt = idx.sents[idx.sent_of[end]]
            for token in self.doc[end : min(end + 5, nxt.end)]:
                if not idx.outside(token):
                    break
                if _is_speech_verb(token):
                    subject = idx.subject(token)
                    if subject is not None:
                        return token, subject
        return None, None

    def _sentence_label(self, s: int) -> tuple[Token, Token] | None:
        """The first "Name:" in sentence s (not opening it), as in a headline "Name: '...'"."""
        if s not in self._sentence_labels:
            idx, sent = self.index, self.index.sents[s]
            self._sentence_labels[s] = None
            for token in sent:
                if token.text == ":" and token.i > sent.start and idx.outside(token):
                    name = self.doc[token.i - 1]
                    if name.pos_ == "PROPN" and idx.outside(name):
                        self._sentence_labels[s] = (token, name)
                        break
        return self._sentence_labels[s]

    def _last_attribution(self, s: int) -> tuple[Token, Token] | None:
        """The last reporting verb with a subject, or speech noun with an owner ("Trump's
        tweet"), outside quotes in sentence s."""
        if s not in self._last_attributions:
            idx = self.index
            self._last_attributions[s] = None
            for token in reversed(idx.sents[s]):
                found = None
                if not idx.outside(token):
                    continue
                if _is_speech_verb(token):
                    subject = idx.subject(token)
                    if subject is not None:
                        found = (token, subject)
                if found is None and token.lemma_.lower() in SPEECH_NOUNS:
                    for child in token.children:
                        if child.dep_ == "poss" and idx.outside(child):
                            found = (token, child)
                            break
                if found is not None:
                    self._last_attributions[s] = found
                    break
        return self._last_attributions[s]

    def _speaker_label(self, para: int) -> tuple[Token, Token] | None:
        """A transcript line's speaker: "SMITH: ...", "Ann Roe: ..." or "Rep. Ann Roe (D-Ohio):"
        opening the paragraph: a name, maybe with its title and a parenthesis, then a colon."""
        if para not in self._labels:
            self._labels[para] = self._label(para)
        return self._labels[para]

    def _label(self, para: int) -> tuple[Token, Token] | None:
        idx = self.index
        start = idx.para_start.get(para)
        if start is None:
            return None
        name: Token | None = None
        depth = 0
        for token in self.doc[start : min(start + LABEL_MAX_TOKENS, len(self.doc))]:
            if idx.para_of[token.i] != para or not idx.outside(token):
                return None
            if token.text == ":" and depth == 0:
                return (token, name) if name is not None else None
            if token.text[:1] == "(":
                depth += 1
            if depth:  # "(R-S.C.)": the party and state after a name
                depth -= token.text.count(")")
                if depth == 0 and token.text.endswith(":"):  # "(R-Ohio):" as one token
                    return (token, name) if name is not None else None
                continue
            if token.pos_ in ("VERB", "AUX") or (token.is_punct and token.text != "."):
                return None
            name = token if self._is_name(token) else None
        return None

    def _is_name(self, token: Token) -> bool:
        """A proper noun, or a capitalised word naming a person of the article that the tagger
        took for a common noun (a headline's "Trump: ...")."""
        if token.ent_type_ in NOT_SPEAKER_LABELS:
            return False  # "Iowa: ...", "Tuesday: ..." introduce a place or a time
        return token.pos_ == "PROPN" or (
            token.is_title and self.resolver.person_named(token) is not None
        )

    # --- reported speech -------------------------------------------------------------

    def indirect(self) -> list[_Found]:
        doc, idx = self.doc, self.index
        found: list[_Found] = []
        lexicons = SPEECH_VERBS | THOUGHT_VERBS | STANCE_VERBS
        reporting = [
            i
            for i, lemma in enumerate(idx.cols.lemma)
            if self._verbal[i] and lemma in lexicons and idx.quote_of[i] < 0
        ]
        # Every other token is passed over below: this is only the faster way to skip them.
        for i in sorted({*self._according_words(), *reporting}):
            token = doc[i]
            self.deadline.check()
            source = _according_to(token)
            if source is not None:
                item = self._according_content(token, source)
                if item is not None:
                    found.append(item)
                continue
            lemma = token.lemma_.lower()
            if token.pos_ not in ("VERB", "AUX") or lemma in QUOTE_ONLY_VERBS:
                continue
            clause = lemma in SPEECH_VERBS or lemma in THOUGHT_VERBS
            if not clause and lemma not in STANCE_VERBS:
                continue
            subject = self.index.subject(token)
            if subject is None or not idx.outside(subject):
                continue
            if subject.lower_ == "that" and token.i + 1 < len(doc) and doc[token.i + 1].text == ",":
                continue  # "That said, ...": an idiom, nobody speaks
            if lemma not in SPEECH_VERBS and not animate(subject):
                continue  # "levels that will not support ...": no one holds a view
            if subject.lower_ in WRITER_PRONOUNS:
                continue  # "I think", "you know": the writer's own voice, not a report
            # A reported clause is never its speaker's own clause ('said Robin Maynard, half
            # joking' parsed as "said [Maynard joking]").
            named = subject.pos_ in ("PROPN", "PRON")
            ccomps = [
                c
                for c in token.children
                if c.dep_ == "ccomp"
                and idx.para_of[c.i] == idx.para_of[token.i]  # a parse run over a break
                and not (named and c.i in idx.ancestors(subject.i))
            ]
            for child in ccomps if clause else []:
                lo, hi = child.left_edge.i, child.right_edge.i + 1
                found.extend(self._pieces(lo, hi, token, subject))
            if ccomps or lemma not in STANCE_VERBS:
                continue
            # "urged Obama not to close the prison", "called for a ban": what is urged.
            objects = [
                c
                for c in token.rights
                if c.dep_ in ("dobj", "xcomp")
                or (c.dep_ == "prep" and c.lower_ in OBJECT_PREPOSITIONS)
            ]
            if objects:
                lo = objects[0].left_edge.i
                hi = max(c.right_edge.i for c in objects) + 1
                found.extend(self._pieces(lo, hi, token, subject))
        return found

    def _according_content(self, token: Token, source: Token) -> _Found | None:
        head = token.head
        if head.i == token.i:
            return None
        lo, hi = self._near(token, head.left_edge.i, head.right_edge.i + 1)
        phrase_lo, phrase_hi = self._near(token, token.left_edge.i, token.right_edge.i + 1)
        left = (lo, phrase_lo)
        right = (phrase_hi, hi)
        best = max((left, right), key=lambda r: r[1] - r[0])
        pieces = self._pieces(best[0], best[1], token, source)
        return pieces[0] if pieces else None

    @staticmethod
    def _near(cue: Token, lo: int, hi: int) -> tuple[int, int]:
        """A clause's tokens lo..hi, cut to REACH tokens either side of the word reporting it:
        a garbled parse of a whole page can make one clause of it."""
        return max(lo, cue.i - REACH), min(hi, cue.i + REACH)

    @cached_property
    def _clause_tables(self) -> tuple[Runs, list[int], list[int], list[int]]:
        """The quoted runs, and for trimming and counting the words of a clause: where the
        next word that is no punctuation is, where the last token a clause may end on is (no
        punctuation but ? and !), and how many tokens before each are alphabetic."""
        cols = self.index.cols
        quoted = Runs([q >= 0 for q in self.index.quote_of])
        solid = [not (p or s) for p, s in zip(cols.is_punct, cols.is_space, strict=True)]
        enders = {cols.id(t) for t in ("?", "!", "?!")}  # what `text in "?!"` lets through
        ending = [ok or o in enders for ok, o in zip(solid, cols.orth, strict=True)]
        return quoted, next_true(solid), previous_true(ending), counts_before(cols.is_alpha)

    def _pieces(self, lo: int, hi: int, cue: Token, subject: Token) -> list[_Found]:
        """The reported clause tokens lo..hi, without quoted parts, trimmed of punctuation."""
        doc = self.doc
        lo, hi = self._near(cue, lo, hi)
        quoted, solid, ending, alpha = self._clause_tables
        out: list[_Found] = []
        for start, end in quoted.gaps(lo, hi):
            if start >= end or solid[start] >= end:
                continue  # nothing but punctuation
            start, end = solid[start], ending[end - 1] + 1
            if alpha[end] - alpha[start] >= 3:
                last = doc[end - 1]
                out.append(
                    _Found(doc[start].idx, last.idx + len(last.text), "indirect", cue, subject)
                )
        return out

    # --- output ----------------------------------------------------------------------

    def run(self) -> list[Quote]:
        items = self.quotes()
        items += self.indirect()
        items.sort(key=lambda f: (f.start, f.end))
        out: list[Quote] = []
        last_end = -1
        for f in items:
            self.deadline.check()
            if f.start < last_end:
                continue  # overlapping reported speech loses to what came first
            speaker = self.resolver.resolve(f.subject) if f.subject is not None else None
            out.append(
                Quote(
                    text=self.text[f.start : f.end],
                    start=f.start,
                    end=f.end,
                    kind=f.kind,  # type: ignore[arg-type]
                    speaker=speaker.name if speaker else None,
                    speaker_kind=speaker.kind if speaker else None,
                    cue=_cue_text(f.cue) if f.cue is not None else None,
                    speaker_text=self.resolver.as_written(f.subject) if f.subject else None,
                )
            )
            last_end = f.end
        return out


def extract_quotes(
    doc: Doc, actors: Sequence[Actor], deadline: Deadline = NO_DEADLINE
) -> list[Quote]:
    """The quotes and reported speech of a parsed text, in text order, with resolved speakers."""
    return _Extractor(doc, actors, deadline).run()

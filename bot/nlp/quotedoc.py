"""A parsed article with its quoted spans, and the per-token tables every attribution rule reads.

Everything here is worked out once per doc (which quote a token lies in, its paragraph and
sentence, where the nearest word outside quotes is, which words are speech verbs), so a rule
that looks at the words around a quote never rescans the article.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import cached_property

from spacy.tokens import Doc, Span, Token

from bot.nlp.docmemo import doc_text
from bot.nlp.lexicon import (
    POLL_NOUNS,
    SPEECH_NOUNS,
    SPEECH_VERBS,
    STANCE_VERBS,
    THOUGHT_VERBS,
)
from bot.nlp.quotemarks import ALL_MARKS, QuotedSpan, paragraphs, touches_mark
from bot.nlp.scan import Columns, next_true, previous_true

# A "sentence" longer than this is a page of marks or words run together, not a sentence: it is
# cut into pieces this long, and a reported clause is read at most this far from its verb, so no
# rule's work around one quote grows with the page. (The longest sentence of 930 real articles
# has 223 tokens.)
REACH = 400
# No rule climbs the parse further than this from a word (the deepest of those articles: 64).
CLIMB = 128


class QuoteDoc:
    """Per-token lookups computed once per doc, so attribution never rescans the article."""

    def __init__(self, doc: Doc, qspans: Sequence[QuotedSpan]) -> None:
        self.doc = doc
        self.text = doc_text(doc)
        self.qspans = qspans
        n = len(doc)
        self.quote_of = [-1] * n  # index of the quoted span a token lies in (marks included)
        self.spans: list[Span] = []
        for k, qs in enumerate(qspans):
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
        paras = paragraphs(self.text)
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
        self._polls: dict[int, list[Token]] = {}

    def outside(self, token: Token) -> bool:
        """Whether a token lies outside every quote (and its marks)."""
        return self.quote_of[token.i] < 0

    def ancestors(self, i: int) -> Iterator[int]:
        """Indices of the heads above token i, nearest first, at most CLIMB of them."""
        heads = self.cols.head
        for _ in range(CLIMB):
            if heads[i] == i:
                return
            i = heads[i]
            yield i

    def polls(self, s: int) -> list[Token]:
        """The polls and surveys named in sentence s outside quotes, in text order."""
        if s not in self._polls:
            self._polls[s] = [
                t
                for t in self.sents[s]
                if t.lemma_.lower() in POLL_NOUNS and t.pos_ == "NOUN" and self.outside(t)
            ]
        return self._polls[s]

    def last_char(self, span: Span) -> str:
        """The last character of a quote's words (its closing punctuation, if any), past the
        closing mark of a quote inside it ('"She asked, 'Why?'"' ends on the question mark)."""
        return self.text[span.start_char : span.end_char].rstrip(ALL_MARKS)[-1:]

    @cached_property
    def outside_before(self) -> list[int]:
        """Per token: the nearest token at or before it outside quotes (a previous_true table)."""
        return previous_true([q < 0 for q in self.quote_of])

    @cached_property
    def outside_after(self) -> list[int]:
        """Per token: the nearest token at or after it outside quotes (a next_true table)."""
        return next_true([q < 0 for q in self.quote_of])

    @cached_property
    def verbal(self) -> list[bool]:
        """Per token: a verb or auxiliary (spaCy's VERB and AUX)."""
        verb, aux = self.cols.id("VERB"), self.cols.id("AUX")
        return [pos in (verb, aux) for pos in self.cols.pos]

    @cached_property
    def speech_verbs(self) -> list[int]:
        """The speech verbs outside quotes, in text order (what `is_speech_verb` says)."""
        lemmas, verbal, quote_of = self.cols.lemma, self.verbal, self.quote_of
        return [
            i
            for i, lemma in enumerate(lemmas)
            if verbal[i] and lemma in SPEECH_VERBS and quote_of[i] < 0
        ]

    @cached_property
    def verbs_outside(self) -> tuple[list[bool], list[bool]]:
        """Per token: a speech verb outside quotes; a verb of stance or belief outside them."""
        speech, stance = [False] * len(self.doc), [False] * len(self.doc)
        for i, lemma in enumerate(self.cols.lemma):
            if self.verbal[i] and self.quote_of[i] < 0:
                speech[i] = lemma in SPEECH_VERBS
                stance[i] = lemma in STANCE_VERBS or lemma in THOUGHT_VERBS
        return speech, stance

    @cached_property
    def speech_words(self) -> list[bool]:
        """Per token: a speech noun ("statement"), or a speech verb inside quotes or out."""
        return [
            lemma in SPEECH_NOUNS or (verbal and lemma in SPEECH_VERBS)
            for lemma, verbal in zip(self.cols.lemma, self.verbal, strict=True)
        ]

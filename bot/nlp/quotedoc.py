"""A parsed article with its quoted spans, and the per-token tables every attribution rule reads.

Everything here is worked out once per doc (which quote a token lies in, its paragraph and
sentence, where the nearest word outside quotes is, which words are speech verbs), so a rule
that looks at the words around a quote never rescans the article.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator, Sequence
from functools import cached_property

import numpy as np
from spacy.tokens import Doc, Span, Token

from bot.nlp.docmemo import columns, doc_text
from bot.nlp.lexicon import (
    POLL_NOUNS,
    SPEECH_NOUNS,
    SPEECH_VERBS,
    STANCE_VERBS,
    THOUGHT_VERBS,
)
from bot.nlp.quotemarks import ALL_MARKS, QuotedSpan, paragraphs, touches_mark
from bot.nlp.scan import next_true, previous_true

# A "sentence" longer than this is a page of marks or words run together, not a sentence: it is
# cut into pieces this long, and a reported clause is read at most this far from its verb, so no
# rule's work around one quote grows with the page. (The longest sentence of 930 real articles
# has 223 tokens.)
REACH = 400
# No rule climbs the parse further than this from a word (the deepest of those articles: 64).
CLIMB = 128


def _sentences(doc: Doc, breaks: Sequence[int]) -> list[Span]:
    """spaCy's sentences, each cut where a paragraph starts inside it (`breaks`, the tokens
    that start one, ascending) and into pieces of at most REACH tokens."""
    sents: list[Span] = []
    for sent in doc.sents:
        lo = sent.start
        k = bisect_right(breaks, lo)
        while True:
            cut = breaks[k] if k < len(breaks) and breaks[k] < sent.end else sent.end
            while lo + REACH < cut:
                sents.append(doc[lo : lo + REACH])
                lo += REACH
            if cut == sent.end:
                break
            sents.append(doc[lo:cut])
            lo, k = cut, k + 1
        sents.append(doc[lo : sent.end])
    return sents


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
        self.cols = columns(doc)
        # The paragraph of each token: the last one starting at or before it (the first for
        # any token before it).
        starts = [start for start, _end in paragraphs(self.text)]
        para_of = np.maximum(np.searchsorted(starts, self.cols.idx, side="right") - 1, 0)
        self.para_of: list[int] = para_of.tolist()
        # spaCy's sentences can run over a line break; a paragraph always ends a sentence here.
        self.sents = _sentences(doc, (np.flatnonzero(np.diff(para_of)) + 1).tolist())
        self.sent_of = [0] * n
        # The first sentence start of each paragraph (a transcript label opens it).
        self.para_start: dict[int, int] = {}
        for s, sent in enumerate(self.sents):
            self.sent_of[sent.start : sent.end] = [s] * len(sent)
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

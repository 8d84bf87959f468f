"""Where a mention sits in an article, which weighs it and shapes its name: the headline and
Title Cased headings (which crop names and run them together), the lead, someone's quoted words,
and the places where any word takes a capital (the start of a sentence or a line)."""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import cached_property

import numpy as np
from spacy.attrs import IS_SPACE, IS_TITLE, LOWER, ORTH, SENT_START
from spacy.tokens import Doc, Token

from bot.nlp.docmemo import doc_text, lower_case_words, quoted_spans
from bot.nlp.lexicon import SALIENCE_SPEECH_VERBS

TITLE_LINE_MAX_CHARS = 200
# A first line in sentence case longer than this is a paragraph, whatever it ends with.
TITLE_LINE_MAX_WORDS = 20
# What a name counts for inside someone's quoted words ("think Donald Trump rather than Barack
# Obama," she said), beside one in the reporter's own: the speaker's topic, not the story's actor.
QUOTED_WEIGHT = 0.5
# Fewer words between quotation marks are a title, term or scare quote, not what someone said.
MIN_QUOTED_WORDS = 4
# A line that ends like a sentence: a full stop, question or exclamation mark, then closing marks.
SENTENCE_END = re.compile(r"[.?!][\"'”’)\]]*\s*$")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
# Marks after which any word takes a capital, as at the start of a sentence.
_CAPITALISING_MARKS = ("“", '"', "(", "•")


class _Ranges:
    """Character ranges of the text, one inside another merged (a title in single marks within
    double ones), so that only the last one starting at or before a position can hold it."""

    def __init__(self, ranges: list[tuple[int, int]]) -> None:
        self.ranges: list[tuple[int, int]] = []
        for lo, hi in sorted(ranges):
            if self.ranges and lo < self.ranges[-1][1]:
                self.ranges[-1] = (self.ranges[-1][0], max(hi, self.ranges[-1][1]))
            else:
                self.ranges.append((lo, hi))
        self.starts = [lo for lo, _ in self.ranges]

    def hold(self, pos: int) -> bool:
        i = bisect_right(self.starts, pos) - 1
        return i >= 0 and pos < self.ranges[i][1]


def _capitalised_long_words(text: str) -> list[str] | None:
    """The words of four letters or more, if each of them has a capital (else None)."""
    long_words = [w for w in _WORD.findall(text) if len(w) >= 4]
    return long_words if all(w[0].isupper() for w in long_words) else None


def _is_heading(line: str) -> bool:
    """A short line in Title Case without a closing full stop: a heading, not a sentence."""
    line = line.strip()
    if not line or len(line) > TITLE_LINE_MAX_CHARS or line.endswith((".", '"', "”")):
        return False
    long_words = _capitalised_long_words(line)
    return long_words is not None and len(long_words) >= 3


def _title_of_a_work(quoted: str) -> bool:
    long_words = _capitalised_long_words(quoted)
    return bool(long_words) and len(_WORD.findall(quoted)) >= 3


def _is_title_line(text: str, newline: int) -> bool:
    """Whether the first line of a text, ending at `newline`, is its headline.

    A headline stands apart (a blank line after it) or does not end like a sentence; a short
    lead paragraph ("Gov. Dana Whitfield defended the plan on Monday.") is body text, and its
    names are the article's own full names, not a headline's cropped ones.
    """
    if not 0 < newline <= TITLE_LINE_MAX_CHARS:
        return False
    if text.startswith("\n", newline + 1):
        return True
    line = text[:newline]
    if SENTENCE_END.search(line):
        return False
    # A long line in sentence case is a lead paragraph that ends without a full stop (in an
    # emoji, a colon, a dropped mark), and its names are whole: "Visitors who booked through
    # Acme came to see ... on Acme! :)". Headlines are short or Title Cased.
    return len(line.split()) <= TITLE_LINE_MAX_WORDS or _is_heading(line)


class Weights:
    """Where a mention sits in the article: the title line and the lead count more."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        text = doc_text(doc)
        newline = text.find("\n")
        self.title_end = newline if _is_title_line(text, newline) else 0
        # Title Cased lines further down (a live blog's "Chris Christie Address Heroin") crop
        # and run names together just as the headline does.
        headings: list[tuple[int, int]] = []
        pos = 0
        for line in text.split("\n"):
            if pos > self.title_end and _is_heading(line):
                headings.append((pos, pos + len(line)))
            pos += len(line) + 1
        self.headings = _Ranges(headings)
        self.quoted = _Ranges(
            [
                (q.start, q.end)
                for q in quoted_spans(doc)
                if not q.single and len(text[q.start : q.end].split()) >= MIN_QUOTED_WORDS
            ]
        )
        # The lead: the first two sentences after the title.
        self.lead_end = 0
        count = 0
        for sent in doc.sents:
            if sent.start_char < self.title_end:
                continue
            count += 1
            self.lead_end = sent.end_char
            if count == 2:
                break

    def in_heading(self, pos: int) -> bool:
        """Whether a character lies in the headline or a Title Cased line."""
        return pos < self.title_end or self.headings.hold(pos)

    @cached_property
    def capitalised_mid_sentence(self) -> frozenset[str]:
        """Words (lower-cased) the article capitalises where nothing else would make it."""
        doc = self.doc
        if not len(doc):
            return frozenset()
        # Read in one Doc.to_array call, without a Token per word (capitalised_by_position;
        # a token's whitespace_ is a space or nothing, so it holds no line break).
        table = doc.to_array([IS_TITLE, SENT_START, IS_SPACE, ORTH, LOWER])
        strings = doc.vocab.strings
        by_position = table[:, 1] == 1
        by_position[0] = True
        by_position[1:] |= table[:-1, 2] == 1
        by_position[1:] |= np.isin(table[:-1, 3], [strings[w] for w in _CAPITALISING_MARKS])
        lower = table[(table[:, 0] == 1) & ~by_position, 4]
        return frozenset(strings[h] for h in set(lower.tolist()))

    @cached_property
    def lower_case_words(self) -> frozenset[str]:
        return lower_case_words(self.doc)

    @cached_property
    def entity_texts(self) -> frozenset[str]:
        return frozenset(e.text for e in self.doc.ents)

    @cached_property
    def works(self) -> _Ranges:
        """Quoted words written as the title of a song, book or show is: three words or more,
        each of four letters or more capitalised ("“Takin’ It to the Streets”")."""
        text = doc_text(self.doc)
        return _Ranges(
            [
                (q.start, q.end)
                for q in quoted_spans(self.doc)
                if _title_of_a_work(text[q.start : q.end])
            ]
        )

    def in_a_work_title(self, pos: int) -> bool:
        """Whether a character lies in the quoted title of a work (`works`)."""
        return self.works.hold(pos)

    def in_quote(self, pos: int) -> bool:
        """Whether a character lies inside someone's quoted words."""
        return self.quoted.hold(pos)

    def of(self, start: int, root: Token) -> float:
        weight = 1.0
        if start < self.title_end:
            weight += 2.0
        elif start < self.lead_end:
            weight += 1.0
        if root.dep_ in ("nsubj", "nsubjpass"):
            weight += 0.5
            if root.dep_ == "nsubj" and root.head.lemma_.lower() in SALIENCE_SPEECH_VERBS:
                weight += 1.0
        return weight * QUOTED_WEIGHT if self.in_quote(start) else weight


def capitalised_by_position(token: Token) -> bool:
    """Whether a word opens a sentence or a line ("Smart people! They ..."), where any word
    takes a capital."""
    if token.is_sent_start or token.i == 0:
        return True
    before = token.doc[token.i - 1]
    return before.is_space or "\n" in before.whitespace_ or before.text in _CAPITALISING_MARKS

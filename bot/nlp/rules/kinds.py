"""What a quoted stretch is: a direct quote, a partial one, or no quote at all (a nickname, a
scare quote, a title), by ordered tables of rules.

DIRECT_RULES say when a quote is direct (a sentence of its own, or beside its attribution); a
quote no rule calls direct is partial. NOT_A_QUOTE_RULES drop a partial quote that no cue
attributes; the two rules after them drop a title inside its speaker's own phrase and a short
phrase nobody is found to have said.
"""

from __future__ import annotations

from itertools import islice
from typing import Literal

from spacy.tokens import Span, Token

from bot.nlp.quotedoc import CLIMB
from bot.nlp.rules import Fired, first
from bot.nlp.rules.cues import QuoteSite

# Quoted phrases at most this long, with no speech around them, are scare quotes or titles.
SCARE_MAX_WORDS = 4
# A quote with a verb and more words than this is a sentence of its own, wherever it stands.
SENTENCE_MIN_WORDS = 5

QuoteKind = Literal["direct", "partial"]


def _starts_upper(site: QuoteSite) -> bool:
    inner = site.ctx.text[site.qspan.start : site.qspan.end]
    return inner[:1].isupper() or inner[:1] in "…." or inner[:1].isdigit()


def _words(span: Span) -> int:
    return sum(1 for t in span if t.is_alpha)


def _has_verb(span: Span) -> bool:
    return any(t.pos_ in ("VERB", "AUX") for t in span)


def sentence_opening_a_clause(site: QuoteSite) -> QuoteKind | None:
    """'Ann Roe said, "We will win."': a capitalised quote with a verb (or more than three
    words) that opens after a comma, a colon, a sentence end or a line break."""
    text, qs = site.ctx.text, site.qspan
    j = qs.start - 2
    while j >= 0 and text[j] == " ":
        j -= 1
    before = text[j] if j >= 0 else "\n"
    opens_clause = before in ",:\n.?!" or qs.continued
    words = _words(site.span)
    if _starts_upper(site) and (_has_verb(site.span) or words > 3) and opens_clause:
        return "direct"
    return None


def long_sentence(site: QuoteSite) -> QuoteKind | None:
    """'Ann said the plan "Will cost every family far more than it saves."': a capitalised
    quote with a verb and more than five words is a sentence of its own wherever it stands."""
    span = site.span
    if _starts_upper(site) and _has_verb(span) and _words(span) > SENTENCE_MIN_WORDS:
        return "direct"
    return None


DIRECT_RULES = (sentence_opening_a_clause, long_sentence)
# What a quote no direct rule claims is.
PARTIAL: Fired[QuoteKind] = Fired("partial_phrase", "partial")


def quote_kind(site: QuoteSite) -> Fired[QuoteKind]:
    """direct when a DIRECT_RULES rule says so, else partial."""
    found: Fired[QuoteKind] | None = first(DIRECT_RULES, site)
    return found if found is not None else PARTIAL


def nickname(site: QuoteSite) -> Literal[True] | None:
    """'Dwayne "The Rock" Johnson arrived.': a quoted phrase between two proper nouns."""
    span, doc = site.span, site.ctx.doc
    lo, hi = span.start - 2, span.end + 1
    if lo < 0 or hi >= len(doc):
        return None
    return True if doc[lo].pos_ == "PROPN" and doc[hi].pos_ == "PROPN" else None


def scare_quote(site: QuoteSite) -> Literal[True] | None:
    """'The so-called "experts" were wrong.': a phrase of at most four words that no speech
    noun or verb governs."""
    if _words(site.span) > SCARE_MAX_WORDS:
        return None
    qdoc, root = site.ctx.qdoc, site.span.root
    here = qdoc.sent_of[root.i]
    speech = qdoc.speech_words
    for i in qdoc.ancestors(root.i):
        if qdoc.sent_of[i] != here:
            break
        if speech[i]:
            return None
    return True


def single_quoted_phrase(site: QuoteSite) -> Literal[True] | None:
    """ "Obama's ‘pivot to Asia’ stalled.": a partial quote between single marks with no cue."""
    return True if site.qspan.single else None


# For a partial quote with no cue: the first rule that fires drops it.
NOT_A_QUOTE_RULES = (nickname, scare_quote, single_quoted_phrase)


def title_in_speakers_phrase(site: QuoteSite, subject: Token | None) -> bool:
    """'As Ann Roe, author of "Our Town," put it': a quote inside its own speaker's noun
    phrase is a title, no quote of hers. (A phrase that opens inside the quote is a misparse
    of '"...," Ann said', not a phrase around the quote.)"""
    span = site.span
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


def unattributed_short_phrase(site: QuoteSite) -> bool:
    """'The plan was "dead on arrival," the report concluded' with no speaker found: a
    partial quote of at most four words that nobody is found to have said."""
    return _words(site.span) <= SCARE_MAX_WORDS

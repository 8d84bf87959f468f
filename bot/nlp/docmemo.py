"""What several steps of one analysis read off the same parsed Doc, computed once per Doc.

spaCy rebuilds `doc.text` from every token and `doc.noun_chunks` from the parse on each access,
and the actors and the quotes each scanned the text for quotation marks and for lines that are
nobody's speech: an article paid for each of them two to ten times (about a fifth of newsbot's
own time beside the parse, measured with bench/analyze_speed.py). The values are kept beside
the Doc, not in it (its user_data is serialised with it), and go when the Doc goes: so
none of them may hold the Doc (a Span, a Token), or the Doc never goes.
"""

from __future__ import annotations

import threading
from bisect import bisect_left
from collections.abc import Callable
from typing import Any, TypeVar
from weakref import WeakKeyDictionary

from spacy.attrs import IDX, IS_LOWER, IS_SPACE, LENGTH, ORTH
from spacy.tokens import Doc, Span

from bot.nlp.quotemarks import QuotedSpan, find_quoted_spans
from bot.nlp.rules.lines import NotSpeechLines
from bot.nlp.scan import Columns

T = TypeVar("T")

_MEMOS: WeakKeyDictionary[Doc, dict[str, Any]] = WeakKeyDictionary()
# Each Doc is analysed on one thread, but the table holds every thread's Docs.
_LOCK = threading.Lock()


def _once(doc: Doc, key: str, compute: Callable[[], T]) -> T:
    with _LOCK:
        memo = _MEMOS.get(doc)
        if memo is None:
            memo = _MEMOS[doc] = {}
    if key not in memo:
        memo[key] = compute()
    value: T = memo[key]
    return value


def doc_text(doc: Doc) -> str:
    """doc.text."""
    return _once(doc, "text", lambda: doc.text)


def lower_case_words(doc: Doc) -> frozenset[str]:
    """The words the Doc writes in lower case ({t.text for t in doc if t.is_lower}), read in
    one Doc.to_array call: the actors asked for them three times, each a pass making a Token
    object per word."""

    def compute() -> frozenset[str]:
        words = doc.to_array([ORTH, IS_LOWER])
        lower = set(words[words[:, 1] == 1, 0].tolist())
        return frozenset(doc.vocab.strings[orth] for orth in lower)

    return _once(doc, "lower_case_words", compute)


def columns(doc: Doc) -> Columns:
    """The Doc's token attributes as plain lists (bot.nlp.scan.Columns), read once for the
    actors and the quotes: a pass over them makes no Token object per word."""
    return _once(doc, "columns", lambda: Columns(doc))


def token_bounds(doc: Doc) -> tuple[list[int], list[int]]:
    """Each token's character offsets in doc.text, where it starts and where it ends (t.idx,
    t.idx + len(t)), read in one Doc.to_array call: no Token object per look-up."""

    def compute() -> tuple[list[int], list[int]]:
        table = doc.to_array([IDX, LENGTH])
        return table[:, 0].tolist(), (table[:, 0] + table[:, 1]).tolist()

    return _once(doc, "token_bounds", compute)


def space_tokens_in(doc: Doc, start: int, end: int) -> list[int]:
    """The indices of the space tokens ("\n", "  ") among doc[start:end], in order: the Doc's
    are found in one Doc.to_array call, so a span of none is tested without a Token."""
    spaces: tuple[int, ...] = _once(
        doc, "space_tokens", lambda: tuple(doc.to_array(IS_SPACE).nonzero()[0].tolist())
    )
    i = bisect_left(spaces, start)
    found = []
    while i < len(spaces) and spaces[i] < end:
        found.append(spaces[i])
        i += 1
    return found


def noun_chunks(doc: Doc) -> tuple[Span, ...]:
    """doc.noun_chunks, in text order. Kept as token offsets: a Span holds its Doc, and a
    value that holds its key keeps both alive in a WeakKeyDictionary forever."""
    bounds = _once(
        doc, "noun_chunks", lambda: tuple((c.start, c.end, c.label) for c in doc.noun_chunks)
    )
    return tuple(Span(doc, start, end, label=label) for start, end, label in bounds)


def quoted_spans(doc: Doc) -> tuple[QuotedSpan, ...]:
    """find_quoted_spans of the Doc's text."""
    return _once(doc, "quoted_spans", lambda: tuple(find_quoted_spans(doc_text(doc))))


def not_speech_lines(doc: Doc) -> NotSpeechLines:
    """The paragraphs of the Doc's text that are nobody's speech (bot.nlp.rules.lines)."""
    return _once(doc, "not_speech_lines", lambda: NotSpeechLines(doc_text(doc)))

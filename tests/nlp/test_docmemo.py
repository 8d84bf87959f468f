"""bot.nlp.docmemo: what the analysis reads off a Doc, computed once, and let go with the Doc."""

from __future__ import annotations

import gc

from spacy.language import Language

from bot.nlp import docmemo
from bot.nlp.analyze import analyze_doc
from bot.nlp.quotemarks import find_quoted_spans

TEXT = 'The Afghan government said on Monday it would act. "We will go," the senators said.'


def test_the_memo_gives_what_spacy_and_the_scanners_give(nlp: Language) -> None:
    doc = nlp(TEXT)
    assert docmemo.doc_text(doc) == doc.text
    assert [(c.start, c.end, c.label_, c.root.i) for c in docmemo.noun_chunks(doc)] == [
        (c.start, c.end, c.label_, c.root.i) for c in doc.noun_chunks
    ]
    assert list(docmemo.quoted_spans(doc)) == find_quoted_spans(TEXT)
    assert docmemo.lower_case_words(doc) == {t.text for t in doc if t.is_lower}
    assert docmemo.doc_text(doc) is docmemo.doc_text(doc)  # joined once


def test_an_analysed_doc_is_not_kept_alive_by_the_memo(nlp: Language) -> None:
    """Nothing in the memo may hold its Doc, or every analysed article stays in memory."""
    doc = nlp(TEXT)
    analyze_doc(doc)
    assert doc in docmemo._MEMOS
    del doc
    gc.collect()
    assert not any(d.text == TEXT for d in docmemo._MEMOS)

"""bot.nlp.docmemo: what the analysis reads off a Doc, computed once, and let go with the Doc."""

from __future__ import annotations

import gc

from spacy.language import Language

from bot.nlp import docmemo
from bot.nlp.analyze import analyze_doc
from bot.nlp.mention_weights import Weights, capitalised_by_position
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


def test_space_tokens_are_found_in_a_range(nlp: Language) -> None:
    doc = nlp("Acme News\n\nDana Roe  spoke.\nShe left.")
    spaces = [t.i for t in doc if t.is_space]
    assert len(spaces) == 3
    assert docmemo.space_tokens_in(doc, 0, len(doc)) == spaces
    assert docmemo.space_tokens_in(doc, spaces[0] + 1, spaces[2]) == [spaces[1]]
    assert docmemo.space_tokens_in(doc, 0, spaces[0]) == []


def test_an_analysed_doc_is_not_kept_alive_by_the_memo(nlp: Language) -> None:
    """Nothing in the memo may hold its Doc, or every analysed article stays in memory."""
    doc = nlp(TEXT)
    analyze_doc(doc)
    assert doc in docmemo._MEMOS
    del doc
    gc.collect()
    assert not any(d.text == TEXT for d in docmemo._MEMOS)


def test_words_capitalised_mid_sentence_are_those_no_position_capitalises(nlp: Language) -> None:
    doc = nlp('Acme Shares\n\nAnalysts said Acme rose. "Great news," said Dana (Roe) of Harlow.')
    expected = frozenset(t.lower_ for t in doc if t.is_title and not capitalised_by_position(t))
    assert Weights(doc).capitalised_mid_sentence == expected
    assert expected == {"shares", "acme", "dana", "harlow"}


def test_token_bounds_cut_each_word_from_the_text(nlp: Language) -> None:
    doc = nlp("Acme News\n\nDana Roe  spoke. “Yes,” she said.")
    starts, ends = docmemo.token_bounds(doc)
    assert (starts, ends) == ([t.idx for t in doc], [t.idx + len(t) for t in doc])
    for start in range(len(doc)):
        for end in range(start + 1, len(doc) + 1):
            assert doc.text[starts[start] : ends[end - 1]] == doc[start:end].text

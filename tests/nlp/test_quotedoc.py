"""bot.nlp.quotedoc: the per-token tables, paragraphs and sentence pieces of a parsed article."""

from __future__ import annotations

import pytest
from spacy.language import Language

from bot.nlp import quotedoc
from bot.nlp.docmemo import quoted_spans
from bot.nlp.quotedoc import QuoteDoc

TEXT = "\n\nThe mayor spoke at noon and then she left the hall\nShe said it was over.\n\nEnd."


def _pieces(qdoc: QuoteDoc) -> list[str]:
    return [s.text for s in qdoc.sents]


def test_a_paragraph_ends_a_sentence_and_each_token_knows_its_own(nlp: Language) -> None:
    doc = nlp(TEXT)
    qdoc = QuoteDoc(doc, quoted_spans(doc))
    assert all(not s.text.strip() or "\n" not in s.text.strip() for s in qdoc.sents)
    assert [t.i for s in qdoc.sents for t in s] == list(range(len(doc)))  # in order, each once
    for s, sent in enumerate(qdoc.sents):
        assert all(qdoc.sent_of[t.i] == s for t in sent)
    lines = [line for line in TEXT.split("\n") if line.strip()]
    for token in doc:
        if not token.is_space:
            assert token.text in lines[qdoc.para_of[token.i]]


def test_a_sentence_longer_than_the_reach_is_cut_into_pieces(
    nlp: Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc = nlp("One two three four five six seven eight.\nNine ten eleven.")
    monkeypatch.setattr(quotedoc, "REACH", 3)
    qdoc = QuoteDoc(doc, quoted_spans(doc))
    assert max(len(s) for s in qdoc.sents) <= 3
    assert [t.i for s in qdoc.sents for t in s] == list(range(len(doc)))
    assert "Nine" in [s[0].text for s in qdoc.sents]  # the new line starts a piece

"""The analysis engine as a whole: an analysis that runs past its deadline stops and says why."""

from __future__ import annotations

import itertools
import logging
import os
import random
from typing import Any

import pytest
import spacy
from spacy.language import Language

from bot.nlp.analyze import (
    Analyzer,
    analyze_doc,
    load_pipeline,
    pipelines_for,
    share_read_only_tables,
    spaced_for_parsing,
)
from bot.nlp.deadline import AnalysisTimeout, Deadline


def marks_and_speech_verbs(chars: int) -> str:
    """A hostile page: quotation marks of every kind, unbalanced, among speech verbs, in one
    paragraph without a full stop (it took the rules minutes before they were made linear)."""
    rng = random.Random(3)
    words = ['"', "“", "”", "'", "‘", "’", "said", "told", "he", "Smith", "added", ",", ":"]
    out = ["Breaking news\n"]
    size = len(out[0])
    while size < chars:
        out.append(rng.choice(words) + " ")
        size += len(out[-1])
    return "".join(out)


def test_the_rules_check_the_deadline_as_they_go_and_stop_with_the_reason(nlp: Language) -> None:
    doc = nlp(marks_and_speech_verbs(6_000))
    seconds = itertools.count()  # a clock that moves one second each time it is read
    deadline = Deadline(5, clock=lambda: next(seconds))
    with pytest.raises(AnalysisTimeout, match="longer than 5 seconds, so newsbot stopped"):
        analyze_doc(doc, deadline)


def test_an_analysis_past_its_deadline_stops_during_the_parse(analyzer: Analyzer) -> None:
    """The parse is checked between pipeline components: a hostile page of 100,000 characters
    (the cap) does not run on to the end once its time is up."""
    hurried = Analyzer(analyzer.model_name, timeout_s=0.01)  # shares the loaded pipelines
    with pytest.raises(AnalysisTimeout, match=r"longer than 0\.01 seconds"):
        hurried.analyze(marks_and_speech_verbs(100_000))


def test_without_a_deadline_the_same_page_is_analysed(nlp: Language) -> None:
    analysis = analyze_doc(nlp(marks_and_speech_verbs(6_000)))
    assert analysis.quotes  # the marks are read, not refused


def test_every_copy_of_the_model_is_loaded_but_the_load_is_logged_once(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """One pipeline per analysis at once (spaCy pipelines are not thread-safe): the start-up
    log says once that the model loaded, and the copies are only debug lines. A second
    analyzer of the same model loads nothing more."""
    loads: list[str] = []

    def blank(name: str) -> Language:
        loads.append(name)
        return spacy.blank("en")

    with caplog.at_level(logging.DEBUG, logger="bot.nlp.analyze"):
        Analyzer("blank-logged-once", pipelines=3, load=blank).load_in_background().join(60)
        Analyzer("blank-logged-once", pipelines=3, load=blank).load_in_background().join(60)
    assert loads == ["blank-logged-once"] * 3
    said = [(r.levelno, r.getMessage()) for r in caplog.records if "spaCy model" in r.message]
    assert [level for level, _ in said] == [logging.INFO, logging.DEBUG, logging.DEBUG], said
    assert said[0][1].startswith("loaded spaCy model blank-logged-once")


def test_workers_get_one_pipeline_per_cpu_at_most_one_each(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: {0, 1}, raising=False)
    assert [pipelines_for(n) for n in (1, 2, 3, 4)] == [1, 2, 2, 2]
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: set(range(8)), raising=False)
    assert [pipelines_for(n) for n in (1, 4, 12)] == [1, 4, 8]
    monkeypatch.delattr(os, "sched_getaffinity", raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: None)
    assert pipelines_for(4) == 1


def _weights(nlp: Language, pipe: str) -> list[Any]:
    model = nlp.get_pipe(pipe).model  # type: ignore[attr-defined]
    return [n.get_param(p) for n in model.walk() for p in n.param_names if n.has_param(p)]


def test_a_copy_of_the_pipeline_reads_the_first_ones_weights_and_answers_the_same(
    analyzer: Analyzer, nlp: Language
) -> None:
    """N pipelines hold the weights and lemma tables once; each keeps its own vocabulary."""
    copy = load_pipeline(analyzer.model_name)
    share_read_only_tables(nlp, copy)
    for pipe in ("tok2vec", "ner", "parser"):
        assert all(a is b for a, b in zip(_weights(nlp, pipe), _weights(copy, pipe), strict=True))
    assert copy.get_pipe("lemmatizer").lookups is nlp.get_pipe("lemmatizer").lookups  # type: ignore[attr-defined]
    assert copy.vocab is not nlp.vocab
    text = 'The council voted on Monday. "We will build it," Mayor Ann Roe said after the vote.'
    assert analyze_doc(copy(text)) == analyze_doc(nlp(text))


def test_a_pipeline_with_other_weights_keeps_its_own(analyzer: Analyzer, nlp: Language) -> None:
    other = load_pipeline(analyzer.model_name)
    _weights(other, "ner")[0][0] += 1.0  # another training run, say
    share_read_only_tables(nlp, other)
    assert not any(
        a is b for a, b in zip(_weights(nlp, "ner"), _weights(other, "ner"), strict=True)
    )
    assert all(
        a is b for a, b in zip(_weights(nlp, "tagger"), _weights(other, "tagger"), strict=True)
    )


def test_a_no_break_space_between_words_is_parsed_as_a_space(analyzer: Analyzer) -> None:
    """A page's no-break space ("the\\u00a0budget") is no token of its own: the reported clause
    after "says" is found whole, and its offsets point into the text as given."""
    text = "Senator Ann Roe says the\u00a0movement appeals to the “bad angels” of our nature."
    for analysis in (analyzer.analyze(text), next(analyzer.analyze_many([text]))):
        reported = [q for q in analysis.quotes if q.kind == "indirect"]
        assert [q.speaker for q in reported] == ["Ann Roe"]
        q = reported[0]
        assert text[q.start : q.end] == q.text
        assert q.text.startswith("the\u00a0movement appeals")


def test_ordinary_spaces_and_other_characters_are_left_as_they_are() -> None:
    """Only the spaces spaCy would not split on change, one character for one: line breaks,
    tabs and quotation marks stay."""
    text = "Ann Roe said:\n\t“Go.”\u00a0Then\u2009she left."
    spaced = spaced_for_parsing(text)
    assert len(spaced) == len(text)
    assert spaced == "Ann Roe said:\n\t“Go.” Then she left."

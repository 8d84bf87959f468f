"""Fixtures for the NLP tests: the real spaCy pipeline, shared with the session's analyzer."""

from __future__ import annotations

import pytest
from spacy.language import Language

from bot.nlp.analyze import Analyzer


@pytest.fixture(scope="session")
def nlp(analyzer: Analyzer) -> Language:
    """The configured spaCy pipeline, the same object the analyzer uses (loaded once)."""
    return analyzer.nlp

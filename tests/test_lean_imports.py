"""The bot's process imports its packages without the parts it never runs (bot/lean_imports.py),
and those parts still import when something asks for them afterwards."""

from __future__ import annotations

import subprocess
import sys

PROBE = """
import sys
import bot.app, bot.cli_run
left_out = ("typer", "click", "rich", "weasel", "trio", "httpx._main")
left_out += ("snowballstemmer.dutch_stemmer",)
print(sorted(name for name in left_out if name in sys.modules))
import spacy
try:
    spacy.info()
except RuntimeError as error:
    print("info:", "python -m spacy info" in str(error))
from bot.store.search import index_terms
print(index_terms("Voting rights"))
import httpx, snowballstemmer, spacy.cli.download, trio
print(trio.__name__, snowballstemmer.stemmer("german").stemWord("Häuser"))
"""


def test_the_bot_imports_without_the_parts_it_never_runs_and_they_still_import_later() -> None:
    out = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, check=True, timeout=120
    ).stdout.splitlines()
    assert out[0] == "[]"
    assert out[1] == "info: True"
    assert "vote" in out[2]
    assert out[3] == "trio Haus"

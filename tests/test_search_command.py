"""`/newsbot search` through the real Bolt app: a query with nothing to look for gets one
sentence saying why, never every quote, nothing or an error."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.nlp.analyze import Analyzer
from tests.slack_harness import Harness, running_app


@pytest.fixture
def harness(tmp_path: Path, analyzer: Analyzer) -> Iterator[Harness]:
    with running_app(tmp_path / "newsbot.db", analyzer) as h:
        yield h


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        ("search the", "is too common to search for"),
        ("search NOT bridge", "Say what to look for, not only what to leave out."),
        ("search -bridge", "Say what to look for, not only what to leave out."),
    ],
)
def test_search_without_anything_to_find_says_why(harness: Harness, text: str, answer: str) -> None:
    response = harness.post_command(text, response_url=harness.slack.response_url())
    assert response.status_code == 200
    assert answer in response.json()["text"]


def test_newsbot_search_on_the_command_line_says_why_and_exits_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from bot.cli import main

    monkeypatch.setenv("NEWSBOT_DATABASE_URL", f"sqlite:///{tmp_path / 'archive.db'}")
    assert main(["search", "the", "of"]) == 2
    assert "“the of” is too common to search for" in capsys.readouterr().err
    assert main(["search", "NOT bridge"]) == 2
    assert "not only what to leave out" in capsys.readouterr().err

"""The share job in the running app: a slow analysis holds up no other share, and one past its
deadline ends in a reason the sharer sees and stores nothing."""

from __future__ import annotations

import html
import random
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from spacy.language import Language
from spacy.tokens import Doc
from sqlalchemy import Row

from bot.nlp.analyze import Analyzer, load_pipeline
from bot.store.queries.tables import SHARES
from tests.fakeslack import in_thread
from tests.slack_harness import Harness, article_html, message_event, running_app

HELD = "HELD-FOR-THE-TEST"  # a page whose analysis the gate below holds until released


class _Gate:
    def __init__(self) -> None:
        self.entered = threading.Event()
        self.release = threading.Event()


_gate = _Gate()


@Language.component("newsbot_test_gate")
def _hold_marked_pages(doc: Doc) -> Doc:
    """Holds the analysis of a page carrying the marker until the test releases it, as a page
    that takes minutes to parse would hold its pipeline, and lets every other page through."""
    if HELD in doc.text:
        _gate.entered.set()
        _gate.release.wait(120)
    return doc


def gated_pipeline(name: str) -> Language:
    nlp = load_pipeline(name)
    nlp.add_pipe("newsbot_test_gate", last=True)
    return nlp


@pytest.fixture
def gate() -> Iterator[_Gate]:
    global _gate
    _gate = _Gate()
    yield _gate
    _gate.release.set()


def hostile_page(words: int, marker: str = "") -> str:
    """A page of quotation marks of every kind, unbalanced, among speech verbs."""
    rng = random.Random(3)
    vocabulary = ['"', "“", "”", "'", "‘", "’", "said", "told", "he", "Smith", "added", ",", ":"]
    text = " ".join(rng.choice(vocabulary) for _ in range(words))
    return (
        "<html><head><title>Breaking</title></head><body><article><h1>Breaking</h1>"
        f"<p>{marker} {html.escape(text)}</p></article></body></html>"
    )


def share_row(h: Harness, ts: str) -> Row[Any]:
    with h.services.sessions() as session:
        return session.execute(sa.select(SHARES).where(SHARES.c.message_ts == ts)).one()


def test_an_ordinary_share_is_answered_while_a_slow_analysis_holds_its_pipeline(
    tmp_path: Path, analyzer: Analyzer, gate: _Gate
) -> None:
    slow_ts, ordinary_ts = "1715677200.000100", "1715677200.000200"
    gated = Analyzer(analyzer.model_name, load=gated_pipeline, pipelines=2)
    with running_app(tmp_path / "newsbot.db", gated, workers=2) as h:
        hostile = h.site.html("/hostile", hostile_page(3_000, marker=HELD))
        h.post_event(message_event(f"<{hostile}>", slow_ts), event_id="EvSlow")
        assert gate.entered.wait(60), "the hostile page never reached its analysis"

        story = h.site.html("/story", article_html("Council votes on the bridge", 300))
        h.post_event(message_event(f"<{story}>", ordinary_ts), event_id="EvOrdinary")
        [reply] = h.slack.wait_for("chat.postMessage", where=in_thread(ordinary_ts), timeout=60)
        assert "Council votes on the bridge" in reply.params["text"]
        # The hostile page is still in its analysis, unanswered.
        assert not gate.release.is_set()
        assert h.slack.calls_of("chat.postMessage") == [reply]
        assert share_row(h, slow_ts).status == "pending"

        gate.release.set()
        h.slack.wait_for("chat.postMessage", where=in_thread(slow_ts), timeout=120)
        h.services.worker.join()
        assert share_row(h, slow_ts).status == "done"


def test_a_share_whose_analysis_passes_the_deadline_fails_with_the_reason_in_its_thread(
    tmp_path: Path, analyzer: Analyzer
) -> None:
    ts = "1715677200.000300"
    hurried = Analyzer(analyzer.model_name, timeout_s=0.01)  # shares the loaded pipelines
    with running_app(tmp_path / "newsbot.db", hurried) as h:
        url = h.site.html("/hostile", hostile_page(8_000))
        h.post_event(message_event(f"<{url}>", ts), event_id="EvHostile")
        [reply] = h.slack.wait_for("chat.postMessage", where=in_thread(ts), timeout=60)
        [reaction] = h.slack.wait_for("reactions.add")
        h.services.worker.join()
        share = share_row(h, ts)
    assert reaction.params["name"] == "warning"
    reason = "analysing it took longer than 0.01 seconds, so newsbot stopped and stored nothing"
    assert reply.params["text"] == f"I could not read this link: {reason}."
    assert (share.status, share.failure_reason, share.article_id) == ("failed", reason, None)

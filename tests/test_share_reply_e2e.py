"""The thread reply to a shared article, end to end through the fake Slack: linked title, site,
publication date, byline, lede, key actors, best quotes; and a link shared again, answered from
the archive without fetching, gets the very same reply."""

from __future__ import annotations

import html
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.nlp.analyze import Analyzer
from tests.fakeslack import thread_reply
from tests.slack_harness import Harness, article_html, message_event, running_app

TITLE = "Riverton bridge repairs approved"


@pytest.fixture
def harness(tmp_path: Path, analyzer: Analyzer) -> Iterator[Harness]:
    with running_app(tmp_path / "newsbot.db", analyzer) as h:
        yield h


def test_the_reply_shows_title_site_date_byline_lede_actors_and_quotes(harness: Harness) -> None:
    page = article_html(TITLE, 300).replace("Jo Writer", "Dana Whitfield")
    url = harness.site.html("/news/bridge", page)
    harness.post_event(message_event(f"<{url}>", "1715677200.000100"), event_id="EvL1")
    reply = thread_reply(harness.slack, "1715677200.000100")
    first, *rest = reply.params["blocks"]
    head = html.unescape(first["text"]["text"]).splitlines()
    assert head[0] == f"*<{url}|{TITLE}>*"
    assert head[1] == "Riverton Ledger  ·  14 May 2024  ·  by Dana Whitfield"
    # The lede: the article's first sentence.
    assert head[2].startswith("“This bridge has been unsafe for a decade") and len(head[2]) <= 300
    body = "\n".join(b["text"]["text"] for b in rest if b["type"] == "section")
    assert body.startswith("*Key actors*\n• ") and "• *Maria Alvarez* — Senator" in body
    assert "*Quotes*\n> “" in body and f"{url}#:~:text=" in body


def test_a_link_shared_again_gets_the_same_reply_from_the_archive(harness: Harness) -> None:
    url = harness.site.html("/news/bridge", article_html(TITLE, 300))
    harness.post_event(message_event(f"<{url}>", "1715677201.000100"), event_id="EvL2")
    first = thread_reply(harness.slack, "1715677201.000100")
    harness.post_event(
        message_event(f"again <{url}?utm_source=x>", "1715677202.000100"), event_id="EvL3"
    )
    again = thread_reply(harness.slack, "1715677202.000100")
    assert len(harness.site.requests_for("/news/bridge")) == 1  # answered from the archive
    assert again.params["blocks"] == first.params["blocks"]
    assert again.params["text"] == first.params["text"]

"""Text crossing the Slack boundary: what Slack escapes on the way in is read once, and what an
article says is shown as itself on the way out, never as formatting, a mention or a cut link.

Slack's documented rules (docs.slack.dev, "Formatting message text" and the text object
reference): `&`, `<` and `>` are the only characters with an escape, as `&amp;`, `&lt;`, `&gt;`,
and Slack sends them so in slash-command text; mrkdwn has no escape for `*`, `_`, `~` and
backticks; a block quote is a line that starts with `>`; `verbatim: true` turns off the
automatic parsing of URLs, channel names and mentions in a mrkdwn text object.
"""

from __future__ import annotations

from collections.abc import Iterator
from html import escape as html_escape
from pathlib import Path
from typing import Any

import pytest

from bot.nlp.analyze import Analyzer
from handlers.commands import parse
from tests.slack_harness import Harness, message_event, running_app


@pytest.fixture
def harness(tmp_path: Path, analyzer: Analyzer) -> Iterator[Harness]:
    with running_app(tmp_path / "newsbot.db", analyzer) as h:
        yield h


def page(title: str, *paragraphs: str) -> str:
    """A news page of our own words; `title` and `paragraphs` are plain text, escaped here."""
    body = "".join(f"<p>{html_escape(p, quote=False)}</p>" for p in paragraphs)
    t = html_escape(title)
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{t}</title><meta property='og:title' content='{t}'>"
        "<meta property='og:site_name' content='Riverton Ledger'>"
        "<meta property='article:published_time' content='2024-05-14T09:00:00Z'>"
        f"</head><body><article><h1>{t}</h1>{body}</article></body></html>"
    )


FILLER = (
    "The Riverton bridge carries about forty thousand vehicles a day across the Green River, "
    "and engineers rated its deck in poor condition in an inspection last spring.",
    "The state transportation department has proposed a repair programme that would close two "
    "lanes for eighteen months while crews replace the steel supports and resurface the road.",
    "Council members are expected to vote on the budget next week after a series of hearings "
    "in which residents described long delays and worries about the safety of the crossing.",
    "A spokesman for the department said the work could begin in the autumn if the money is "
    "approved, and that a temporary ferry service was being considered for cyclists.",
)


def share_and_wait(h: Harness, url: str, ts: str) -> dict[str, Any]:
    """Share `url` in a message and return the thread reply newsbot posted about it."""
    h.post_event(message_event(f"<{url}>", ts), event_id=f"Ev{ts}")
    [reply] = h.slack.wait_for(
        "chat.postMessage", where=lambda c: c.params.get("thread_ts") == ts, timeout=60
    )
    h.services.worker.join()
    return reply.params


# -- item 10: slash-command text arrives escaped by Slack ----------------------------------------


def test_slack_escaped_command_text_is_read_once() -> None:
    assert parse("search AT&amp;T").args == "AT&T"
    assert parse("search a &lt;b&gt; c").args == "a <b> c"
    # What the person typed as "&lt;" reaches us as "&amp;lt;": one unescape, not two.
    assert parse("search &amp;lt;").args == "&lt;"
    assert parse("article <https://a.example/x?a=1&amp;b=2>").args == "https://a.example/x?a=1&b=2"


def test_search_for_at_and_t_finds_the_quote_and_echoes_the_words_once_escaped(
    harness: Harness,
) -> None:
    url = harness.site.html(
        "/news/carrier",
        page(
            "Carrier to pay for bridge",
            "“AT&T will pay for the new cables on the bridge this year,” "
            "Senator Maria Alvarez said on Tuesday.",
            *FILLER,
        ),
    )
    share_and_wait(harness, url, "1715677500.000100")

    # Slack sends what the person typed, AT&T, as AT&amp;T.
    answer = harness.post_command("search AT&amp;T", response_url=harness.slack.response_url())
    body = answer.json()
    rendered = str(body["blocks"])
    assert "AT&amp;T will pay for the new cables" in rendered
    assert "&amp;amp;" not in rendered and "&amp;amp;" not in body["text"]
    assert body["blocks"][0]["text"]["text"].startswith("1 quotes containing “AT&amp;T”")

"""Rule 12 in every answer, end to end: a shared article whose quotes are direct, partial and
reported speech, then its thread reply, `/newsbot article`, `quotes`, `search`, the digest (all
through the real Bolt app and slack_sdk against the fake Slack) and the command line. Reported
speech is never inside quotation marks nor labelled "(reported)"; verbatim words always are
quoted; each quote links to its place in the article with a text fragment."""

from __future__ import annotations

import html
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from slack_sdk import WebClient

from bot.cli import main
from bot.digest_post import Poster, post_digest
from bot.nlp.analyze import Analyzer
from bot.store.queries.tables import QUOTES
from tests.fakeslack import VALID_BOT_TOKEN
from tests.slack_harness import CHANNEL, Harness, message_event, running_app

REPORTED = "the government would review the bridge contract before the end of the year"
DIRECT = "We will not accept another delay on this bridge"
PARTIAL = "a disaster for every family in Riverton"
PAGE = f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Whitfield orders bridge review</title><meta property="og:type" content="article">
<meta property="og:site_name" content="Riverton Ledger"></head><body><article>
<h1>Whitfield orders bridge review</h1>
<p>Riverton's transport minister, Jane Whitfield, said {REPORTED}.</p>
<p>&ldquo;{DIRECT},&rdquo; said Jane Whitfield on Tuesday.</p>
<p>Whitfield called the contractor's plan &ldquo;{PARTIAL}&rdquo; in an interview.</p>
<p>The Riverton bridge carries about forty thousand vehicles a day across the Green River, and
engineers rated its deck in poor condition in an inspection last spring. The state
transportation department has proposed a repair programme that would close two lanes for
eighteen months while crews replace the steel supports and resurface the roadway.</p>
</article></body></html>"""


@pytest.fixture
def harness(tmp_path: Path, analyzer: Analyzer) -> Iterator[Harness]:
    with running_app(tmp_path / "newsbot.db", analyzer) as h:
        yield h


def shown_text(payload: dict[str, Any]) -> str:
    """Everything a person reads of a message: its fallback and every text of its blocks, as
    Slack shows the escaped characters."""
    texts = [str(payload.get("text") or "")]
    for block in payload.get("blocks") or []:
        if "text" in block:
            texts.append(block["text"]["text"])
        texts.extend(e.get("text", "") for e in block.get("elements", []))
    return html.unescape("\n".join(texts))


def assert_rule_12(answer: str, name: str) -> None:
    """The reported clause whole after its speaker, never quoted; verbatim words quoted. (The
    digest shows a story's best quote, a named speaker's own words, so no reported speech.)"""
    assert "(reported)" not in answer, name
    assert f"“{REPORTED[:40]}" not in answer and f'"{REPORTED[:40]}' not in answer, name
    if name != "digest":
        assert f"Jane Whitfield* said that {REPORTED}" in answer, (name, answer)
    for verbatim in (DIRECT, PARTIAL):
        if verbatim[:20] in answer.replace("%20", " "):
            assert f"“{verbatim}”" in answer, (name, answer)


def test_reported_speech_is_never_in_quotation_marks_in_any_answer(
    harness: Harness, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    url = harness.site.html("/news/review", PAGE)
    ts = "1715677200.000100"
    harness.post_event(message_event(f"<{url}>", ts), event_id="EvR12")
    [reply] = harness.slack.wait_for(
        "chat.postMessage", where=lambda c: c.params.get("thread_ts") == ts, timeout=30
    )
    harness.services.worker.join()
    with harness.services.sessions() as session:
        rows = session.execute(sa.select(QUOTES.c.text, QUOTES.c.kind)).all()
    kinds = {text: kind for text, kind in rows}
    assert kinds.get(REPORTED) == "indirect" and kinds.get(DIRECT + ",") == "direct"

    answers = {"thread reply": shown_text(reply.params)}
    for command in ("quotes Jane Whitfield", "search bridge contract"):
        body = harness.post_command(command, response_url=harness.slack.response_url()).json()
        answers[command] = shown_text(body)
    harness.post_command(f"article {url}", response_url=harness.slack.response_url("a"))
    [article] = harness.slack.wait_for("response_url", timeout=30)
    answers["article"] = shown_text(article.params)

    client = WebClient(token=VALID_BOT_TOKEN, base_url=harness.slack.api_url)
    poster = Poster(harness.services.sessions, client, min_interval=0.0)
    end = harness.services.clock() + timedelta(minutes=1)
    post_digest(poster, channel=CHANNEL, period_end=end, timezone="UTC")
    digest = [c for c in harness.slack.calls_of("chat.postMessage") if c.params.get("metadata")]
    digest_text = "\n".join(
        shown_text(c.params) for c in digest if "newsbot_digest" in str(c.params["metadata"])
    )
    assert digest_text
    answers["digest"] = digest_text

    for name, answer in answers.items():
        assert_rule_12(answer, name)
    # Each quote links to its own words in the article.
    assert f"{url}#:~:text=We%20will%20not%20accept" in answers["thread reply"]

    # The command line shows the archive the same way.
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NEWSBOT_DATABASE_URL", f"sqlite:///{tmp_path / 'newsbot.db'}")
    capsys.readouterr()
    assert main(["quotes", "Jane Whitfield"]) == 0
    assert main(["search", "bridge", "contract"]) == 0
    printed = capsys.readouterr().out
    assert f"Jane Whitfield said that {REPORTED}" in printed
    assert f"“{REPORTED[:40]}" not in printed and "(reported)" not in printed
    assert f"“{DIRECT}” — Jane Whitfield" in printed

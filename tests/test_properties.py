"""Property-based tests over arbitrary input: whatever text a person types after /newsbot, and
whatever text with whatever quotation marks an article holds, newsbot answers and never raises.

/newsbot goes through the command dispatcher (the ack listener and its lazy half) with a real
archive, and a few examples through the real signed HTTP endpoint. Example counts are modest so
the file runs in well under 30 seconds; `EXAMPLES` records them for the reliability report.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from bot.blocks import MAX_BLOCKS
from bot.fetch import Fetcher
from bot.nlp.analyze import Analyzer
from bot.pipeline import analyze_source, is_url
from bot.services import Services
from bot.store import queries as q
from bot.store.db import make_engine, session_factory, upgrade
from bot.worker import WorkerPool
from handlers.commands import answer_slow_newsbot, on_newsbot
from handlers.invocation import parse
from tests.pageserver import PageServer
from tests.slack_harness import CHANNEL, Harness, article_html, running_app

EXAMPLES = {"dispatcher": 300, "slow_article": 40, "http_endpoint": 25, "quotes": 200}


def quick(kind: str) -> settings:
    """Settings for one property: its example count, no deadline, the same examples each run."""
    return settings(
        max_examples=EXAMPLES[kind],
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture],
        derandomize=True,
    )


SUB_COMMANDS = ("", "help", "quotes", "actor", "top", "search", "replies", "digest", "article",
                "QUOTES", "qoutes", "top today", "top month", "replies on", "replies off",
                "digest status", "digest off", "digest at", "quotes Maria Alvarez")  # fmt: skip
NAMES = ("Maria Alvarez", "Tom Becker", "Alvarez", "O'Brien-Smith", "Zoë Ünal", "李小龙", "X Æ A")


@pytest.fixture(scope="module")
def site() -> Iterator[PageServer]:
    with PageServer() as pages:
        yield pages


@pytest.fixture(scope="module")
def services(
    tmp_path_factory: pytest.TempPathFactory, analyzer: Analyzer, site: PageServer
) -> Iterator[Services]:
    """A real archive holding one analysed article, and a fetcher that can reach only `site`."""
    folder = tmp_path_factory.mktemp("props")
    engine = make_engine(f"sqlite:///{folder / 'archive.db'}")
    upgrade(engine)
    page = folder / "bridge.html"
    page.write_text(article_html("Senate weighs Riverton bridge repairs", 300))
    result = analyze_source(str(page), analyzer=analyzer, fetcher=None)
    assert result.article is not None and result.analysis is not None
    sessions = session_factory(engine)
    with sessions() as session:
        q.store_analysis(session=session, article=result.article, analysis=result.analysis)
    fetcher = Fetcher(allow_private=True, timeout_s=3.0)
    yield Services(sessions=sessions, analyzer=analyzer, fetcher=fetcher, worker=WorkerPool(1))
    fetcher.close()
    engine.dispose()


ODD_WORDS = ("7", "0", "-1", "99999999999999999999", "<@U1>", "<!channel>", "<#C1|news>",
             "<https://x.example|x>", "&amp;", "*_~`", "\n", "\t", "\u200b", "\x00", "%",
             "'; DROP TABLE shares; --")  # fmt: skip


def command_texts() -> st.SearchStrategy[str]:
    """Sub-commands (real, misspelt, upper-case) followed by anything, or anything at all."""
    anything = st.text(max_size=300)
    words = st.sampled_from([*SUB_COMMANDS, *NAMES, *ODD_WORDS])
    phrase = st.lists(words, max_size=6).map(" ".join)
    return st.one_of(
        anything,
        st.tuples(st.sampled_from(SUB_COMMANDS), anything).map(" ".join),
        st.tuples(phrase, anything, phrase).map(" ".join),
    )


class Ack:
    """Bolt's ack, recording what the listener answered."""

    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []

    def __call__(self, **kwargs: Any) -> None:
        self.calls.append(kwargs)


def command_body(text: str) -> dict[str, Any]:
    return {"text": text, "channel_id": CHANNEL, "user_id": "UFUZZ", "command": "/newsbot"}


def assert_is_an_answer(answer: dict[str, Any]) -> None:
    """A private Block Kit message Slack accepts: fallback text, at most 50 blocks, JSON-able."""
    assert answer["response_type"] == "ephemeral"
    assert isinstance(answer["text"], str) and answer["text"].strip()
    assert isinstance(answer["blocks"], list) and 0 < len(answer["blocks"]) <= MAX_BLOCKS
    json.dumps(answer)


def no_errors_logged(records: list[logging.LogRecord]) -> list[str]:
    return [r.getMessage() for r in records if r.levelno >= logging.ERROR]


@quick("dispatcher")
@given(text=command_texts())
def test_any_newsbot_text_gets_exactly_one_answer_and_no_error(
    text: str, services: Services, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.clear()
    ack = Ack()
    on_newsbot(ack, command_body(text), {"services": services})
    assert len(ack.calls) == 1
    assert_is_an_answer(ack.calls[0])
    assert no_errors_logged(caplog.records) == []


@quick("slow_article")
@given(
    arg=st.one_of(
        st.text(max_size=80),
        st.text(max_size=60).map(lambda t: "/" + t),  # made a path on the local page server
    )
)
def test_newsbot_article_with_any_argument_answers_through_response_url(
    arg: str, services: Services, site: PageServer, caplog: pytest.LogCaptureFixture
) -> None:
    """Arguments that read as a URL only ever point at the local server: no outside network."""
    text = f"article {site.base_url}{arg}" if arg.startswith("/") else f"article {arg}"
    args = parse(text).args
    assume(not is_url(args) or args.startswith(site.base_url))
    caplog.clear()
    ack, responses = Ack(), Ack()
    on_newsbot(ack, command_body(text), {"services": services})
    answer_slow_newsbot(command_body(text), {"services": services}, responses)
    assert len(ack.calls) == 1
    assert_is_an_answer(ack.calls[0])
    if is_url(args):
        [response] = responses.calls
        assert_is_an_answer(response)
    assert no_errors_logged(caplog.records) == []


@pytest.fixture(scope="module")
def harness(tmp_path_factory: pytest.TempPathFactory, analyzer: Analyzer) -> Iterator[Harness]:
    with running_app(tmp_path_factory.mktemp("props-http") / "newsbot.db", analyzer) as h:
        yield h


@quick("http_endpoint")
@given(text=command_texts())
def test_any_newsbot_text_through_the_signed_http_endpoint_is_answered(
    text: str, harness: Harness
) -> None:
    assume(not is_url(parse(text).args))  # a URL would be fetched: the dispatcher test does that
    response = harness.post_command(text, response_url=harness.slack.response_url())
    assert response.status_code == 200
    assert_is_an_answer(response.json())


# -- the quote extractor --------------------------------------------------------------------------

MARKS = ('"', "'", "“", "”", "‘", "’", "«", "»", "„", "‹", "›", "''", "``", "「", "」", "—")
PIECES = ("Maria Alvarez", "she", "he said", "said", "told reporters", "according to", "Mayor",
          "Tom Becker", "the council", "The plan is wrong", ".", ",", "\n", "\n\n", " ", "it's",
          "Mr.", "Dr. Khan", "we will", "O'Neil", "'90s", "5'11\"", "?", "!", ":", "(",
          ")")  # fmt: skip


PRONOUNS = {"he", "she", "they", "it", "we", "i", "you", "him", "her", "them", "us", "me"}


def quote_texts() -> st.SearchStrategy[str]:
    piece = st.one_of(st.sampled_from(MARKS), st.sampled_from(PIECES), st.text(max_size=12))
    return st.lists(piece, max_size=60).map(lambda parts: " ".join(parts))


@quick("quotes")
@given(text=quote_texts())
def test_quote_extraction_of_any_text_returns_quotes_at_their_offsets(
    text: str, analyzer: Analyzer
) -> None:
    """Offsets index the analysed text; a speaker (an actor, or a description as written) is
    never empty and never a bare pronoun."""
    analysis = analyzer.analyze(text)
    for quote in analysis.quotes:
        assert 0 <= quote.start <= quote.end <= len(text)
        assert text[quote.start : quote.end] == quote.text
        if quote.speaker is not None:
            assert quote.speaker.strip()
            assert quote.speaker.lower() not in PRONOUNS
